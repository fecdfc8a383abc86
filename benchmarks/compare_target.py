"""Time the research target: compare 2 scenarios x 30 seeds x 2,000 households x 52 weeks on 2 cores.

    python benchmarks/compare_target.py [--seeds 30] [--households 2000] [--weeks 52] [--workers 2]
    python benchmarks/compare_target.py --profile   # cProfile of one model run instead: the hot spots

Target (issue #4): under 60 s wall time.  The machine's load average is printed
before and after, since other work on the machine slows the run down.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import time

TARGET_S = 60.0


def cpu_seconds() -> float:
    """User + system time of this process and its finished children (the pool's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def time_compare(seeds: int, households: int, weeks: int, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one compare; the pool has shut down when compare returns."""
    from experiments.runner import compare

    t0, c0 = time.perf_counter(), cpu_seconds()
    compare("siloed", "integral", seeds=seeds, households=households, weeks=weeks, workers=workers)
    return time.perf_counter() - t0, cpu_seconds() - c0


def profile_one(scenario: str, households: int, weeks: int, top: int = 25) -> None:
    from simulation import CityModel, load_scenario

    model = CityModel(load_scenario(scenario), seed=0, households=households)
    prof = cProfile.Profile()
    prof.runcall(model.run, weeks)
    stats = pstats.Stats(prof).strip_dirs().sort_stats("tottime")
    print(f"cProfile: {scenario}, {households} households x {weeks} weeks, top {top} by own time")
    stats.print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--households", type=int, default=2000)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--profile", action="store_true", help="profile one model run of each scenario instead")
    args = ap.parse_args()
    if args.profile:
        for scenario in ("siloed", "integral"):
            profile_one(scenario, args.households, args.weeks)
        return
    load_before = os.getloadavg()
    wall, cpu = time_compare(args.seeds, args.households, args.weeks, args.workers)
    load_after = os.getloadavg()
    runs = 2 * args.seeds
    is_target = (args.seeds, args.households, args.weeks, args.workers) == (30, 2000, 52, 2)
    verdict = f" (target < {TARGET_S:.0f} s: {'met' if wall < TARGET_S else 'MISSED'})" if is_target else ""
    print(
        f"compare siloed vs integral: {runs} runs x {args.households} households x {args.weeks} weeks "
        f"on {args.workers} workers: {wall:.1f} s wall{verdict}; "
        f"{runs * args.households * args.weeks / wall:,.0f} household-weeks/s in all"
    )
    print(f"CPU time {cpu:.1f} s, so at best {cpu / args.workers:.1f} s on {args.workers} otherwise idle cores")
    print(f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
