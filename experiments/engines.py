"""Engines: run many independent jobs and hand each result back as it finishes.

An engine maps jobs to results.  Every job is deterministic (its randomness is
owned by its seed, see :mod:`simulation.streams`), so neither the engine nor the
number of workers can change a result; callers order results by job, never by
completion.  The ``on_result`` callback runs in the calling process, one result
at a time, so it may write files and move a progress bar.

* ``local``: in this process (one worker) or a pool of local processes.
* ``dask``: a Dask distributed cluster at ``scheduler`` (workers need this
  package installed), or, without an address, a LocalCluster on this machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, as_completed
from typing import Any, TypeVar

from .jobs import Job, execute, process_pool

ENGINES = ("local", "dask")
R = TypeVar("R")
OnResult = Callable[[Job, Any], None]
CONNECT_TIMEOUT = os.environ.get("LOKET_CONNECT_TIMEOUT", "10s")  # to reach a Dask scheduler


class EngineError(Exception):
    """The engine cannot run (unknown name, unreachable scheduler)."""


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_local(
    jobs: Sequence[Job],
    on_result: OnResult,
    workers: int | None = None,
    task: Callable[[Job], Any] = execute,
    pool: Executor | None = None,
) -> None:
    """One worker: run in this process.  More: a process pool, results handed back as they finish.
    ``pool``: a pool the caller keeps for more runs (the council screen), used instead of a new one."""
    if pool is not None:
        _run_on(pool, jobs, on_result, task)
        return
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            on_result(job, task(job))
        return
    with process_pool(min(workers, len(jobs))) as new_pool:
        _run_on(new_pool, jobs, on_result, task)


def _run_on(pool: Executor, jobs: Sequence[Job], on_result: OnResult, task: Callable[[Job], Any]) -> None:
    futures = {pool.submit(task, job): job for job in jobs}
    try:
        for fut in as_completed(futures):
            on_result(futures[fut], fut.result())
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise


def run_dask(
    jobs: Sequence[Job],
    on_result: OnResult,
    workers: int | None = None,
    scheduler: str | None = None,
    processes: bool = True,
    task: Callable[[Job], Any] = execute,
) -> None:
    """On a Dask cluster: the one at ``scheduler``, or a LocalCluster of ``workers`` processes."""
    from dask.distributed import Client, LocalCluster
    from dask.distributed import as_completed as dask_completed

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        else:
            cluster = LocalCluster(
                n_workers=default_workers() if workers is None else workers,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
            )
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        if cluster is not None:
            cluster.close()
        raise EngineError(f"cannot reach the Dask scheduler at '{scheduler}' ({_one_line(exc)})") from None
    try:
        futures = client.map(task, list(jobs), pure=False)
        job_of = {fut.key: job for fut, job in zip(futures, jobs, strict=True)}
        for fut in dask_completed(futures):
            on_result(job_of[fut.key], fut.result())
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def check_scheduler(scheduler: str) -> None:
    """A Dask scheduler address that parses and answers, checked before anything is written."""
    from dask.distributed import Client

    try:
        Client(scheduler, timeout=CONNECT_TIMEOUT).close()
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise EngineError(
            f"cannot reach the Dask scheduler at '{scheduler}' ({_one_line(exc)}); "
            "expected an address like tcp://HOST:8786 of a running scheduler"
        ) from None


def check_engine(engine: str, scheduler: str | None = None) -> None:
    if engine not in ENGINES:
        raise EngineError(f"unknown engine '{engine}' (known: {', '.join(ENGINES)})")
    if scheduler and engine != "dask":
        raise EngineError("a scheduler address needs the dask engine (--engine dask)")


def run_each(
    jobs: Sequence[Job],
    on_result: OnResult,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    task: Callable[[Job], Any] = execute,
    pool: Executor | None = None,
) -> None:
    """Run ``jobs`` on the chosen engine; call ``on_result(job, result)`` for each as it finishes.
    ``pool``: the local engine's pool, if the caller keeps one (see ``run_local``)."""
    check_engine(engine, scheduler)
    if engine == "local":
        run_local(jobs, on_result, workers, task, pool)
    else:
        run_dask(jobs, on_result, workers, scheduler, task=task)


def map_jobs(
    jobs: Sequence[Job],
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    task: Callable[[Job], R] = execute,
    progress: Callable[[int, int], None] | None = None,
    pool: Executor | None = None,
) -> list[R]:
    """Results in the order of ``jobs``, whatever the engine and the order of completion."""
    results: dict[int, R] = {}
    index = {id(job): i for i, job in enumerate(jobs)}

    def keep(job: Job, result: R) -> None:
        results[index[id(job)]] = result
        if progress:
            progress(len(results), len(jobs))

    run_each(jobs, keep, engine, workers, scheduler, task, pool)
    return [results[i] for i in range(len(jobs))]
