"""Why a play went as it did, read from the play's own record.

Every explanation is computed from the journal of a play (the entries the
player session writes and the workshop database stores: ``field``, ``letter``,
``event`` and ``end``) and names the mechanism behind it: ask-once answered
questions for the player, a case manager did paperwork, counters shared
documents, an early signal brought a visit, applications waited in a queue.
Nothing here is a hand-written claim: a line appears only when the record holds
the events it counts, with the count the record gives.

    facts = play_facts(entries, scenario, lang)      # [Fact], most telling first
    moments(facts)                                   # the ones with a week, for the deck

``entries`` are dicts ``{"week", "kind", "data"}`` (``PlayerSession.journal`` or
the ``entries`` table with ``data`` as JSON text).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal

from simulation import events as ev

from . import texts

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
#: Event kinds as the model writes them, read here from stored records.
CASE_OPENED, CASE_WORK, DOCUMENT_SHARED = ev.CASE_OPENED, ev.CASE_WORK, ev.DOCUMENT_SHARED
SIGNAL, OUTREACH, BUDGET_SPENT, OVERRULE = ev.SIGNAL, ev.OUTREACH, ev.BUDGET_SPENT, ev.OVERRULE
TAKEN_UP, REJECTION, SANCTION, DEADLINE_MISSED = ev.TAKEN_UP, ev.REJECTION, ev.SANCTION, ev.DEADLINE_MISSED
DEBT_ESCALATED, CRISIS, SENT_ON = ev.DEBT_ESCALATED, ev.CRISIS, ev.SENT_ON
#: Stage of a creditor's collection from which costs are added (1 is a reminder).
COLLECTION_STAGE = 2


@dataclass(frozen=True)
class Fact:
    """One explanation: the mechanism (``key``), its count or amount, the first week it showed, the text."""

    key: str
    value: float
    week: int | None
    text: str
    #: True when the mechanism took work or harm away from the household, False when it added some.
    helps: bool


def _data(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw) if isinstance(raw, str | bytes) else None
    except (ValueError, RecursionError):
        value = None
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _num(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if not math.isnan(v) else 0.0


def _name(scenario: Any, table: str, key: Any, lang: str) -> str:
    """A scheme's, creditor's or counter's label in the scenario file, or the id when it has none."""
    spec = getattr(scenario, table, {}).get(key) if scenario is not None and isinstance(key, str) else None
    label = getattr(spec, "label", None)
    return label.get(lang) if label is not None else str(key or "?")


def count(n: float, lang: str) -> str:
    """A count: a whole number, never decimals."""
    return format_decimal(round(n), format="#,##0", locale=LOCALES[lang])


def hours(h: float, lang: str) -> str:
    return format_decimal(h, format="#,##0.0", locale=LOCALES[lang])


def euro(amount: float, lang: str) -> str:
    return "€ " + format_decimal(round(amount), format="#,##0", locale=LOCALES[lang])


def play_facts(entries: Iterable[dict[str, Any]], scenario: Any = None, lang: str = "nl") -> list[Fact]:
    """The explanations a play's record holds, in a fixed order: what took work away first, then
    what added work or harm."""
    t = texts(lang)
    fields: list[dict[str, Any]] = []
    events: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        kind = e.get("kind")
        data = _data(e.get("data"))
        if kind == "field":
            fields.append(data)
        elif kind == "event" and isinstance(data.get("kind"), str):
            events.setdefault(data["kind"], []).append(data)
    facts: list[Fact] = []

    def first_week(items: list[dict[str, Any]]) -> int | None:
        weeks = [w for w in (_int(d.get("week")) for d in items) if w is not None]
        return min(weeks) if weeks else None

    prefilled = [f for f in fields if f.get("prefilled")]
    if prefilled:
        n = len(prefilled)
        facts.append(
            Fact(
                "ask_once",
                n,
                None,
                t(
                    "Eenmalige uitvraag: {n} vragen stonden al ingevuld; die hoefde u niet opnieuw te beantwoorden."
                ).format(n=count(n, lang)),
                True,
            )
        )
    opened = events.get(CASE_OPENED, [])
    work = events.get(CASE_WORK, [])
    if opened or work:
        done = sum(_num(d.get("hours")) for d in work)
        week = first_week(opened) or first_week(work)
        if done > 0:
            text = t("Uw casemanager (vanaf week {week}) nam {hours} uur papierwerk van u over.").format(
                week=week, hours=hours(done, lang)
            )
        else:
            text = t("U kreeg in week {week} een casemanager.").format(week=week)
        facts.append(Fact("case_manager", round(done, 2), week, text, True))
    shared = events.get(DOCUMENT_SHARED, [])
    if shared:
        facts.append(
            Fact(
                "documents_shared",
                len(shared),
                first_week(shared),
                t("{n} bewijsstukken gingen van loket naar loket; die hoefde u niet zelf te halen.").format(
                    n=count(len(shared), lang)
                ),
                True,
            )
        )
    signals = events.get(SIGNAL, [])
    if signals:
        s = min(signals, key=lambda d: _int(d.get("week")) or 0)
        visits = [d for d in events.get(OUTREACH, []) if (_int(d.get("week")) or 0) >= (_int(s.get("week")) or 0)]
        creditor = _name(scenario, "creditors", s.get("creditor"), lang)
        if visits:
            text = t("Een vroegsignaal van {creditor} in week {week} bracht een huisbezoek in week {visit}.").format(
                creditor=creditor, week=s.get("week"), visit=first_week(visits)
            )
        else:
            text = t(
                "{creditor} meldde in week {week} uw achterstand (vroegsignaal); er kwam nog geen huisbezoek."
            ).format(creditor=creditor, week=s.get("week"))
        facts.append(Fact("early_signal", len(signals), _int(s.get("week")), text, True))
    budget = events.get(BUDGET_SPENT, [])
    if budget:
        amount = sum(_num(d.get("amount")) for d in budget)
        facts.append(
            Fact(
                "custom_budget",
                round(amount),
                first_week(budget),
                t("Het maatwerkbudget betaalde {amount} aan uw schuldeisers.").format(amount=euro(amount, lang)),
                True,
            )
        )
    overrules = events.get(OVERRULE, [])
    if overrules:
        facts.append(
            Fact(
                "overrule",
                len(overrules),
                first_week(overrules),
                t("Het doorbraakteam zette {n} keer een regel opzij die uw aanvraag blokkeerde.").format(
                    n=count(len(overrules), lang)
                ),
                True,
            )
        )

    asked = Counter(str(f.get("field")) for f in fields if not f.get("prefilled"))
    again = [f for f in fields if f.get("asked_before") and not f.get("prefilled")]
    if again:
        most = max(asked.values())
        facts.append(
            Fact(
                "asked_again",
                len(again),
                None,
                t(
                    "Dezelfde vragen opnieuw: {n} keer vulde u iets in dat u al eerder had opgegeven "
                    "(één vraag {most} keer)."
                ).format(n=count(len(again), lang), most=count(most, lang)),
                False,
            )
        )
    wrong = events.get(SENT_ON, [])
    if wrong:
        facts.append(
            Fact(
                "sent_on",
                len(wrong),
                first_week(wrong),
                t("{n} keer aan het verkeerde loket: doorgestuurd.").format(n=count(len(wrong), lang)),
                False,
            )
        )
    taken = events.get(TAKEN_UP, [])
    waited = [(_num(d.get("waited")), d) for d in taken]
    if any(w > 0 for w, _d in waited):
        longest, d = max(waited, key=lambda x: x[0])
        total = sum(w for w, _d in waited)
        facts.append(
            Fact(
                "queue",
                round(total),
                first_week(taken),
                t("Uw aanvragen wachtten samen {n} weken in een wachtrij; het langst {scheme}: {most} weken.").format(
                    n=count(total, lang),
                    most=count(longest, lang),
                    scheme=_name(scenario, "schemes", d.get("scheme"), lang),
                ),
                False,
            )
        )
    rejected = events.get(REJECTION, [])
    if rejected:
        r = min(rejected, key=lambda d: _int(d.get("week")) or 0)
        facts.append(
            Fact(
                "rejection",
                len(rejected),
                _int(r.get("week")),
                t("Afgewezen in week {week}: {scheme}.").format(
                    week=r.get("week"), scheme=_name(scenario, "schemes", r.get("scheme"), lang)
                ),
                False,
            )
        )
    missed = events.get(DEADLINE_MISSED, [])
    if missed:
        facts.append(
            Fact(
                "deadline_missed",
                len(missed),
                first_week(missed),
                t("{n} termijn(en) verstreken, de eerste in week {week}.").format(
                    n=count(len(missed), lang), week=first_week(missed)
                ),
                False,
            )
        )
    sanctions = events.get(SANCTION, [])
    if sanctions:
        fine = sum(_num(d.get("fine")) for d in sanctions)
        facts.append(
            Fact(
                "sanction",
                len(sanctions),
                first_week(sanctions),
                t("Sanctie in week {week}: {amount} minder uitkering.").format(
                    week=first_week(sanctions), amount=euro(fine, lang)
                ),
                False,
            )
        )
    costs = [d for d in events.get(DEBT_ESCALATED, []) if (_int(d.get("stage")) or 0) >= COLLECTION_STAGE]
    if costs:
        c = min(costs, key=lambda d: _int(d.get("week")) or 0)
        fees = sum(_num(d.get("fee")) for d in costs)
        facts.append(
            Fact(
                "collection_costs",
                round(fees),
                _int(c.get("week")),
                t("Brief met incassokosten in week {week} van {creditor}; samen {amount} aan kosten.").format(
                    week=c.get("week"),
                    creditor=_name(scenario, "creditors", c.get("creditor"), lang),
                    amount=euro(fees, lang),
                ),
                False,
            )
        )
    crises = events.get(CRISIS, [])
    if crises:
        facts.append(
            Fact(
                "crisis",
                len(crises),
                first_week(crises),
                t("{n} crisis(sen), de eerste in week {week}.").format(
                    n=count(len(crises), lang), week=first_week(crises)
                ),
                False,
            )
        )
    return facts


#: The moments a deck shows for a player, most telling first.
MOMENT_ORDER = (
    "rejection",
    "asked_again",
    "collection_costs",
    "case_manager",
    "early_signal",
    "sanction",
    "crisis",
    "ask_once",
    "deadline_missed",
    "queue",
    "custom_budget",
    "overrule",
    "documents_shared",
    "sent_on",
)


def moments(facts: list[Fact], most: int = 4) -> list[Fact]:
    rank = {k: i for i, k in enumerate(MOMENT_ORDER)}
    return sorted(facts, key=lambda f: rank.get(f.key, len(rank)))[:most]


def by_key(facts: list[Fact]) -> dict[str, Fact]:
    return {f.key: f for f in facts}
