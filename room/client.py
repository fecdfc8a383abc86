"""The participant's side of a room: joining, and a background sender that ships the local
workshop database (the source of truth, workshop/store.py) to the facilitator's server.

The game never waits for the network: the recorder writes each journal entry locally as before
and the sender only gets a wake-up call.  Its thread reads the local database and sends what the
server does not have yet: the play's row with a batch of entries, and once a play is finished its
simulated households.  When the network drops it retries with a growing pause and, once back,
asks the server what it has and catches up; the server stores idempotently, so sending twice
changes nothing.  When the room's storage limit is reached (507) the sender holds that play back and
asks again only every HOLD_S seconds (the facilitator may restart the room with a higher limit);
the game records on as before.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from workshop.store import PLAY_COLUMNS

from .protocol import MAX_ENTRIES_PER_BATCH, clean_name

#: The sender asks the server for its settings this often when there is nothing to send.
POLL_S = 2.0
RETRY_MIN_S = 0.25
RETRY_MAX_S = 5.0
TIMEOUT_S = 5.0
#: A play the room has no room for is offered again after this long, not before.
HOLD_S = 60.0
FULL_NOTE = (
    "Let op: de zaal is vol en neemt je spel nu niet meer aan; het wordt gewoon op deze laptop bewaard. "
    "/ Note: the room is full and takes no more of your game; it stays saved on this laptop."
)
_KEYS_LOCK = threading.Lock()  # one writer of rooms.json at a time within a process


class RoomError(Exception):
    """Joining failed (no server, wrong code, name taken); the message says why."""


def check_url(url: str) -> str:
    url = url.strip().rstrip("/")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise RoomError(f"--room {url!r}: not an address (e.g. http://192.168.1.20:8765)") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise RoomError(f"--room {url!r}: not an address (e.g. http://192.168.1.20:8765)")
    return url


def _keys_file() -> Path:
    from userfiles.paths import home

    return home() / "rooms.json"


def _saved_keys() -> dict[str, Any]:
    try:
        data = json.loads(_keys_file().read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def join(url: str, join_code: str, player: str, timeout: float = TIMEOUT_S) -> dict[str, Any]:
    """Join the room; returns the server's answer (key, workshop code, settings).  The key is kept in
    LOKET_HOME/rooms.json, so the same player on the same laptop gets back in after a restart."""
    url = check_url(url)
    try:
        player = clean_name(player)
    except ValueError:
        raise RoomError("--player: a name is 1-40 printable characters") from None
    slot = f"{url} {join_code.strip().upper()} {player}"
    with _KEYS_LOCK:
        saved = _saved_keys()
    headers = {"Authorization": f"Bearer {saved[slot]}"} if isinstance(saved.get(slot), str) else {}
    try:
        r = httpx.post(f"{url}/api/join", json={"join": join_code, "player": player}, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise RoomError(f"the room at {url} cannot be reached ({type(exc).__name__}: {exc})") from None
    if r.status_code != 200:
        try:
            detail = str(r.json().get("detail"))[:200]
        except ValueError:
            detail = r.text[:200]
        raise RoomError(f"the room at {url} refused to let you join: {detail}")
    answer = r.json()
    try:
        with _KEYS_LOCK:
            saved = _saved_keys()
            saved[slot] = answer["key"]
            _keys_file().write_text(json.dumps(saved, indent=1), "utf-8")
    except OSError as exc:
        print(
            f"warning: the room key cannot be kept ({exc}); joining again after a restart needs another name",
            file=sys.stderr,
        )
    return {**answer, "url": url}


class RoomSender:
    """Sends the plays of ``player`` in workshop ``workshop`` from the local database ``db`` to the
    room at ``url``, in a daemon thread.  ``wake()`` after each local write; ``stop()`` at the end."""

    def __init__(
        self, url: str, key: str, workshop: str, player: str, db: str | Path, settings: dict[str, Any] | None = None
    ) -> None:
        self.url, self.workshop, self.player, self.db = check_url(url), workshop, player, Path(db)
        self.settings: dict[str, Any] = dict(settings or {})
        self.connected = False
        self.sent = 0  # entries the server took as new (for tests and the status line)
        self._client = httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT_S)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._server: dict[str, dict[str, Any]] = {}  # what the server has, per play
        self._caught_up = False  # False: ask the server what it has before sending on
        self._next: dict[str, int] = {}  # per play: the first entry the server may not have
        self._rows: dict[str, tuple] = {}  # per play: the row the server took last
        self._refused: dict[str, str] = {}  # plays the server will not take, with its reason (said once)
        self._held: dict[str, float] = {}  # plays the room has no room for: offered again after this time
        self.notice = ""  # a sync problem the player should know about, in Dutch and English
        self._thread = threading.Thread(target=self._run, name="room-sender", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ the game's side
    def wake(self, *_: Any) -> None:
        """Something was written locally (a journal subscriber: takes the entry and ignores it)."""
        self._wake.set()

    def idle(self) -> bool:
        """True when everything written locally so far is on the server (or refused, or held back
        because the room is full)."""
        return self.connected and not self._pending()

    def stop(self, flush_s: float = 2.0) -> None:
        """Send what is left (for at most ``flush_s`` seconds), then end the thread."""
        deadline = time.monotonic() + flush_s
        while time.monotonic() < deadline and self._thread.is_alive() and not self.idle():
            self._wake.set()
            time.sleep(0.05)
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=max(0.5, deadline - time.monotonic()))
        self._client.close()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        pause = RETRY_MIN_S
        while not self._stopping.is_set():
            try:
                if not self._caught_up:
                    self._ask(catch_up=True)
                if not self._send_pending():
                    self._wake.wait(POLL_S)
                    self._wake.clear()
                    if not self._stopping.is_set() and not self._pending():
                        self._ask()  # nothing to send: tell the room we are here, read its settings
                pause = RETRY_MIN_S
            except (httpx.HTTPError, OSError, sqlite3.Error, ValueError, KeyError):
                self.connected = False
                self._caught_up = False  # after a drop, ask what arrived before sending on
                self._stopping.wait(pause)
                pause = min(RETRY_MAX_S, pause * 2)

    def _ask(self, catch_up: bool = False) -> None:
        """The room's settings and what it has of our plays; with ``catch_up`` start sending from there."""
        r = self._client.get("/api/plays")
        if r.status_code == 401 and not self._refused.get(""):
            self._refused[""] = "unknown key"  # said once; the sender keeps asking in case the room comes back
            print(
                f"warning: the room at {self.url} does not know this laptop any more (was it started anew "
                "with another database?); the plays stay recorded here: join again to send them",
                file=sys.stderr,
            )
        r.raise_for_status()
        answer = r.json()
        self.settings = dict(answer["settings"])
        self._server = {str(k): dict(v) for k, v in answer["plays"].items()}
        if catch_up:
            self._rows.clear()  # each play's row is sent once more: the server may have missed the last one
            self._next = {
                pid: int(v["next"]) if v.get("next") == v.get("entries") else 0 for pid, v in self._server.items()
            }
            self._caught_up = True
        self.connected = True

    def _local(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        return conn

    def _plays(self, conn: sqlite3.Connection) -> list[sqlite3.Row]:
        cols = ", ".join(PLAY_COLUMNS)
        return conn.execute(
            f"SELECT {cols} FROM plays WHERE workshop=? AND player=? ORDER BY started", (self.workshop, self.player)
        ).fetchall()

    def _pending(self) -> bool:
        if not self.db.exists():
            return False
        try:
            conn = self._local()
            try:
                return any(self._work(conn, play) is not None for play in self._plays(conn))
            finally:
                conn.close()
        except sqlite3.Error:
            return True

    def _work(self, conn: sqlite3.Connection, play: sqlite3.Row) -> tuple[str, Any] | None:
        """What a play needs sent next: ('sync', entries), ('population', text) or None."""
        pid = play["play_id"]
        if pid in self._refused or self._held.get(pid, 0.0) > time.monotonic():
            return None
        entries = conn.execute(
            "SELECT seq, week, kind, data, recorded FROM entries WHERE play_id=? AND seq>=? ORDER BY seq LIMIT ?",
            (pid, self._next.get(pid, 0), MAX_ENTRIES_PER_BATCH),
        ).fetchall()
        if entries or self._rows.get(pid) != tuple(play):
            return ("sync", entries)
        if play["finished"] and not self._server.get(pid, {}).get("population"):
            pop = conn.execute("SELECT outcomes FROM populations WHERE play_id=?", (pid,)).fetchone()
            if pop is not None:
                return ("population", pop[0])
        return None

    def _send_pending(self) -> bool:
        """Send one step of every play with something to send; True when anything was sent."""
        if not self.db.exists():
            return False
        conn = self._local()
        try:
            work = [(play, self._work(conn, play)) for play in self._plays(conn)]
        finally:
            conn.close()
        sent = False
        for play, job in work:
            if job is None:
                continue
            pid = play["play_id"]
            if job[0] == "sync":
                entries = job[1]
                body = {"play": dict(play), "entries": [dict(e) for e in entries]}
                r = self._client.post(f"/api/plays/{pid}/sync", json=body)
                if self._refusal(pid, r):
                    continue
                answer = r.json()
                self.sent += int(answer["added"])
                self.settings = dict(answer["settings"])
                if entries:
                    self._next[pid] = entries[-1]["seq"] + 1
                self._rows[pid] = tuple(play)
            else:
                r = self._client.put(f"/api/plays/{pid}/population", json={"outcomes": job[1]})
                if self._refusal(pid, r):
                    continue
                self._server.setdefault(pid, {})["population"] = True
            self.connected = True
            sent = True
        return sent

    def _refusal(self, pid: str, r: httpx.Response) -> bool:
        """A 4xx other than 'try again' means this play will never be taken: say so once, skip it.
        A full room (507) holds the play back for HOLD_S seconds: said once, no retrying meanwhile."""
        if r.status_code < 400:
            if self._held.pop(pid, None) is not None and not self._held:
                self.notice = ""  # the room takes it again (restarted with a higher limit)
            return False
        if r.status_code == 507:
            self._held[pid] = time.monotonic() + HOLD_S
            if not self.notice:
                self.notice = FULL_NOTE
                print(f"{FULL_NOTE} ({r.text[:200]})", file=sys.stderr)
            self.connected = True  # the room answered
            return True
        if r.status_code in (408, 429) or r.status_code >= 500:
            r.raise_for_status()
        try:
            detail = str(r.json().get("detail"))[:200]
        except ValueError:
            detail = r.text[:200]
        self._refused[pid] = detail
        print(
            f"warning: the room does not take play {pid} ({r.status_code}: {detail}); it stays recorded on this laptop",
            file=sys.stderr,
        )
        return True
