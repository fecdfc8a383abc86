"""The tables of docs/validation.md that are not the pattern table: an ablation of the integral
mechanisms, break-even sweeps of the integral-only assumptions, and the siloed-vs-integral
difference over the calibration's accepted parameter sets.

Every table is a set of paired runs on the same seeds (common random numbers), so a difference
comes from the changed setting alone.  Run ``python -m research.validation --out DIR`` to write
the tables as Markdown (``ablation.md``, ``break_even.md``, ``posterior.md``) and CSV.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.jobs import Job
from experiments.runner import ci_half, run_jobs, scenario_data
from simulation.listing import comparison
from simulation.loader import load_scenario

#: Outcomes per household over the run (means over households, then over seeds).
OUTCOMES = [
    "paperwork_hours",
    "fields_repeated",
    "takeup",
    "sanctions",
    "crisis_eviction",
    "crisis_cutoff",
    "crises",
    "final_debt",
    "stress",
]
#: Public money per household over the run, in its three kinds.
COSTS = ["cost_services", "transfers", "crisis_costs"]

#: Each integral mechanism switched off on its own: the setting that takes it away.
ABLATIONS: dict[str, dict[str, Any]] = {
    "front door": {"organisation.front_door": None},
    "ask once": {"organisation.ask_once": False},
    "case managers": {"organisation.case_managers.per_1000": 0},
    "discretion": {"organisation.discretion": 0.0},
    "custom budget": {"organisation.custom_budget.per_household_year": 0},
    "breakthrough team": {"organisation.breakthrough.hours_per_1000": 0},
    "early signals": {"organisation.early_signals.enabled": False},
    "automatic allowances": {"organisation.automatic_allowances": False},
    "lenient strictness": {"organisation.strictness_factor": 1.0},
    "housing first": {"organisation.housing_first": False},
}

#: Integral-only assumptions that no Dutch figure pins down: swept, not calibrated.
BREAK_EVEN: dict[str, list[float]] = {
    "organisation.case_managers.per_1000": [0, 4, 8, 16, 24, 32],
    "organisation.case_managers.skill": [0.5, 0.7, 0.85, 0.95],
    "organisation.discretion": [0.0, 0.15, 0.3, 0.5],
    "behaviour.outreach_acceptance_base": [0.0, 0.2, 0.4, 0.6],
}


def per_run(weekly: pd.DataFrame, homes: pd.DataFrame) -> pd.DataFrame:
    """One row per (arm, seed): household outcomes averaged, public money per household."""
    out = homes.groupby(["scenario", "seed"])[OUTCOMES].mean()
    n = homes.groupby(["scenario", "seed"]).size()
    money = weekly.groupby(["scenario", "seed"])[COSTS].sum().div(n, axis=0)
    return out.join(money)


def arms_table(
    arms: dict[str, Any], seeds: Sequence[int], households: int, weeks: int, workers: int, baseline: str
) -> pd.DataFrame:
    """Run every arm (label -> Scenario) on the same seeds; per arm and measure the mean over seeds
    and the paired difference to ``baseline`` with its 95% interval."""
    jobs = [Job(label, scenario_data(sc), s, households, weeks) for label, sc in arms.items() for s in seeds]
    weekly, homes = run_jobs(jobs, workers=workers)
    runs = per_run(weekly, homes)
    rows = []
    base = runs.loc[baseline]
    for label in arms:
        arm = runs.loc[label]
        for col in runs.columns:
            diff = (arm[col] - base[col]).dropna()
            half = ci_half(diff)
            rows.append(
                {
                    "arm": label,
                    "measure": col,
                    "mean": float(arm[col].mean()),
                    "difference": float(diff.mean()),
                    "ci_low": float(diff.mean() - half),
                    "ci_high": float(diff.mean() + half),
                }
            )
    return pd.DataFrame(rows)


def ablation(seeds: Sequence[int], households: int, weeks: int, workers: int) -> pd.DataFrame:
    today, alternative = comparison()
    arms = {today: load_scenario(today), alternative: load_scenario(alternative)}
    for name, over in ABLATIONS.items():
        arms[f"without {name}"] = load_scenario(alternative, over)
    return arms_table(arms, seeds, households, weeks, workers, baseline=alternative)


def break_even(seeds: Sequence[int], households: int, weeks: int, workers: int) -> pd.DataFrame:
    """For each integral-only assumption and value: integral minus siloed in crisis costs avoided,
    extra service cost and their balance (crisis costs avoided less extra service cost)."""
    frames = []
    today, alternative = comparison()
    for key, values in BREAK_EVEN.items():
        arms = {today: load_scenario(today)}
        for v in values:
            arms[f"{key}={v}"] = load_scenario(alternative, {key: v})
        t = arms_table(arms, seeds, households, weeks, workers, baseline=today)
        t = t[t["arm"] != today].copy()
        t.insert(0, "parameter", key)
        t["value"] = t["arm"].str.split("=").str[1].astype(float)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def posterior_differences(
    particles: list[dict[str, float]], seeds: Sequence[int], households: int, weeks: int, workers: int
) -> pd.DataFrame:
    """Integral minus siloed for each accepted parameter set (the same overrides in both arms)."""
    rows = []
    today, alternative = comparison()
    for i, params in enumerate(particles):
        arms = {today: load_scenario(today, params), alternative: load_scenario(alternative, params)}
        t = arms_table(arms, seeds, households, weeks, workers, baseline=today)
        t = t[t["arm"] == alternative].copy()
        t.insert(0, "particle", i)
        rows.append(t)
    return pd.concat(rows, ignore_index=True)


def fmt(x: float) -> str:
    return "n/a" if not np.isfinite(x) else (f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}")


def markdown_arms(t: pd.DataFrame, measures: Sequence[str]) -> str:
    arms = list(dict.fromkeys(t["arm"]))
    head = "| arm | " + " | ".join(measures) + " |\n|---|" + "---|" * len(measures) + "\n"
    lines = []
    for arm in arms:
        sub = t[t["arm"] == arm].set_index("measure")
        cells = []
        for m in measures:
            r = sub.loc[m]
            if arm in comparison() and r["difference"] == 0:
                cells.append(fmt(r["mean"]))
            else:
                cells.append(f"{fmt(r['difference'])} [{fmt(r['ci_low'])}; {fmt(r['ci_high'])}]")
        lines.append(f"| {arm} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def write_break_even(seeds: Sequence[int], a: argparse.Namespace) -> None:
    b = break_even(seeds, a.households, a.weeks, a.workers)
    b.to_csv(a.out / "break_even.csv", index=False)
    lines = []
    for key in BREAK_EVEN:
        sub = b[b["parameter"] == key]
        lines.append(f"\n**{key}** (integral minus siloed per household)\n")
        lines.append(markdown_arms(sub, ["cost_services", "crisis_costs", "crises", "paperwork_hours"]))
    (a.out / "break_even.md").write_text("".join(lines), "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=Path("results/validation"))
    p.add_argument("--seeds", type=int, default=4)
    p.add_argument("--households", type=int, default=500)
    p.add_argument("--weeks", type=int, default=104)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--posterior", type=Path, default=None, help="posterior.yaml of `loket calibrate`")
    p.add_argument("--particles", type=int, default=10, help="accepted parameter sets to run")
    p.add_argument("--tables", nargs="+", default=["ablation", "break_even", "posterior"], help="which tables to make")
    a = p.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    seeds = list(range(a.seeds))
    started = time.time()
    if "ablation" in a.tables:
        t = ablation(seeds, a.households, a.weeks, a.workers)
        t.to_csv(a.out / "ablation.csv", index=False)
        (a.out / "ablation.md").write_text(markdown_arms(t, OUTCOMES + COSTS), "utf-8")
    if "break_even" in a.tables:
        write_break_even(seeds, a)
    if a.posterior is not None and "posterior" in a.tables:
        import yaml

        post = yaml.safe_load(a.posterior.read_text("utf-8"))
        # A weighted draw of the accepted parameter sets (fixed seed), so the sets run follow the posterior.
        weights = np.array([x["weight"] for x in post["particles"]], dtype=float)
        take = np.random.default_rng(0).choice(
            len(weights), size=min(a.particles, len(weights)), replace=False, p=weights / weights.sum()
        )
        particles = [dict(post["particles"][i]["values"]) for i in sorted(take)]
        d = posterior_differences(particles, seeds, a.households, a.weeks, a.workers)
        d.to_csv(a.out / "posterior.csv", index=False)
        q = d.groupby("measure")["difference"].quantile([0.05, 0.5, 0.95]).unstack()
        rows = [f"| {m} | {fmt(r[0.05])} | {fmt(r[0.5])} | {fmt(r[0.95])} |" for m, r in q.iterrows()]
        head = f"| integral minus siloed ({len(particles)} parameter sets) | 5% | median | 95% |\n|---|---|---|---|\n"
        (a.out / "posterior.md").write_text(head + "\n".join(rows) + "\n", "utf-8")
    print(f"written to {a.out} in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
