"""Rewrite loket_i18n/locale/en/LC_MESSAGES/game.po from a {Dutch: English} table, in msgid order
of the game's code (see game/tools/messages.py).  Keeps translations already in the file."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from game.tools.messages import msgids

PO = Path(__file__).resolve().parents[2] / "loket_i18n" / "locale" / "en" / "LC_MESSAGES" / "game.po"


def write(table: dict[str, str]) -> list[str]:
    old: dict[str, str] = {}
    if PO.exists():
        with PO.open("rb") as fh:
            old = {m.id: m.string for m in read_po(fh, locale="en") if m.id}
    catalog = Catalog(locale="en", domain="game", project="Loketdoolhof", fuzzy=False)
    missing = []
    for mid in msgids():
        text = table.get(mid) or old.get(mid) or ""
        if not text:
            missing.append(mid)
        catalog.add(mid, text)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, no_location=True)
    return missing


if __name__ == "__main__":
    ns: dict = {}
    if len(sys.argv) > 1:
        exec(Path(sys.argv[1]).read_text("utf-8"), ns)
    for m in write(ns.get("EN", {})):
        print("missing:", m)
