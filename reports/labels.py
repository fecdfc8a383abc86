"""Labels of outcomes and report text, in Dutch (default) and English."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "siloed": ("Kokers", "Siloed"),
    "integral": ("Integraal", "Integral"),
    "week": ("week", "week"),
    "cumulative": ("cumulatief", "cumulative"),
    "per_household": ("per huishouden", "per household"),
    "outcome": ("Uitkomst (gemiddeld per huishouden)", "Outcome (mean per household)"),
    "difference": ("Verschil", "Difference"),
    "mean_debt": ("Gemiddelde schuld (EUR)", "Mean debt (EUR)"),
    "mean_stress": ("Gemiddelde stress (0-1)", "Mean stress (0-1)"),
    "mean_trust": ("Gemiddeld vertrouwen (0-1)", "Mean trust (0-1)"),
    "mean_homeless": ("Aandeel dakloos", "Share homeless"),
    "paperwork_hours": ("Uren papierwerk", "Paperwork hours"),
    "debt_admin_hours": ("waarvan uren met schuldeisers en deurwaarders", "of which hours with creditors and bailiffs"),
    "contact_hours": ("Uren gesprek met hulpverlener", "Hours of contact with a professional"),
    "visits": ("Loketbezoeken", "Counter visits"),
    "applications": ("Aanvragen", "Applications"),
    "fields_supplied": ("Ingevulde gegevens", "Data items supplied"),
    "fields_repeated": ("Zelfde gegeven opnieuw gevraagd", "Same data item asked again"),
    "documents_fetched": ("Documenten opgehaald", "Documents fetched"),
    "weeks_waiting": ("Weken met een aanvraag in behandeling", "Weeks with an application pending"),
    "wait_per_application": ("Wachttijd per aanvraag tot behandeling (weken)",
                             "Wait per application until a counter takes it up (weeks)"),
    "sent_on": ("Doorgestuurd (verkeerd loket)", "Sent on (wrong door)"),
    "rejections": ("Afwijzingen", "Rejections"),
    "sanctions": ("Sancties", "Sanctions"),
    "clawbacks": ("Terugvorderingen", "Claw-backs"),
    "deadlines_missed": ("Termijnen gemist", "Deadlines missed"),
    "takeup": ("Gebruik van rechten (aandeel)", "Take-up of entitlements (share)"),
    "final_debt": ("Schuld aan het eind (EUR)", "Debt at the end (EUR)"),
    "crises": ("Crises", "Crises"),
    "crisis_eviction": ("Huisuitzetting", "Eviction"),
    "crisis_cutoff": ("Afsluiting energie", "Energy cut-off"),
    "crisis_seizure": ("Beslag deurwaarder", "Bailiff seizure"),
    "crisis_health": ("Gezondheidscrisis", "Health crisis"),
    "stress": ("Stress aan het eind (0-1)", "Stress at the end (0-1)"),
    "trust": ("Vertrouwen aan het eind (0-1)", "Trust at the end (0-1)"),
    "income_gap": ("Tekort op het sociaal minimum (EUR/week)", "Gap to the social minimum (EUR/week)"),
    "cost_staff": ("Loketmedewerkers", "Counter staff"),
    "cost_case_managers": ("Casemanagers", "Case managers"),
    "cost_breakthrough": ("Doorbraakteam", "Breakthrough team"),
    "cost_outreach": ("Outreach na vroegsignalering", "Outreach after early signals"),
    "cost_services": ("Kosten van de dienstverlening", "Cost of services"),
    "transfers": ("Overdrachten (uitkeringen, toeslagen, maatwerkbudget)",
                  "Transfers (benefits, allowances, custom budget)"),
    "benefits": ("Uitkeringen en toeslagen", "Benefits and allowances"),
    "custom_budget": ("Maatwerkbudget", "Custom budget"),
    "crisis_costs": ("Kosten van crises", "Cost of crises"),
    "public_cost": ("Publieke kosten (EUR)", "Public cost (EUR)"),
    "cost_title": ("Publieke kosten per huishouden (hele looptijd)", "Public cost per household (whole run)"),
    "euro_per_household": ("EUR per huishouden", "EUR per household"),
    "crises_title": ("Crises per huishouden", "Crises per household"),
    "trajectories_title": ("Verloop per week (gemiddelde over seeds, 95%-band)",
                           "Weekly trajectories (mean over seeds, 95% band)"),
    "distributions_title": ("Verdeling over huishoudens", "Distribution over households"),
    "report_title": ("Vergelijking", "Comparison"),
    "report_intro": ("Beide scenario's draaiden op dezelfde seeds: dezelfde huishoudens en dezelfde "
                     "levensgebeurtenissen (common random numbers). Verschillen komen alleen uit de "
                     "organisatie van de hulp.",
                     "Both scenarios ran on the same seeds: the same households and the same life events "
                     "(common random numbers). Differences come only from how help is organised."),
    "table_note": ("Gemiddelde per huishouden over de seeds, met 95%-betrouwbaarheidsinterval "
                   "(t-verdeling over seeds); het verschil is gepaard per seed. Kosten in EUR per "
                   "huishouden over de hele looptijd.",
                   "Mean per household over seeds, with a 95% confidence interval (t distribution over "
                   "seeds); the difference is paired per seed. Costs in EUR per household over the whole run."),
    "seeds": ("Seeds", "Seeds"),
    "households": ("Huishoudens", "Households"),
    "weeks": ("Weken", "Weeks"),
    "hashes": ("Scenario-hashes", "Scenario hashes"),
}


def label(key: str, lang: str = "nl") -> str:
    """The label in the language, or the key itself for names it does not know (e.g. a custom arm)."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
