"""Issue #12: workshop databases and records that are odd, hostile or damaged."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from player import PlayerSession
from workshop.deck import DeckError, write_deck
from workshop.merge import merge
from workshop.store import Store, StoreError, attach, check_code

LOKET = str(Path(sys.executable).with_name("loket"))
MATHS = "Piet $\\foo$"
FORMULA = '=HYPERLINK("http://x")'


def room_db(folder: Path) -> Path:
    """One workshop: a player whose name is mathtext plays both scenarios, another's name is a formula."""
    db = folder / "room.db"
    for seed, (player, scenario) in enumerate([(MATHS, "siloed"), (MATHS, "integral"), (FORMULA, "siloed")], 1):
        s = PlayerSession.new(scenario, "samira", seed=seed, households=20, weeks=2)
        attach(s, "ROOM-1", player, db_path=db)
        s.end_week()
        s.end_week()
    with Store(db) as st:  # no -wal left behind: a plain, closed file
        st.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Path:
    return room_db(tmp_path_factory.mktemp("room"))


def copy_of(room: Path, tmp_path: Path, name: str = "copy.db") -> Path:
    target = tmp_path / name
    shutil.copyfile(room, target)
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text, text
    return text


def test_code_must_match_whole():
    with pytest.raises(StoreError):
        check_code("AB\n")
    assert check_code("AB") == "AB"


def test_cli_workshop_start_refuses_a_code_with_a_newline(tmp_path):
    env = {**os.environ, "LOKET_HOME": str(tmp_path)}
    proc = subprocess.run([LOKET, "workshop", "start", "AB\n"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2 and proc.stderr.startswith("error:") and "Traceback" not in proc.stderr
    assert not (tmp_path / "workshops.db").exists() or "AB" not in Store(tmp_path / "workshops.db").workshops()


def test_merge_leaves_sources_unchanged_and_read_only_is_fine(room, tmp_path):
    src = copy_of(room, tmp_path)
    conn = sqlite3.connect(src)
    conn.execute("PRAGMA journal_mode=DELETE")  # as a copy made elsewhere may be: merge must not make it WAL
    conn.close()
    before = digest(src)
    os.chmod(src, 0o444)  # (root may still write: the digest is the real check)
    counts = merge([src], tmp_path / "all.db")
    assert counts["plays"] == 3
    assert digest(src) == before
    assert not Path(f"{src}-wal").exists() and not Path(f"{src}-shm").exists()


def damaged(kind: str, room: Path, tmp_path: Path) -> Path:
    src = copy_of(room, tmp_path, f"{kind}.db")
    if kind == "corrupt":
        blob = bytearray(src.read_bytes())
        for i in range(4096, len(blob), 997):  # damage every page after the first
            blob[i] ^= 0xFF
        src.write_bytes(bytes(blob))
        return src
    conn = sqlite3.connect(src)
    if kind == "other-columns":
        conn.execute("ALTER TABLE plays ADD COLUMN extra TEXT")
    elif kind == "bad-version":
        conn.execute("UPDATE meta SET value='one' WHERE key='schema_version'")
    elif kind == "newer-version":
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    elif kind == "missing-table":
        conn.execute("DROP TABLE entries")
    conn.commit()
    conn.close()
    return src


@pytest.mark.parametrize("kind", ["corrupt", "other-columns", "bad-version", "newer-version", "missing-table"])
def test_merge_refuses_a_bad_source_in_one_line_and_creates_nothing(room, tmp_path, kind):
    src = damaged(kind, room, tmp_path)
    into = tmp_path / "out" / "into.db"
    into.parent.mkdir()
    with pytest.raises(StoreError) as info:
        merge([room, src], into)
    one_line(info.value)
    assert list(into.parent.iterdir()) == []


def test_merge_refuses_a_hard_link_to_the_target(room, tmp_path):
    target = copy_of(room, tmp_path, "target.db")
    link = tmp_path / "link.db"
    os.link(target, link)
    before = digest(target)
    with pytest.raises(StoreError, match="target itself"):
        merge([link], target)
    assert digest(target) == before


def test_cli_merge_of_a_corrupt_database_gives_one_line(room, tmp_path):
    src = damaged("corrupt", room, tmp_path)
    proc = subprocess.run(
        [LOKET, "merge", str(src), "--into", str(tmp_path / "x.db")], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2 and proc.stderr.startswith("error:") and proc.stderr.count("\n") == 1, proc.stderr
    assert not (tmp_path / "x.db").exists()


def test_names_are_plain_text_and_malformed_records_are_left_out_with_a_warning(room, tmp_path):
    db = copy_of(room, tmp_path)
    conn = sqlite3.connect(db)
    first = conn.execute("SELECT play_id FROM plays ORDER BY started LIMIT 1").fetchone()[0]
    conn.execute("UPDATE plays SET final_numbers='{not json' WHERE play_id=?", (first,))
    conn.execute("UPDATE entries SET data='[1, 2' WHERE kind='field'")
    conn.execute("UPDATE populations SET outcomes='\"text\"'")
    conn.commit()
    conn.close()
    deck = write_deck("ROOM-1", tmp_path / "deck", db_path=db, lang="en")
    assert deck.html.exists()
    assert any("final numbers" in p for p in deck.problems)
    assert all("\n" not in p for p in deck.problems)
    # The same deck: names are plain text in the charts (no mathtext) and the CSV (no formulas).
    plays = pd.read_csv(tmp_path / "deck" / "csv" / "plays.csv")
    assert set(plays.player) == {MATHS, "'" + FORMULA}
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in plays.to_numpy().ravel() if isinstance(v, str))
    assert "Piet $\\foo$" in deck.html.read_text("utf-8")


def test_absurd_stored_sizes_are_refused_not_run(room, tmp_path):
    db = copy_of(room, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE plays SET households=1000000000000, weeks=1000000")
    conn.commit()
    conn.close()
    with pytest.raises(DeckError) as info:
        write_deck("ROOM-1", tmp_path / "deck", db_path=db, population_seeds=1)
    assert "households" in one_line(info.value)
