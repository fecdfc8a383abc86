"""What the player sees of the session: plain, frozen views with texts already in the
session's language, and the names (Dutch message ids, i18n domain "session") of domains,
states, debt stages and application kinds.  See player/session.py for the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulation.paperwork import BLOCKED, DRAFT, PROCESSING, QUEUED, WAITING


def N_(msgid: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return msgid


DOMAIN_NAMES = {
    "income": N_("Inkomen"),
    "debt": N_("Schulden"),
    "housing": N_("Wonen"),
    "care": N_("Zorg"),
    "youth": N_("Jeugd"),
    "work": N_("Werk"),
}
STATE_NAMES = {
    "known": N_("bekend"),
    "applied": N_("aangevraagd"),
    "granted": N_("toegekend"),
    "automatic": N_("automatisch toegekend"),
    "rejected": N_("afgewezen"),
    DRAFT: N_("nog te doen"),
    WAITING: N_("wacht op u"),
    QUEUED: N_("in de wachtrij"),
    PROCESSING: N_("in behandeling"),
    BLOCKED: N_("vastgelopen op een regel"),
    "rejected_app": N_("afgewezen"),
    "sanctioned": N_("gesanctioneerd"),
    "blocked": N_("gestopt"),
    "continued": N_("voortgezet"),
    "recalculated": N_("herberekend"),
    "granted_app": N_("toegekend"),
}
STAGE_NAMES = {0: N_("achterstand"), 1: N_("herinnering"), 2: N_("incassobureau"), 3: N_("deurwaarder")}
KIND_NAMES = {"intake": N_("aanvraag"), "reproof": N_("herbeoordeling"), "change": N_("wijziging doorgeven")}
HINTS = {
    "date": N_("Datum als DD-MM-JJJJ, bijvoorbeeld 05-03-1990"),
    "number": N_("Alleen een getal, zonder euroteken"),
    "yesno": N_("ja of nee"),
    "bsn": N_("9 cijfers"),
}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    hours: float
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DebtView:
    creditor: str
    name: str
    amount: float
    stage: int
    stage_name: str
    frozen: bool


@dataclass(frozen=True)
class Status:
    week: int
    weeks: int
    cash: float
    income_week: float
    debt_total: float
    debts: dict[str, DebtView]
    stress: float
    trust: float
    hours_left: float
    capacity: float
    network_hours: float
    case_manager: bool
    homeless: bool
    problems: list[str]
    problem_names: list[str]
    post_hours: float = 0.0  # price of opening the post that has not been opened yet
    # This week's time, explained (all in hours; set at the start of the week, see PlayerSession):
    hours_week: float = 0.0  # available this week so far: own hours + network hours received (the most
    #                          hours_left can be); the network hours still to ask for are not in it
    hours_usual: float = 0.0  # the household's usual hours per week (what the persona card says)
    hours_stress: float = 0.0  # of those, lost this week to stress
    hours_care: float = 0.0  # lost to a care need nobody takes off the household's hands
    hours_overtime: float = 0.0  # overtime of last week, taken from this week
    network_used: float = 0.0  # network hours received this week


@dataclass(frozen=True)
class CounterView:
    id: str
    name: str
    domains: list[str]
    domain_names: list[str]
    queue: int
    wait_weeks: float
    travel_hours: float
    visit_hours: float
    phone_hours: float
    is_front_door: bool
    digital: bool
    map_xy: tuple[float, float]


@dataclass(frozen=True)
class DocumentNeed:
    id: str
    name: str
    issuers: list[tuple[str | None, str]]
    blocked_by: str | None = None
    hours: float = 0.0  # what fetching it costs the household now


@dataclass(frozen=True)
class SchemeView:
    id: str
    name: str
    domain: str
    counter: str
    counter_name: str
    state: str
    state_name: str
    can_apply: bool
    documents: list[DocumentNeed]
    #: names of the scheme's conditions the household does not meet now (the counter decides; [] = all met)
    unmet: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ApplicationView:
    id: int
    scheme: str
    scheme_name: str
    counter: str
    counter_name: str
    kind: str
    kind_name: str
    state: str
    state_name: str
    open: bool
    form_done: bool
    fields_to_fill: list[str]
    documents_missing: list[DocumentNeed]
    deadline: int | None
    blocked_rule: str | None
    form_hours: float = 0.0  # price of filling in the form now (0 when done)
    submit_hours: float = 0.0  # price of handing the file in


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: str
    choices: list[str]
    prefilled: str | None
    asked_before: bool
    hint: str


@dataclass(frozen=True)
class Letter:
    id: int
    week: int
    key: str
    data: dict[str, Any]
    read: bool


@dataclass(frozen=True)
class LogEntry:
    week: int
    kind: str
    text: str


@dataclass(frozen=True)
class SessionInfo:
    """What the session is: the scenario and persona played, the run's settings (``info()``)."""

    scenario: str  # the scenario as the session was started with (a name or a file)
    title: str  # the scenario's title in ``lang``
    persona: str
    persona_name: str
    household_name: str  # the name on the player's letters
    seed: int
    households: int  # simulated households around the player
    weeks: int
    session_id: str
    front_door: str | None  # the counter that looks at all problems at once (integral settings), or None


@dataclass(frozen=True)
class Paper:
    """One of the household's own papers: a fact the scenario's forms can ask for (``papers()``)."""

    fact: str
    label: str  # in ``lang``
    kind: str  # text/date/number/choice/yesno, as the form asks it
    value: str  # the household's true value now ("ja"/"nee" for yesno)
    fields: list[str]  # the form fields that ask for it
