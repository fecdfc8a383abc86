"""Ten scripted players in one room at once: they join the real server process, play, lose the
server (it is restarted mid-session), close and reopen their game, and catch up.  Afterwards the
server's store is a ``loket merge`` of their local databases, row for row."""

from __future__ import annotations

import random
import sqlite3
import threading
import time

from room.process import room_server
from room.scripted import connect, new_play, play_week
from room.store import rows_of
from workshop.merge import merge

PLAYERS = 10
WEEKS = 3
HOUSEHOLDS = 6


def store_rows(path, code: str) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "workshops": [r[:2] for r in rows_of(conn, "workshops", "WHERE code=?", (code,))],  # the time differs
            "plays": rows_of(conn, "plays"),
            "entries": rows_of(conn, "entries"),
            "populations": rows_of(conn, "populations"),
        }
    finally:
        conn.close()


def wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_ten_players_through_a_server_restart_equal_a_merge_of_their_databases(tmp_path, monkeypatch):
    from simulation.loader import load_scenario

    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    personas = list(load_scenario("siloed").personas)
    server = room_server(tmp_path)
    code = server.code
    week_one, week_two = threading.Barrier(PLAYERS + 1), threading.Barrier(PLAYERS + 1)
    back_up = threading.Event()
    errors: list[BaseException] = []
    dbs = [tmp_path / f"laptop-{i}.db" for i in range(PLAYERS)]
    senders: list = [None] * PLAYERS

    def player(i: int) -> None:
        try:
            name, db, rng = f"speler {i}", dbs[i], random.Random(i)
            sender = connect(server.url, server.join_code, name, db)
            session = new_play(
                ("siloed", "integral")[i % 2],
                personas[i % len(personas)],
                code,
                name,
                db,
                sender,
                weeks=WEEKS,
                households=HOUSEHOLDS,
                seed=i,
            )
            play_week(session, rng)
            week_one.wait(30)  # the server goes down now
            play_week(session, rng)  # recorded on the laptop only
            if i % 2:
                sender.stop(flush_s=0)  # the game is closed while the room is away
            week_two.wait(30)
            if i % 2:
                assert back_up.wait(30)
                sender = connect(server.url, server.join_code, name, db)  # reopened: joins with its kept key
            play_week(session, rng)
            assert session.finished
            if i < 3:  # a second play in the other scenario
                other = new_play(
                    ("integral", "siloed")[i % 2],
                    personas[i % len(personas)],
                    code,
                    name,
                    db,
                    sender,
                    weeks=1,
                    households=HOUSEHOLDS,
                    seed=100 + i,
                )
                play_week(other, rng)
            senders[i] = sender
        except BaseException as exc:
            errors.append(exc)
            week_one.abort()
            week_two.abort()

    threads = [threading.Thread(target=player, args=(i,)) for i in range(PLAYERS)]
    try:
        for t in threads:
            t.start()
        try:
            week_one.wait(60)
            server.stop()
            week_two.wait(60)
        except threading.BrokenBarrierError:
            raise AssertionError(f"a player failed: {errors!r}") from None
        server.start()
        back_up.set()
        for t in threads:
            t.join(60)
        assert not errors, errors
        assert wait_until(lambda: all(s.idle() for s in senders), 20), "every laptop caught up"
        with server.facilitator() as fac:
            state = fac.get("/api/state").json()
        assert sorted(p["name"] for p in state["players"]) == sorted(f"speler {i}" for i in range(PLAYERS))
        assert all(p["finished"] for p in state["players"])
        assert sum(p["plays"] for p in state["players"]) == PLAYERS + 3
    finally:
        for s in senders:
            if s is not None:
                s.stop(flush_s=0)
        server.stop()

    merged = tmp_path / "merged.db"
    merge(dbs, merged)
    served = store_rows(server.db, code)
    assert served == store_rows(merged, code)
    assert len(served["plays"]) == PLAYERS + 3 and len(served["populations"]) == PLAYERS + 3
    assert all(row[14] == 1 for row in served["plays"])  # finished, with final numbers
    # every entry of every laptop arrived, once
    local = sum(sqlite3.connect(db).execute("SELECT count(*) FROM entries").fetchone()[0] for db in dbs)
    assert len(served["entries"]) == local
