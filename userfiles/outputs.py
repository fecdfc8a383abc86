"""Output folders: checked before the work starts, and finished results are never thrown away.

``check_out_dir`` refuses a folder that cannot take the results (a file, the root folder,
no write permission) before anything runs and without creating anything.  ``write_or_rescue``
writes the results; when that still fails (the disk filled up, the folder was removed meanwhile)
they go to a new temporary folder and the message says where.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class OutputError(Exception):
    """An output location that cannot be used; the message says which and why."""


def _shown(path: Path | str) -> str:
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def check_out_dir(path: Path | str, option: str = "--out") -> Path:
    """The folder ``path`` can be created (or is there) and written to; nothing is created."""
    text = os.fspath(path)
    if "\0" in text:
        raise OutputError(f"{option} {_shown(text)!r}: a folder name cannot contain a NUL byte")
    try:
        os.fsencode(text)
        full = Path(text).expanduser().resolve()
    except (UnicodeError, OSError, RuntimeError):
        raise OutputError(f"{option} {_shown(text)!r}: not a usable folder name") from None
    if full == Path(full.anchor):
        raise OutputError(
            f"{option} {_shown(text)}: will not write results into the root folder; "
            "give a folder of their own, e.g. results/run"
        )
    if full.exists() and not full.is_dir():
        raise OutputError(f"{option} {_shown(text)}: is a file, not a folder")
    existing = full
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{option} {_shown(text)}: {_shown(existing)} is a file, so the folder cannot be made")
    try:
        with tempfile.TemporaryFile(dir=existing, prefix=".loket-probe-"):
            pass
    except OSError as exc:
        raise OutputError(
            f"{option} {_shown(text)}: cannot write in {_shown(existing)} ({exc.strerror or exc})"
        ) from None
    return Path(text)


def write_or_rescue(write: Callable[[Path], T], out: Path, option: str = "--out") -> T:
    """``write(out)``; if the folder fails after all, ``write`` into a new temporary folder instead
    and raise :class:`OutputError` that says where the results are."""
    try:
        return write(out)
    except OSError as exc:
        problem = exc.strerror or str(exc)
    rescue = Path(tempfile.mkdtemp(prefix="loket-rescued-"))
    try:
        write(rescue)
    except OSError as exc:
        raise OutputError(
            f"{option} {_shown(out)}: cannot write the results ({problem}), nor in {rescue} ({exc.strerror or exc})"
        ) from None
    raise OutputError(
        f"{option} {_shown(out)}: cannot write the results ({problem}); they are saved in {rescue} instead"
    )
