"""Sweeps: every combination of scenario overrides (the *arms*) on the same seeds.

Each (arm, seed) is one :class:`~experiments.jobs.Job`.  The population and the
life events come from streams owned by the seed, so every arm meets the same
households (common random numbers).  With an output folder each finished run is
written at once as its own part (``OUT/parts/<run>/``, renamed into place so a
part is whole or absent); a sweep that is stopped and started again skips the
runs whose part is there and matches, and refuses a folder that holds another
sweep.  At the end the parts are combined into ``OUT/weekly.parquet`` (one row
per run x week) and ``OUT/households.parquet`` (one row per run x household),
with a column per swept key, ``seed``, ``arm`` and ``run``.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from simulation.loader import ScenarioError, load_scenario, parse_value, scenario_hash

from .engines import check_engine, check_scheduler, run_each
from .jobs import Job
from .runner import scenario_data, versions

Progress = Callable[[int, int], None]
TABLES = ("weekly", "households")
MANIFEST = "manifest.json"
ID_COLUMNS = ("run", "arm", "scenario", "seed")


class SweepError(ScenarioError):
    """A user mistake in a sweep's specification or output folder."""


def parse_values(key: str, text: str) -> list[Any]:
    """``v1,v2,...`` as YAML values, so ``0.1,0.5``, ``true,false`` and ``[1, 2],[3, 4]`` work."""
    if not text.strip():
        raise SweepError(f"--set {key}: no values after '='; expected {key}=v1,v2,...")
    try:
        values = yaml.safe_load(f"[{text}]")
    except Exception:  # not one YAML flow sequence: split on commas, read each as YAML
        values = [parse_value(v.strip()) for v in text.split(",")]
    if not isinstance(values, list) or any(v is None for v in values):
        raise SweepError(f"--set {key}: an empty value in '{text}'; expected {key}=v1,v2,...")
    return values


def grid_arms(grid: dict[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """All combinations, the first key varying slowest."""
    for key, values in grid.items():
        if not isinstance(values, list | tuple) or len(values) == 0:
            raise SweepError(f"sweep key '{key}': expected a non-empty list of values, got {values!r}")
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*(grid[k] for k in keys))]


def value_at(tree: Any, key_path: str) -> Any:
    for part in key_path.split("."):
        tree = tree[int(part)] if isinstance(tree, list) else tree[part]
    return tree


def column_value(value: Any) -> Any:
    """A swept value as a table cell: scalars as they are, lists and mappings as JSON text."""
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


@dataclass
class Plan:
    """The runs of a sweep and the manifest that identifies it."""

    jobs: list[Job]
    manifest: dict[str, Any]
    keys: list[str] = field(default_factory=list)

    def identity(self) -> dict[str, Any]:
        return {"sweep": self.manifest["sweep"], "versions": self.manifest["versions"]}


def plan(
    scenario: str | Path,
    arms: Sequence[dict[str, Any]],
    seeds: int | Sequence[int],
    households: int | None = None,
    weeks: int | None = None,
) -> Plan:
    """Load and validate every arm (so a bad key or value stops the sweep before any run)."""
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    if not seed_list:
        raise SweepError("a sweep needs at least one seed")
    if len(set(seed_list)) != len(seed_list) or min(seed_list) < 0:
        raise SweepError(f"seeds must be different whole numbers >= 0, got {seed_list}")
    if not arms:
        arms = [{}]
    keys = list(dict.fromkeys(k for arm in arms for k in arm))
    for k, given in (("households", households), ("weeks", weeks)):
        if k in keys and given is not None:
            raise SweepError(f"'{k}' is swept; leave out --{k}")
    base = load_scenario(scenario)
    width = len(str(len(arms) - 1))
    jobs: list[Job] = []
    arm_entries: dict[str, Any] = {}
    runs: dict[str, Any] = {}
    for i, overrides in enumerate(arms):
        arm_id = f"arm{i:0{width}d}"
        sc = load_scenario(scenario, dict(overrides)) if overrides else base
        data = scenario_data(sc)
        values = {k: column_value(value_at(data, k)) for k in keys}
        arm_entries[arm_id] = {"overrides": values, "hash": scenario_hash(sc)}
        for seed in seed_list:
            run_id = f"{arm_id}-s{seed}"
            runs[run_id] = {"arm": arm_id, "seed": seed, "hash": arm_entries[arm_id]["hash"]}
            jobs.append(Job(sc.name, data, seed, households, weeks, extra={"arm": arm_id, "run": run_id, **values}))
    manifest = {
        "kind": "sweep",
        "sweep": {
            "scenario": {"name": base.name, "hash": scenario_hash(base)},
            "keys": keys,
            "arms": arm_entries,
            "seeds": seed_list,
            "households": households,
            "weeks": weeks,
        },
        "runs": runs,
        "source": str(scenario),  # as given; the hashes identify the content
        "versions": versions(),
    }
    return Plan(jobs, json.loads(json.dumps(manifest)), keys)


def tidy(df: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Identifying columns first: run, arm, scenario, seed, the swept keys, then the measures."""
    first = [*ID_COLUMNS, *keys]
    return df[first + [c for c in df.columns if c not in first]]


# --------------------------------------------------------------------------- the output folder


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    write(tmp)
    os.replace(tmp, path)


class PartStore:
    """``OUT/parts/<run>/{weekly,households}.parquet, run.json``: one folder per finished run."""

    def __init__(self, out: Path, plan: Plan) -> None:
        self.out = out
        self.parts = out / "parts"
        self.plan = plan

    def open(self) -> None:
        """Create the folder, or check that it holds this same sweep."""
        man = self.out / MANIFEST
        if man.exists():
            try:
                old = json.loads(man.read_text("utf-8"))
            except (OSError, ValueError):
                raise SweepError(f"{man}: not a readable sweep manifest; use another --out folder") from None
            mine = self.plan.identity()
            theirs = {"sweep": old.get("sweep"), "versions": old.get("versions")}
            if theirs != mine:
                what = (
                    "package versions"
                    if theirs["sweep"] == mine["sweep"]
                    else "sweep (scenario, keys, values, seeds, households or weeks)"
                )
                raise SweepError(
                    f"{self.out} holds a different {what}; use another --out folder or remove it to start over"
                )
        elif self.out.exists() and any(self.out.iterdir()):
            raise SweepError(f"{self.out} is not empty and holds no sweep manifest; use another --out folder")
        self.parts.mkdir(parents=True, exist_ok=True)
        for stale in self.parts.glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        write_atomic(
            man, lambda p: p.write_text(json.dumps(self.plan.manifest, indent=2, sort_keys=True) + "\n", "utf-8")
        )

    def entry(self, job: Job) -> dict[str, Any]:
        return self.plan.manifest["runs"][job.extra["run"]]

    def done(self, job: Job) -> bool:
        marker = self.parts / job.extra["run"] / "run.json"
        try:
            return json.loads(marker.read_text("utf-8")) == self.entry(job)
        except (OSError, ValueError):
            return False

    def save(self, job: Job, result: tuple[pd.DataFrame, pd.DataFrame]) -> None:
        final = self.parts / job.extra["run"]
        tmp = self.parts / f".tmp-{os.getpid()}-{job.extra['run']}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name, df in zip(TABLES, result, strict=True):
            tidy(df, self.plan.keys).to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "run.json").write_text(json.dumps(self.entry(job), sort_keys=True), "utf-8")
        if final.exists():  # a part that did not match this sweep's entry
            shutil.rmtree(final)
        os.replace(tmp, final)

    def load(self, job: Job) -> tuple[pd.DataFrame, pd.DataFrame]:
        folder = self.parts / job.extra["run"]
        return tuple(pd.read_parquet(folder / f"{name}.parquet") for name in TABLES)  # type: ignore[return-value]

    def combine(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        loaded = [self.load(job) for job in self.plan.jobs]
        tables = tuple(pd.concat([r[i] for r in loaded], ignore_index=True) for i in range(2))
        for name, df in zip(TABLES, tables, strict=True):
            write_atomic(self.out / f"{name}.parquet", lambda p, df=df: df.to_parquet(p, index=False))
        return tables  # type: ignore[return-value]


# --------------------------------------------------------------------------- running


def run_plan(
    p: Plan,
    out: str | Path | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    check_engine(engine, scheduler)  # before anything is written
    if engine == "dask" and scheduler and out is not None:
        check_scheduler(scheduler)
    total = len(p.jobs)
    if out is None:
        results: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}

        def keep(job: Job, result: tuple[pd.DataFrame, pd.DataFrame]) -> None:
            results[job.extra["run"]] = (tidy(result[0], p.keys), tidy(result[1], p.keys))
            if progress:
                progress(len(results), total)

        run_each(p.jobs, keep, engine, workers, scheduler)
        ordered = [results[job.extra["run"]] for job in p.jobs]
        return tuple(pd.concat([r[i] for r in ordered], ignore_index=True) for i in range(2))  # type: ignore

    store = PartStore(Path(out), p)
    store.open()
    todo = [job for job in p.jobs if not store.done(job)]
    done = total - len(todo)
    if progress:
        progress(done, total)

    def save(job: Job, result: tuple[pd.DataFrame, pd.DataFrame]) -> None:
        nonlocal done
        store.save(job, result)
        done += 1
        if progress:
            progress(done, total)

    if todo:
        run_each(todo, save, engine, workers, scheduler)
    return store.combine()


def sweep(
    scenario: str | Path,
    grid: dict[str, Sequence[Any]] | None = None,
    seeds: int | Sequence[int] = 1,
    households: int | None = None,
    weeks: int | None = None,
    workers: int | None = None,
    engine: str = "local",
    out: str | Path | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    arms: Sequence[dict[str, Any]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``scenario`` for every combination in ``grid`` (or the given ``arms``) on the same seeds.

    Returns (weekly, households): one row per run x week and one per run x household,
    with columns ``run``, ``arm``, ``scenario``, ``seed`` and one per swept key.
    ``seeds``: a count K (seeds 0..K-1) or a list.  ``workers``: default all cores.
    With ``out`` the runs are kept as parts there, so an interrupted sweep resumes.
    """
    if grid and arms:
        raise SweepError("give either a grid or a list of arms, not both")
    p = plan(scenario, grid_arms(grid) if grid else list(arms or []), seeds, households, weeks)
    return run_plan(p, out, engine, workers, scheduler, progress)


class _CallableModule(types.ModuleType):
    """``from experiments import sweep`` gives this module instead of the function when the module
    was imported first (Python binds a submodule to its package's attribute); make both work."""

    def __call__(self, *args: Any, **kwargs: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Plan", "SweepError", "grid_arms", "parse_values", "plan", "run_plan", "sweep"]
