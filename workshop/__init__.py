"""Workshops and council mode: policy levers, the workshop database, debrief decks.

User-facing text goes through the gettext domain ``workshop`` (Dutch message
ids, English in i18n/locale/en/LC_MESSAGES/workshop.po).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

DOMAIN = "workshop"
_ROOT = Path(__file__).resolve().parent.parent


def _project_i18n() -> ModuleType:
    """The project's ``i18n`` package.  pygame_gui depends on python-i18n, also called ``i18n``;
    when that one is found first on sys.path (the ``loket`` script outside the repository),
    load ours from its file (game/bootstrap.py keeps pygame_gui on python-i18n)."""
    mod = sys.modules.get("i18n")
    if mod is None:
        import i18n as mod  # noqa: PLC0415
    if callable(getattr(mod, "translator", None)):
        return mod
    init = _ROOT / "i18n" / "__init__.py"
    spec = importlib.util.spec_from_file_location("i18n", init, submodule_search_locations=[str(init.parent)])
    assert spec is not None and spec.loader is not None
    ours = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_python_i18n", mod)
    sys.modules["i18n"] = ours
    spec.loader.exec_module(ours)
    return ours


def texts(lang: str = "nl") -> Callable[[str], str]:
    """The workshop translator: ``t = texts('en'); t('Beleid')``."""
    return _project_i18n().translator(DOMAIN, lang)


def N_(msgid: str) -> str:
    """Mark a message id where it is defined; it is translated where it is shown."""
    return msgid
