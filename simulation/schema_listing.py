"""The ``listing:`` block of a scenario file: how the game, the reports and the commands list a
bundled scenario (its place, colour and short label, which one is the default and which one it is
compared with).  It describes the file itself and is not inherited through ``extends``;
simulation.listing reads it for every bundled scenario."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .schema_base import Strict, Text

#: What a listed scenario is among the bundled ones: ``baseline`` is help organised as it is today,
#: the scenario every command starts in when none is given; ``alternative`` is another way.
ListingRole = Literal["baseline", "alternative"]


class Listing(Strict):
    """How a bundled scenario is listed. A scenario without this block is listed after the ones
    with it, by name, in a colour of the reports' palette."""

    order: int = Field(ge=1, description="place in every list of scenarios (1 comes first); unique")
    colour: str = Field(
        pattern=r"^#[0-9a-fA-F]{6}$", description="'#rrggbb': the scenario's colour on every chart, slide and screen"
    )
    short: Text  # the short name on charts and tables (e.g. Kokers / Siloed)
    role: ListingRole = Field(
        "alternative",
        description="'baseline' (at most one): help as it is today, where a command starts when none is given",
    )
    compare_with: str | None = Field(
        None, description="the bundled scenario it is set against (the other play, the second arm of a comparison)"
    )
