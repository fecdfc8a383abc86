"""One colour per scenario, the same on every chart, slide and screen, whatever order it was played in.

The bundled scenarios come first, in the order and colours of their files' ``listing:`` blocks
(simulation.listing); any other scenario (a municipality's own file) gets a colour of the palette
by its name, so it keeps its colour from one deck to the next.
"""

from __future__ import annotations

import zlib
from typing import Any

from simulation.listing import listed_names, listing_of

#: Colours of scenarios without a listing, chosen by name.
PALETTE = ("#3c8d5a", "#74559e", "#b9770e", "#1f6f8b")


def scenario_order() -> tuple[str, ...]:
    """The order in which reports list the bundled scenarios (today as it is, then the alternative)."""
    return listed_names()


def scenario_colour(name: str) -> str:
    listed = listing_of(name)
    if listed is not None:
        return listed.colour
    return PALETTE[zlib.crc32(str(name).encode("utf-8", "surrogatepass")) % len(PALETTE)]


def scenario_sort_key(name: str) -> tuple[int, str]:
    """Reports list the bundled scenarios in their order, then any other by name."""
    order = scenario_order()
    return (order.index(name) if name in order else len(order), str(name))


def __getattr__(name: str) -> Any:
    """``SCENARIO_ORDER``, read from the scenario files when first asked for (for the modules that
    import it by that name)."""
    if name == "SCENARIO_ORDER":
        return scenario_order()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
