"""Room-wide settings: `loket workshop start` fixes the household(s), weeks, seed and neighbourhood size,
`loket play --workshop` uses them, and a merge carries them to the collecting laptop."""

from __future__ import annotations

import pytest
import typer

from workshop.store import Store


def test_settings_are_stored_and_households_handed_out_in_turn(tmp_path):
    db = tmp_path / "w.db"
    with Store(db) as s:
        s.create_workshop("ROOM-1")
        assert s.settings("ROOM-1") == {} and s.persona_for("ROOM-1", "anna") is None
        s.set_settings("ROOM-1", {"personas": ["samira", "marco"], "weeks": 4, "seed": 0, "households": 50})
        assert s.settings("ROOM-1") == {"personas": ["samira", "marco"], "weeks": 4, "seed": 0, "households": 50}
        assert s.persona_for("ROOM-1", "anna") == "samira"  # the first to join
        meta = {"session_id": "p1", "persona": "samira", "scenario": "siloed", "seed": 0}
        s.begin_play(meta, "ROOM-1", "anna")
        assert s.persona_for("ROOM-1", "anna") == "samira"  # a returning player keeps hers
        assert s.persona_for("ROOM-1", "bram") == "marco"  # the next one gets the next household


def test_play_uses_the_rooms_settings_and_refuses_another_world(tmp_path, monkeypatch):
    from loket.commands_game import room_settings

    db = tmp_path / "w.db"
    monkeypatch.setenv("LOKET_DB", str(db))
    with Store(db) as s:
        s.create_workshop("ROOM-2")
        s.set_settings("ROOM-2", {"personas": ["samira"], "weeks": 4, "seed": 3})
    given = {"persona": None, "weeks": None, "seed": None, "households": 80}
    assert room_settings("ROOM-2", "anna", given) == {"persona": "samira", "weeks": 4, "seed": 3, "households": 80}
    with pytest.raises(typer.Exit):
        room_settings("ROOM-2", "anna", {**given, "weeks": 6})


def test_merge_carries_the_settings(tmp_path):
    from workshop.merge import merge

    src = tmp_path / "laptop.db"
    with Store(src) as s:
        s.create_workshop("ROOM-3")
        s.set_settings("ROOM-3", {"weeks": 5})
    merge([src], tmp_path / "room.db")
    with Store(tmp_path / "room.db") as s:
        assert s.settings("ROOM-3") == {"weeks": 5}
