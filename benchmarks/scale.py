"""How the simulation scales with the population: speed, memory and outcomes per size.

Also the parallel speed-up, and Mesa's own Boltzmann wealth example as a reference measured
in the same run.

    python benchmarks/scale.py [--sizes 1000 5000 10000 20000 50000] [--weeks 52] [--scenario siloed]
                               [--speedup-seeds 4] [--speedup-households 1000]

* Each size runs in a fresh subprocess, so its peak memory (``ru_maxrss``) is its own.
  Throughput counts the model's weeks only (building the population is listed apart), per
  wall-clock second and per CPU-second (the latter is steadier on a shared machine).
* Outcomes per household (weeks waiting, paperwork hours, crises) of each size's run:
  every capacity and the wait at a counter are per 1,000 households, so these should not
  depend on the size beyond seed noise (docs/ODD.md, 1.2).
* Speed-up: ``compare`` siloed vs integral on 1 and on 2 worker processes.
* Reference: Mesa's ``BoltzmannWealth`` (mesa.examples) agent-steps per second; the
  ratio says how much heavier one household-week is than one Boltzmann agent-step.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import types
from pathlib import Path

BOLTZMANN_DIR = "examples/basic/boltzmann_wealth_model"


def one_size(scenario: str, households: int, weeks: int) -> dict[str, float]:
    from experiments.jobs import collector_paused
    from simulation import CityModel, load_scenario
    from simulation.metrics import CRISES

    sc = load_scenario(scenario)
    with collector_paused():  # as in batch runs (experiments.jobs.execute)
        t0 = time.perf_counter()
        model = CityModel(sc, seed=0, households=households)
        t1, c1 = time.perf_counter(), time.process_time()
        model.run(weeks)
        t2, c2 = time.perf_counter(), time.process_time()
    per_household = {
        k: sum(h.tally.get(k, 0) for h in model.households) / households for k in ("weeks_waiting", "paperwork_hours")
    }
    per_household["crises"] = sum(h.tally.get(f"crisis_{c}", 0) for h in model.households for c in CRISES) / households
    return {
        "households": households,
        "weeks": weeks,
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "cpu_s": c2 - c1,
        "hh_weeks_per_s": households * weeks / (t2 - t1),
        "hh_weeks_per_cpu_s": households * weeks / (c2 - c1),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **per_household,
    }


def boltzmann_class():
    """Mesa's shipped example.  ``mesa.examples/__init__`` imports every example (some need networkx),
    so the example's own package is registered without that ``__init__``; its code runs unchanged."""
    import mesa

    root = Path(mesa.__file__).parent
    for name, rel in (
        ("mesa.examples", "examples"),
        ("mesa.examples.basic", "examples/basic"),
        ("mesa.examples.basic.boltzmann_wealth_model", BOLTZMANN_DIR),
    ):
        if name not in sys.modules:
            pkg = types.ModuleType(name)
            pkg.__path__ = [str(root / rel)]
            sys.modules[name] = pkg
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannWealth

    return BoltzmannWealth


def boltzmann(agents: int, steps: int) -> dict[str, float]:
    model_cls = boltzmann_class()
    side = max(10, int(agents**0.5))  # the example's density: 100 agents on 10 x 10
    model = model_cls(n=agents, width=side, height=side, seed=0)
    c0 = time.process_time()
    for _ in range(steps):
        model.step()
    cpu = time.process_time() - c0
    return {"agents": agents, "steps": steps, "cpu_s": cpu, "agent_steps_per_cpu_s": agents * steps / cpu}


def in_subprocess(*args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def speedup(seeds: int, households: int, weeks: int) -> dict[str, float]:
    from experiments.runner import compare

    times = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        compare("siloed", "integral", seeds=seeds, households=households, weeks=weeks, workers=workers)
        times[workers] = time.perf_counter() - t0
    return {"t1_s": times[1], "t2_s": times[2], "speedup": times[1] / times[2]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000, 20000, 50000])
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--scenario", default="siloed")
    ap.add_argument("--speedup-seeds", type=int, default=4)
    ap.add_argument("--speedup-households", type=int, default=1000)
    ap.add_argument("--boltzmann-agents", type=int, default=1000)
    ap.add_argument("--boltzmann-steps", type=int, default=200)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size, JSON on stdout
    ap.add_argument("--boltzmann-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_size(args.scenario, args.one, args.weeks)))
        return
    if args.boltzmann_only:
        print(json.dumps(boltzmann(args.boltzmann_agents, args.boltzmann_steps)))
        return

    print(f"load average before: {os.getloadavg()[0]:.2f} (1 min); {os.cpu_count()} cores", flush=True)
    print(
        f"{'households':>10} {'weeks':>5} {'build s':>8} {'run s':>7} {'cpu s':>7} {'hh-weeks/s':>11} "
        f"{'per cpu-s':>10} {'us/hh-week':>10} {'peak MB':>8} | per household: {'waiting':>7} "
        f"{'paperwork h':>11} {'crises':>6}",
        flush=True,
    )
    rows = []
    for n in args.sizes:
        r = in_subprocess("--one", str(n), "--weeks", str(args.weeks), "--scenario", args.scenario)
        rows.append(r)
        print(
            f"{n:>10} {args.weeks:>5} {r['build_s']:8.2f} {r['run_s']:7.2f} {r['cpu_s']:7.2f} "
            f"{r['hh_weeks_per_s']:11,.0f} {r['hh_weeks_per_cpu_s']:10,.0f} "
            f"{1e6 / r['hh_weeks_per_cpu_s']:10.1f} {r['peak_mb']:8.0f} | {'':>14}{r['weeks_waiting']:7.2f} "
            f"{r['paperwork_hours']:11.2f} {r['crises']:6.3f}",
            flush=True,
        )
    rates = [r["hh_weeks_per_cpu_s"] for r in rows]
    print(
        f"CPU cost per household-week, largest vs smallest size: x{rates[0] / rates[-1]:.2f} (1.00 = flat)", flush=True
    )

    b = in_subprocess(
        "--boltzmann-only",
        "--boltzmann-agents",
        str(args.boltzmann_agents),
        "--boltzmann-steps",
        str(args.boltzmann_steps),
    )
    print(
        f"Mesa BoltzmannWealth ({b['agents']} agents x {b['steps']} steps): "
        f"{b['agent_steps_per_cpu_s']:,.0f} agent-steps per CPU-second; one household-week costs "
        f"{b['agent_steps_per_cpu_s'] / rates[0]:.1f} Boltzmann agent-steps (at {args.sizes[0]} households)",
        flush=True,
    )

    s = speedup(args.speedup_seeds, args.speedup_households, args.weeks)
    print(
        f"compare siloed vs integral, {args.speedup_seeds} seeds x {args.speedup_households} households x "
        f"{args.weeks} weeks: 1 worker {s['t1_s']:.1f} s, 2 workers {s['t2_s']:.1f} s, "
        f"speed-up x{s['speedup']:.2f}",
        flush=True,
    )
    print(f"load average after: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
