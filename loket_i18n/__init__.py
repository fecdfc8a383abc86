"""User-facing text through gettext catalogs.  Dutch is the default language.

Message ids are the Dutch text; English lives in ``locale/en/LC_MESSAGES/<domain>.po``.
Each part of the program has its own domain (``game``, ``reports``, ``workshop`` …)
so catalogs stay small and owned.  Catalogs are compiled in memory with Babel,
so no build step is needed and a fresh clone works.

Scenario data (counter names, form fields, personas, levers) carries both
languages in the YAML file itself (``{nl: …, en: …}``): a municipality that
adds a counter adds its texts in the same file.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


class LanguageError(ValueError):
    pass


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise LanguageError(f"unknown language '{lang}' (choose from: {', '.join(LANGUAGES)})")
    return lang


@cache
def translations(domain: str, lang: str) -> gettext.NullTranslations:
    check_language(lang)
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == DEFAULT_LANGUAGE or not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=domain)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def translator(domain: str, lang: str = DEFAULT_LANGUAGE) -> Callable[[str], str]:
    """``_ = translator('game', 'en'); _('Week')`` -> 'Week'."""
    return translations(domain, lang).gettext


def missing(domain: str, lang: str, msgids: list[str]) -> list[str]:
    """Message ids without a translation (for tests that keep catalogs complete)."""
    t = translations(domain, lang)
    return [m for m in msgids if lang != DEFAULT_LANGUAGE and t.gettext(m) == m and m.strip()]
