"""Typed, validated schema of a scenario file.

A scenario is one organisation file (``siloed.yaml``, ``integral.yaml``) that
``extends`` a shared city file.  After merging, the whole tree is validated by
:class:`Scenario`.  Unknown keys are errors, so a typo never passes silently.
Every money amount is in euro per week unless the name says otherwise.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from .answers import elfproef

# The base types and the named numbers live in their own modules; importing them from here
# keeps one place to import the schema from.
from .schema_base import Plain as Plain
from .schema_base import Range as Range
from .schema_base import Strict as Strict
from .schema_base import Text as Text
from .schema_listing import Listing as Listing
from .schema_numbers import Behaviour as Behaviour
from .schema_numbers import Budget as Budget
from .schema_numbers import CrisisCosts as CrisisCosts
from .schema_numbers import LifeEvents as LifeEvents
from .schema_numbers import Mechanics as Mechanics
from .schema_numbers import Reconciliation as Reconciliation
from .schema_numbers import Taper as Taper
from .schema_numbers import UnitCosts as UnitCosts

Domain = Literal["income", "debt", "housing", "care", "youth", "work"]
DOMAINS: tuple[str, ...] = ("income", "debt", "housing", "care", "youth", "work")
#: Upper bounds of the counts that set a run's size; a bigger value is refused with the bound in the message.
MAX_WEEKS = 520
MAX_HOUSEHOLDS = 100_000
MAX_CHILDREN = 12

#: What a creditor is to the mechanisms: who is owed the rent, the energy bill, the insurance
#: premium, the living costs not covered (consumer credit), and the public purse's claims.
CreditorRole = Literal["rent", "energy", "insurance", "consumer", "municipality", "tax_office", "other"]
#: Roles every city needs exactly once (the weekly bills and the municipality's claims go to them).
REQUIRED_CREDITOR_ROLES: tuple[str, ...] = ("rent", "energy", "insurance", "consumer", "municipality")
#: What a scheme is in the Dutch system, for measurements (experiments.patterns) and reports;
#: what a scheme *does* is its ``effect``.
SchemeRole = Literal[
    "social_assistance",
    "allowance",
    "unemployment_benefit",
    "debt_help",
    "payment_plan",
    "tax_remission",
    "care",
    "youth",
    "other",
]


# --------------------------------------------------------------------------- data the counters ask for


class FieldSpec(Strict):
    """One named data item that forms ask for (e.g. the citizen service number)."""

    label: Text
    kind: Literal["text", "number", "date", "choice", "yesno"] = "text"
    fact: str = Field(description="name of the household fact that is the true answer")
    minutes: float = Field(3.0, gt=0, description="minutes an average adult needs for it")
    sensitive: bool = Field(False, description="withheld by households with low trust")
    choices: list[Text] = []


class DocumentSpec(Strict):
    """A proof document.  ``issuer`` is a counter id, ``self`` (the household has it),
    ``each_creditor`` (one statement per creditor owed) or ``income_source``."""

    label: Text
    issuer: str
    hours: float = Field(0.5, ge=0, description="household hours to get it, besides the visit")
    requires: list[str] = Field([], description="rule ids the household must meet to get it")


class RuleSpec(Strict):
    """A condition on a household, read by a named predicate in simulation/rules.py."""

    label: Text
    predicate: str
    value: float = 0.0
    overrulable: bool = Field(True, description="a breakthrough team may overrule it")


class SchemeSpec(Strict):
    """A provision a household may be entitled to, handled by one counter."""

    label: Text
    counter: str
    domain: Domain
    eligibility: list[str] = Field([], description="rule ids: substantive conditions")
    blocking_rules: list[str] = Field([], description="rule ids: procedural conditions")
    documents: list[str] = []
    effect: Literal[
        "income_topup",
        "weekly_amount",
        "wage_replacement",
        "debt_arrangement",
        "arrears_arrangement",
        "need_relief",
        "cost_reduction",
    ]
    amount: float = Field(0.0, description="euro/week, or a share for wage_replacement")
    per: Literal["household", "adult", "child"] = "household"
    single_parent_amount: float = Field(
        0.0,
        ge=0,
        description="euro/week more for a single parent (weekly_amount only; e.g. the alleenstaande-ouderkop)",
    )
    creditor: str | None = None
    cost: str | None = Field(None, description="fixed cost key reduced by cost_reduction")
    duration_weeks: int | None = Field(None, ge=1)
    processing_weeks: int = Field(4, ge=0)
    stabilisation_weeks: int = Field(
        0,
        ge=0,
        description="weeks after the intake during which the blocking rules must keep holding (stabilisation):"
        " the decision comes no earlier, and a rule that fails then rejects the application; 0: none",
    )
    reproof_weeks: int | None = Field(None, ge=1, description="the form is asked again this often")
    reporting_deadline_weeks: int = Field(2, ge=1)
    clawback: bool = Field(False, description="overpayment after an unreported change becomes a debt")
    budget_management: float = Field(
        0.0,
        ge=0,
        le=1,
        description="debt_arrangement only: share of arrangements run with budget management (budgetbeheer):"
        " rent, energy and insurance are paid first, living money is what is left",
    )
    automatable: bool = Field(False, description="can be granted from shared data, no application")
    awareness: float = Field(0.5, ge=0, le=1, description="share of households that know it")
    role: SchemeRole = Field("other", description="what the scheme is in the Dutch system (for measurements)")
    taper: Taper | None = Field(None, description="weekly_amount only: the amount falls with income")
    reconciled: bool = Field(
        False,
        description="weekly_amount only: paid as an advance, settled on the year's actual income (reconciliation)",
    )

    @model_validator(mode="after")
    def _weekly_amount_only(self) -> SchemeSpec:
        if (self.taper is not None or self.reconciled) and self.effect != "weekly_amount":
            raise ValueError(f"taper and reconciled are for effect weekly_amount only, not {self.effect}")
        return self


class CounterSpec(Strict):
    label: Text
    domains: list[Domain] = []
    staff_hours_per_1000: float = Field(
        80.0, ge=0, description="staff hours per week for applications, per 1,000 households in the area"
    )
    minutes_per_application: float = Field(90.0, gt=0)
    form: list[str] = Field([], description="field ids of the intake form")
    strictness: float = Field(0.5, ge=0, le=1, description="chance a shortcoming is sanctioned")
    deadline_weeks: int = Field(2, ge=1, description="weeks given to supply what is missing")
    sanction_weeks: int = Field(4, ge=0, description="weeks a benefit is cut on a sanction")
    sanction_share: float = Field(1.0, ge=0, le=1, description="share of the benefit withheld meanwhile")
    sanction_fine: float = Field(0.0, ge=0, description="euro fine on a sanction (a new debt)")
    travel_hours: float = Field(1.0, ge=0)
    wait_hours_min: float = Field(
        0.25, ge=0, description="hours of waiting at the counter (or on its phone line) when nobody is in its queue"
    )
    wait_hours_per_queued: float = Field(
        0.005,
        ge=0,
        description="extra hours of waiting per application in the queue, per 1,000 households "
        "in the area (so a bigger area with the same share of people in the queue waits as long)",
    )
    wait_hours_max: float = Field(3.0, ge=0, description="waiting hours at most")
    digital: bool = Field(False, description="applications go through a website")
    repair_period: bool = Field(
        True,
        description="an incomplete application gets a deadline to complete it "
        "before it may be refused (Awb 4:5, public bodies); false: refused at intake with "
        "chance strictness",
    )
    rule_wait_weeks: int = Field(
        0,
        ge=0,
        le=104,
        description="weeks an intake blocked by a procedural rule "
        "waits for the rule to hold before it is rejected (debt help's stabilisation "
        "phase); 0: rejected at once",
    )
    map_xy: tuple[float, float] = Field((0.5, 0.5), description="position on the game's map, 0..1")

    @model_validator(mode="before")
    @classmethod
    def _old_staff_hours(cls, data: object) -> object:
        if isinstance(data, dict) and "staff_hours" in data:
            raise ValueError(
                "'staff_hours' is now 'staff_hours_per_1000': staff hours per week per 1,000 "
                "households, so capacity grows with the population (the bundled city was "
                "written for 500 households: twice the old number gives the same counter)"
            )
        return data


class CreditorSpec(Strict):
    label: Text
    counter: str | None = Field(None, description="counter to visit for a statement; None: by phone")
    reminder_weeks: int = Field(4, ge=1)
    collection_weeks: int = Field(8, ge=1, description="weeks of arrears before a collection agency")
    bailiff_weeks: int = Field(20, ge=1)
    collection_fee_share: float = Field(0.15, ge=0)
    collection_fee_min: float = Field(40.0, ge=0)
    bailiff_fee: float = Field(
        273.0,
        ge=0,
        description="serving the title (EUR 116.20) and a wage seizure "
        "(157.17): Besluit tarieven ambtshandelingen gerechtsdeurwaarders, Stb. 2023, 63",
    )
    bailiff_min_amount: float = Field(250.0, ge=0, description="smaller debts are not sent to a bailiff")
    procedure_weeks: int | None = Field(None, ge=1, description="arrears weeks before eviction or cut-off procedure")
    procedure_min_amount: float = Field(0.0, ge=0, description="arrears needed before a procedure starts")
    procedure_to_crisis_weeks: int = Field(8, ge=1)
    procedure_crisis_share: float = Field(
        1.0,
        ge=0,
        le=1,
        description="share of procedures that end in the crisis; the rest end in a payment plan imposed by the court",
    )
    crisis: Literal["eviction", "cutoff", "none"] = "none"
    no_crisis_weeks: tuple[int, int] | None = Field(
        None,
        description="weeks of the year (first, last; may wrap round the new year) in which the "
        "procedure may not end in its crisis, e.g. no energy cut-offs in winter",
    )
    signals: bool = Field(False, description="takes part in early-signal reporting")
    offset_share: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of the payments of schemes that name this "
        "creditor withheld to repay what the household owes it (verrekening)",
    )
    role: CreditorRole = Field(
        "other",
        description="what the creditor is owed: rent, energy, insurance, "
        "consumer (living costs not covered), municipality, tax_office or other",
    )


class HouseholdType(Strict):
    label: Text
    weight: float = Field(gt=0)
    adults: int = Field(1, ge=1, le=2)
    children: tuple[int, int] = (0, 0)
    employed: float = Field(0.5, ge=0, le=1, description="chance an adult works")
    wage: Range = Range(low=350, high=520)
    pension: Range = Range(low=0, high=0)
    starts_with: list[str] = Field([], description="scheme ids already granted at the start")
    rent: Range = Range(low=150, high=200)
    initial_debt: Range = Range(low=0, high=0)
    care_need: float = Field(0.1, ge=0, le=1)
    youth_need: float = Field(0.0, ge=0, le=1)
    hours: Range = Range(low=4, high=10)
    skill: Range = Range(low=0.4, high=0.9)
    digital: Range = Range(low=0.3, high=0.9)
    network_hours: Range = Range(low=0, high=2)
    trust: Range = Range(low=0.3, high=0.7)
    shame_weeks: Range = Range(low=4, high=40)
    savings: Range = Range(low=0, high=300)
    can_work: bool = Field(True, description="adults of working age and able to work")
    debt_split: dict[str, float] = Field(
        {},
        description="how the initial debt is spread over creditors (creditor id: weight); needed when "
        "initial_debt can be above 0",
    )

    @model_validator(mode="after")
    def _debt_has_creditors(self) -> HouseholdType:
        if self.initial_debt.high > 0 and not any(w > 0 for w in self.debt_split.values()):
            raise ValueError("initial_debt can be above 0 but debt_split names no creditor to owe it to")
        return self

    @field_validator("children")
    @classmethod
    def _children_range(cls, children: tuple[int, int]) -> tuple[int, int]:
        low, high = children
        if not 0 <= low <= high <= MAX_CHILDREN:
            raise ValueError(
                f"children must be [low, high] with 0 <= low <= high <= {MAX_CHILDREN}, got {list(children)}"
            )
        return children


class Persona(Strict):
    """A concrete household for the game.  Unset values are drawn from its ``type``."""

    name: str
    type: str
    story: Text
    adults: int | None = Field(None, ge=1, le=2)
    children: int | None = Field(None, ge=0, le=MAX_CHILDREN)
    employed_adults: int | None = Field(None, ge=0, le=2)
    wage: float | None = None
    starts_with: list[str] | None = None
    rent: float | None = None
    debts: dict[str, float] = {}
    care_need: bool | None = None
    youth_need: bool | None = None
    hours: float | None = None
    skill: float | None = Field(None, ge=0, le=1)
    digital: float | None = Field(None, ge=0, le=1)
    network_hours: float | None = None
    trust: float | None = Field(None, ge=0, le=1)
    savings: float | None = None
    facts: dict[str, str] = Field({}, description="answers for the game's forms")

    @field_validator("facts")
    @classmethod
    def _bsn_passes_elfproef(cls, facts: dict[str, str]) -> dict[str, str]:
        bsn = facts.get("bsn")
        if bsn is not None and not elfproef(bsn):
            raise ValueError(f"bsn {bsn!r} is not a valid citizen service number (9 digits passing the elfproef)")
        return facts


class CaseManagement(Strict):
    per_1000: float = Field(0.0, ge=0, le=1000, description="case managers per 1,000 households")
    contact_hours: float = Field(0.5, ge=0, le=40, description="hours of conversation per client per week")
    caseload: int = Field(25, ge=1, le=MAX_HOUSEHOLDS)
    hours: float = Field(32.0, ge=0, le=168, description="hours per case manager per week")
    skill: float = Field(0.95, ge=0, le=1)
    min_domains: int = Field(2, ge=1, description="problem domains before a household is offered one")
    close_after_stable_weeks: int = Field(16, ge=1)


class CustomBudget(Strict):
    per_household_year: float = Field(0.0, ge=0, description="euro per household in the area per 52 weeks")
    max_per_household: float = Field(1500.0, ge=0)
    loan_share: float = Field(0.5, ge=0, le=1, description="share paid back to the municipality")


class Breakthrough(Strict):
    hours_per_1000: float = Field(0.0, ge=0, description="team hours per week per 1,000 households")
    hours_per_case: float = Field(3.0, gt=0)
    learning: float = Field(0.1, ge=0, le=1, description="discretion gained per overrule of a rule")


class EarlySignals(Strict):
    enabled: bool = False
    arrears_weeks: int = Field(4, ge=1)
    lag_weeks: int = Field(2, ge=0)
    outreach_hours: float = Field(2.0, ge=0, description="hours of one outreach visit (its own cost line)")
    visits_per_1000: float = Field(
        2.0, ge=0, description="outreach visits a week per 1,000 households; signals beyond it wait their turn"
    )


class Organisation(Strict):
    """How help is organised: the only part in which siloed and integral differ."""

    front_door: str | None = Field(None, description="counter id acting as the one front door")
    ask_once: bool = False
    case_managers: CaseManagement = CaseManagement()
    discretion: float = Field(0.0, ge=0, le=1, description="chance a professional waives or extends")
    custom_budget: CustomBudget = CustomBudget()
    breakthrough: Breakthrough = Breakthrough()
    early_signals: EarlySignals = EarlySignals()
    automatic_allowances: bool = False
    strictness_factor: float = Field(1.0, ge=0, le=2)
    housing_first: bool = False
    rehousing_weeks: int = Field(26, ge=1)
    housing_first_weeks: int = Field(4, ge=1)


class LeverExplanation(Strict):
    """What a lever means for a council, in both languages: what it is in practice, what it takes to
    organise (staff, budget, data sharing) and where it comes from (examples, evidence)."""

    what: Text
    takes: Text
    source: Text


class Lever(Strict):
    """A policy lever for council mode: a key path with a range or a switch.

    A switch sets its key path to ``on_value`` or ``off_value`` (true and false unless given,
    e.g. ``on_value: wijkteam`` and ``off_value: null`` for the front door).  ``explain`` is shown
    next to the lever; ``drives`` names the outcomes (household tallies or lines of public spending)
    that the lever's mechanism writes, so a brief can say from the run what the lever moved."""

    path: str
    label: Text
    kind: Literal["slider", "switch"] = "slider"
    low: float = 0.0
    high: float = 1.0
    step: float = 1.0
    on_value: bool | float | str | None = True
    off_value: bool | float | str | None = False
    explain: LeverExplanation | None = None
    drives: list[str] = Field(default_factory=list, max_length=6)


class Scenario(Strict):
    name: str
    title: Text
    description: Text
    weeks: int = Field(52, ge=1, le=MAX_WEEKS)
    households: int = Field(500, ge=1, le=MAX_HOUSEHOLDS)
    fields: dict[str, FieldSpec]
    documents: dict[str, DocumentSpec]
    rules: dict[str, RuleSpec]
    counters: dict[str, CounterSpec]
    schemes: dict[str, SchemeSpec]
    creditors: dict[str, CreditorSpec]
    budget: Budget = Budget()
    life_events: LifeEvents = LifeEvents()
    behaviour: Behaviour = Behaviour()
    mechanics: Mechanics = Mechanics()
    reconciliation: Reconciliation = Reconciliation()
    unit_costs: UnitCosts = UnitCosts()
    population: dict[str, HouseholdType]
    personas: dict[str, Persona] = {}
    organisation: Organisation = Organisation()
    levers: dict[str, Lever] = {}
    listing: Listing | None = None  # how a bundled scenario is listed; not inherited through extends

    @field_validator("population")
    @classmethod
    def _some_households(cls, population: dict[str, HouseholdType]) -> dict[str, HouseholdType]:
        if not population:
            raise ValueError("needs at least one household type (the block is empty, so there is nobody to simulate)")
        return population

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        """Every id that points elsewhere must exist."""
        problems: list[str] = []

        def need(kind: str, table: dict, ref: str | None, where: str) -> None:
            if ref is not None and ref not in table:
                known = ", ".join(sorted(table)) or "none"
                problems.append(f"{where}: unknown {kind} '{ref}' (known: {known})")

        for cid, c in self.counters.items():
            for f in c.form:
                need("field", self.fields, f, f"counters.{cid}.form")
        special = {"self", "each_creditor", "income_source"}
        for did, d in self.documents.items():
            if d.issuer not in special:
                need("counter", self.counters, d.issuer, f"documents.{did}.issuer")
            for rule_id in d.requires:
                need("rule", self.rules, rule_id, f"documents.{did}.requires")
        for sid, s in self.schemes.items():
            need("counter", self.counters, s.counter, f"schemes.{sid}.counter")
            for rule_id in [*s.eligibility, *s.blocking_rules]:
                need("rule", self.rules, rule_id, f"schemes.{sid}")
            for doc in s.documents:
                need("document", self.documents, doc, f"schemes.{sid}.documents")
            need("creditor", self.creditors, s.creditor, f"schemes.{sid}.creditor")
        for kid, k in self.creditors.items():
            need("counter", self.counters, k.counter, f"creditors.{kid}.counter")
        for role in (*REQUIRED_CREDITOR_ROLES, "tax_office"):
            holders = sorted(kid for kid, k in self.creditors.items() if k.role == role)
            if len(holders) > 1:
                problems.append(f"creditors: role '{role}' is held by {', '.join(holders)}; give it to one creditor")
            elif not holders and role in REQUIRED_CREDITOR_ROLES:
                problems.append(
                    f"creditors: no creditor has role '{role}' (every city needs one: "
                    f"{', '.join(REQUIRED_CREDITOR_ROLES)})"
                )
        for tid, t in self.population.items():
            for sid in t.starts_with:
                need("scheme", self.schemes, sid, f"population.{tid}.starts_with")
            for cid in t.debt_split:
                need("creditor", self.creditors, cid, f"population.{tid}.debt_split")
        from .rules import PREDICATES

        for rid, r in self.rules.items():
            if r.predicate not in PREDICATES:
                problems.append(
                    f"rules.{rid}.predicate: unknown predicate '{r.predicate}' (known: {', '.join(sorted(PREDICATES))})"
                )
        for pid, p in self.personas.items():
            need("household type", self.population, p.type, f"personas.{pid}.type")
            for sid in p.starts_with or []:
                need("scheme", self.schemes, sid, f"personas.{pid}.starts_with")
            for cid in p.debts:
                need("creditor", self.creditors, cid, f"personas.{pid}.debts")
        need("counter", self.counters, self.organisation.front_door, "organisation.front_door")
        if problems:
            raise ValueError("; ".join(problems))
        return self
