"""Labels of report text in Dutch (default) and English; outcomes are labelled by the outcome
registry (simulation.outcomes) and bundled scenarios by the short name in their file's ``listing:``
block (simulation.listing), which :func:`label` reads for every name it does not hold."""

from __future__ import annotations

from simulation.listing import listing_of
from simulation.outcomes import OUTCOMES

#: The outcomes the charts of one household's numbers lead with, in this order: the comparison
#: report's distributions (reports/compare_report.py) and the debrief's small multiples (game/charts.py).
HEADLINE = (
    "paperwork_hours",
    "debt_admin_hours",
    "weeks_waiting",
    "wait_per_application",
    "fields_repeated",
    "final_debt",
    "crises",
    "trust",
)

LABELS: dict[str, tuple[str, str]] = {
    "week": ("week", "week"),
    "cumulative": ("cumulatief", "cumulative"),
    "per_household": ("per huishouden", "per household"),
    "outcome": ("Uitkomst (gemiddeld per huishouden)", "Outcome (mean per household)"),
    "difference": ("Verschil", "Difference"),
    "mean_debt": ("Gemiddelde schuld (EUR)", "Mean debt (EUR)"),
    "mean_stress": ("Gemiddelde stress (0-1)", "Mean stress (0-1)"),
    "mean_trust": ("Gemiddeld vertrouwen (0-1)", "Mean trust (0-1)"),
    "mean_homeless": ("Aandeel dakloos", "Share homeless"),
    "queued": ("Aanvragen in een wachtrij", "Applications in a queue"),
    "per_1000": ("per 1000 huishoudens", "per 1,000 households"),
    "crisis_shelter": ("Opvang na huisuitzetting", "Shelter after eviction"),
    "kind_services": ("Diensten", "Services"),
    "kind_transfers": ("Overdrachten", "Transfers"),
    "kind_crises": ("Crises", "Crises"),
    "of_which": ("waarvan", "of which"),
    "total_sum": ("Totaal (som van de drie)", "Total (sum of the three)"),
    "cost_title": (
        "Publieke uitgaven per huishouden, in drie soorten (hele looptijd)",
        "Public spending per household, in three kinds (whole run)",
    ),
    "public_title": (
        "Publieke uitgaven per huishouden (EUR, hele looptijd)",
        "Public spending per household (EUR, whole run)",
    ),
    "public_note": (
        "Drie soorten uitgaven, apart gehouden. Diensten: wat de hulp zelf kost (loketmedewerkers, "
        "casemanagers, doorbraakteam, outreach). Overdrachten: geld dat bij huishoudens terechtkomt "
        "(uitkeringen en toeslagen, ook die door meer gebruik van rechten, en maatwerkbudget); dat is "
        "geen kostenpost van de hulp en geen besparing. Crises: kosten van huisuitzettingen, "
        "afsluitingen, beslagen en gezondheidscrises; vermeden crises in geld zijn het verschil op "
        "deze regel. Het totaal is alleen de som van de drie.",
        "Three kinds of spending, kept apart. Services: what the help itself costs (counter staff, "
        "case managers, breakthrough team, outreach). Transfers: money that reaches households "
        "(benefits and allowances, including those paid because take-up rose, and the custom "
        "budget); neither a cost of the help nor a saving. Crises: the cost of evictions, cut-offs, "
        "seizures and health crises; crises avoided in money are the difference on this line. The "
        "total is only the sum of the three.",
    ),
    "households_title": ("Uitkomsten voor huishoudens", "Outcomes for households"),
    "euro_per_household": ("EUR per huishouden", "EUR per household"),
    "crises_title": ("Crises per huishouden", "Crises per household"),
    "trajectories_title": (
        "Verloop per week (gemiddelde over seeds, 95%-band)",
        "Weekly trajectories (mean over seeds, 95% band)",
    ),
    "distributions_title": ("Verdeling over huishoudens", "Distribution over households"),
    "report_title": ("Vergelijking", "Comparison"),
    "report_intro": (
        "Beide scenario's draaiden op dezelfde seeds: dezelfde huishoudens en dezelfde "
        "levensgebeurtenissen (common random numbers). Verschillen komen alleen uit de "
        "organisatie van de hulp.",
        "Both scenarios ran on the same seeds: the same households and the same life events "
        "(common random numbers). Differences come only from how help is organised.",
    ),
    "table_note": (
        "Gemiddelde per huishouden over de seeds, met 95%-betrouwbaarheidsinterval "
        "(t-verdeling over seeds); het verschil is gepaard per seed. Kosten in EUR per "
        "huishouden over de hele looptijd.",
        "Mean per household over seeds, with a 95% confidence interval (t distribution over "
        "seeds); the difference is paired per seed. Costs in EUR per household over the whole run.",
    ),
    "seeds": ("Seeds", "Seeds"),
    "households": ("Huishoudens", "Households"),
    "weeks": ("Weken", "Weeks"),
    "hashes": ("Scenario-hashes", "Scenario hashes"),
}


def label(key: str, lang: str = "nl") -> str:
    """The label in the language, or the key itself for names it does not know (e.g. a custom arm)."""
    pair = LABELS.get(key)
    if pair is None:
        listed = listing_of(key)
        if listed is not None:
            return listed.short.get(lang)
        outcome = OUTCOMES.get(key)
        return outcome.label(lang) if outcome is not None else key
    return pair[1] if lang == "en" else pair[0]
