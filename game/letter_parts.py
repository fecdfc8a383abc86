"""What a letter is made of, before it is rendered (game/letters.py): the names and numbers of one
letter in its language (:class:`LetterContext`) and the parts a template writes
(:class:`LetterParts`: sender, subject, paragraphs, and whether a deadline and an amount go with it).
The templates are in game/letters_counters.py and game/letters_debts.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel.numbers import format_currency

from loket_i18n import translator
from player import DOMAIN_NAMES

if TYPE_CHECKING:
    from player import Scenario

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


class LetterContext:
    """Names and numbers of one letter, in its language."""

    def __init__(self, data: dict[str, Any], scenario: Scenario, lang: str) -> None:
        self.data = data
        self.sc = scenario
        self.lang = lang
        self._ = translator("letters", lang)
        self._domain = translator("session", lang)

    def label(self, table: str, key: Any) -> str:
        spec = getattr(self.sc, table).get(key) if key is not None else None
        return spec.label.get(self.lang) if spec is not None else str(key or "")

    def money(self, amount: Any) -> str:
        value = float(amount or 0)
        return format_currency(
            value,
            "EUR",
            locale=LOCALES.get(self.lang, "nl_NL"),
            format="¤ #,##0.00" if self.lang == "nl" else "¤#,##0.00",
            currency_digits=False,
        )

    def names(self) -> dict[str, Any]:
        d = self.data
        scheme = d.get("scheme")
        spec = self.sc.schemes.get(scheme) if scheme else None
        return {
            "scheme": self.label("schemes", scheme),
            "counter": self.label("counters", d.get("counter") or (spec.counter if spec else None)),
            "to": self.label("counters", d.get("to")) if d.get("to") else self._("een ander loket"),
            "domain": self._domain(DOMAIN_NAMES[d["domain"]]).lower() if d.get("domain") in DOMAIN_NAMES else "",
            "creditor": self.label("creditors", d.get("creditor")),
            "rule": self.label("rules", d.get("rule")),
            "deadline": d.get("deadline", ""),
            "amount": self.money(d.get("amount")),
            "fee": self.money(d.get("fee")),
            "fine": self.money(d.get("fine")),
            "weeks": d.get("weeks", ""),
            "documents": "; ".join(self.label("documents", x) for x in d.get("documents") or []),
            "fields": "; ".join(self.label("fields", x) for x in d.get("fields") or []),
        }

    def scheme_counter(self) -> str:
        d = self.data
        if d.get("counter"):
            return self.label("counters", d["counter"])
        spec = self.sc.schemes.get(d.get("scheme") or "")
        return self.label("counters", spec.counter) if spec else self._("Gemeente")

    def creditor_with_crisis(self, crisis: str) -> str:
        """The creditor whose court procedure ends in this crisis (the scenario says which)."""
        return next(
            (k.label.get(self.lang) for k in self.sc.creditors.values() if k.crisis == crisis), self._("Gemeente")
        )

    def front_door(self) -> str:
        door = self.sc.organisation.front_door
        return self.label("counters", door) if door else self._("Gemeente")


@dataclass(frozen=True)
class LetterParts:
    sender: str
    subject: str
    paragraphs: list[str]
    deadline: bool = False
    amount: bool = False


Template = Callable[[LetterContext, dict[str, Any]], LetterParts]
