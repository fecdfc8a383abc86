"""Global sensitivity analysis of scenario parameters with SALib (Morris or Sobol).

Each parameter is a scenario key path with a range.  SALib draws the sample;
every sample point is one arm of a sweep (:mod:`experiments.sweep`), run on the
same seeds (common random numbers), so the runs are resumable and may use any
engine.  An outcome is summarised per run, averaged over the seeds, and the
indices are computed per outcome.  Keys whose schema type is an integer get
rounded values; the indices are computed on the sample as drawn.
"""

from __future__ import annotations

import types
import typing
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel

from experiments.sweep import SweepError, plan, run_plan
from simulation.loader import load_scenario
from simulation.metrics import OUTCOME_COLUMNS, WEEKLY_COLUMNS
from simulation.schema import Scenario

METHODS = ("morris", "sobol")
INDICES = {"morris": ("mu_star", "mu_star_conf", "sigma", "mu"), "sobol": ("S1", "S1_conf", "ST", "ST_conf")}
MORRIS_LEVELS = 4
NOT_OUTCOMES = {"household", "type", "persona", "week", "households"}
#: Public spending in its three kinds (services, transfers, crises; reports/public_cost.py), not their sum.
DEFAULT_OUTCOMES = ("paperwork_hours", "crises", "final_debt", "cost_services", "transfers", "crisis_costs")


class SensitivityError(SweepError):
    """A user mistake in a sensitivity analysis's parameters, method or outcomes."""


@dataclass(frozen=True)
class Param:
    key: str
    low: float
    high: float
    integer: bool


# --------------------------------------------------------------------------- parameters


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def schema_type(key_path: str) -> Any:
    """The schema's type of the value at ``key_path`` (e.g. ``int`` for ``organisation.case_managers.caseload``)."""
    tp: Any = Scenario
    for part in key_path.split("."):
        tp = _unwrap_optional(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if part not in tp.model_fields:
                raise SensitivityError(f"unknown key path '{key_path}'")
            tp = tp.model_fields[part].annotation
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        elif origin in (tuple, list):
            args = typing.get_args(tp)
            tp = args[int(part)] if origin is tuple and len(args) > int(part) else args[0]
        else:
            raise SensitivityError(f"unknown key path '{key_path}'")
    return _unwrap_optional(tp)


def parse_param(text: str) -> tuple[str, float, float]:
    """``KEY.PATH=low:high`` -> (key, low, high)."""
    key, sep, rng = text.partition("=")
    key = key.strip()
    low_text, colon, high_text = rng.partition(":")
    if not sep or not key or not colon or not low_text.strip() or not high_text.strip():
        raise SensitivityError(f"--param expects KEY.PATH=low:high, got '{text}'")
    try:
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise SensitivityError(f"--param {key}: low and high must be numbers, got '{rng}'") from None
    return key, low, high


def make_param(scenario: str | Path, key: str, low: float, high: float) -> Param:
    """Check the key exists (the loader's message), is numeric, and both ends are valid values."""
    if not low < high:
        raise SensitivityError(f"--param {key}: empty range {low:g}:{high:g}; expected low < high")
    try:
        tp = schema_type(key)
    except SensitivityError:
        load_scenario(scenario, {key: low})  # the loader names the unknown part and the known keys
        raise
    if tp is bool or tp not in (int, float):
        name = getattr(tp, "__name__", str(tp))
        raise SensitivityError(f"--param {key}: a {name} setting; a range needs a number (int or float)")
    integer = tp is int
    if integer and not (float(low).is_integer() and float(high).is_integer()):
        raise SensitivityError(f"--param {key}: an integer setting; expected whole numbers, got {low:g}:{high:g}")
    cast = int if integer else float
    load_scenario(scenario, {key: cast(high)})  # out-of-bounds values are named by the schema
    load_scenario(scenario, {key: cast(low)})
    return Param(key, float(low), float(high), integer)


# --------------------------------------------------------------------------- outcomes


def outcome_names() -> list[str]:
    return [c for c in [*OUTCOME_COLUMNS, *WEEKLY_COLUMNS] if c not in NOT_OUTCOMES]


def check_outcomes(names: Sequence[str]) -> list[str]:
    known = outcome_names()
    for n in names:
        if n not in known:
            raise SensitivityError(f"--outcome {n}: unknown outcome (known: {', '.join(known)})")
    return list(dict.fromkeys(names))


def run_outcomes(weekly: pd.DataFrame, homes: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """One value per run (indexed by ``run``): a household outcome is the mean over households;
    a weekly ``mean_*`` stock is its value in the last week; any other weekly flow or cost is the
    total over the run per household."""
    cols = {}
    n_homes = homes.groupby("run").size()
    for name in names:
        if name in OUTCOME_COLUMNS:
            cols[name] = homes.groupby("run")[name].mean()
        elif name.startswith("mean_"):
            cols[name] = weekly.sort_values("week").groupby("run")[name].last()
        else:
            cols[name] = weekly.groupby("run")[name].sum() / n_homes
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------- the analysis


def problem(params: Sequence[Param]) -> dict[str, Any]:
    return {"num_vars": len(params), "names": [p.key for p in params], "bounds": [[p.low, p.high] for p in params]}


def draw(method: str, params: Sequence[Param], samples: int, seed: int = 0) -> np.ndarray:
    prob = problem(params)
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(prob, samples, num_levels=MORRIS_LEVELS, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(prob, samples, calc_second_order=False, seed=seed)


def arms_of(X: np.ndarray, params: Sequence[Param]) -> list[dict[str, Any]]:
    return [{p.key: int(round(x)) if p.integer else float(x) for p, x in zip(params, row, strict=True)} for row in X]


def indices(method: str, params: Sequence[Param], X: np.ndarray, Y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """Indices for one outcome; an outcome that does not vary gets NaN (Sobol) or zeros (Morris)."""
    prob = problem(params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # constant outcome: 0/0 inside SALib
        if method == "morris":
            from SALib.analyze import morris

            si = morris.analyze(prob, X, Y, num_levels=MORRIS_LEVELS, seed=seed)
        else:
            from SALib.analyze import sobol

            si = sobol.analyze(prob, Y, calc_second_order=False, seed=seed)
    table = pd.DataFrame({name: np.asarray(si[name], dtype=float) for name in INDICES[method]})
    table.insert(0, "parameter", [p.key for p in params])
    return table


@dataclass
class SensitivityResult:
    method: str
    params: list[Param]
    outcomes: list[str]
    table: pd.DataFrame  # outcome, parameter, indices
    samples: pd.DataFrame  # one row per sample point: parameter values and outcome means

    def write(self, out: Path) -> list[Path]:
        out.mkdir(parents=True, exist_ok=True)
        table, samples, png = out / "sensitivity.csv", out / "samples.csv", out / "sensitivity.png"
        self.table.to_csv(table, index=False)
        self.samples.to_csv(samples, index=False)
        plot(self, png)
        return [table, samples, png]


def analyse(
    scenario: str | Path,
    params: Sequence[Param],
    method: str = "morris",
    samples: int = 8,
    seeds: int | Sequence[int] = 2,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
    households: int | None = None,
    weeks: int | None = None,
    out: str | Path | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    sample_seed: int = 0,
) -> SensitivityResult:
    """Sample the parameters, run every sample point on ``seeds``, and compute the indices."""
    if method not in METHODS:
        raise SensitivityError(f"--method {method}: unknown method (known: {', '.join(METHODS)})")
    if not params:
        raise SensitivityError("at least one --param KEY.PATH=low:high is needed")
    keys = [p.key for p in params]
    if len(set(keys)) != len(keys):
        raise SensitivityError(f"a parameter is given twice: {', '.join(keys)}")
    if samples < 2:
        raise SensitivityError(f"--samples {samples}: expected at least 2")
    if method == "sobol" and samples & (samples - 1):
        raise SensitivityError(f"--samples {samples}: Sobol sampling needs a power of 2 (e.g. 8, 16, 32)")
    outcomes = check_outcomes(outcomes)
    X = draw(method, params, samples, sample_seed)
    p = plan(scenario, arms_of(X, params), seeds, households, weeks)
    runs_out = None if out is None else Path(out) / "runs"
    weekly, homes = run_plan(p, runs_out, engine, workers, scheduler, progress)
    per_run = run_outcomes(weekly, homes, outcomes)
    arm_of_run = homes.groupby("run")["arm"].first()
    per_arm = per_run.groupby(arm_of_run).mean()
    arm_ids = list(dict.fromkeys(job.extra["arm"] for job in p.jobs))
    per_arm = per_arm.loc[arm_ids]
    table = pd.concat(
        [indices(method, params, X, per_arm[name].to_numpy(), sample_seed).assign(outcome=name) for name in outcomes],
        ignore_index=True,
    )
    table = table[["outcome", *[c for c in table.columns if c != "outcome"]]]
    sample_table = pd.DataFrame(X, columns=keys).assign(arm=arm_ids)
    sample_table = sample_table.join(per_arm.reset_index(drop=True))
    return SensitivityResult(method, list(params), outcomes, table, sample_table)


def plot(result: SensitivityResult, path: Path) -> None:
    """One panel per outcome: mu* with sigma (Morris) or S1 and ST (Sobol), per parameter."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(result.outcomes)
    fig, axes = plt.subplots(
        1, n, figsize=(2.5 + 3.5 * n, 2.3 + 0.5 * len(result.params)), squeeze=False, sharey=True, layout="constrained"
    )
    y = np.arange(len(result.params))
    for ax, name in zip(axes[0], result.outcomes, strict=True):
        t = result.table[result.table.outcome == name]
        if result.method == "morris":
            ax.barh(y, t["mu_star"], xerr=t["mu_star_conf"], color="#4477aa", label="mu*")
            ax.plot(t["sigma"], y, "o", color="#cc6677", label="sigma")
        else:
            ax.barh(y - 0.2, t["S1"], height=0.4, xerr=t["S1_conf"], color="#4477aa", label="S1")
            ax.barh(y + 0.2, t["ST"], height=0.4, xerr=t["ST_conf"], color="#ddaa33", label="ST")
        ax.set_yticks(y, t["parameter"])
        ax.set_title(name)
    axes[0][0].invert_yaxis()  # shared: the first parameter on top in every panel
    fig.suptitle(f"Sensitivity ({result.method})")
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize="small")
    fig.savefig(path, dpi=110)
    plt.close(fig)
