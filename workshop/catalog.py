"""The message ids of the ``workshop`` gettext domain, extracted from the source with Babel.

``python -m workshop.catalog`` adds new message ids to the English catalog
(loket_i18n/locale/en/LC_MESSAGES/workshop.po) and lists those still without a
translation; the tests check that none is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_file

from loket_i18n.catalogs import refresh

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "workshop").glob("*.py")),
    ROOT / "game" / "council.py",
    ROOT / "game" / "council_levers.py",
    ROOT / "game" / "council_outcomes.py",
    ROOT / "game" / "council_packages.py",
    ROOT / "loket" / "commands_workshop.py",
    ROOT / "loket" / "council_cli.py",
]
PO = ROOT / "loket_i18n" / "locale" / "en" / "LC_MESSAGES" / "workshop.po"
#: ``t(...)`` is the translator of the language in use (``t = texts(lang)``); ``N_`` marks ids kept in tables.
KEYWORDS = {"t": None, "N_": None}


def msgids() -> list[str]:
    found: dict[str, None] = {}
    for path in SOURCES:
        if not path.exists():
            continue
        for _, message, _, _ in extract_from_file("python", path, keywords=KEYWORDS):
            if isinstance(message, str) and message.strip():
                found[message] = None
    return list(found)


def update() -> list[str]:
    """Add new ids to the English catalog; return the ids without a translation."""
    return refresh(PO, msgids(), "en", "workshop")


if __name__ == "__main__":
    todo = update()
    for m in todo:
        print(m)
    sys.exit(1 if todo else 0)
