"""Time a thorough council comparison of three packages (the issue-17 target: under 2 minutes here).

    python benchmarks/council_compare.py [--precision thorough] [--years 4] [--engine local|dask]
                                         [--workers 2] [--households 40000] [--brief DIR]

Three packages on the siloed city (ask once + early signals; custom budget + case managers + front
door; strictness + debt-help access) against the scenario as it is, on the same seeds, over the
horizon; then the yearly totals for the municipality and (with --brief) the one-page brief.  The
machine's load average is printed before and after, since other work on it slows the run down.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

TARGET_S = 120.0


def cpu_seconds() -> float:
    """User + system time of this process and its finished children (the pool's workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def packages():
    from workshop.packages import Package
    from workshop.policy import levers

    base = {k: lv.baseline for k, lv in levers("siloed").items()}
    return [
        Package("Eén keer vragen", "siloed", {**base, "ask_once": True, "early_signals": True}),
        Package(
            "Wijkteam + budget", "siloed", {**base, "front_door": "wijkteam", "case_managers": 16, "custom_budget": 60}
        ),
        Package("Milder", "siloed", {**base, "strictness": 0.5, "debt_help_access": 4}),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--precision", default="thorough")
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--engine", default="local")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--households", type=int, default=40_000)
    ap.add_argument("--brief", type=Path, default=None)
    a = ap.parse_args()
    from workshop.council_run import plan_comparison, run_comparison
    from workshop.council_totals import municipality_totals

    print(f"load average before: {os.getloadavg()}")
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    p = plan_comparison(packages(), a.households, a.years, a.precision)
    cmp = run_comparison(p, engine=a.engine, workers=a.workers)
    t_run = time.perf_counter() - t0
    for res in cmp.results.values():
        municipality_totals(res, a.households)
    if a.brief:
        from workshop.council_brief import write_brief

        for lang in ("nl", "en"):
            write_brief(cmp, a.brief, lang, f"brief_{lang}")
    wall = time.perf_counter() - t0
    hh_weeks = len(p.jobs) * p.run_households * p.weeks
    print(
        f"{a.precision}: {len(p.jobs)} model runs ({p.runs} runs x {len(p.jobs) // p.runs} arms) x "
        f"{p.run_households} households x {p.weeks} weeks = {hh_weeks:,} household-weeks, engine {a.engine}, "
        f"{a.workers} workers"
    )
    print(
        f"model runs {t_run:.1f} s, with totals{' and briefs' if a.brief else ''} {wall:.1f} s "
        f"(target {TARGET_S:.0f} s): {'met' if wall < TARGET_S else 'NOT met'}"
    )
    cpu = cpu_seconds() - cpu0
    print(
        f"CPU {cpu:.1f} s in all processes: on {a.workers} otherwise idle cores about {cpu / a.workers:.0f} s "
        f"({hh_weeks / cpu:,.0f} household-weeks per CPU second)"
    )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
