"""Jobs: one model run each, the unit that engines hand to workers.

A *job* is (scenario, seed, households, weeks) plus labels.  Jobs are
independent and deterministic, so they can run in any process in any order;
callers sort results by job, never by completion order.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

import mesa
import pandas as pd

from simulation.metrics import OUTCOME_COLUMNS, WEEKLY_COLUMNS, household_outcomes
from simulation.model import CityModel
from simulation.schema import Scenario


@dataclass(frozen=True)
class Job:
    """One model run.  ``scenario`` is the validated scenario as plain JSON data."""

    label: str
    scenario: dict[str, Any]
    seed: int
    households: int | None = None
    weeks: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.label, self.seed)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, then collect once.  A model run makes many
    objects that live until the run ends, and the collector would go through them again and
    again (about 10% of a run's time).  Results do not depend on it; only peak memory does."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
        gc.collect()


def execute(job: Job) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run one job; return (weekly rows, household rows), tagged with the job's label and seed."""
    scenario = Scenario.model_validate(job.scenario)
    with collector_paused():
        model = CityModel(scenario, seed=job.seed, households=job.households)
        model.run(job.weeks)
        weekly = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        weekly = weekly[list(WEEKLY_COLUMNS)]
        homes = pd.DataFrame(household_outcomes(model), columns=list(OUTCOME_COLUMNS))
        release(model)
        del model
    for df in (weekly, homes):
        df.insert(0, "seed", job.seed)
        df.insert(0, "scenario", job.label)
        for k, v in job.extra.items():
            df[k] = v
    return weekly, homes


def release(model: CityModel) -> None:
    """Let a finished model be freed: Mesa 3.3's ``Agent._ids`` holds every model ever made
    (mesa issue #3179), so a worker running many jobs would otherwise grow by each model."""
    mesa.Agent._ids.pop(model, None)


def worker_started(parent: int | None = None) -> None:
    """A pool worker has imported what it needs: what exists now lives as long as the worker,
    so the garbage collector need not go through it after every job (``gc.freeze``).
    The worker also dies with its parent, even a parent killed with ``kill -9``."""
    die_with_parent(parent)
    gc.collect()
    gc.freeze()


def die_with_parent(parent: int | None = None, interval: float = 0.25) -> None:
    """End this process when the process that started it is gone: a daemon thread watches the
    parent's pid, which changes when the parent dies (the orphan is adopted).  Not Linux's
    ``PR_SET_PDEATHSIG``: it fires when the parent *thread* that started the worker ends, and a
    kept pool (the council screen) may have been started from a thread that ends early."""
    parent = os.getppid() if parent is None else parent
    if os.getppid() != parent:  # gone while this worker was starting
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """The local process pool that runs jobs.  Its workers are spawned: each is a clean
    interpreter, so nothing of the caller (a game window, a progress bar's thread, open files)
    is copied into it.  Said here, since the default depends on the platform and on imports
    (mesa.batchrunner sets it for the whole process)."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=worker_started, initargs=(os.getpid(),)
    )
