"""One colour per scenario, the same on every chart, slide and screen, whatever order it was played in.

The bundled scenarios come first in the game's order; any other scenario (a
municipality's own file) gets the next colour of the palette by its name, so it
keeps its colour from one deck to the next.
"""

from __future__ import annotations

import zlib

#: The order in which reports list the bundled scenarios (today as it is, then the alternative).
SCENARIO_ORDER = ("siloed", "integral")
#: Colours of the bundled scenarios in the order the game lists them, then for others.
PALETTE = ("#c0392b", "#2471a3", "#3c8d5a", "#74559e", "#b9770e", "#1f6f8b")


def scenario_colour(name: str) -> str:
    order = SCENARIO_ORDER
    if name in order:
        return PALETTE[order.index(name)]
    return PALETTE[len(order) + zlib.crc32(str(name).encode("utf-8", "surrogatepass")) % (len(PALETTE) - len(order))]


def scenario_sort_key(name: str) -> tuple[int, str]:
    """Reports list the bundled scenarios in their order, then any other by name."""
    order = SCENARIO_ORDER
    return (order.index(name) if name in order else len(order), str(name))
