"""Issue #12, property-based: mutated workshop databases and save files never crash.

A workshop database is merged and read for the debrief: either it works or one line
(StoreError, DeckError) says why, and a refused merge creates nothing.  A save file
either resumes or is set aside with a message.  Fixed seed (``derandomize``) for CI.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stub_app import StubApp

from workshop.deck import DeckError, field_counts, population, room_outcomes, summary
from workshop.merge import merge
from workshop.store import Store, StoreError

EXAMPLES = int(os.environ.get("LOKET_HYPOTHESIS_EXAMPLES", "20"))  # ~0.5 s each
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
VALUES = [
    None,
    "",
    "x",
    "{",
    "[]",
    "{}",
    '{"paperwork_hours": "a"}',
    '[{"type": 1}]',
    "$\\x$",
    "=1+1",
    1e308,
    -1,
    0,
    10**12,
    2**63 - 1,
    float("inf"),
    b"\x00\xff",
    "ROOM-1",
    "siloed",
    "../../etc/passwd",
    "1",
]
TABLES = ("workshops", "plays", "entries", "populations", "meta")


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    from tests.test_hardening_workshop import room_db

    return room_db(tmp_path_factory.mktemp("proproom"))


def one_line(exc: BaseException) -> None:
    assert str(exc) and "\n" not in str(exc), str(exc)


def damage(db: Path, change: tuple) -> None:
    kind, a, b, value = change
    if kind == "bytes":
        blob = bytearray(db.read_bytes())
        blob[a % len(blob)] ^= (b % 255) + 1
        db.write_bytes(bytes(blob))
        return
    conn = sqlite3.connect(db)
    try:
        table = TABLES[a % len(TABLES)]
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        if kind == "cell" and cols:
            rows = [r[0] for r in conn.execute(f"SELECT rowid FROM {table}")]
            if rows:
                conn.execute(f"UPDATE {table} SET {cols[b % len(cols)]}=? WHERE rowid=?", (value, rows[b % len(rows)]))
        elif kind == "drop":
            conn.execute(f"DROP TABLE {table}")
        elif kind == "column":
            conn.execute(f"ALTER TABLE {table} ADD COLUMN extra{b % 3} TEXT")
        elif kind == "delete":
            conn.execute(f"DELETE FROM {table} WHERE rowid % 2 = ?", (b % 2,))
        conn.commit()
    except sqlite3.Error:
        pass  # a change SQLite refuses (a NOT NULL column, a damaged file): the copy stays as it is
    finally:
        conn.close()


change = st.tuples(
    st.sampled_from(["cell", "cell", "cell", "bytes", "drop", "column", "delete"]),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(VALUES),
)


@SETTINGS
@given(changes=st.lists(change, min_size=1, max_size=3))
def test_mutated_workshop_database_merges_and_debriefs_or_gives_one_line(room, changes):
    with tempfile.TemporaryDirectory() as tmp:
        src, into = Path(tmp) / "laptop.db", Path(tmp) / "out" / "room.db"
        into.parent.mkdir()
        shutil.copyfile(room, src)
        for c in changes:
            damage(src, c)
        before = src.read_bytes()
        try:
            merge([src], into)
        except StoreError as exc:
            one_line(exc)
            assert not into.exists()
            return
        finally:
            assert src.read_bytes() == before
        try:
            with Store(into) as store:
                plays = store.plays("ROOM-1")
                if (plays.finished == 1).any():
                    room_table = room_outcomes(plays)
                    pop, _ = population(store, "ROOM-1", room_table, 0)
                    summary(room_table, pop)
                    field_counts(store.entries("ROOM-1"), plays[plays.finished == 1])
                store.export_csv(Path(tmp) / "csv", "ROOM-1")
                assert all("\n" not in p for p in store.problems)
        except (StoreError, DeckError) as exc:
            one_line(exc)


# --------------------------------------------------------------------------- saves


@pytest.fixture(scope="module")
def save_text(tmp_path_factory) -> str:
    from player import PlayerSession

    path = tmp_path_factory.mktemp("save") / "save.json"
    s = PlayerSession.new("siloed", "samira", households=20, weeks=3, autosave=path)
    s.visit("gemeente_balie", "income")
    s.end_week()
    return path.read_text("utf-8")


def _paths(tree, prefix=()):
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    out = []
    for k, v in items:
        out.append((*prefix, k))
        out += _paths(v, (*prefix, k))
    return out


save_change = st.tuples(
    st.sampled_from(["set", "set", "delete", "truncate"]),
    st.integers(0, 10**6),
    st.sampled_from([v for v in VALUES if not isinstance(v, bytes)] + [[], {}, True, -0.5]),
)


@SETTINGS
@given(changes=st.lists(save_change, min_size=1, max_size=3))
def test_mutated_save_resumes_or_is_set_aside(save_text, changes, tmp_path_factory):
    from game.play import latest_unfinished, load_session, save_summary

    home = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    previous = os.environ.get("LOKET_HOME")
    os.environ["LOKET_HOME"] = str(home)
    try:
        tree = json.loads(save_text)
        text = None
        for kind, index, value in changes:
            found = _paths(tree)
            if kind == "truncate":
                text = (text or json.dumps(tree))[: index % len(save_text)]
                break
            path = found[index % len(found)]
            node = tree
            for k in path[:-1]:
                node = node[k]
            if kind == "set":
                node[path[-1]] = value
            else:
                del node[path[-1]]
        saves = home / "saves"
        saves.mkdir(parents=True)
        save = saves / "20250101-000000-siloed-samira-0.json"
        save.write_text(text if text is not None else json.dumps(tree), "utf-8")
        app = StubApp()
        found_save = latest_unfinished()  # never raises
        save_summary(app, save)
        if found_save is None:
            return
        session = load_session(app, save)
        if session is None:
            assert not save.exists() and save.with_suffix(".broken").exists() and not app.message[0]
    finally:
        if previous is None:
            os.environ.pop("LOKET_HOME", None)
        else:
            os.environ["LOKET_HOME"] = previous
