"""Draw the households of a neighbourhood from the scenario's population mix.

Each household is drawn from its own stream ``(seed, 'population', hid)``, so
household 17 is the same household in every arm of a comparison, whatever the
organisation and however many households come after it.
"""

from __future__ import annotations

import random
from typing import Any

from .schema import HouseholdType, Persona, Range, Scenario
from .streams import stream

FIRST_NAMES = [
    "Samira",
    "Kees",
    "Ineke",
    "Dennis",
    "Fatma",
    "Marco",
    "Priya",
    "Joyce",
    "Ahmed",
    "Anouk",
    "Bram",
    "Chantal",
    "Emre",
    "Gerda",
    "Henk",
    "Latifa",
    "Mohamed",
    "Noor",
    "Ravi",
    "Sandra",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Yilmaz",
    "El Amrani",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Kaya",
    "Pinas",
    "Dekker",
    "Verbeek",
]
STREETS = ["Zaanweg", "Lindenlaan", "Kerkstraat", "Vijverhof", "Molenpad", "Beukenrode", "Havenstraat"]
EMPLOYERS = [
    "Schoonmaakbedrijf Glans",
    "Supermarkt Buurtwinkel",
    "Thuiszorg Zorgzaam",
    "Distributiecentrum Noord",
    "Uitzendbureau Snel",
]


def _draw(rng: random.Random, r: Range) -> float:
    return r.low + (r.high - r.low) * rng.random()


def _identity(rng: random.Random, hid: int) -> dict[str, Any]:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    year = 1950 + int(rng.random() * 55)
    return {
        "name": f"{first} {last}",
        "bsn": f"{100000000 + int(rng.random() * 899999999):09d}",
        "birth_date": f"{1 + int(rng.random() * 28):02d}-{1 + int(rng.random() * 12):02d}-{year}",
        "address": f"{rng.choice(STREETS)} {1 + hid % 180}",
        "iban": f"NL{10 + int(rng.random() * 89)}BANK0{100000000 + int(rng.random() * 899999999)}",
        "phone": f"06{10000000 + int(rng.random() * 89999999)}",
        "employer": rng.choice(EMPLOYERS),
    }


def draw_profile(scenario: Scenario, seed: int, hid: int, type_id: str | None = None) -> dict[str, Any]:
    rng = stream(seed, "population", hid)
    types = scenario.population
    if type_id is None:
        ids = sorted(types)
        total = sum(types[t].weight for t in ids)
        u = rng.random() * total
        for type_id in ids:
            u -= types[type_id].weight
            if u <= 0:
                break
    assert type_id is not None, "no household types to draw from"  # an empty population
    t: HouseholdType = types[type_id]
    children = t.children[0] + int(rng.random() * (t.children[1] - t.children[0] + 1))
    employed = sum(1 for _ in range(t.adults) if rng.random() < t.employed) if t.can_work else 0
    debt_total = _draw(rng, t.initial_debt)
    weight_sum = sum(t.debt_split.values()) or 1.0
    profile: dict[str, Any] = {
        "type_id": type_id,
        "adults": t.adults,
        "children": children,
        "employed_adults": employed,
        "adults_can_work": t.can_work,
        "wage": _draw(rng, t.wage),
        "rent": _draw(rng, t.rent),
        "pension": _draw(rng, t.pension),
        "cash": _draw(rng, t.savings),
        "hours": _draw(rng, t.hours),
        "skill": _draw(rng, t.skill),
        "digital": _draw(rng, t.digital),
        "network_hours": _draw(rng, t.network_hours),
        "trust": _draw(rng, t.trust),
        "shame_weeks": _draw(rng, t.shame_weeks) * scenario.behaviour.shame_scale,
        "care_need": rng.random() < t.care_need,
        "youth_need": children > 0 and rng.random() < t.youth_need,
        "debts": {k: debt_total * v / weight_sum for k, v in sorted(t.debt_split.items())},
        # weeks the initial debts have been open
        "debt_age": int(rng.random() * scenario.mechanics.initial_debt_age_weeks),
        "starts_with": list(t.starts_with),
        "extra_facts": {},
    }
    profile["known_schemes"] = sorted(
        s for s, spec in sorted(scenario.schemes.items()) if rng.random() < spec.awareness
    )
    profile.update(_identity(rng, hid))
    return profile


def persona_profile(scenario: Scenario, seed: int, persona_id: str, hid: int) -> dict[str, Any]:
    """A persona: its stated facts over a draw from its household type."""
    p: Persona = scenario.personas[persona_id]
    profile = draw_profile(scenario, seed, hid, p.type)
    for key in (
        "adults",
        "children",
        "employed_adults",
        "wage",
        "rent",
        "care_need",
        "youth_need",
        "hours",
        "skill",
        "digital",
        "network_hours",
        "trust",
        "starts_with",
    ):
        value = getattr(p, key)
        if value is not None:
            profile[key] = value
    if p.savings is not None:
        profile["cash"] = p.savings
    if p.debts:
        profile["debts"] = dict(p.debts)
        profile["debt_age"] = 3
    profile["name"] = p.name
    profile["persona_id"] = persona_id
    profile["shame_weeks"] = 0.0  # the player decides when to ask for help
    profile["extra_facts"] = dict(p.facts)
    for k in ("bsn", "birth_date", "address", "iban", "phone", "employer"):
        if k in p.facts:
            profile[k] = p.facts[k]
    return profile
