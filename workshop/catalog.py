"""The message ids of the ``workshop`` gettext domain, extracted from the source with Babel.

``python -m workshop.catalog`` adds new message ids to the English catalog
(loket_i18n/locale/en/LC_MESSAGES/workshop.po) and lists those still without a
translation; the tests check that none is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "workshop").glob("*.py")),
    ROOT / "game" / "council.py",
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
    if PO.exists():
        with PO.open("rb") as fh:
            old = read_po(fh, locale="en", domain="workshop")
    else:
        old = Catalog(locale="en", domain="workshop")
    new = Catalog(
        locale="en",
        domain="workshop",
        project="Loketdoolhof",
        fuzzy=False,
        creation_date=old.creation_date,
        revision_date=old.revision_date,
    )
    for m in msgids():
        prev = old.get(m)
        new.add(m, prev.string if prev is not None else "")
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, new, width=100, omit_header=False, sort_output=False)
    return [m.id for m in new if m.id and not m.string]


if __name__ == "__main__":
    todo = update()
    for m in todo:
        print(m)
    sys.exit(1 if todo else 0)
