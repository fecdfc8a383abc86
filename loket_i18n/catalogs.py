"""Keeping a gettext catalog in step with the source: one refresh for every domain's updater."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def refresh(po: Path, ids: Iterable[str], locale: str, domain: str) -> list[str]:
    """Rewrite ``po`` with exactly ``ids`` in order, keeping the translations (and header dates) it
    had; return the ids that still have no translation."""
    if po.exists():
        with po.open("rb") as fh:
            old = read_po(fh, locale=locale, domain=domain)
    else:
        old = Catalog(locale=locale, domain=domain)
    new = Catalog(
        locale=locale,
        domain=domain,
        project="Loketdoolhof",
        fuzzy=False,
        creation_date=old.creation_date,
        revision_date=old.revision_date,
    )
    for m in ids:
        prev = old.get(m)
        new.add(m, prev.string if prev is not None else "")
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as fh:
        write_po(fh, new, width=100, omit_header=False, sort_output=False)
    return [m.id for m in new if m.id and not m.string]
