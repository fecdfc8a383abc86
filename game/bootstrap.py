"""Import pygame_gui next to this project's own ``i18n`` package.

Two packages are called ``i18n``: this project's catalogs (i18n/) and
python-i18n, which pygame_gui imports for its own strings.  Importing this
module (every game module that uses pygame_gui does, first) sorts that out once:
pygame_gui gets python-i18n (loaded under a private name), everything else gets
the project's ``i18n``, whatever the current directory is.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _load(name: str, init: Path):
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _project_i18n():
    mod = sys.modules.get("i18n")
    if mod is not None and hasattr(mod, "check_language"):
        return mod
    return _load("i18n", _ROOT / "i18n" / "__init__.py")


def _import_pygame_gui() -> None:
    if "pygame_gui" in sys.modules:  # imported earlier (it bound whichever i18n it found): keep ours for us
        if not hasattr(sys.modules.get("i18n"), "check_language"):
            sys.modules.pop("i18n", None)
        _project_i18n()
        return
    ours = _project_i18n()
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        init = Path(distribution("python-i18n").locate_file("i18n/__init__.py"))
    except PackageNotFoundError:
        init = None
    if init is not None and init.exists():
        sys.modules["i18n"] = sys.modules.get("_python_i18n") or _load("_python_i18n", init)
    try:
        import pygame_gui  # noqa: F401 - binds python-i18n inside pygame_gui's modules
    finally:
        sys.modules["i18n"] = ours


_import_pygame_gui()
