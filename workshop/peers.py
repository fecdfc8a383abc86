"""Compare like with like: the simulated households a player is held against.

A player is compared with simulated households of the same run (so the same
weeks and the same organisation of help), of the same household type, that
were in the same situation: they sought help (visited a counter, applied, or
had a case manager) or, like a player who did nothing, did not.  When fewer
than ``MIN_PEERS`` such households exist, the household type alone is used and
the returned ``basis`` says so.

Numbers are shown as the whole distribution: the middle (median) with the
middle half around it (the 25th to 75th percentile), and the share of peers
with nothing at all, so a median of zero never hides the burden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

MIN_PEERS = 5
#: The columns that tell whether a household sought help.
SOUGHT = ("visits", "applications")


def sought_help(rows: pd.DataFrame | dict[str, Any]) -> Any:
    """True where a household visited a counter, applied for something or had a case manager
    (a bool for one record, a Series for a table)."""
    if isinstance(rows, dict):
        return any(_num(rows.get(c)) > 0 for c in SOUGHT) or bool(rows.get("case_managed"))
    found = pd.Series(False, index=rows.index)
    for c in SOUGHT:
        if c in rows:
            found |= pd.to_numeric(rows[c], errors="coerce").fillna(0) > 0
    if "case_managed" in rows:
        found |= rows["case_managed"].fillna(False).astype(bool)
    return found


def _num(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if not math.isnan(v) else 0.0


def peers(pop: pd.DataFrame, me: dict[str, Any]) -> tuple[pd.DataFrame, str]:
    """The simulated households like the player, and the basis, the first with at least MIN_PEERS:
    ``"type_situation"`` (same type and situation), ``"situation"`` (same situation, any type: a player
    who sought help is held against households that did), ``"type"`` or ``"all"``."""
    if pop.empty:
        return pop, "all"
    same_type = pop["type"] == me.get("type") if "type" in pop else pd.Series(False, index=pop.index)
    same_situation = sought_help(pop) == sought_help(me)
    for basis, mask in (
        ("type_situation", same_type & same_situation),
        ("situation", same_situation),
        ("type", same_type),
    ):
        if int(mask.sum()) >= MIN_PEERS:
            return pop[mask], basis
    return pop, "all"


@dataclass(frozen=True)
class Spread:
    n: int
    median: float
    low: float  # 25th percentile
    high: float  # 75th percentile
    zero_share: float  # share of peers with exactly 0

    @property
    def varies(self) -> bool:
        return self.high > self.low


def spread(values: Any) -> Spread:
    v = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if not v.size:
        nan = float("nan")
        return Spread(0, nan, nan, nan, nan)
    # values that households really had (no averaging of the two middle ones): counts stay whole numbers
    lo, mid, hi = np.percentile(v, [25, 50, 75], method="inverted_cdf")
    return Spread(int(v.size), float(mid), float(lo), float(hi), float(np.mean(v == 0)))
