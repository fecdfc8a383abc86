"""The room server's store: a workshop database (workshop/store.py, WAL journal) plus the room's
own tables.  The workshop tables get exactly what ``loket merge`` would put there from the
participants' databases (the same insert-or-ignore and later-state-wins rules), so the server's
store equals a merge of the laptops' databases however often, late or out of order rows arrive.

Room tables:
    room_meta     key, value: workshop code, join code, facilitator token, settings (JSON)
    room_players  name, key_hash (sha256 of the player's key), joined, seen (server time)
    room_plays    play_id, player (the player who first sent it owns it), received (server time of
                  the last new entry), and what the dashboard shows of it, kept up to date as entries
                  arrive (in any order): hours (of its actions), week (the latest), last_seq, last_kind
                  and last_data (its latest action or end)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Any

from workshop.store import PLAY_COLUMNS, check_code, connect, now, transaction

from .protocol import MAX_ENTRIES_PER_PLAY, MAX_PLAYERS, MAX_PLAYS_PER_PLAYER, EntryRow, PlayRow, Settings
from .quota import ENTRY_OVERHEAD, Quota

ROOM_SCHEMA = """
CREATE TABLE IF NOT EXISTS room_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS room_players (
    name TEXT PRIMARY KEY, key_hash TEXT NOT NULL, joined TEXT NOT NULL, seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS room_plays (
    play_id TEXT PRIMARY KEY, player TEXT NOT NULL, received REAL NOT NULL, hours REAL NOT NULL DEFAULT 0,
    week INTEGER NOT NULL DEFAULT 0, last_seq INTEGER NOT NULL DEFAULT -1, last_kind TEXT, last_data TEXT);
"""
_PLAY_UPDATE = ", ".join(f"{c}=excluded.{c}" for c in ("updated", "ended", "finished", "final_numbers"))
JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from a projector
#: The bytes a stored row counts against the quota (room/quota.py), the same in SQL and Python.
ENTRY_BYTES = (
    f"length(CAST(data AS BLOB)) + length(CAST(kind AS BLOB)) + length(CAST(recorded AS BLOB)) + {ENTRY_OVERHEAD}"
)
PLAY_BYTES = "length(CAST(overrides AS BLOB)) + coalesce(length(CAST(final_numbers AS BLOB)), 0) + 256"
USAGE = f"""
SELECT r.player,
       coalesce(sum((SELECT count(*) FROM entries e WHERE e.play_id = r.play_id)), 0),
       coalesce(sum((SELECT sum({ENTRY_BYTES}) FROM entries e WHERE e.play_id = r.play_id)), 0)
       + coalesce(sum((SELECT {PLAY_BYTES} FROM plays p WHERE p.play_id = r.play_id)), 0)
       + coalesce(sum((SELECT length(CAST(outcomes AS BLOB)) FROM populations q WHERE q.play_id = r.play_id)), 0)
FROM room_plays r GROUP BY r.player"""


class Refused(Exception):
    """A request the room does not accept; ``status`` is its HTTP status, the message says why."""

    def __init__(self, status: int, message: str, wrong_secret: bool = False, player: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.wrong_secret = wrong_secret  # a wrong join code, player key or token: counted against guessing
        self.player = player  # who it concerns, when the facilitator should hear of it


def new_join_code() -> str:
    raw = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


class RoomStore:
    """The room of workshop ``code`` in the database at ``path`` (created, or opened again after a
    restart with its join code, token, players and plays), storing at most ``quota``."""

    def __init__(self, path: str | Path, code: str, quota: Quota | None = None) -> None:
        check_code(code)
        self.quota = quota or Quota()
        self.conn = connect(path)  # a StoreError says what is wrong with the file
        self.path = Path(path)
        self.code = code
        self.conn.executescript(ROOM_SCHEMA)
        with transaction(self.conn):
            self.conn.execute("INSERT OR IGNORE INTO workshops VALUES (?, '', ?)", (code, now()))
            known = self._meta("code")
            if known is not None and known != code:
                raise Refused(409, f"{path} is the room of workshop {known}, not {code}")
            for key, value in (
                ("code", code),
                ("join_code", new_join_code()),
                ("token", secrets.token_urlsafe(24)),
                ("settings", Settings().model_dump_json()),
            ):
                self.conn.execute("INSERT OR IGNORE INTO room_meta VALUES (?, ?)", (key, value))
        self.join_code: str = self._meta("join_code") or ""
        self.token: str = self._meta("token") or ""
        self.version = 0  # bumped by every change the dashboard shows
        # entries and bytes stored per player (and in the room), counted once here and kept up to date
        self.usage: dict[str, tuple[int, int]] = {r[0]: (r[1], r[2]) for r in self.conn.execute(USAGE)}

    def room_usage(self) -> tuple[int, int]:
        return sum(u[0] for u in self.usage.values()), sum(u[1] for u in self.usage.values())

    def _charge(self, name: str, entries: int, size: int) -> tuple[int, int]:
        """The player's usage with ``entries`` and ``size`` bytes more; Refused(507) beyond the quota
        (raised inside the write's transaction, so nothing of it is stored)."""
        q = self.quota
        mine = self.usage.get(name, (0, 0))
        room = self.room_usage()
        for grows, now_, cap, what in (
            (entries, mine[0], q.player_entries, f"a player stores at most {q.player_entries} entries"),
            (size, mine[1], q.player_bytes, f"a player stores at most {mb(q.player_bytes)}"),
            (entries, room[0], q.room_entries, f"the room stores at most {q.room_entries} entries"),
            (size, room[1], q.room_bytes, f"the room stores at most {mb(q.room_bytes)}"),
        ):
            if grows > 0 and now_ + grows > cap:
                raise Refused(507, f"storage quota reached: {what}; nothing of this was stored", player=name)
        return mine[0] + entries, mine[1] + size

    def close(self) -> None:
        self.conn.close()

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM room_meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ settings
    def settings(self) -> Settings:
        return Settings.model_validate_json(self._meta("settings") or "{}")

    def set_settings(self, settings: Settings) -> None:
        with transaction(self.conn):
            self.conn.execute("UPDATE room_meta SET value=? WHERE key='settings'", (settings.model_dump_json(),))
        self.version += 1

    # ------------------------------------------------------------------ players
    def join(self, join_code: str, name: str, key: str | None) -> tuple[str, bool]:
        """The player's key: a new one for a new name, the same one for a player who shows it again.
        Raises Refused for a wrong join code or a name someone else has."""
        if not same(join_code.strip().upper(), self.join_code):
            raise Refused(403, "wrong join code", wrong_secret=True)
        row = self.conn.execute("SELECT key_hash FROM room_players WHERE name=?", (name,)).fetchone()
        if row is not None:
            if key and same(key_hash(key), row[0]):
                self.touch(name)
                return key, False
            raise Refused(409, "this name is taken in the room; choose another")
        if self.conn.execute("SELECT count(*) FROM room_players").fetchone()[0] >= MAX_PLAYERS:
            raise Refused(409, "the room is full")
        key = secrets.token_urlsafe(24)
        with transaction(self.conn):
            self.conn.execute("INSERT INTO room_players VALUES (?, ?, ?, ?)", (name, key_hash(key), now(), time.time()))
        self.version += 1
        return key, True

    def player_of(self, key: str) -> str:
        """The name that ``key`` belongs to; Refused(401) for an unknown key."""
        row = self.conn.execute("SELECT name FROM room_players WHERE key_hash=?", (key_hash(key),)).fetchone()
        if row is None:
            raise Refused(401, "unknown player key: join the room first", wrong_secret=True)
        return row[0]

    def touch(self, name: str) -> None:
        self.conn.execute("UPDATE room_players SET seen=? WHERE name=?", (time.time(), name))

    def own_plays(self, name: str) -> dict[str, dict[str, Any]]:
        """The player's plays on the server: entries stored, next sequence number, finished, population."""
        rows = self.conn.execute(
            """
            SELECT r.play_id, coalesce(p.finished, 0) AS finished,
                   (SELECT count(*) FROM entries e WHERE e.play_id = r.play_id) AS entries,
                   (SELECT coalesce(max(seq) + 1, 0) FROM entries e WHERE e.play_id = r.play_id) AS next,
                   EXISTS (SELECT 1 FROM populations q WHERE q.play_id = r.play_id) AS population
            FROM room_plays r LEFT JOIN plays p USING (play_id) WHERE r.player = ?""",
            (name,),
        ).fetchall()
        return {r["play_id"]: {k: r[k] for k in ("entries", "next", "finished", "population")} for r in rows}

    # ------------------------------------------------------------------ plays
    def _claim(self, name: str, play: PlayRow) -> None:
        """Check that the play is the player's own in this workshop, and claim it the first time."""
        if play.workshop != self.code:
            raise Refused(403, f"this room records workshop {self.code}, not {play.workshop}")
        if play.player != name:
            raise Refused(403, "a player sends only their own plays")
        row = self.conn.execute("SELECT player FROM room_plays WHERE play_id=?", (play.play_id,)).fetchone()
        if row is not None:
            if row[0] != name:
                raise Refused(403, "this play belongs to another player")
            return
        n = self.conn.execute("SELECT count(*) FROM room_plays WHERE player=?", (name,)).fetchone()[0]
        if n >= MAX_PLAYS_PER_PLAYER:
            raise Refused(409, f"a player records at most {MAX_PLAYS_PER_PLAYER} plays in a room")
        self.conn.execute(
            "INSERT INTO room_plays (play_id, player, received) VALUES (?, ?, ?)", (play.play_id, name, time.time())
        )

    def sync(self, name: str, play: PlayRow, entries: list[EntryRow]) -> int:
        """Store a play's row and a batch of its entries the way ``loket merge`` does; returns the number
        of entries that were new.  All of it or nothing."""
        cols = ", ".join(PLAY_COLUMNS)
        row = play.model_dump()
        with transaction(self.conn):
            self._claim(name, play)
            stored = self.conn.execute("SELECT count(*) FROM entries WHERE play_id=?", (play.play_id,)).fetchone()[0]
            if stored + len(entries) > MAX_ENTRIES_PER_PLAY:
                raise Refused(413, f"a play has at most {MAX_ENTRIES_PER_PLAY} entries")
            before = self._play_bytes(play.play_id)
            self.conn.execute(
                f"INSERT INTO plays ({cols}) VALUES ({', '.join('?' * len(PLAY_COLUMNS))}) "
                f"ON CONFLICT(play_id) DO UPDATE SET {_PLAY_UPDATE} "
                "WHERE excluded.finished > plays.finished "
                "OR (excluded.finished = plays.finished AND excluded.updated > plays.updated)",
                [row[c] for c in PLAY_COLUMNS],
            )
            added, size = 0, self._play_bytes(play.play_id) - before
            for e in entries:
                if self.conn.execute(
                    "INSERT OR IGNORE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                    (play.play_id, e.seq, e.week, e.kind, e.data, e.recorded),
                ).rowcount:
                    added += 1
                    size += entry_bytes(e)
                    self._summarise(play.play_id, e)
            usage = self._charge(name, added, size)
            if added:
                self.conn.execute("UPDATE room_plays SET received=? WHERE play_id=?", (time.time(), play.play_id))
            self.touch(name)
        self.usage[name] = usage
        self.version += 1
        return added

    def _play_bytes(self, play_id: str) -> int:
        row = self.conn.execute(f"SELECT {PLAY_BYTES} FROM plays WHERE play_id=?", (play_id,)).fetchone()
        return row[0] if row else 0

    def _summarise(self, play_id: str, e: EntryRow) -> None:
        """Add a newly stored entry to the play's dashboard summary (each entry is added once)."""
        data = json_or(e.data, {})
        hours = data.get("hours") if e.kind == "action" else 0
        hours = float(hours) if isinstance(hours, int | float) and abs(hours) < 1e6 else 0.0
        self.conn.execute(
            "UPDATE room_plays SET hours = hours + ?, week = max(week, ?) WHERE play_id=?", (hours, e.week, play_id)
        )
        if e.kind in ("action", "end"):
            self.conn.execute(
                "UPDATE room_plays SET last_seq=?, last_kind=?, last_data=? WHERE play_id=? AND last_seq < ?",
                (e.seq, e.kind, e.data, play_id, e.seq),
            )

    def add_population(self, name: str, play_id: str, outcomes: str) -> bool:
        """A finished play's simulated households, stored once (as ``loket merge`` does)."""
        with transaction(self.conn):
            row = self.conn.execute(
                "SELECT r.player, p.finished, p.households FROM room_plays r "
                "JOIN plays p USING (play_id) WHERE play_id=?",
                (play_id,),
            ).fetchone()
            if row is None:
                raise Refused(404, "send the play before its population")
            if row[0] != name:
                raise Refused(403, "this play belongs to another player")
            if not row[1]:
                raise Refused(409, "a play's simulated households come when it is finished")
            if len(json_or(outcomes, [])) > (row[2] or 0):
                raise Refused(422, "more simulated households than the play has")
            added = (
                self.conn.execute("INSERT OR IGNORE INTO populations VALUES (?, ?)", (play_id, outcomes)).rowcount == 1
            )
            usage = self._charge(name, 0, len(outcomes.encode("utf-8", "surrogatepass")) if added else 0)
            self.touch(name)
        self.usage[name] = usage
        self.version += 1
        return added


def entry_bytes(e: EntryRow) -> int:
    """What an entry counts against the quota (ENTRY_BYTES in SQL)."""
    return sum(len(t.encode("utf-8", "surrogatepass")) for t in (e.data, e.kind, e.recorded)) + ENTRY_OVERHEAD


def mb(n: int) -> str:
    return f"{n / 1e6:g} MB"


def rows_of(conn: sqlite3.Connection, table: str, where: str = "", params: tuple = ()) -> list[tuple]:
    """Every row of a table in a fixed order (for comparing stores)."""
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    return [tuple(r) for r in conn.execute(f"SELECT * FROM {table} {where} ORDER BY {', '.join(cols)}", params)]


def json_or(text: Any, default: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else default
    except ValueError:
        return default
