"""What the allowances' taper and final calculation cost per household-week, measured in one process.

    python benchmarks/reconciliation_cost.py [--households 2000] [--weeks 52] [--scenarios siloed integral]

Three models of the same scenario and seed are stepped in turn, week by week (so the machine's load
falls on all three alike): ``off`` without taper and final calculation (the model as before them),
``taper`` with the taper only, ``full`` as the scenario says.  Over 52 weeks ``off`` and ``taper``
differ also in what happens (the taper pays less), ``taper`` and ``full`` only in the bookkeeping
(the first settlement is in week ``reconciliation.week`` of the second year).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from experiments.jobs import collector_paused
from simulation import CityModel, load_scenario


def variants(name: str) -> dict[str, dict[str, Any] | None]:
    reconciled = [sid for sid, s in load_scenario(name).schemes.items() if s.reconciled]
    return {
        "off": {
            **{f"schemes.{s}.reconciled": False for s in reconciled},
            **{f"schemes.{s}.taper": None for s in reconciled},
        },
        "taper": {f"schemes.{s}.reconciled": False for s in reconciled},
        "full": None,
    }


def measure(name: str, households: int, weeks: int) -> dict[str, float]:
    with collector_paused():
        models = {
            v: CityModel(load_scenario(name, o), seed=0, households=households) for v, o in variants(name).items()
        }
        spent = dict.fromkeys(models, 0.0)
        order = list(models)
        for week in range(weeks):
            for v in order if week % 2 == 0 else order[::-1]:
                t0 = time.perf_counter()
                models[v].step()
                spent[v] += time.perf_counter() - t0
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=2000)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--scenarios", nargs="+", default=["siloed", "integral"])
    args = ap.parse_args()
    print(f"{'scenario':>9} {'off s':>7} {'taper s':>8} {'full s':>7} {'full/off':>9}")
    for name in args.scenarios:
        t = measure(name, args.households, args.weeks)
        print(
            f"{name:>9} {t['off']:7.2f} {t['taper']:8.2f} {t['full']:7.2f} {t['full'] / t['off'] - 1:+9.1%}", flush=True
        )


if __name__ == "__main__":
    main()
