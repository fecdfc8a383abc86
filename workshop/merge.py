"""Collect several laptops' workshop databases into one.

Every key is globally unique (workshop code, play uuid, (play uuid, seq)), so
rows are inserted only when absent; a play that went on after an earlier merge
is brought up to date (more entries, finished, final numbers).  Merging the
same files twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .store import PLAY_COLUMNS, StoreError, connect, transaction

_PLAY_UPDATE = ", ".join(f"{c}=excluded.{c}" for c in ("updated", "ended", "finished", "final_numbers"))


def merge(sources: Sequence[str | Path], into: str | Path) -> dict[str, int]:
    """Merge ``sources`` into ``into`` (created if missing); returns counts of rows added or updated."""
    target = Path(into).resolve()
    for src in sources:
        if not Path(src).is_file():
            raise StoreError(f"{src}: no such file")
        if Path(src).resolve() == target:
            raise StoreError(f"{src}: is the target itself")
    conn = connect(target)
    counts = {"workshops": 0, "plays": 0, "entries": 0, "populations": 0}
    try:
        for src in sources:
            connect(src).close()  # checks the file and its schema version (and gives old files the schema)
            conn.execute("ATTACH DATABASE ? AS src", (str(src),))
            try:
                with transaction(conn):
                    counts["workshops"] += conn.execute(
                        "INSERT OR IGNORE INTO main.workshops SELECT * FROM src.workshops").rowcount
                    cols = ", ".join(PLAY_COLUMNS)
                    # A play already here is replaced only by a later state of the same play.
                    counts["plays"] += conn.execute(
                        f"INSERT INTO main.plays ({cols}) SELECT {cols} FROM src.plays WHERE true "
                        f"ON CONFLICT(play_id) DO UPDATE SET {_PLAY_UPDATE} "
                        "WHERE excluded.finished > plays.finished "
                        "OR (excluded.finished = plays.finished AND excluded.updated > plays.updated)").rowcount
                    counts["entries"] += conn.execute(
                        "INSERT OR IGNORE INTO main.entries SELECT * FROM src.entries").rowcount
                    counts["populations"] += conn.execute(
                        "INSERT OR IGNORE INTO main.populations SELECT * FROM src.populations").rowcount
            finally:
                conn.execute("DETACH DATABASE src")
    finally:
        conn.close()
    return counts
