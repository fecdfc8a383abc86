"""Engines: the same jobs give bit-identical results on one worker, a local process pool and Dask."""

from __future__ import annotations

import pandas as pd
import pytest

from experiments import engines
from experiments.engines import EngineError, map_jobs, run_each
from experiments.runner import Job, scenario_data
from experiments.sweep import sweep
from simulation.loader import load_scenario

GRID = {"organisation.discretion": [0.0, 0.6], "behaviour.form_error_rate": [0.05, 0.3]}


def jobs():
    sc = load_scenario("integral")
    return [Job("integral", scenario_data(sc), seed, 30, 8) for seed in (0, 1, 2)]


def assert_same(a: tuple[pd.DataFrame, pd.DataFrame], b: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y, check_exact=True)


def test_map_jobs_keeps_job_order_and_reports_progress():
    seen = []
    one = map_jobs(jobs(), workers=1, progress=lambda done, total: seen.append((done, total)))
    pool = map_jobs(jobs(), workers=2)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert [w.seed.iloc[0] for w, _ in pool] == [0, 1, 2]
    for a, b in zip(one, pool, strict=True):
        assert_same(a, b)


def test_sweep_identical_on_every_engine_and_worker_count():
    """30 households x 8 weeks: serial, a pool of 2 processes and a Dask LocalCluster of 2 processes."""
    serial = sweep("integral", GRID, seeds=2, households=30, weeks=8, workers=1)
    pool = sweep("integral", GRID, seeds=2, households=30, weeks=8, workers=2)
    dask = sweep("integral", GRID, seeds=2, households=30, weeks=8, workers=2, engine="dask")
    assert_same(serial, pool)
    assert_same(serial, dask)
    assert len(serial[0]) == 4 * 2 * 8 and len(serial[1]) == 4 * 2 * 30


def test_dask_threads_in_process_match_serial():
    expected = map_jobs(jobs(), workers=1)
    got = {}
    engines.run_dask(jobs(), lambda job, r: got.setdefault(job.seed, r), workers=2, processes=False)
    for job, result in zip(jobs(), expected, strict=True):
        assert_same(got[job.seed], result)


def test_engine_mistakes_are_engine_errors(monkeypatch):
    with pytest.raises(EngineError, match="unknown engine 'spark'"):
        run_each(jobs(), print, engine="spark")
    with pytest.raises(EngineError, match="needs the dask engine"):
        run_each(jobs(), print, engine="local", scheduler="tcp://127.0.0.1:8786")
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", "0.5s")
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler"):
        run_each(jobs(), print, engine="dask", scheduler="tcp://127.0.0.1:9")
