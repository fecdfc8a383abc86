"""The room's storage quota against the real server process, started with small limits: a player
over their limit gets a 507 and nothing of that batch is stored, what they sent before stays, the
limit holds after a restart, other players still sync, the room's own limit stops everybody, and a
laptop's sender survives a full room: the game records on locally, the sender does not retry in a
tight loop and says so once, in Dutch and English."""

from __future__ import annotations

import json
import random
import sqlite3
import time

import httpx
import pytest
from test_room_players import wait_until
from test_room_server import everything, joined, play_row

from room.process import room_server
from room.scripted import connect, new_play, play_week
from room.store import USAGE

PLAYER_ENTRIES = 30
PLAYER_MB = 0.05  # 50 KB
ROOM_ENTRIES = 200
OPTIONS = (
    "--max-player-entries",
    str(PLAYER_ENTRIES),
    "--max-player-mb",
    str(PLAYER_MB),
    "--max-room-entries",
    str(ROOM_ENTRIES),
    "--max-room-mb",
    "5",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = room_server(tmp_path_factory.mktemp("quota"), options=OPTIONS)
    yield srv
    srv.stop()


def entry(seq: int, size: int = 0) -> dict:
    data = {"cmd": "visit", "ok": True, "hours": 1.0, "note": "x" * size}
    return {"seq": seq, "week": 1, "kind": "action", "recorded": "2026-12-02T10:00:01+00:00", "data": json.dumps(data)}


def sync(client: httpx.Client, play: dict, seqs, size: int = 0) -> httpx.Response:
    body = {"play": play, "entries": [entry(s, size) for s in seqs]}
    return client.post(f"/api/plays/{play['play_id']}/sync", json=body)


def stored(server, player: str) -> list[int]:
    conn = sqlite3.connect(server.db)
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT seq FROM entries JOIN room_plays USING (play_id) WHERE player=? ORDER BY seq", (player,)
            )
        ]
    finally:
        conn.close()


def test_a_player_over_the_limit_gets_507_and_nothing_of_the_batch_is_stored(server):
    anna = joined(server, "Anna")
    play = play_row(server.code, "Anna")
    assert sync(anna, play, range(20)).status_code == 200
    before = everything(server)
    r = sync(anna, play, range(20, 35))  # 35 > 30: the whole batch is refused
    assert r.status_code == 507
    assert r.json() == {
        "detail": "storage quota reached: a player stores at most 30 entries; nothing of this was stored"
    }
    assert everything(server) == before, "nothing of the refused batch, nothing else changed"
    assert sync(anna, play, range(20)).json()["added"] == 0, "sending again what is stored is free"
    assert sync(anna, play, range(20, 30)).json()["added"] == 10, "up to the limit exactly"
    assert sync(anna, play, [30]).status_code == 507
    other = play_row(server.code, "Anna")  # a new play of hers does not get round it
    assert sync(anna, other, [0]).status_code == 507
    assert stored(server, "Anna") == list(range(30))
    assert anna.get("/api/plays").status_code == 200, "she is still in the room"
    server.stop()  # the server counts what it has again when it starts
    server.start()
    assert sync(anna, play, [30]).status_code == 507
    assert sync(anna, play, [29]).json()["added"] == 0
    assert stored(server, "Anna") == list(range(30))

    # bytes: 50 KB a player, however few the entries
    bert = joined(server, "Bert")
    big = play_row(server.code, "Bert")
    assert sync(bert, big, [0, 1], size=15_000).status_code == 200
    before = everything(server)
    r = sync(bert, big, [2, 3], size=15_000)
    assert r.status_code == 507 and "at most 0.05 MB" in r.json()["detail"]
    assert everything(server) == before
    # a finished play's simulated households count too
    done = dict(big, finished=1, ended="2026-12-02T10:05:00+00:00", updated="2026-12-02T10:05:00+00:00")
    assert sync(bert, done, []).status_code == 200
    before = everything(server)
    r = bert.put(f"/api/plays/{big['play_id']}/population", json={"outcomes": json.dumps([{"x": "y" * 4000}] * 6)})
    assert r.status_code == 507
    assert everything(server) == before
    assert bert.put(f"/api/plays/{big['play_id']}/population", json={"outcomes": "[]"}).status_code == 200


@pytest.fixture
def laptop_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    return tmp_path


def test_a_laptop_over_the_limit_plays_on_while_others_still_sync(server, laptop_home, capfd):
    tmp = laptop_home
    dana_db, cara_db = tmp / "dana.db", tmp / "cara.db"
    dana = connect(server.url, server.join_code, "Dana", dana_db)
    requests: list[str] = []
    dana._client.event_hooks["request"].append(lambda req: requests.append(f"{req.method} {req.url.path}"))
    session = new_play("siloed", "samira", server.code, "Dana", dana_db, dana, weeks=6, households=6, seed=3)
    rng = random.Random(3)
    try:
        while not session.finished:  # 6 weeks of 4 actions: about 50 entries, over her 30
            play_week(session, rng, actions=4)
        local = sqlite3.connect(dana_db).execute("SELECT count(*) FROM entries").fetchone()[0]
        assert local > PLAYER_ENTRIES, local
        assert wait_until(lambda: dana.notice, 10), "the sender says the room is full"
        assert dana._thread.is_alive() and dana.connected
        assert "Let op: de zaal is vol" in dana.notice and "Note: the room is full" in dana.notice
        on_server = stored(server, "Dana")
        assert 0 < len(on_server) <= PLAYER_ENTRIES and on_server == list(range(len(on_server)))
        # no retrying in a tight loop: the held play is not offered again for a minute
        time.sleep(0.3)
        seen = len(requests)
        time.sleep(2.5)
        assert [r for r in requests[seen:] if "/sync" in r or "/population" in r] == []
        assert len(requests) - seen <= 2, requests[seen:]  # at most the settings poll (every 2 s)

        # another player in the room still syncs a whole play
        cara = connect(server.url, server.join_code, "Cara", cara_db)
        other = new_play("integral", "samira", server.code, "Cara", cara_db, cara, weeks=2, households=6, seed=4)
        play_week(other, rng)
        play_week(other, rng)
        assert other.finished
        assert wait_until(cara.idle, 10) and not cara.notice
        cara_local = sqlite3.connect(cara_db).execute("SELECT count(*) FROM entries").fetchone()[0]
        assert len(stored(server, "Cara")) == cara_local
        cara.stop(flush_s=1)

        # Dana's game goes on: a second play is recorded locally in full
        again = new_play("integral", "samira", server.code, "Dana", dana_db, dana, weeks=1, households=6, seed=5)
        play_week(again, rng)
        assert again.finished
        assert sqlite3.connect(dana_db).execute("SELECT count(*) FROM entries").fetchone()[0] > local
        assert len(stored(server, "Dana")) == len(on_server), "the server took nothing more of hers"
        title_says_the_room_is_full(dana, tmp)
    finally:
        start = time.monotonic()
        dana.stop(flush_s=1)
        assert time.monotonic() - start < 3, "stopping does not wait for a full room"
    err = capfd.readouterr().err
    assert err.count("Let op: de zaal is vol") == 1, err


def test_the_room_limit_stops_everybody(server):
    conn = sqlite3.connect(server.db)
    try:
        used = sum(r[1] for r in conn.execute(USAGE))
    finally:
        conn.close()
    assert used < ROOM_ENTRIES - 20
    clients = [joined(server, f"Room {i}") for i in range(8)]
    statuses = []
    for i, client in enumerate(clients):
        play = play_row(server.code, f"Room {i}")
        before = everything(server)
        r = sync(client, play, range(PLAYER_ENTRIES))
        statuses.append(r.status_code)
        if r.status_code != 200:
            assert r.status_code == 507 and "the room stores at most 200 entries" in r.json()["detail"]
            assert everything(server) == before
    assert statuses[0] == 200 and statuses[-1] == 507
    conn = sqlite3.connect(server.db)
    try:
        assert sum(r[1] for r in conn.execute(USAGE)) <= ROOM_ENTRIES
    finally:
        conn.close()


def title_says_the_room_is_full(sender, tmp) -> None:
    """The game's title screen shows the sender's notice, in the game's language."""
    import pygame

    from game.app import App
    from game.title import TitleScreen
    from game.tools import driver as d

    for lang, words in (("nl", "De zaal is vol"), ("en", "The room is full")):
        app = App(lang=lang, households=6)
        try:
            app.room_sender = sender
            app.options.update(workshop=sender.workshop, player=sender.player)
            app.push(TitleScreen(app))
            d.frames(app, 2)
            shown = [getattr(w, "html_text", "") or getattr(w, "text", "") for w in app.top.widgets]
            assert any(words in str(x) for x in shown), shown
            pygame.image.save(app.window, str(tmp / f"title-full-{lang}.png"))
        finally:
            app.room_sender = None  # the test stops the sender itself
            pygame.quit()
