"""Domain events: the one record of what happened.

Every event updates running tallies (per household and per week) so metrics
need no second bookkeeping; full event lists are kept only for households that
are tracked (the player's, a sample), so large runs stay fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:

    class Tally(dict[str, float]):
        """What the type checker is told a tally is: a :class:`collections.Counter` (a missing name
        counts 0, ``update`` adds, ``+`` sums) whose counts are floats (hours and euros as well as
        events), which typeshed's ``Counter[str]`` (int counts) cannot say."""

        def __missing__(self, key: str) -> float: ...
        def __add__(self, other: Mapping[str, float]) -> Tally: ...

else:
    Tally = Counter  # at run time a tally is a plain Counter

# Event kinds. Tally names in metrics are the same strings.
APPLICATION_FILED = "application_filed"
FIELD_SUPPLIED = "field_supplied"
FIELD_REPEATED = "field_repeated"  # a data item the household had supplied before
FIELD_PREFILLED = "field_prefilled"  # ask-once: known, not asked
FIELD_WITHHELD = "field_withheld"
FIELD_WRONG = "field_wrong"
DOCUMENT_REQUESTED = "document_requested"
DOCUMENT_FETCHED = "document_fetched"  # by the household
DOCUMENT_SHARED = "document_shared"  # counter to counter, no household work
VISIT = "visit"
LETTER = "letter"
DEADLINE_SET = "deadline_set"
DEADLINE_MISSED = "deadline_missed"
DEADLINE_EXTENDED = "deadline_extended"
SANCTION = "sanction"
CLAWBACK = "clawback"
BACKPAYMENT = "backpayment"  # the final calculation pays out what an advance fell short (``amount``, ``year``)
REJECTION = "rejection"
BLOCKED = "blocked"
SENT_ON = "sent_on"
GRANTED = "granted"
ENDED = "ended"
REPROOF = "reproof"
OVERRULE = "overrule"
WAIVED = "waived"
ESCALATED = "escalated"
BUDGET_SPENT = "budget_spent"
CRISIS = "crisis"
DEBT_ESCALATED = "debt_escalated"
SIGNAL = "signal"
OUTREACH = "outreach"
CASE_OPENED = "case_opened"
CASE_CLOSED = "case_closed"
CASE_WORK = "case_work"  # a case manager did paperwork for the household (``hours``, ``scheme``); no tally
LIFE_EVENT = "life_event"
HELP_SOUGHT = "help_sought"
TAKEN_UP = "taken_up"  # a counter takes a queued application into processing (``waited``: weeks queued)


# slots: smaller objects (no per-object dict) and a misspelt field fails; no speed gain measured
@dataclass(slots=True)
class Event:
    week: int
    household: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)


class EventLog:
    """Tallies for everyone, full lists for tracked households."""

    def __init__(self) -> None:
        self.week_tally = Tally()
        self.total_tally = Tally()
        self.events: dict[int, list[Event]] = {}
        #: callbacks per event kind, for observers that need more than tallies (experiments.patterns)
        self.watchers: dict[str, list[Callable[[int, Any, dict[str, Any]], None]]] = {}

    def track(self, household_id: int) -> None:
        self.events.setdefault(household_id, [])

    def watch(self, kind: str, callback: Callable[[int, Any, dict[str, Any]], None]) -> None:
        """Call ``callback(week, household, data)`` on every event of this kind, for every household."""
        self.watchers.setdefault(kind, []).append(callback)

    def emit(self, week: int, household: Any, kind: str, **data: Any) -> None:
        household.tally[kind] += 1
        self.week_tally[kind] += 1
        if self.watchers:
            for callback in self.watchers.get(kind, ()):
                callback(week, household, data)
        lst = self.events.get(household.hid)
        if lst is not None:
            lst.append(Event(week, household.hid, kind, data))

    def note(self, week: int, household: Any, kind: str, **data: Any) -> None:
        """An event kept only in a tracked household's list, without a tally: a record for its debrief
        that changes no count (and so no number, and no fingerprint of a saved game)."""
        lst = self.events.get(household.hid)
        if lst is not None:
            lst.append(Event(week, household.hid, kind, data))

    def add(self, household: Any, key: str, amount: float) -> None:
        """A tally without an event record (hours, waiting weeks)."""
        household.tally[key] += amount
        self.week_tally[key] += amount

    def close_week(self) -> Tally:
        done = self.week_tally
        self.total_tally.update(done)
        self.week_tally = Tally()
        return done

    def for_household(self, household_id: int, since_week: int = 0) -> list[Event]:
        return [e for e in self.events.get(household_id, []) if e.week >= since_week]
