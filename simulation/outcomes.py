"""The outcome registry: every outcome the model measures, once, with its label in both
languages, its unit, how it is aggregated and which direction is better.

Read by the runner's summary (experiments.runner), the comparison report and its labels
(reports/), the debrief and the council (game/), sensitivity (experiments.sensitivity) and the
workshop deck (workshop/deck.py).  A new outcome is one row here plus the line in
simulation/metrics.py that measures it.

Aggregation:

* ``household``: a column of the per-household table (metrics.household_outcomes); a run's value
  is the mean over its households, a comparison's the mean over seeds;
* ``run``: a column of the weekly table (metrics.WEEKLY_COLUMNS) summed over the weeks of a run
  and divided by the run's households (public money per household over the whole run).

Public money comes in three kinds that are never added up as if alike: services (what the help
itself costs), transfers (money that reaches households) and crises (what evictions, cut-offs,
seizures and health crises cost); ``public_cost`` is only ever their sum (:func:`public_money`).
Per run, services are all counter staff, case managers, the breakthrough team and outreach; for
one household they are its case manager's hours, since counter staff is paid per counter.

Labels are plain data (this package holds no translations): the front ends pick the language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .metrics import CRISES

if TYPE_CHECKING:
    from .schema_numbers import UnitCosts

Unit = Literal["hours", "weeks", "count", "EUR", "share", "scale"]


@dataclass(frozen=True)
class OutcomeInfo:
    name: str
    nl: str
    en: str
    unit: Unit  # share: a fraction 0..1 of something; scale: a 0..1 state (stress, trust)
    aggregate: Literal["household", "run"] = "household"
    better: Literal["lower", "higher"] | None = None  # None: neither (e.g. transfers, a context number)

    def label(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


def _o(
    name: str, nl: str, en: str, unit: Unit, better: str | None = "lower", aggregate: str = "household"
) -> OutcomeInfo:
    return OutcomeInfo(name, nl, en, unit, aggregate, better)  # type: ignore[arg-type]


#: The comparison's summary table, in its order: per-household outcomes, then public money per household.
_SUMMARY = (
    _o(
        "paperwork_hours",
        "Uren papierwerk, incl. omgaan met schuldeisers",
        "Paperwork hours, incl. dealing with creditors",
        "hours",
    ),
    _o(
        "debt_admin_hours",
        "Uren met schuldeisers en deurwaarders (deel van het papierwerk)",
        "Hours with creditors and bailiffs (part of the paperwork)",
        "hours",
    ),
    _o("contact_hours", "Uren gesprek met hulpverlener", "Hours of contact with a professional", "hours", None),
    _o("visits", "Loketbezoeken", "Counter visits", "count"),
    _o("applications", "Aanvragen", "Applications", "count", None),
    _o("fields_supplied", "Ingevulde gegevens", "Data items supplied", "count"),
    _o("fields_repeated", "Zelfde gegeven opnieuw gevraagd", "Same data item asked again", "count"),
    _o("documents_fetched", "Documenten opgehaald", "Documents fetched", "count"),
    _o("weeks_waiting", "Weken met een aanvraag in behandeling", "Weeks with an application pending", "weeks"),
    _o(
        "wait_per_application",
        "Wachttijd per aanvraag in een wachtrij (weken)",
        "Wait per application in a queue (weeks)",
        "weeks",
    ),
    _o("sent_on", "Doorgestuurd (verkeerd loket)", "Sent on (wrong door)", "count"),
    _o("rejections", "Afwijzingen", "Rejections", "count"),
    _o("sanctions", "Sancties", "Sanctions", "count"),
    _o("clawbacks", "Terugvorderingen", "Claw-backs", "count"),
    _o("backpayments", "Nabetalingen toeslagen", "Allowance back-payments", "count", None),
    _o("deadlines_missed", "Termijnen gemist", "Deadlines missed", "count"),
    _o("takeup", "Gebruik van rechten (aandeel)", "Take-up of entitlements (share)", "share", "higher"),
    _o("final_debt", "Schuld aan het eind (EUR)", "Debt at the end (EUR)", "EUR"),
    _o("crises", "Crises", "Crises", "count"),
    _o("crisis_eviction", "Huisuitzetting", "Eviction", "count"),
    _o("crisis_cutoff", "Afsluiting energie", "Energy cut-off", "count"),
    _o("crisis_seizure", "Beslag deurwaarder", "Bailiff seizure", "count"),
    _o("crisis_health", "Gezondheidscrisis", "Health crisis", "count"),
    _o("stress", "Stress aan het eind (0-1)", "Stress at the end (0-1)", "scale"),
    _o("trust", "Vertrouwen aan het eind (0-1)", "Trust at the end (0-1)", "scale", "higher"),
    _o("income_gap", "Tekort op het sociaal minimum (EUR/week)", "Gap to the social minimum (EUR/week)", "EUR"),
    # public money per household over the whole run (weekly table)
    _o("cost_staff", "Loketmedewerkers", "Counter staff", "EUR", None, "run"),
    _o("cost_case_managers", "Casemanagers", "Case managers", "EUR", None, "run"),
    _o("cost_breakthrough", "Doorbraakteam", "Breakthrough team", "EUR", None, "run"),
    _o("cost_outreach", "Outreach na vroegsignalering", "Outreach after early signals", "EUR", None, "run"),
    _o("cost_services", "Diensten: kosten van de hulp zelf", "Services: cost of the help itself", "EUR", None, "run"),
    _o("benefits", "Uitkeringen en toeslagen", "Benefits and allowances", "EUR", None, "run"),
    _o("custom_budget", "Maatwerkbudget", "Custom budget", "EUR", None, "run"),
    _o(
        "transfers",
        "Overdrachten aan huishoudens (uitkeringen, toeslagen, maatwerkbudget)",
        "Transfers to households (benefits, allowances, custom budget)",
        "EUR",
        None,
        "run",
    ),
    _o("crisis_costs", "Kosten van crises", "Cost of crises", "EUR", "lower", "run"),
    _o(
        "public_cost",
        "Publieke uitgaven, totaal (som van diensten, overdrachten en crises)",
        "Public spending, total (sum of services, transfers and crises)",
        "EUR",
        None,
        "run",
    ),
)
#: Further per-household outcomes, shown in the debrief or used in analyses.
_FURTHER = (
    _o("went_without", "Zonder gedaan om rekeningen te betalen (EUR)", "Went without to pay bills (EUR)", "EUR"),
    _o(
        "fields_prefilled",
        "Gegevens al ingevuld (gedeeld)",
        "Data items already filled in (shared)",
        "count",
        "higher",
    ),
    _o(
        "documents_shared", "Documenten gedeeld tussen loketten", "Documents shared between counters", "count", "higher"
    ),
    _o("weeks_queued", "Weken in een wachtrij", "Weeks in a queue", "weeks"),
    _o("taken_up", "Aanvragen in behandeling genomen", "Applications taken up", "count", None),
    _o("granted", "Toegekende regelingen", "Schemes granted", "count", "higher"),
    _o(
        "overrules",
        "Regels opzijgezet door het doorbraakteam",
        "Rules set aside by the breakthrough team",
        "count",
        None,
    ),
    _o("waived", "Ruimte in de regels gebruikt", "Discretion used", "count", None),
    _o("letters", "Brieven ontvangen", "Letters received", "count"),
    _o("outreach", "Huisbezoeken na een vroeg signaal", "Home visits after an early signal", "count", None),
    _o("start_debt", "Schuld aan het begin (EUR)", "Debt at the start (EUR)", "EUR", None),
    _o("homeless", "Dakloos", "Homeless", "share"),
    _o("domains", "Levensdomeinen met een probleem", "Life domains with a problem", "count"),
    _o("eligible_schemes", "Regelingen met recht op inkomen", "Income schemes entitled to", "count", None),
    _o(
        "benefits_received",
        "Uitkeringen en toeslagen ontvangen (EUR)",
        "Benefits and allowances received (EUR)",
        "EUR",
        None,
    ),
    _o("budget_received", "Maatwerkbudget ontvangen (EUR)", "Custom budget received (EUR)", "EUR", None),
    _o("case_managed", "Met een casemanager (aan het eind)", "With a case manager (at the end)", "share", None),
    # public money of one household (public_money below): its case manager's time, what it received, its crises
    _o("public_services", "Publiek, diensten: casemanager", "Public, services: case manager", "EUR", None),
    _o("public_transfers", "Publiek, overdrachten", "Public, transfers", "EUR", None),
    _o("public_crises", "Publiek: kosten van crises", "Public: cost of crises", "EUR", "lower"),
    _o("household_public_cost", "Publiek totaal: som van de drie", "Public total: sum of the three", "EUR", None),
)

#: Every outcome by name.
OUTCOMES: dict[str, OutcomeInfo] = {o.name: o for o in (*_SUMMARY, *_FURTHER)}
SUMMARY = tuple(o.name for o in _SUMMARY)
HOUSEHOLD_SUMMARY = tuple(n for n in SUMMARY if OUTCOMES[n].aggregate == "household")
RUN_SUMMARY = tuple(n for n in SUMMARY if OUTCOMES[n].aggregate == "run")
#: Public money of one household, in its three kinds and their sum (public_money()).
HOUSEHOLD_PUBLIC = ("public_services", "public_transfers", "public_crises", "household_public_cost")


def info(name: str) -> OutcomeInfo | None:
    return OUTCOMES.get(name)


def label(name: str, lang: str = "nl") -> str:
    """The outcome's label in ``lang``, or the name itself for a name the registry does not know."""
    o = OUTCOMES.get(name)
    return o.label(lang) if o is not None else name


def public_money(row: Mapping[str, Any], unit_costs: UnitCosts) -> dict[str, float]:
    """Public money spent on one household, from its row of metrics.household_outcomes: services
    (its case manager's contact hours), transfers (benefits, allowances and custom budget it
    received), crises (the unit cost of each of its crises) and their sum."""
    services = float(row.get("contact_hours", 0.0)) * unit_costs.case_manager_hour
    transfers = float(row.get("benefits_received", 0.0)) + float(row.get("budget_received", 0.0))
    crises = sum(float(row.get(f"crisis_{k}", 0.0)) * getattr(unit_costs.crisis, k) for k in CRISES)
    return {
        "public_services": services,
        "public_transfers": transfers,
        "public_crises": crises,
        "household_public_cost": services + transfers + crises,
    }
