"""Collect several laptops' workshop databases into one.

Every key is globally unique (workshop code, play uuid, (play uuid, seq)), so
rows are inserted only when absent; a play that went on after an earlier merge
is brought up to date (more entries, finished, final numbers).  Merging the
same files twice changes nothing.

The sources are never opened in place: each is copied (with its write-ahead
log) to a temporary folder and read there, so a source stays byte-for-byte the
same and a read-only one is fine.  Each copy is checked (pages, schema version,
tables and columns) before anything is written.  A new ``into`` is built under
a temporary name and appears only when the merge succeeded.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .store import PLAY_COLUMNS, SCHEMA, SCHEMA_VERSION, StoreError, connect, transaction

_PLAY_UPDATE = ", ".join(f"{c}=excluded.{c}" for c in ("updated", "ended", "finished", "final_numbers"))
TABLES = ("workshops", "plays", "entries", "populations")


def expected_columns() -> dict[str, list[str]]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA)
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in TABLES}
    finally:
        conn.close()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # also a hard link or a symbolic link to it
    except OSError:
        return False


def snapshot(src: Path, folder: Path, n: int) -> Path:
    """A private copy of ``src`` and its write-ahead log; the source is only read."""
    copy = folder / f"source{n}.db"
    try:
        shutil.copyfile(src, copy)
        wal = Path(f"{src}-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(f"{copy}-wal"))
    except OSError as exc:
        raise StoreError(f"{src}: cannot be read ({exc.strerror or exc})") from None
    return copy


def check_source(copy: Path, shown: Path, columns: dict[str, list[str]]) -> None:
    """The copy is an undamaged workshop database of a schema this version can merge."""
    try:
        conn = sqlite3.connect(copy)
    except sqlite3.Error as exc:
        raise StoreError(f"{shown}: not a workshop database ({exc})") from None
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"{shown}: the database is damaged ({str(ok).splitlines()[0][:120]})")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            raise StoreError(f"{shown}: not a workshop database (no schema version)")
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        try:
            version = int(row[0]) if row else None
        except (TypeError, ValueError):
            version = None
        if version is None:
            raise StoreError(f"{shown}: not a workshop database (its schema version is missing or not a number)")
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{shown}: schema version {version}; this Loketdoolhof merges version "
                f"{SCHEMA_VERSION}" + (" (update Loketdoolhof)" if version > SCHEMA_VERSION else "")
            )
        for table, want in columns.items():
            have = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            if have != want:
                what = "is missing" if not have else f"has other columns ({', '.join(have)[:120]})"
                raise StoreError(f"{shown}: table '{table}' {what}; expected {', '.join(want)}")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{shown}: not a workshop database or damaged ({exc})") from None
    finally:
        conn.close()


def merge(sources: Sequence[str | Path], into: str | Path) -> dict[str, int]:
    """Merge ``sources`` into ``into`` (created if missing); returns counts of rows added or updated."""
    target = Path(into)
    if target.is_dir():
        raise StoreError(f"--into {target}: is a folder, not a database file")
    if not target.parent.resolve().is_dir():
        raise StoreError(f"--into {target}: the folder {target.parent} does not exist")
    for src in sources:
        if not Path(src).is_file():
            raise StoreError(f"{src}: no such file")
        if Path(src).resolve() == target.resolve() or _same_file(Path(src), target):
            raise StoreError(f"{src}: is the target itself")
    counts = {"workshops": 0, "plays": 0, "entries": 0, "populations": 0}
    columns = expected_columns()
    with tempfile.TemporaryDirectory(prefix="loket-merge-") as tmp:
        copies = [snapshot(Path(src), Path(tmp), i) for i, src in enumerate(sources)]
        for copy, src in zip(copies, sources, strict=True):
            check_source(copy, Path(src), columns)
        new = not target.exists()
        work = target.with_name(f".{target.name}.merging-{os.getpid()}") if new else target
        try:
            conn = connect(work)
            try:
                for copy in copies:
                    _merge_one(conn, copy, counts)
            finally:
                conn.close()
            if new:
                os.replace(work, target)
        except sqlite3.Error as exc:
            raise StoreError(f"--into {target}: cannot be written ({exc})") from None
        except OSError as exc:
            raise StoreError(f"--into {target}: cannot be written ({exc.strerror or exc})") from None
        finally:
            if new:
                for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
                    leftover.unlink(missing_ok=True)
    return counts


def _merge_one(conn: sqlite3.Connection, copy: Path, counts: dict[str, int]) -> None:
    conn.execute("ATTACH DATABASE ? AS src", (str(copy),))
    try:
        with transaction(conn):
            counts["workshops"] += conn.execute(
                "INSERT OR IGNORE INTO main.workshops SELECT * FROM src.workshops"
            ).rowcount
            cols = ", ".join(PLAY_COLUMNS)
            # A play already here is replaced only by a later state of the same play.
            counts["plays"] += conn.execute(
                f"INSERT INTO main.plays ({cols}) SELECT {cols} FROM src.plays WHERE true "
                f"ON CONFLICT(play_id) DO UPDATE SET {_PLAY_UPDATE} "
                "WHERE excluded.finished > plays.finished "
                "OR (excluded.finished = plays.finished AND excluded.updated > plays.updated)"
            ).rowcount
            counts["entries"] += conn.execute("INSERT OR IGNORE INTO main.entries SELECT * FROM src.entries").rowcount
            counts["populations"] += conn.execute(
                "INSERT OR IGNORE INTO main.populations SELECT * FROM src.populations"
            ).rowcount
            if conn.execute("SELECT 1 FROM src.sqlite_master WHERE type='table' AND name='settings'").fetchone():
                conn.execute("INSERT OR IGNORE INTO main.settings SELECT workshop, data FROM src.settings")
    finally:
        conn.execute("DETACH DATABASE src")
