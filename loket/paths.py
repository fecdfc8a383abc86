"""Where Loketdoolhof keeps a user's files: one place for every path.

``LOKET_HOME`` (environment) overrides the default ``~/.loketdoolhof``; tests
point it at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    path = Path(os.environ.get("LOKET_HOME") or Path.home() / ".loketdoolhof")
    path.mkdir(parents=True, exist_ok=True)
    return path


def saves_dir() -> Path:
    """Autosaved game sessions (one JSON file each), for resuming after a crash or close."""
    path = home() / "saves"
    path.mkdir(parents=True, exist_ok=True)
    return path


def workshop_db() -> Path:
    """The local SQLite database of workshop sessions and plays."""
    return Path(os.environ.get("LOKET_DB") or home() / "workshops.db")
