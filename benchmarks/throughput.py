"""Household-weeks per second of the simulation core, on one core.

    python benchmarks/throughput.py [--households 1000 10000] [--weeks 52] [--repeat 1]

Target (issue #2): 10,000 households x 52 weeks in under 20 s on one core.
Times the model only (scenario loading and result tables excluded, listed apart).
"""

from __future__ import annotations

import argparse
import time

from experiments.jobs import collector_paused
from simulation import CityModel, load_scenario
from simulation.metrics import household_outcomes


def measure(name: str, households: int, weeks: int, seed: int = 0) -> dict[str, float]:
    sc = load_scenario(name)
    with collector_paused():  # as in batch runs (experiments.jobs.execute)
        t0 = time.perf_counter()
        model = CityModel(sc, seed=seed, households=households)
        t1 = time.perf_counter()
        model.run(weeks)
        t2 = time.perf_counter()
        household_outcomes(model)
        model.datacollector.get_model_vars_dataframe()
        t3 = time.perf_counter()
    return {
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "tables_s": t3 - t2,
        "total_s": t3 - t0,
        "hh_weeks_per_s": households * weeks / (t2 - t1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--scenarios", nargs="+", default=["siloed", "integral"])
    args = ap.parse_args()
    print(
        f"{'scenario':>9} {'households':>10} {'weeks':>5} {'build s':>8} {'run s':>7} {'tables s':>8} "
        f"{'total s':>8} {'hh-weeks/s':>11}"
    )
    for name in args.scenarios:
        for n in args.households:
            r = measure(name, n, args.weeks)
            print(
                f"{name:>9} {n:>10} {args.weeks:>5} {r['build_s']:8.2f} {r['run_s']:7.2f} {r['tables_s']:8.2f} "
                f"{r['total_s']:8.2f} {r['hh_weeks_per_s']:11,.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
