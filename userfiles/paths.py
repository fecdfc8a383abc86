"""Where Loketdoolhof keeps a user's files: one place for every path.

``LOKET_HOME`` (environment) overrides the default ``~/.loketdoolhof``; tests
point it at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    path = Path(os.environ.get("LOKET_HOME") or Path.home() / ".loketdoolhof")
    _make(path)
    return path


def saves_dir() -> Path:
    """Autosaved game sessions (one JSON file each), for resuming after a crash or close."""
    path = home() / "saves"
    _make(path)
    return path


def check_writable_home() -> None:
    """The saves folder exists and takes files (before a game starts); OutputError if not."""
    from .outputs import check_out_dir

    check_out_dir(saves_dir(), "LOKET_HOME")


def _make(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:
        from .outputs import OutputError

        raise OutputError(
            f"{path}: cannot be made ({getattr(exc, 'strerror', None) or exc}); "
            "set LOKET_HOME to a folder you can write in"
        ) from None


def workshop_db() -> Path:
    """The local SQLite database of workshop sessions and plays."""
    return Path(os.environ.get("LOKET_DB") or home() / "workshops.db")


def council_file() -> Path:
    """Council mode's saved packages of lever choices and the screen's last settings (one JSON file)."""
    return home() / "council.json"


def briefs_dir() -> Path:
    """Council briefs (PDF and PNG) written from the game."""
    path = home() / "briefs"
    _make(path)
    return path
