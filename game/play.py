"""Creating, saving and finding plays: the glue between the screens and
player.session.PlayerSession (which owns the rules and the autosave)."""

from __future__ import annotations

import hashlib
import re
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from player import compared_with, load_scenario, scenario_order

DEFAULT_WEEKS = 6
DEFAULT_HOUSEHOLDS = 200
MAX_WEEKS = 104  # a play's limits (loket play checks its flags against them too)
MAX_HOUSEHOLDS = 10_000
MAX_SEED = 2**32 - 1


def scenario_names() -> list[str]:
    """The bundled scenarios in the order of their files' ``listing:`` blocks, then the others."""
    return scenario_order()


@lru_cache(maxsize=16)
def scenario(name: str):
    return load_scenario(name)


def persona_ids(name: str) -> list[str]:
    return list(scenario(name).personas)


def other_scenario(name: str) -> str:
    """The scenario a play is set against: its ``listing.compare_with``, else the next one."""
    return compared_with(name) or name


def slug(text: str, most: int = 24) -> str:
    """Letters, digits and '-' only: safe in a file name on every system, never a path."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:most] or "x"


def autosave_path(scenario_name: str | Path, persona: str) -> Path:
    """``saves/<time>-<scenario>-<persona>-<hash>.json`` directly in the saves folder, whatever the
    scenario path or persona id hold (``../``, ``/``, other scripts): slugs plus a hash of both."""
    from userfiles.paths import saves_dir

    stamp = time.strftime("%Y%m%d-%H%M%S")
    raw = f"{scenario_name}\0{persona}".encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(raw, digest_size=4).hexdigest()
    stem = f"{stamp}-{slug(Path(str(scenario_name)).stem)}-{slug(str(persona))}-{digest}"
    folder = saves_dir()
    path = folder / f"{stem}.json"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.json"
    return path


def new_session(app, scenario_name: str, persona: str) -> Any:
    from player import PlayerSession

    o = app.options
    session = PlayerSession.new(
        scenario_name,
        persona,
        seed=int(o.get("seed") or 1),
        households=int(o.get("households") or DEFAULT_HOUSEHOLDS),
        weeks=int(o.get("weeks") or DEFAULT_WEEKS),
        lang=app.lang,
        autosave=autosave_path(scenario_name, persona),
    )
    attach_workshop(app, session)
    return session


def attach_workshop(app, session: Any, resumed: bool = False) -> None:
    """With a workshop code, record the play in the workshop database (workshop/store.py).
    A resumed play that was recorded before goes on being recorded under its own code."""
    code, player = app.options.get("workshop"), app.options.get("player")
    try:
        from workshop.store import attach
    except ImportError:
        if code:
            print("warning: workshop recording is not available in this version", file=sys.stderr)
        return
    if not code and resumed:
        code, player = recorded_workshop(session.info().session_id)
    if code:
        attach(session, code, player or "speler")
        if code == app.options.get("workshop"):
            from .room_link import listen

            listen(app, session)


def recorded_workshop(play_id: str | None) -> tuple[str | None, str | None]:
    """(workshop code, player) under which a play was recorded, if it was."""
    from userfiles.paths import workshop_db

    if not play_id or not workshop_db().exists():
        return None, None
    from workshop.store import Store

    store = Store()
    try:
        row = store.conn.execute("SELECT workshop, player FROM plays WHERE play_id=?", (play_id,)).fetchone()
    finally:
        store.close()
    return (row[0], row[1]) if row else (None, None)


def save_files() -> list[Path]:
    from userfiles.paths import saves_dir

    return sorted(saves_dir().glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)


def latest_unfinished() -> Path | None:
    """The newest autosave of a play that has not reached its last week."""
    try:
        from player import PlayerSession
    except ImportError:
        return None

    for path in save_files():
        try:
            if not PlayerSession.is_finished_file(path):
                return path
        except Exception:
            continue
    return None


def save_summary(app, path: Path) -> str:
    """'Samira El Amrani · Kokers (zoals nu) · week 3 / 6' for the Continue button."""
    from player import PlayerSession

    try:
        info = PlayerSession.peek(path)
        sc = scenario(info["meta"]["scenario"])
        who = sc.personas[info["meta"]["persona"]].name
        return f"{who} · {sc.title.get(app.lang)} · {app.t('wk')} {info['week']} / {info['weeks']}"
    except Exception:
        return ""


def check_save_sizes(path: Path) -> None:
    """A save's neighbourhood, weeks and seed within a play's limits, before anything is built
    (a save edited to a billion households would otherwise take the game down)."""
    from player import PlayerSession, SessionError

    meta = PlayerSession.peek(path)["meta"]
    for key, most in (("households", MAX_HOUSEHOLDS), ("weeks", MAX_WEEKS), ("seed", MAX_SEED)):
        value = meta.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
            raise SessionError(f"{path}: the saved {key} ({str(value)[:40]}) is not a whole number in 0..{most:,}")


def load_session(app, path: Path) -> Any | None:
    from player import PlayerSession

    try:
        check_save_sizes(path)
        session = PlayerSession.load(path)
    except Exception as exc:
        kept = Path(path).with_suffix(".broken")
        try:
            Path(path).replace(kept)  # kept for inspection, no longer offered as "continue"
        except OSError:
            kept = Path(path)
        print(f"warning: could not load {path}: {exc} (kept as {kept})", file=sys.stderr)
        app.message = (
            False,
            app.t("Dit spel kon niet worden geladen; het bestand is bewaard als {path}.").format(path=kept.name),
        )
        return None
    attach_workshop(app, session, resumed=True)
    return session
