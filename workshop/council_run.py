"""Council runs of saved packages: each package against the scenario as it is, on the same seeds,
sized by a precision (runs × households) and a horizon in years.

Up to four packages run together; packages on the same base scenario share its baseline runs,
so a comparison of three packages is one baseline and three changed scenarios per seed.  Each
package's result is a :class:`workshop.policy.PolicyResult` of its own (baseline against package),
so the policy charts, tables and balance apply to it unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from experiments.engines import map_jobs
from experiments.jobs import Job
from experiments.runner import Progress, manifest, scenario_data, summarise
from simulation.loader import load_scenario

from . import texts
from .packages import PRECISIONS, Package, PackageError
from .policy import BASELINE, POLICY, PolicyResult, gains_by_type, levers, overrides, validate

MAX_COMPARED = 4
WEEKS_PER_YEAR = 52


@dataclass
class ComparisonPlan:
    packages: list[Package]
    households: int  # in the municipality's target group
    years: int
    precision: str
    seeds: list[int]
    run_households: int  # simulated per run
    weeks: int
    jobs: list[Job] = field(default_factory=list)
    arms: dict[str, str] = field(default_factory=dict)  # package name -> its baseline arm label
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # package name -> changed levers
    scenarios: dict[str, Any] = field(default_factory=dict)  # arm label -> Scenario

    @property
    def runs(self) -> int:
        return len(self.seeds)


@dataclass
class Comparison:
    plan: ComparisonPlan
    results: dict[str, PolicyResult]  # package name -> its result against its baseline

    @property
    def packages(self) -> list[Package]:
        return self.plan.packages


def plan_comparison(
    packages: Sequence[Package],
    households: int,
    years: int,
    precision: str = "normal",
    lang: str = "nl",
    size: tuple[int, int, int] | None = None,
) -> ComparisonPlan:
    """Check the packages (1..4, distinct names, levers the scenario allows) and lay out the jobs.
    ``size``: (runs, households per run, weeks) instead of the precision's and the horizon's (tests)."""
    t = texts(lang)
    if not 1 <= len(packages) <= MAX_COMPARED:
        raise PackageError(t("vergelijk 1 tot {n} pakketten, niet {k}").format(n=MAX_COMPARED, k=len(packages)))
    names = [p.name for p in packages]
    if len(set(names)) != len(names):
        raise PackageError(t("elk pakket mag maar één keer in een vergelijking"))
    if precision not in PRECISIONS:
        raise PackageError(t("precisie: {known}, niet '{v}'").format(known=", ".join(PRECISIONS), v=precision))
    runs, run_households = PRECISIONS[precision]
    weeks = years * WEEKS_PER_YEAR
    if size is not None:
        runs, run_households, weeks = size
    seeds = list(range(runs))
    p = ComparisonPlan(list(packages), households, years, precision, seeds, run_households, weeks)
    arms: list[tuple[str, Any]] = []
    for pkg in packages:
        base = load_scenario(pkg.scenario)
        known = levers(base)
        stored = validate({k: v for k, v in pkg.levers.items() if k in known}, known, lang)
        changed = {k: v for k, v in stored.items() if v != known[k].baseline}
        base_label = f"{BASELINE}:{pkg.scenario}"
        if base_label not in p.scenarios:
            p.scenarios[base_label] = base
            arms.append((base_label, base))
        label = f"{POLICY}:{pkg.name}"
        p.scenarios[label] = load_scenario(pkg.scenario, overrides(changed, known)) if changed else base
        arms.append((label, p.scenarios[label]))
        p.arms[pkg.name] = base_label
        p.changed[pkg.name] = changed
    data = {label: scenario_data(sc) for label, sc in arms}
    p.jobs = [Job(label, data[label], s, run_households, weeks) for s in seeds for label, _ in arms]
    return p


def run_comparison(
    p: ComparisonPlan,
    engine: str = "local",
    workers: int | None = None,
    progress: Progress | None = None,
    pool: Executor | None = None,
    scheduler: str | None = None,
) -> Comparison:
    """Run the jobs on the chosen engine (local processes or Dask); rows come in job order whatever the
    engine, so the result is the same on both."""
    results = map_jobs(p.jobs, engine, workers, scheduler=scheduler, progress=progress, pool=pool)
    weekly = pd.concat([w for w, _ in results], ignore_index=True)
    homes = pd.concat([h for _, h in results], ignore_index=True)
    return assemble_comparison(p, weekly, homes)


def assemble_comparison(p: ComparisonPlan, weekly: pd.DataFrame, homes: pd.DataFrame) -> Comparison:
    out: dict[str, PolicyResult] = {}
    for pkg in p.packages:
        base, label = p.arms[pkg.name], f"{POLICY}:{pkg.name}"
        rename = {base: BASELINE, label: POLICY}
        w = weekly[weekly.scenario.isin(rename)].assign(scenario=lambda d, rename=rename: d.scenario.map(rename))
        h = homes[homes.scenario.isin(rename)].assign(scenario=lambda d, rename=rename: d.scenario.map(rename))
        changed = p.changed[pkg.name]
        man = manifest(
            {BASELINE: p.scenarios[base], POLICY: p.scenarios[label]},
            p.seeds,
            p.run_households,
            p.weeks,
            overrides(changed, levers(p.scenarios[base])),
            scenario=pkg.scenario,
            levers=changed,
            package=pkg.name,
            target_households=p.households,
            years=p.years,
            precision=p.precision,
            crisis_unit_costs=p.scenarios[base].unit_costs.crisis.model_dump(),
        )
        out[pkg.name] = PolicyResult(
            w.reset_index(drop=True),
            h.reset_index(drop=True),
            man,
            summary=summarise(w, h, BASELINE, POLICY),
            labels=(BASELINE, POLICY),
            values=changed,
            overrides=man["overrides"],
            by_type=gains_by_type(h),
        )
    return Comparison(p, out)
