"""Workshops and council mode: policy levers, the workshop database, debrief decks.

User-facing text goes through the gettext domain ``workshop`` (Dutch message
ids, English in loket_i18n/locale/en/LC_MESSAGES/workshop.po).
"""

from __future__ import annotations

from collections.abc import Callable

from loket_i18n import translator

DOMAIN = "workshop"


def texts(lang: str = "nl") -> Callable[[str], str]:
    """The workshop translator: ``t = texts('en'); t('Beleid')``."""
    return translator(DOMAIN, lang)


def N_(msgid: str) -> str:
    """Mark a message id where it is defined; it is translated where it is shown."""
    return msgid
