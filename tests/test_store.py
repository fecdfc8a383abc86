"""The workshop database: recording plays, surviving a killed game, merging, CSV export."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from player import PlayerSession
from workshop.merge import merge
from workshop.store import SCHEMA_VERSION, Store, StoreError, attach

ROOT = Path(__file__).resolve().parent.parent


def play(
    db: Path, code: str, player: str, scenario: str = "siloed", weeks: int = 3, finish: bool = True, seed: int = 1
) -> PlayerSession:
    s = PlayerSession.new(scenario, "samira", seed=seed, households=30, weeks=weeks)
    attach(s, code, player, db_path=db)
    s.visit("gemeente_balie", "income")
    for _ in range(weeks if finish else 1):
        s.end_week()
    return s


def test_a_play_is_recorded_entry_by_entry_with_its_final_numbers(tmp_path):
    db = tmp_path / "w.db"
    s = play(db, "ROOM-1", "anna")
    with Store(db) as st:
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert st.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        plays = st.plays("ROOM-1")
        entries = st.entries("ROOM-1")
        pop = st.populations("ROOM-1")
    assert len(plays) == 1
    p = plays.iloc[0]
    assert (p.play_id, p.player, p.persona, p.scenario, p.seed, p.lang) == (
        s.meta["session_id"],
        "anna",
        "samira",
        "siloed",
        1,
        "nl",
    )
    assert p.scenario_hash == s.meta["scenario_hash"] and p.finished == 1 and p.ended
    # Every journal entry, in order, with its data.
    assert len(entries) == len(s.journal)
    assert list(entries.kind) == [e["kind"] for e in s.journal]
    assert [json.loads(d) for d in entries.data] == json.loads(json.dumps([e["data"] for e in s.journal]))
    assert entries.kind.iloc[-1] == "end"
    assert p["final.paperwork_hours"] == pytest.approx(s.final_numbers()["paperwork_hours"])
    assert len(pop) == len(s.population_outcomes())


def test_resuming_a_saved_play_does_not_store_entries_twice(tmp_path):
    db, save = tmp_path / "w.db", tmp_path / "save.json"
    s = PlayerSession.new("siloed", "samira", seed=2, households=30, weeks=3, autosave=save)
    attach(s, "ROOM-1", "bo", db_path=db)
    s.end_week()
    n = len(s.journal)
    again = PlayerSession.load(save)
    attach(again, "ROOM-1", "bo", db_path=db)
    again.end_week()
    with Store(db) as st:
        entries = st.entries()
        assert len(st.plays()) == 1
    assert list(entries.seq) == list(range(len(again.journal))) and len(again.journal) > n


KILLED = textwrap.dedent("""
    import os, signal, sys
    import workshop
    from player import PlayerSession
    from workshop.store import attach
    s = PlayerSession.new("siloed", "samira", seed=1, households=30, weeks=6)
    attach(s, "ROOM-1", "killed", db_path=sys.argv[1])
    s.end_week()
    s.visit("gemeente_balie", "income")
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_game_leaves_a_readable_db_with_the_play_unfinished(tmp_path):
    db = tmp_path / "w.db"
    done = subprocess.run([sys.executable, "-c", KILLED, str(db)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Store(db) as st:
        plays = st.plays()
        entries = st.entries()
    assert list(plays.player) == ["killed"] and plays.finished.iloc[0] == 0 and pd.isna(plays.ended.iloc[0])
    assert {"action"} <= set(entries.kind) and "end" not in set(entries.kind)
    assert entries.data.str.contains("visit").any()


def test_merge_collects_laptops_without_duplicates_and_twice_changes_nothing(tmp_path):
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    play(a, "ROOM-1", "anna")
    play(a, "ROOM-1", "anna", scenario="integral")
    play(b, "ROOM-1", "bo")
    first = merge([a, b], c)
    assert first["plays"] == 3 and first["entries"] > 0

    def snapshot() -> dict[str, list]:
        with sqlite3.connect(c) as conn:
            return {
                t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall())
                for t in ("workshops", "plays", "entries", "populations")
            }

    before = snapshot()
    second = merge([a, b, a], c)
    assert second == {"workshops": 0, "plays": 0, "entries": 0, "populations": 0}
    assert snapshot() == before
    with Store(c) as st:
        assert sorted(st.plays().player) == ["anna", "anna", "bo"]
        n_entries = len(st.entries())
    with Store(a) as sa, Store(b) as sb:
        assert n_entries == len(sa.entries()) + len(sb.entries())


def test_merge_brings_a_play_that_went_on_up_to_date(tmp_path):
    a, c = tmp_path / "a.db", tmp_path / "c.db"
    save = tmp_path / "s.json"
    s = PlayerSession.new("siloed", "samira", seed=1, households=30, weeks=2, autosave=save)
    attach(s, "ROOM-1", "anna", db_path=a)
    s.end_week()
    merge([a], c)
    s.end_week()  # the play goes on and ends after the first merge
    merge([a], c)
    with Store(c) as st:
        plays = st.plays()
        assert plays.finished.iloc[0] == 1 and len(st.entries()) == len(s.journal)


def test_csv_export_of_plays_entries_and_final_numbers(tmp_path):
    db = tmp_path / "w.db"
    s = play(db, "ROOM-1", "anna")
    play(db, "OTHER", "zed")
    with Store(db) as st:
        files = st.export_csv(tmp_path / "csv", "ROOM-1")
    plays, entries, finals = (pd.read_csv(p) for p in files)
    assert list(plays.player) == ["anna"]
    assert len(entries) == len(s.journal)
    fin = finals.set_index("outcome").value
    assert float(fin["crises"]) == s.final_numbers()["crises"]
    assert float(fin["fields_supplied"]) == s.final_numbers()["fields_supplied"]


def test_bad_codes_and_foreign_files_are_clear_errors(tmp_path):
    with Store(tmp_path / "w.db") as st:
        with pytest.raises(StoreError, match="workshop code"):
            st.create_workshop("no spaces!")
        assert st.create_workshop("ROOM-1") is True
        assert st.create_workshop("ROOM-1") is False
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, just text " * 100)
    with pytest.raises(StoreError, match="not a workshop database"):
        Store(junk)
    with pytest.raises(StoreError, match="no such file"):
        merge([tmp_path / "missing.db"], tmp_path / "c.db")


def test_a_game_started_with_a_workshop_code_is_recorded(tmp_path, monkeypatch):
    """The game's own start path (game/play.py new_session) records into userfiles.paths.workshop_db()."""
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LOKET_DB", str(tmp_path / "room.db"))
    from types import SimpleNamespace

    from game.play import new_session

    app = SimpleNamespace(
        lang="en", options={"workshop": "ROOM-9", "player": "dee", "households": 30, "weeks": 2, "seed": 4}
    )
    s = new_session(app, "integral", "samira")
    s.end_week()
    with Store(tmp_path / "room.db") as st:
        plays = st.plays("ROOM-9")
        assert list(plays.player) == ["dee"] and plays.lang.iloc[0] == "en" and plays.scenario.iloc[0] == "integral"
        assert len(st.entries("ROOM-9")) == len(s.journal)


def test_an_entry_that_cannot_be_written_is_written_with_the_next_one(tmp_path, monkeypatch, capsys):
    db = tmp_path / "w.db"
    s = PlayerSession.new("siloed", "samira", seed=1, households=30, weeks=3)
    rec = attach(s, "ROOM-1", "anna", db_path=db)
    real = rec.store.add_entry

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(rec.store, "add_entry", locked)
    s.end_week()  # cannot be recorded now: the game goes on
    assert "cannot be written" in capsys.readouterr().err
    monkeypatch.setattr(rec.store, "add_entry", real)
    s.end_week()
    s.end_week()
    with Store(db) as st:
        entries = st.entries()
        assert list(entries.seq) == list(range(len(s.journal)))
        assert st.plays().finished.iloc[0] == 1


class FakeSession:
    """The contract a recorder needs: meta, subscribe; journal entries {week, kind, data}."""

    def __init__(self):
        self.meta = {
            "session_id": "fake-1",
            "persona": "samira",
            "scenario": "siloed",
            "scenario_hash": "h",
            "seed": 1,
            "households": 10,
            "weeks": 1,
            "lang": "nl",
            "overrides": {},
            "started": "t",
        }
        self.subscribers = []

    def subscribe(self, fn):
        self.subscribers.append(fn)

    def emit(self, kind, data):
        for fn in self.subscribers:
            fn({"week": 1, "kind": kind, "data": data})

    def final_numbers(self):
        return {"crises": 0.0}


def test_a_session_without_a_journal_list_is_recorded_in_order(tmp_path):
    fake = FakeSession()
    attach(fake, "ROOM-1", "x", db_path=tmp_path / "w.db")
    fake.emit("action", {"cmd": "visit"})
    fake.emit("field", {"field": "bsn", "counter": "uwv", "prefilled": False, "asked_before": True})
    fake.emit("end", {"crises": 1.0})
    with Store(tmp_path / "w.db") as st:
        assert list(st.entries().kind) == ["action", "field", "end"]
        assert st.plays()["final.crises"].iloc[0] == 1.0
