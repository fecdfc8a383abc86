"""What the dashboard shows of a player, straight from the room's store: week, hours, last action,
and the idle / stuck / offline flags; the room's numbers per scenario; a store reopened after a
restart shows the same."""

from __future__ import annotations

import json
import time
import uuid

from room.protocol import EntryRow, PlayRow
from room.state import IDLE_S, OFFLINE_S, STUCK_REFUSALS, snapshot
from room.store import RoomStore


def play(name: str, scenario: str = "siloed", finished: int = 0, finals: dict | None = None) -> PlayRow:
    return PlayRow(
        play_id=uuid.uuid4().hex,
        workshop="STATE-1",
        player=name,
        persona="samira",
        scenario=scenario,
        scenario_hash="x",
        seed=1,
        households=6,
        weeks=3,
        lang="nl",
        overrides="{}",
        started="2026-12-02T10:00:00+00:00",
        updated="2026-12-02T10:00:00+00:00",
        ended=None,
        finished=finished,
        final_numbers=json.dumps(finals) if finals else None,
    )


def action(seq: int, ok: bool, hours: float = 1.0, week: int = 1, cmd: str = "visit") -> EntryRow:
    return EntryRow(
        seq=seq,
        week=week,
        kind="action",
        recorded="2026-12-02T10:00:00+00:00",
        data=json.dumps({"cmd": cmd, "ok": ok, "hours": hours if ok else 0.0}),
    )


def test_players_flags_and_room_numbers(tmp_path):
    store = RoomStore(tmp_path / "room.db", "STATE-1")
    for name in ("Anna", "Bert", "Cara"):
        store.join(store.join_code, name, None)
    anna, bert = play("Anna"), play("Bert")
    # Anna: two good actions and a letter, arriving out of order and twice
    store.sync("Anna", anna, [action(1, True, 2.5, week=2, cmd="apply"), action(0, True, 1.0)])
    store.sync(
        "Anna",
        anna,
        [action(0, True, 1.0), EntryRow(seq=2, week=2, kind="letter", data="{}", recorded="2026-12-02T10:00:00+00:00")],
    )
    # Bert: refused again and again
    store.sync("Bert", bert, [action(i, False) for i in range(STUCK_REFUSALS)])
    now = time.time()
    players = {p["name"]: p for p in snapshot(store, now)["players"]}
    a, b, c = players["Anna"], players["Bert"], players["Cara"]
    assert (a["week"], a["hours"], a["last"]["cmd"], a["last"]["ok"]) == (2, 3.5, "apply", True)
    assert not (a["idle"] or a["stuck"] or a["offline"])
    assert b["stuck"] and not b["idle"]
    assert "play_id" not in c and c["plays"] == 0
    later = {p["name"]: p for p in snapshot(store, now + max(IDLE_S, OFFLINE_S) + 1)["players"]}
    assert later["Anna"]["idle"] and later["Anna"]["offline"] and later["Cara"]["offline"]
    # finished plays give the room's numbers, per scenario in the order first played
    store.sync("Cara", play("Cara", "integral", 1, {"paperwork_hours": 2.0, "final_debt": 100.0}), [])
    store.sync("Bert", play("Bert", "siloed", 1, {"paperwork_hours": 6.0, "final_debt": 300.0}), [])
    room = {r["scenario"]: r for r in snapshot(store)["room"]}
    assert [r["scenario"] for r in snapshot(store)["room"]] == ["siloed", "integral"]
    assert room["siloed"]["plays"] == 3 and room["siloed"]["finished"] == 1
    assert room["siloed"]["means"]["paperwork_hours"] == 6.0 and room["integral"]["means"]["final_debt"] == 100.0
    assert room["integral"]["means"]["visits"] is None
    before = snapshot(store, now)
    store.close()
    again = RoomStore(tmp_path / "room.db", "STATE-1")  # a restart: the same room, code and players
    assert (again.join_code, again.token) == (store.join_code, store.token)
    after = snapshot(again, now)
    assert after["players"] == before["players"] and after["room"] == before["room"]
