"""The text-size setting: normal or large, for every screen.

Large multiplies every font of the theme (assets/theme.json) and every font the game draws
itself (game/widgets.font) by ``widgets.LARGE``; row heights follow through ``widgets.px``.
The choice is kept in ``settings.json`` in the user's Loketdoolhof folder (``loket play
--text-size`` or the pause menu / title screen change it).
"""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path

from . import widgets

SIZES = ("normal", "large")


def factor(size: str) -> float:
    return widgets.LARGE if size == "large" else 1.0


def scaled(n: int) -> int:
    return round(n * widgets.SCALE)


def apply(size: str) -> None:
    widgets.SCALE = factor(size)


def _settings_file() -> Path | None:
    try:
        from userfiles.paths import home

        return home() / "settings.json"
    except Exception:
        return None


def initial(chosen: str | None = None) -> str:
    """The size to start with: the one asked for, else the one kept, else normal."""
    if chosen in SIZES:
        remember(str(chosen))
        return str(chosen)
    path = _settings_file()
    try:
        kept = json.loads(path.read_text(encoding="utf-8")).get("text_size") if path else None
    except (OSError, ValueError, AttributeError):
        kept = None
    return kept if kept in SIZES else "normal"


def remember(size: str) -> None:
    path = _settings_file()
    if path is None:
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data["text_size"] = size
    try:
        path.write_text(json.dumps(data), encoding="utf-8")
    except OSError:
        pass  # the setting holds for this run


@lru_cache(maxsize=4)
def theme_file(size: str) -> Path:
    """The theme with every font size multiplied by the size's factor (written once per run)."""
    theme = json.loads(widgets.THEME.read_text(encoding="utf-8"))
    f = factor(size)
    if f == 1.0:
        return widgets.THEME
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(round(int(font["size"]) * f))
    out = Path(tempfile.gettempdir()) / f"loketdoolhof-theme-{size}.json"
    out.write_text(json.dumps(theme), encoding="utf-8")
    return out
