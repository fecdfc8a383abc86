"""Outcome measures: weekly aggregates (collected by Mesa's DataCollector) and
per-household final outcomes.  Both read the event tallies; nothing is counted twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import events as ev

if TYPE_CHECKING:
    from .household import Household
    from .model import CityModel

CRISES = ("eviction", "cutoff", "seizure", "health")

# Household-level tallies reported both weekly (summed) and at the end (per household).
FLOWS = {
    # All the household's own hours of paperwork: applications, post, and dealing with creditors.
    "paperwork_hours": "paperwork_hours",
    "debt_admin_hours": "debt_admin_hours",  # the part spent on collection letters and bailiffs
    "went_without": "went_without",  # euro of living costs the household went without to pay its bills
    "contact_hours": "contact_hours",
    "visits": ev.VISIT,
    "applications": ev.APPLICATION_FILED,
    "fields_supplied": ev.FIELD_SUPPLIED,
    "fields_repeated": ev.FIELD_REPEATED,
    "fields_prefilled": ev.FIELD_PREFILLED,
    "documents_fetched": ev.DOCUMENT_FETCHED,
    "documents_shared": ev.DOCUMENT_SHARED,
    "weeks_waiting": "weeks_waiting",  # weeks with at least one application pending at a counter
    "weeks_queued": "weeks_queued",  # weeks applications waited in a queue before a counter took them up
    "taken_up": ev.TAKEN_UP,  # applications a counter took up
    "sent_on": ev.SENT_ON,
    "rejections": ev.REJECTION,
    "sanctions": ev.SANCTION,
    "clawbacks": ev.CLAWBACK,
    "backpayments": ev.BACKPAYMENT,  # allowances paid out after the year's final calculation
    "deadlines_missed": ev.DEADLINE_MISSED,
    "granted": ev.GRANTED,
    "overrules": ev.OVERRULE,
    "waived": ev.WAIVED,
    "letters": ev.LETTER,
    "outreach": ev.OUTREACH,
    **{f"crisis_{c}": f"crisis_{c}" for c in CRISES},
}
PUBLIC = (
    "staff_hours",
    "case_manager_hours",
    "breakthrough_hours",
    "outreach_hours",
    "benefits",
    "custom_budget",
    "crisis_costs",
)
#: Public cost in three kinds that must never be added up as if alike: the cost of the services,
#: money transferred to households (benefits because take-up rose are not a cost of the help) and
#: the cost of crises.  ``public_cost`` is their sum, shown only next to the parts.
SERVICE_COSTS = ("cost_staff", "cost_case_managers", "cost_breakthrough", "cost_outreach")
TRANSFERS = ("benefits", "custom_budget")
STOCKS = ("debt", "stress", "trust", "homeless", "multi_problem", "income_gap", "case_managed")

WEEKLY_COLUMNS = (
    ["week", "households"]
    + [f"mean_{s}" for s in STOCKS]
    + list(FLOWS)
    + ["crises"]
    + list(PUBLIC)
    + [*SERVICE_COSTS, "cost_services", "transfers", "public_cost", "queued"]
)


class WeeklyStats:
    """Sums of the stocks over the households of one week, added in the order they step."""

    # Slots: the sums are added to every household-week; without them 8 paired runs were some 3% slower
    # (at the edge of the noise), so they stay.  The annotations below declare them for readers.
    __slots__ = ("model", "n", "row", *STOCKS)
    n: int
    # The running sums of STOCKS (begin_week sets them all from STOCKS); the bools (homeless,
    # multi_problem, case_managed) add up to a number of households.
    debt: float
    stress: float
    trust: float
    homeless: int
    multi_problem: int
    income_gap: float
    case_managed: int

    def __init__(self, model: CityModel) -> None:
        self.model = model
        self.row: dict[str, Any] = {}
        self.begin_week()

    def begin_week(self) -> None:
        self.n = 0
        for s in STOCKS:
            setattr(self, s, 0)

    def add(self, h: Household, income: float, debt: float, norm: float) -> None:
        """``debt``: ``h.total_debt()``, ``norm``: ``h.norm()``."""
        self.n += 1
        self.debt += debt
        self.stress += h.stress
        self.trust += h.trust
        self.homeless += h.homeless
        self.multi_problem += len(h.domains_now) >= 2
        self.income_gap += max(0.0, norm - income)
        self.case_managed += h.case_manager is not None

    def end_week(self, flows: ev.Tally, public: ev.Tally) -> None:
        n = max(self.n, 1)
        uc = self.model.scenario.unit_costs
        row: dict[str, Any] = {"week": self.model.week, "households": self.n}
        for s in STOCKS:
            row[f"mean_{s}"] = getattr(self, s) / n
        for col, key in FLOWS.items():
            row[col] = float(flows.get(key, 0))
        row["crises"] = float(sum(flows.get(f"crisis_{c}", 0) for c in CRISES))
        for p in PUBLIC:
            row[p] = float(public.get(p, 0.0))
        row["cost_staff"] = row["staff_hours"] * uc.staff_hour
        row["cost_case_managers"] = row["case_manager_hours"] * uc.case_manager_hour
        row["cost_breakthrough"] = row["breakthrough_hours"] * uc.breakthrough_hour
        row["cost_outreach"] = row["outreach_hours"] * uc.outreach_hour
        row["cost_services"] = sum(row[c] for c in SERVICE_COSTS)
        row["transfers"] = sum(row[c] for c in TRANSFERS)
        row["public_cost"] = row["cost_services"] + row["transfers"] + row["crisis_costs"]
        row["queued"] = float(sum(len(c.queue) for c in self.model.counters.values()))
        self.row = row


OUTCOME_COLUMNS = (
    ["household", "type", "persona"]
    + list(FLOWS)
    + [
        "wait_per_application",
        "crises",
        "start_debt",
        "final_debt",
        "stress",
        "trust",
        "homeless",
        "income_gap",
        "domains",
        "takeup",
        "eligible_schemes",
        "benefits_received",
        "budget_received",
        "case_managed",
    ]
)


def household_outcomes(model: CityModel) -> list[dict[str, Any]]:
    """One row per household at the end of the run."""
    pw = model.paperwork
    rows = []
    for h in model.households:
        t = h.tally
        eligible = [
            sid
            for sid in model.scenario.schemes
            if pw.eligible(h, sid) and model.scenario.schemes[sid].effect in ("income_topup", "weekly_amount")
        ]
        taken = sum(1 for sid in eligible if sid in h.entitlements)
        row: dict[str, Any] = {"household": h.hid, "type": h.type_id, "persona": h.persona_id or ""}
        for col, key in FLOWS.items():
            row[col] = float(t.get(key, 0))
        taken_up = t.get(ev.TAKEN_UP, 0)
        row["wait_per_application"] = t.get("weeks_queued", 0) / taken_up if taken_up else float("nan")
        row["crises"] = float(sum(t.get(f"crisis_{c}", 0) for c in CRISES))
        row.update(
            start_debt=h.start_debt,
            final_debt=h.total_debt(),
            stress=h.stress,
            trust=h.trust,
            homeless=bool(h.homeless),
            income_gap=max(0.0, h.norm() - h.income()),
            domains=len(h.domains_now),
            takeup=(taken / len(eligible)) if eligible else float("nan"),
            eligible_schemes=len(eligible),
            benefits_received=h.benefits_received,
            budget_received=h.budget_received,
            case_managed=h.case_manager is not None or h.tally.get(ev.CASE_OPENED, 0) > 0,
        )
        rows.append(row)
    return rows
