"""How the bundled scenarios are listed, read once from their files' ``listing:`` blocks
(simulation/schema_listing.py): their order, colours and short labels, the baseline (the
scenario a command starts in when none is given) and which scenario each is compared with.

No scenario id is written into Python: a municipality that adds its own scenario file to
``scenarios/`` gives it a ``listing:`` block to place it, or is listed after the others by name.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from . import loader
from .scenario_file import ScenarioError, read_yaml
from .schema_listing import Listing

__all__ = ["baseline_scenario", "compared_with", "comparison", "listed_names", "listing_of", "scenario_order"]


class _File(BaseModel):
    """Only the ``listing:`` block of a scenario file (the rest is checked when it is loaded)."""

    model_config = ConfigDict(extra="ignore")
    listing: Listing | None = None


@lru_cache(maxsize=4)
def _read(folder: Path) -> tuple[tuple[str, ...], dict[str, Listing]]:
    """(every bundled name, the listing of those that have one) of the scenarios in ``folder``."""
    names = tuple(loader.bundled_names(folder))
    listings: dict[str, Listing] = {}
    for name in names:
        path = folder / f"{name}.yaml"
        try:
            block = _File.model_validate(read_yaml(path)).listing
        except ValidationError as exc:
            raise ScenarioError(loader.format_validation_error(str(path), exc)) from None
        if block is not None:
            listings[name] = block
    _check(folder, names, listings)
    return names, dict(sorted(listings.items(), key=lambda item: (item[1].order, item[0])))


def _check(folder: Path, names: tuple[str, ...], listings: dict[str, Listing]) -> None:
    """What no single file can check: places, the one baseline, and partners that exist."""
    by_order: dict[int, str] = {}
    for name, block in sorted(listings.items()):
        where = folder / f"{name}.yaml"
        if block.order in by_order:
            raise ScenarioError(
                f"{where}: listing.order {block.order} is also the place of '{by_order[block.order]}'; "
                "give each listed scenario its own place"
            )
        by_order[block.order] = name
        if block.compare_with is not None and (block.compare_with not in names or block.compare_with == name):
            others = ", ".join(n for n in names if n != name) or "none"
            raise ScenarioError(
                f"{where}: listing.compare_with: unknown scenario '{block.compare_with}' (bundled: {others})"
            )
    baselines = sorted(n for n, b in listings.items() if b.role == "baseline")
    if len(baselines) > 1:
        raise ScenarioError(
            f"{folder}: listing.role 'baseline' is held by {', '.join(baselines)}; give it to one scenario"
        )


def _listing() -> tuple[tuple[str, ...], dict[str, Listing]]:
    return _read(loader.SCENARIO_DIR)


def listing_of(name: str) -> Listing | None:
    """The listing of a bundled scenario, or None (not bundled, or listed by name only)."""
    return _listing()[1].get(str(name))


def listed_names() -> tuple[str, ...]:
    """The bundled scenarios that have a listing, in their order."""
    return tuple(_listing()[1])


def scenario_order() -> list[str]:
    """Every bundled scenario: the listed ones in their order, then the others by name."""
    names, listings = _listing()
    return [*listings, *(n for n in names if n not in listings)]


def baseline_scenario() -> str:
    """The scenario a command starts in when none is given: the one whose role is ``baseline``,
    else the first in the order."""
    listings = _listing()[1]
    chosen = next((n for n, b in listings.items() if b.role == "baseline"), None)
    order = scenario_order()
    if chosen is None and not order:
        raise ScenarioError(f"{loader.SCENARIO_DIR}: no bundled scenario (a file that says 'extends:')")
    return chosen or order[0]


def compared_with(name: str) -> str | None:
    """The scenario ``name`` is set against (its ``listing.compare_with``), else the first other
    scenario in the order, else None."""
    block = listing_of(name)
    if block is not None and block.compare_with is not None:
        return block.compare_with
    return next((n for n in scenario_order() if n != name), None)


def comparison() -> tuple[str, str]:
    """The default pair of a comparison: the baseline and what it is compared with."""
    base = baseline_scenario()
    return base, compared_with(base) or base
