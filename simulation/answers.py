"""The form of a player's answers on a form: required, BSN (9 digits, elfproef), dates
(DD-MM-JJJJ), numbers (Dutch or English notation), yes/no, choices.  Messages in the session's
language (i18n domain "session").  Whether an answer is *true* is for the counter to judge."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schema import FieldSpec


def elfproef(digits: str) -> bool:
    """The check every Dutch citizen service number (BSN) passes."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (9 - i) for i in range(8)) - int(digits[8])
    return total % 11 == 0


_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_YES = {"ja", "j", "yes", "y"}
_NO = {"nee", "n", "no"}


def parse_number(text: str) -> float | None:
    """'1.250', '1250,50', '1250.5', '€ 300' -> a number; None if it is not one."""
    t = text.replace("€", "").replace("EUR", "").replace(" ", "").strip()
    if not t:
        return None
    if "," in t:  # Dutch: dots group thousands, the comma is the decimal sign
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    try:
        return float(t)
    except ValueError:
        return None


def check_answer(spec: FieldSpec, text: str, t: Callable[[str], str], lang: str) -> tuple[str, str]:
    """(format problem in the language of ``t``, or '';  the answer as the counter reads it).

    A well-formed answer goes to the counter, which judges it against the household's true
    facts (simulation/paperwork.py); here only the form of the answer is checked."""
    if not text:
        return t("Deze vraag is verplicht."), ""
    if spec.fact == "bsn":
        digits = text.replace(" ", "").replace(".", "")
        if not (len(digits) == 9 and digits.isdigit()):
            return t("Een BSN heeft 9 cijfers."), ""
        if not elfproef(digits):
            return t("Dit is geen geldig BSN (het voldoet niet aan de elfproef)."), ""
        return "", digits
    if spec.kind == "date":
        mt = _DATE.match(text)
        if not mt:
            return t("Schrijf de datum als DD-MM-JJJJ, bijvoorbeeld 05-03-1990."), ""
        d, mo, y = (int(x) for x in mt.groups())
        try:
            dt.date(y, mo, d)
        except ValueError:
            return t("Deze datum bestaat niet."), ""
        return "", f"{d:02d}-{mo:02d}-{y:04d}"
    if spec.kind == "number":
        value = parse_number(text)
        if value is None:
            return t("Vul een getal in (alleen cijfers)."), ""
        return "", str(int(value)) if value == int(value) else text
    if spec.kind == "yesno":
        low = text.lower()
        if low in _YES:
            return "", "ja"
        if low in _NO:
            return "", "nee"
        return t("Antwoord met ja of nee."), ""
    if spec.kind == "choice" and spec.choices:
        for c in spec.choices:
            if text.lower() in (c.nl.lower(), c.en.lower()):
                return "", c.nl
        return t("Kies een van de mogelijkheden: {choices}.").format(
            choices=", ".join(c.get(lang) for c in spec.choices)
        ), ""
    return "", text
