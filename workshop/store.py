"""The workshop database: every play of every participant, entry by entry.

One local SQLite file (stdlib ``sqlite3``, WAL journal) per laptop; ``loket merge``
collects several into one.  Keys are globally unique (a play's id is its
session's uuid; an entry is (play id, position in the play's journal)), so
merging never makes duplicates.

Each journal entry is written in its own short transaction: a game that is
killed leaves a readable database with the play marked unfinished.

Tables (``SCHEMA_VERSION`` in ``meta``):
    workshops  code, title, created
    plays      play_id, workshop, player, persona, scenario, scenario_hash, seed, households, weeks,
               lang, overrides (JSON), started, updated, ended, finished, final_numbers (JSON)
    entries    play_id, seq, week, kind, data (JSON), recorded
    populations play_id, outcomes (JSON records of the simulated households of the play's run)
    settings   workshop, data (JSON: the room-wide settings of ``loket workshop start``: personas, weeks,
               seed, households); optional, so a database made before it existed still opens and merges
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

SCHEMA_VERSION = 1
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,31}")  # the whole code (fullmatch): no newline after it

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshops (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS plays (
    play_id TEXT PRIMARY KEY,
    workshop TEXT NOT NULL,
    player TEXT NOT NULL,
    persona TEXT NOT NULL,
    scenario TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    seed INTEGER NOT NULL,
    households INTEGER,
    weeks INTEGER,
    lang TEXT NOT NULL,
    overrides TEXT NOT NULL DEFAULT '{}',
    started TEXT NOT NULL,
    updated TEXT NOT NULL,
    ended TEXT,
    finished INTEGER NOT NULL DEFAULT 0,
    final_numbers TEXT
);
CREATE INDEX IF NOT EXISTS plays_workshop ON plays (workshop);
CREATE TABLE IF NOT EXISTS entries (
    play_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    week INTEGER NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    recorded TEXT NOT NULL,
    PRIMARY KEY (play_id, seq)
);
CREATE TABLE IF NOT EXISTS populations (
    play_id TEXT PRIMARY KEY,
    outcomes TEXT NOT NULL
);
"""
SETTINGS_TABLE = "CREATE TABLE IF NOT EXISTS settings (workshop TEXT PRIMARY KEY, data TEXT NOT NULL)"
SCHEMA += SETTINGS_TABLE + ";\n"
#: The room-wide settings a workshop may fix (``loket workshop start``), with their bounds.
SETTING_KEYS = ("personas", "weeks", "seed", "households")
PLAY_COLUMNS = (
    "play_id",
    "workshop",
    "player",
    "persona",
    "scenario",
    "scenario_hash",
    "seed",
    "households",
    "weeks",
    "lang",
    "overrides",
    "started",
    "updated",
    "ended",
    "finished",
    "final_numbers",
)


class StoreError(Exception):
    """The database cannot be used (wrong file, newer schema, bad workshop code); the message says why."""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def check_code(code: str) -> str:
    if not isinstance(code, str) or not CODE.fullmatch(code):
        shown = repr(code).encode("utf-8", "backslashreplace").decode("utf-8")[:60]
        raise StoreError(f"workshop code {shown}: use 2-32 letters, digits, '-' or '_' (e.g. ZAAN-0412)")
    return code


def connect(path: str | Path | None = None) -> sqlite3.Connection:
    """Open (and if needed create) a workshop database in WAL mode with the current schema."""
    if path is None:
        from userfiles.outputs import OutputError
        from userfiles.paths import workshop_db

        try:
            path = workshop_db()
        except OutputError as exc:
            raise StoreError(str(exc)) from None
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: its folder cannot be made ({exc.strerror or exc})") from None
    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)  # autocommit; transactions explicit
        conn.row_factory = sqlite3.Row
        conn.text_factory = _text
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=10000")
        version = _schema_version(conn)
        if version is None:
            with transaction(conn):
                for stmt in SCHEMA.split(";"):
                    if stmt.strip():
                        conn.execute(stmt)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"{path}: made by a newer Loketdoolhof (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); update Loketdoolhof"
            )
        else:
            try:
                conn.execute(SETTINGS_TABLE)  # added later: created in a database made before it existed
            except sqlite3.OperationalError:
                pass  # a read-only database: it is read without room-wide settings
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a workshop database ({exc})") from None
    return conn


def _text(raw: bytes) -> str:
    """Stored text as str; bytes that are not UTF-8 (a damaged or foreign record) become U+FFFD."""
    return raw.decode("utf-8", "replace")


def _schema_version(conn: sqlite3.Connection) -> int | None:
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if not has_meta:
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
            raise sqlite3.DatabaseError("it has tables but no schema version")
        return None
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except (TypeError, ValueError):
        raise sqlite3.DatabaseError("its schema version is not a number") from None


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One short write transaction: all of it or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    """numpy numbers as JSON numbers; anything else unknown as text."""
    return value.item() if hasattr(value, "item") else str(value)


class Store:
    """A workshop database.  ``with Store(path) as s: ...`` closes it afterwards."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.problems: list[str] = []  # records that could not be read and were left out, one line each
        self.conn = connect(path)
        self.path = Path(self.conn.execute("PRAGMA database_list").fetchone()["file"])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ workshops
    def create_workshop(self, code: str, title: str = "") -> bool:
        """Create the workshop if it does not exist; True when it was created now."""
        check_code(code)
        with transaction(self.conn):
            cur = self.conn.execute("INSERT OR IGNORE INTO workshops VALUES (?, ?, ?)", (code, title, now()))
        return cur.rowcount == 1

    def workshops(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("""
            SELECT w.code, w.title, w.created,
                   count(DISTINCT p.player) AS players, count(p.play_id) AS plays,
                   coalesce(sum(p.finished), 0) AS finished
            FROM workshops w LEFT JOIN plays p ON p.workshop = w.code
            GROUP BY w.code ORDER BY w.created, w.code""").fetchall()
        return [dict(r) for r in rows]

    def set_settings(self, code: str, settings: dict[str, Any]) -> None:
        """Fix the room-wide settings of a workshop (only the keys given; None leaves a key unset)."""
        check_code(code)
        data = {k: v for k, v in settings.items() if k in SETTING_KEYS and v not in (None, [], ())}
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (code, _json(data)))

    def settings(self, code: str) -> dict[str, Any]:
        """The room-wide settings of a workshop ({} when none were given); malformed ones are left out."""
        try:
            row = self.conn.execute("SELECT data FROM settings WHERE workshop=?", (code,)).fetchone()
        except sqlite3.OperationalError:  # a read-only database made before settings existed
            return {}
        if row is None:
            return {}
        data = self._record(row["data"], dict, f"workshop {code}: settings")
        out: dict[str, Any] = {}
        for key in ("weeks", "seed", "households"):
            if isinstance(data.get(key), int) and not isinstance(data.get(key), bool) and data[key] >= 0:
                out[key] = data[key]
        personas = data.get("personas")
        if isinstance(personas, list) and personas and all(isinstance(p, str) for p in personas):
            out["personas"] = personas
        return out

    def persona_for(self, code: str, player: str) -> str | None:
        """The household handed to ``player``: with one persona in the settings that one; with several,
        the next one in turn by the order players joined (a returning player keeps theirs)."""
        personas = self.settings(code).get("personas")
        if not personas:
            return None
        joined = [
            r[0]
            for r in self.conn.execute(
                "SELECT player FROM plays WHERE workshop=? GROUP BY player ORDER BY min(started), player", (code,)
            )
        ]
        index = joined.index(player) if player in joined else len(joined)
        return personas[index % len(personas)]

    def has_workshop(self, code: str) -> bool:
        return self.conn.execute("SELECT 1 FROM workshops WHERE code=?", (code,)).fetchone() is not None

    # ------------------------------------------------------------------ recording
    def begin_play(self, meta: dict[str, Any], code: str, player: str) -> str:
        """Record a play's start (or find it again when a saved play is resumed)."""
        check_code(code)
        play_id = str(meta["session_id"])
        stamp = now()
        with transaction(self.conn):
            self.conn.execute("INSERT OR IGNORE INTO workshops VALUES (?, '', ?)", (code, stamp))
            self.conn.execute(
                "INSERT OR IGNORE INTO plays (play_id, workshop, player, persona, scenario, scenario_hash, seed, "
                "households, weeks, lang, overrides, started, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    play_id,
                    code,
                    player,
                    meta["persona"],
                    str(meta["scenario"]),
                    meta.get("scenario_hash") or "",
                    int(meta["seed"]),
                    meta.get("households"),
                    meta.get("weeks"),
                    meta.get("lang", "nl"),
                    _json(meta.get("overrides") or {}),
                    meta.get("started") or stamp,
                    stamp,
                ),
            )
        return play_id

    def add_entry(self, play_id: str, seq: int, entry: dict[str, Any]) -> None:
        """One journal entry in its own transaction; an entry already stored is left as it is."""
        stamp = now()
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                (play_id, seq, int(entry.get("week", 0)), str(entry["kind"]), _json(entry.get("data", {})), stamp),
            )
            self.conn.execute("UPDATE plays SET updated=? WHERE play_id=?", (stamp, play_id))

    def finish_play(self, play_id: str, final_numbers: dict[str, Any], population: pd.DataFrame | None = None) -> None:
        stamp = now()
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE plays SET finished=1, ended=?, updated=?, final_numbers=? WHERE play_id=?",
                (stamp, stamp, _json(final_numbers), play_id),
            )
            if population is not None:
                self.conn.execute(
                    "INSERT OR REPLACE INTO populations VALUES (?, ?)", (play_id, population.to_json(orient="records"))
                )

    # ------------------------------------------------------------------ reading
    def _record(self, text: Any, kind: type, what: str) -> Any:
        """A stored JSON record of the given kind; a malformed one is left out and noted in ``problems``."""
        try:
            value = json.loads(text) if isinstance(text, str | bytes) else None
        except (ValueError, RecursionError):
            value = None
        if not isinstance(value, kind):
            self.problems.append(f"{what}: not readable, left out".replace("\n", " ")[:200])
            return kind()
        return value

    def plays(self, code: str | None = None) -> pd.DataFrame:
        """One row per play, the final numbers spread over columns ``final.<outcome>``."""
        sql = "SELECT * FROM plays" + (" WHERE workshop=?" if code else "") + " ORDER BY started, play_id"
        df = pd.read_sql_query(sql, self.conn, params=(code,) if code else ())
        for col in ("player", "persona", "scenario"):  # text, whatever another laptop stored
            df[col] = df[col].map(lambda v: "" if v is None else str(v)).astype(object)
        numbers = [
            self._record(x, dict, f"play {pid}: final numbers") if isinstance(x, str) else {}
            for pid, x in zip(df.play_id, df.final_numbers, strict=True)
        ]  # NULL while unfinished
        finals = pd.json_normalize(numbers, max_level=0).add_prefix("final.")
        return pd.concat([df.drop(columns="final_numbers"), finals.set_index(df.index)], axis=1)

    def entries(self, code: str | None = None) -> pd.DataFrame:
        sql = (
            "SELECT e.* FROM entries e JOIN plays p USING (play_id)"
            + (" WHERE p.workshop=?" if code else "")
            + " ORDER BY p.started, e.play_id, e.seq"
        )
        return pd.read_sql_query(sql, self.conn, params=(code,) if code else ())

    def populations(self, code: str | None = None) -> pd.DataFrame:
        """The simulated households of each play's run (one row per household, with play_id)."""
        sql = (
            "SELECT q.* FROM populations q JOIN plays p USING (play_id)"
            + (" WHERE p.workshop=?" if code else "")
            + " ORDER BY q.play_id"
        )
        frames = []
        for row in self.conn.execute(sql, (code,) if code else ()):
            records = self._record(row["outcomes"], list, f"play {row['play_id']}: simulated households")
            if not records or not all(isinstance(r, dict) for r in records):
                continue
            df = pd.DataFrame(records)
            df.insert(0, "play_id", row["play_id"])
            frames.append(df)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def export_csv(self, out: Path, code: str | None = None) -> list[Path]:
        """plays.csv, entries.csv and final_numbers.csv (long: play, outcome, value)."""
        out.mkdir(parents=True, exist_ok=True)
        plays = self.plays(code)
        finals = plays.melt(
            id_vars=["play_id", "player", "scenario"],
            value_vars=[c for c in plays.columns if c.startswith("final.")],
            var_name="outcome",
            value_name="value",
        ).dropna(subset=["value"])
        finals["outcome"] = finals.outcome.str.removeprefix("final.")
        paths = [out / "plays.csv", out / "entries.csv", out / "final_numbers.csv"]
        for df, path in ((plays, paths[0]), (self.entries(code), paths[1]), (finals, paths[2])):
            plain_cells(df).to_csv(path, index=False)
        return paths


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
    get a leading apostrophe, so they show as the text they are (OWASP's advice on CSV injection).
    Number columns are left as they are."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(lambda v: f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


class Recorder:
    """Writes a session's journal to the store as it happens (see :func:`attach`).

    Entry ``seq`` is the entry's position in the session's journal.  Each call writes every
    entry not yet stored, so entries made before attaching (a resumed play replays its
    journal) are stored once, and an entry that could not be written (database locked, disk
    full) is written with the next one; the game goes on meanwhile, with a warning.
    """

    def __init__(self, store: Store, session: Any, code: str, player: str) -> None:
        self.store = store
        self.session = session
        self.play_id = store.begin_play(session.meta, code, player)
        self.stored = 0
        self.failing = False
        self._own: list[dict[str, Any]] = []  # for a session object without a journal list
        self._write_pending()
        session.subscribe(self)

    def __call__(self, entry: dict[str, Any]) -> None:
        if getattr(self.session, "journal", None) is None:
            self._own.append(entry)
        self._write_pending()

    def _write_pending(self) -> None:
        journal = getattr(self.session, "journal", None)
        if journal is None:
            journal = self._own
        try:
            while self.stored < len(journal):
                entry = journal[self.stored]
                self.store.add_entry(self.play_id, self.stored, entry)
                if entry["kind"] == "end":
                    self._finish(entry)
                self.stored += 1
        except sqlite3.Error as exc:
            if not self.failing:
                print(
                    f"warning: the workshop database {self.store.path} cannot be written ({exc}); "
                    "the play goes on and is recorded as soon as it can be",
                    file=sys.stderr,
                )
            self.failing = True
        else:
            self.failing = False

    def _finish(self, entry: dict[str, Any]) -> None:
        numbers = entry.get("data") or self.session.final_numbers()
        population = None
        if hasattr(self.session, "population_outcomes"):
            population = self.session.population_outcomes()
        self.store.finish_play(self.play_id, numbers, population)


def attach(session: Any, code: str, player: str, db_path: str | Path | None = None) -> Recorder:
    """Record every journal entry of ``session`` under workshop ``code`` and ``player``."""
    return Recorder(Store(db_path), session, code, player)
