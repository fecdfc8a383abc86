"""Numbers the way each language writes them, through Babel (CLDR): 1.234,5 (nl), 1,234.5 (en).

The one place where the program turns a number into text for a person; patterns are CLDR
patterns (``#,##0`` groups thousands, ``0.0`` keeps one decimal)."""

from __future__ import annotations

from babel.numbers import format_decimal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def decimal(value: float, lang: str, pattern: str = "#,##0.##") -> str:
    """``value`` with the language's decimal sign and thousands separator, in ``pattern``."""
    return format_decimal(value, format=pattern, locale=LOCALES.get(lang, "nl_NL"))


def hours(value: float, lang: str) -> str:
    """Hours with one decimal: 2,5 (nl), 2.5 (en)."""
    return decimal(value, lang, "0.0")


def euro(amount: float, lang: str, space: bool = True) -> str:
    """Whole euros: € 1.800 (nl), € 1,800 (en); ``space=False`` writes €1,800 in English as a UK
    text does (Dutch always puts a space).  A negative amount reads -€ 1.800."""
    sign = "-" if round(amount) < 0 else ""
    gap = " " if space or lang != "en" else ""
    return f"{sign}€{gap}{decimal(abs(round(amount)), lang, '#,##0')}"
