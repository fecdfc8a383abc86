"""Public money in three kinds that are never added up as if alike.

* services (``cost_services``): what the help itself costs: counter staff, case managers, the
  breakthrough team, outreach after early signals (simulation.metrics.SERVICE_COSTS);
* transfers (``transfers``): money paid to households: benefits and allowances (more of them when
  take-up rises) and the custom budget (simulation.metrics.TRANSFERS).  Neither a cost of the help
  nor a saving;
* crises (``crisis_costs``): what evictions, cut-offs, seizures and health crises cost.  "Crises
  avoided" in money is the difference in this line.

``public_cost`` is their sum; it is only ever shown as that sum, next to the three.
"""

from __future__ import annotations

from simulation.metrics import SERVICE_COSTS, TRANSFERS

SERVICES, TRANSFER, CRISES, TOTAL = "cost_services", "transfers", "crisis_costs", "public_cost"
#: The three kinds, in the order they are shown.
KINDS = (SERVICES, TRANSFER, CRISES)
#: The lines that make up each kind.
PARTS: dict[str, tuple[str, ...]] = {SERVICES: tuple(SERVICE_COSTS), TRANSFER: tuple(TRANSFERS), CRISES: ()}


def rows() -> list[tuple[str, int]]:
    """(outcome, depth) in display order: each kind followed by its parts (depth 1), then the total."""
    out: list[tuple[str, int]] = []
    for kind in KINDS:
        out.append((kind, 0))
        out += [(part, 1) for part in PARTS[kind]]
    out.append((TOTAL, 0))
    return out


def row_label(key: str, lang: str = "nl") -> str:
    """The label of a line of public spending as a table row: a part reads "of which …"."""
    from .labels import label

    text = label(key, lang)
    if any(key in parts for parts in PARTS.values()):
        return f"{label('of_which', lang)} {text[:1].lower()}{text[1:]}"
    return text


def is_public(key: str) -> bool:
    return key == TOTAL or key in KINDS or any(key in parts for parts in PARTS.values())


#: Short names of the kinds (reports.labels keys), for chart groups and legends.
SHORT = {SERVICES: "kind_services", TRANSFER: "kind_transfers", CRISES: "kind_crises", TOTAL: "total_sum"}


def kind_of(key: str) -> str:
    """The kind a line belongs to (a kind is its own kind)."""
    return next((k for k, parts in PARTS.items() if key == k or key in parts), key)


def short_label(key: str, lang: str = "nl") -> str:
    """ "Services: counter staff" for a part, "Services" for a kind, "Total (sum of the three)" for the total."""
    from .labels import label

    kind = kind_of(key)
    if key == kind:
        return label(SHORT.get(key, key), lang)
    text = label(key, lang)
    return f"{label(SHORT[kind], lang)}: {text[:1].lower()}{text[1:]}"
