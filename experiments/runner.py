"""Run the model headless: one run, or two scenarios on the same seeds.

Each run is a job (:mod:`experiments.jobs`); results are sorted by job, never
by completion order.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.listing import baseline_scenario, comparison
from simulation.loader import load_scenario, scenario_hash
from simulation.outcomes import HOUSEHOLD_SUMMARY, RUN_SUMMARY
from simulation.schema import Scenario

from .engines import map_jobs
from .jobs import Job, execute

Progress = Callable[[int, int], None]


def as_scenario(scenario: str | Path | Scenario | None, overrides: dict[str, Any] | None = None) -> Scenario:
    """A loaded scenario; None: the baseline (simulation.listing)."""
    if scenario is None:
        scenario = baseline_scenario()
    if isinstance(scenario, Scenario):
        if overrides:
            raise ValueError("overrides need a scenario name or path, not a loaded Scenario")
        return scenario
    return load_scenario(scenario, overrides)


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    return json.loads(scenario.model_dump_json())


def run_jobs(
    jobs: Sequence[Job], workers: int = 1, progress: Progress | None = None, pool: Executor | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run jobs in this process or on a local process pool (``pool``: one the caller keeps); the
    result does not depend on ``workers``: the rows come in the order of ``jobs``."""
    results = map_jobs(jobs, "local", workers, progress=progress, pool=pool)
    weekly = pd.concat([w for w, _ in results], ignore_index=True)
    homes = pd.concat([h for _, h in results], ignore_index=True)
    return weekly, homes


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("loketdoolhof", "mesa", "numpy", "pandas", "pydantic", "pyyaml", "pyarrow"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def manifest(
    scenarios: dict[str, Scenario],
    seeds: Iterable[int],
    households: int | None,
    weeks: int | None,
    overrides: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "scenarios": {label: {"name": sc.name, "hash": scenario_hash(sc)} for label, sc in scenarios.items()},
        "seeds": list(seeds),
        "households": households,
        "weeks": weeks,
        "overrides": overrides or {},
        "versions": versions(),
        **extra,
    }


@dataclass
class RunResult:
    weekly: pd.DataFrame
    households: pd.DataFrame
    manifest: dict[str, Any]

    def write(self, out: Path, csv: bool = False) -> list[Path]:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, df in (("weekly", self.weekly), ("households", self.households)):
            p = out / f"{name}.parquet"
            df.to_parquet(p, index=False)
            written.append(p)
            if csv:
                c = out / f"{name}.csv"
                df.to_csv(c, index=False)
                written.append(c)
        m = out / "manifest.json"
        m.write_text(json.dumps(self.manifest, indent=2, sort_keys=True) + "\n", "utf-8")
        written.append(m)
        return written


def run(
    scenario: str | Path | Scenario | None = None,
    seed: int = 0,
    households: int | None = None,
    weeks: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> RunResult:
    """Run one scenario once (None: the baseline).  ``weekly``: one row per week; ``households``: one
    row per household."""
    sc = as_scenario(scenario, overrides)
    job = Job(sc.name, scenario_data(sc), int(seed), households, weeks)
    weekly, homes = execute(job)
    return RunResult(weekly, homes, manifest({sc.name: sc}, [seed], households, weeks, overrides))


@dataclass
class CompareResult(RunResult):
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    labels: tuple[str, str] = ("A", "B")


# Outcomes in the summary table (simulation.outcomes): per-household means per run, then across seeds;
# public money per household of the run (weekly sums over the run / households).
SUMMARY_OUTCOMES = list(HOUSEHOLD_SUMMARY)
PUBLIC_OUTCOMES = list(RUN_SUMMARY)


def _t95(n: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.975, max(n - 1, 1)))


def ci_half(values: pd.Series) -> float:
    """Half the width of the t-based 95% confidence interval of the mean of ``values`` (NaN left
    out); NaN with fewer than two values.  Every table of means over seeds or runs uses it."""
    n = int(values.notna().sum())
    return _t95(n) * float(values.std(ddof=1)) / np.sqrt(n) if n > 1 else float("nan")


def summarise(weekly: pd.DataFrame, homes: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Mean and 95% CI per arm, and the paired difference B - A (same seeds: common random numbers)."""
    per_run = homes.groupby(["scenario", "seed"])[SUMMARY_OUTCOMES].mean()
    n_homes = homes.groupby(["scenario", "seed"]).size()
    cost = weekly.groupby(["scenario", "seed"])[PUBLIC_OUTCOMES].sum().div(n_homes, axis=0)
    per_run = per_run.join(cost)
    rows = []
    for col in per_run.columns:
        va = per_run.loc[a, col]
        vb = per_run.loc[b, col]
        diff = (vb - va).dropna()
        row = {"outcome": col}
        for label, v in ((a, va), (b, vb), ("difference", diff)):
            mean = float(v.mean())
            half = ci_half(v)
            row[f"{label}_mean"] = mean
            row[f"{label}_ci_low"] = mean - half
            row[f"{label}_ci_high"] = mean + half
        rows.append(row)
    return pd.DataFrame(rows)


def compare(
    a: str | Path | None = None,
    b: str | Path | None = None,
    seeds: int | Sequence[int] = 5,
    households: int | None = None,
    weeks: int | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    overrides: dict[str, Any] | None = None,
) -> CompareResult:
    """Both scenarios on the same seeds.  The population and life events are drawn from
    streams that do not depend on the organisation, so both arms meet the same households.
    Without ``a`` and ``b``: the baseline and the scenario it is compared with (simulation.listing)."""
    default_a, default_b = comparison()
    a, b = default_a if a is None else a, default_b if b is None else b
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    sa, sb = as_scenario(a, overrides), as_scenario(b, overrides)
    la, lb = sa.name, sb.name
    if la == lb:
        la, lb = f"{la}_A", f"{lb}_B"
    jobs = [
        Job(label, scenario_data(sc), s, households, weeks) for s in seed_list for label, sc in ((la, sa), (lb, sb))
    ]
    weekly, homes = run_jobs(jobs, workers=workers, progress=progress)
    summary = summarise(weekly, homes, la, lb)
    man = manifest({la: sa, lb: sb}, seed_list, households, weeks, overrides)
    return CompareResult(weekly, homes, man, summary=summary, labels=(la, lb))
