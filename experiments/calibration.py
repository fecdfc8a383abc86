"""Calibration by approximate Bayesian computation: ABC-SMC on the batch engines.

ABC-SMC after Toni et al. (2009) and Beaumont et al. (2009).  A *particle* is a
point in the space of free parameters (``validation/calibration.yaml``); it is
run on ``seeds`` model seeds and its pattern values are the means over them.
Its *distance* to the Dutch stylised facts (the patterns with ``use: calibrate``)
is the root mean square over those patterns of: 0 inside [low, high], otherwise
the distance to the nearest bound divided by (high - low).  A pattern that is
undefined (NaN) in every seed counts as :data:`NAN_PENALTY` widths outside.

* Generation 0 is rejection ABC from the prior with tolerance infinity: the
  first ``population`` prior draws.
* Generation t > 0: the tolerance is the weighted ``quantile`` of the previous
  generation's distances.  A candidate picks an ancestor by weight and moves it
  with a Gaussian kernel of twice the weighted covariance; a move outside the
  prior box is drawn again.  The first ``population`` candidates (in proposal
  order) within the tolerance are accepted, with importance weights
  prior / sum_j w_j K(theta | theta_j).
* Priors are uniform or log-uniform within bounds; the sampler works in *unit
  space* (the value or its log10), where both are uniform, so the prior density
  cancels from the weights.

Determinism: candidate i of generation t draws everything (its ancestor, its
move or prior draw, its model seeds) from ``stream_seed(seed, "calibration", t,
i, ...)``.  Candidates are proposed in batches in index order, a batch runs in
parallel, and acceptance goes in index order; so the particles do not depend on
the engine, the number of workers or the batch size (only the number of runs
made past the last accepted candidate does).  Every run is stored at once
(:mod:`experiments.calibration_store`): a restarted calibration skips what is
stored and ends with bit-identical particles.  ``generations`` is not part of a
calibration's identity, so running again with more generations extends it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from simulation.streams import stream_seed

from .calibration_config import CalibrationError, Prior, Settings, Target
from .calibration_kernel import Kernel
from .calibration_store import EvalStore
from .engines import check_engine, default_workers, run_each
from .jobs import Job, process_pool

NAN_PENALTY = 10.0  # an undefined pattern counts as this many range widths outside its range
SEED_SPACE = 2**31
Progress = Callable[[int, int, int, int], None]  # generation, accepted, population, candidates run


# --------------------------------------------------------------------------- distance


def pattern_distance(value: float | None, target: Target) -> float:
    """0 inside [low, high]; else the distance to the nearest bound in range widths; NaN: the penalty."""
    if value is None or not math.isfinite(value):
        return NAN_PENALTY
    width = target.high - target.low
    if value < target.low:
        return (target.low - value) / width
    if value > target.high:
        return (value - target.high) / width
    return 0.0


def seed_mean(runs: Sequence[Mapping[str, float | None]]) -> dict[str, float]:
    """Per pattern, the mean over the runs where it is defined; NaN where it is defined in none."""
    names = list(dict.fromkeys(k for r in runs for k in r))
    out = {}
    for name in names:
        xs = [float(r[name]) for r in runs if r.get(name) is not None and math.isfinite(float(r[name]))]
        out[name] = math.fsum(xs) / len(xs) if xs else math.nan
    return out


def distance(values: Mapping[str, float | None], targets: Sequence[Target]) -> float:
    """Root mean square of :func:`pattern_distance` over the targets with ``use: calibrate``."""
    ds = [pattern_distance(values.get(t.id), t) for t in targets if t.use == "calibrate"]
    if not ds:
        raise CalibrationError("no pattern has use: calibrate; nothing to calibrate against")
    return math.sqrt(math.fsum(d * d for d in ds) / len(ds))


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value whose cumulative weight (in sorted order, ties by position) reaches q."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    i = int(np.searchsorted(cum, q * cum[-1], side="left"))
    return float(values[order][min(i, len(values) - 1)])


# --------------------------------------------------------------------------- the specification


@dataclass
class Spec:
    """What to calibrate.  ``scenario_of(overrides)`` gives a job's scenario as plain JSON data (the
    particle's values set in it); ``task(job)`` returns ``{pattern_id: value}`` and must be picklable (a
    module-level function).  A job's ``extra`` holds ``burn_in``, ``generation``, ``candidate``, ``replicate``."""

    priors: list[Prior]
    targets: list[Target]
    settings: Settings
    task: Callable[[Job], Mapping[str, float]]
    scenario_of: Callable[[dict[str, Any]], dict[str, Any]]
    scenario: dict[str, str] = field(default_factory=dict)  # name and content hash of the base scenario

    def identity(self, kind: str = "calibration") -> dict[str, Any]:
        from .runner import versions

        keep = {
            k: v
            for k, v in self.settings.model_dump().items()
            if k not in ("generations", "max_candidates", "screen_trajectories", "point_top", "point_seeds")
        }
        return {
            "kind": kind,
            "scenario": self.scenario,
            "settings": keep,
            "parameters": [p.__dict__ for p in self.priors],
            "patterns": [{"id": t.id, "low": t.low, "high": t.high, "use": t.use} for t in self.targets],
            "task": f"{self.task.__module__}.{self.task.__qualname__}",
            "versions": versions(),
        }

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        b = np.array([p.bounds for p in self.priors], dtype=float)
        return b[:, 0], b[:, 1]

    def params(self, u: np.ndarray) -> dict[str, Any]:
        return {p.key: p.setting(p.value(x)) for p, x in zip(self.priors, u.tolist(), strict=True)}


@dataclass
class Candidate:
    generation: int
    index: int
    unit: np.ndarray
    params: dict[str, Any]
    seeds: list[int]
    runs: list[dict[str, Any]] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)
    distance: float = math.nan


@dataclass
class Generation:
    number: int
    tolerance: float
    particles: list[Candidate]
    weights: np.ndarray
    candidates: int  # proposed up to the last accepted one
    evaluated: int = 0  # candidates run, including those past the last accepted one
    runs: int = 0
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0

    @property
    def unit(self) -> np.ndarray:
        return np.array([c.unit for c in self.particles])

    def stats(self) -> dict[str, Any]:
        return {
            "generation": self.number,
            "tolerance": self.tolerance,
            "accepted": len(self.particles),
            "candidates": self.candidates,
            "acceptance": len(self.particles) / self.candidates,
            "ess": float(1.0 / np.sum(self.weights**2)),
            "evaluated": self.evaluated,
            "runs": self.runs,
            "cpu_seconds": self.cpu_seconds,
            "wall_seconds": self.wall_seconds,
        }


@dataclass
class CalibrationResult:
    spec: Spec
    generations: list[Generation]
    stopped: str | None = None  # why it ended before the last generation, if it did

    @property
    def final(self) -> Generation:
        return self.generations[-1]


# --------------------------------------------------------------------------- proposals


def candidate(spec: Spec, generation: int, index: int, kernel: Kernel | None) -> Candidate:
    s = spec.settings
    rng = np.random.default_rng(stream_seed(s.seed, "calibration", generation, index))
    low, high = spec.bounds()
    u = low + rng.random(len(low)) * (high - low) if kernel is None else kernel.propose(rng)
    seeds = [stream_seed(s.seed, "calibration", generation, index, "model", k) % SEED_SPACE for k in range(s.seeds)]
    return Candidate(generation, index, u, spec.params(u), seeds)


# --------------------------------------------------------------------------- running candidates


@dataclass(frozen=True)
class Timed:
    """The task as run by a worker: its result and the CPU seconds it took there."""

    task: Callable[[Job], Mapping[str, float]]

    def __call__(self, job: Job) -> tuple[dict[str, float], float]:
        t0 = time.process_time()
        values = {str(k): float(v) for k, v in dict(self.task(job)).items()}
        return values, time.process_time() - t0


@contextmanager
def engine_session(engine: str, workers: int | None, scheduler: str | None) -> Iterator[dict[str, Any]]:
    """What ``run_each`` needs for many batches: one local pool, or one Dask LocalCluster, for all."""
    check_engine(engine, scheduler)
    n = default_workers() if workers is None else workers
    if engine == "local":
        if n <= 1:
            yield {"engine": "local", "workers": 1}
            return
        with process_pool(n) as pool:
            yield {"engine": "local", "workers": n, "pool": pool}
        return
    if scheduler:
        yield {"engine": "dask", "scheduler": scheduler}
        return
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield {"engine": "dask", "scheduler": cluster.scheduler_address}


class Evaluator:
    """Runs the candidates' jobs that are not stored yet, and stores each result as it comes back."""

    def __init__(
        self,
        spec: Spec,
        store: EvalStore,
        session: dict[str, Any],
        on_evaluation: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.spec, self.store, self.session, self.on_evaluation = spec, store, session, on_evaluation

    def job(self, c: Candidate, k: int) -> Job:
        s = self.spec.settings
        return Job(
            self.spec.scenario.get("name", "calibration"),
            self.spec.scenario_of(c.params),
            c.seeds[k],
            s.households,
            s.weeks,
            extra={"burn_in": s.burn_in, "generation": c.generation, "candidate": c.index, "replicate": k},
        )

    def stored(self, c: Candidate, k: int) -> dict[str, Any] | None:
        rec = self.store.records.get((c.generation, c.index, k))
        if rec is not None and (rec["seed"] != c.seeds[k] or rec["unit"] != c.unit.tolist()):
            raise CalibrationError(
                f"{self.store.out}: the stored run of generation {c.generation}, candidate "
                f"{c.index} does not match this calibration's draws (another program version?); "
                "use another --out folder"
            )
        return rec

    def run(self, cands: Sequence[Candidate]) -> None:
        todo = [(c, k) for c in cands for k in range(len(c.seeds)) if self.stored(c, k) is None]
        by_key = {(c.generation, c.index): c for c in cands}
        clock = [time.perf_counter()]

        def keep(job: Job, result: tuple[dict[str, float], float]) -> None:
            now = time.perf_counter()
            c = by_key[(job.extra["generation"], job.extra["candidate"])]
            rec = self.store.add(
                {
                    "generation": c.generation,
                    "candidate": c.index,
                    "replicate": job.extra["replicate"],
                    "seed": job.seed,
                    "unit": c.unit.tolist(),
                    "params": c.params,
                    "values": result[0],
                    "cpu": result[1],
                    "wall": now - clock[0],
                }
            )
            clock[0] = now
            if self.on_evaluation:
                self.on_evaluation(rec)

        if todo:
            jobs = [self.job(c, k) for c, k in todo]
            run_each(jobs, keep, task=Timed(self.spec.task), **self.session)
        for c in cands:
            c.runs = [self.stored(c, k) for k in range(len(c.seeds))]  # type: ignore[misc]
            c.values = seed_mean([r["values"] for r in c.runs])
            c.distance = distance(c.values, self.spec.targets)


# --------------------------------------------------------------------------- ABC-SMC


def _batch_size(needed: int, accepted: int, tried: int, prior_rate: float, workers: int, population: int) -> int:
    """How many candidates to run next: enough for the missing acceptances at the rate seen so far.
    Only the number of runs made depends on it, never which particles are accepted."""
    rate = accepted / tried if tried else prior_rate
    want = math.ceil((needed - accepted) / max(rate, 0.02) * 1.1)
    return int(min(max(want, workers, 1), 4 * population))


def smc_generation(
    spec: Spec,
    evaluator: Evaluator,
    number: int,
    prev: Generation | None,
    workers: int,
    batch: int | None,
    progress: Progress | None,
) -> Generation | None:
    """One generation; None if ``max_candidates`` ran out before ``population`` were accepted."""
    s = spec.settings
    low, high = spec.bounds()
    tolerance = (
        math.inf
        if prev is None
        else weighted_quantile(np.array([c.distance for c in prev.particles]), prev.weights, s.quantile)
    )
    kernel = None if prev is None else Kernel(prev, low, high)
    accepted: list[Candidate] = []
    tried = 0
    last = -1
    if progress:
        progress(number, 0, s.population, 0)
    while len(accepted) < s.population:
        if tried >= s.max_candidates:
            return None
        size = batch or _batch_size(
            s.population, len(accepted), tried, 1.0 if prev is None else s.quantile, workers, s.population
        )
        cands = [candidate(spec, number, i, kernel) for i in range(tried, min(tried + size, s.max_candidates))]
        evaluator.run(cands)
        tried += len(cands)
        for c in cands:
            if c.distance <= tolerance:
                accepted.append(c)
                last = c.index
                if len(accepted) == s.population:
                    break
        if progress:
            progress(number, len(accepted), s.population, tried)
    if kernel is None:
        weights = np.full(len(accepted), 1.0 / len(accepted))
    else:
        log_w = [kernel.log_weight(c.unit) for c in accepted]
        top = max(log_w)
        w = [math.exp(x - top) for x in log_w]
        total = math.fsum(w)
        weights = np.array([x / total for x in w])
    gen = Generation(number, tolerance, accepted, weights, last + 1)
    mine = [r for (g, _, _), r in evaluator.store.records.items() if g == number]
    gen.evaluated = len({r["candidate"] for r in mine})
    gen.runs = len(mine)
    gen.cpu_seconds = math.fsum(r["cpu"] for r in mine)
    gen.wall_seconds = math.fsum(r["wall"] for r in mine)
    return gen


def calibrate(
    spec: Spec,
    out: str | Path,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    batch: int | None = None,
    progress: Progress | None = None,
    on_evaluation: Callable[[dict[str, Any]], None] | None = None,
) -> CalibrationResult:
    """Run ABC-SMC for ``spec.settings.generations`` generations, storing every run in ``out``.

    ``batch``: candidates per batch (default: adapted to the acceptance rate); it changes the
    number of runs made, never the result.  ``on_evaluation(record)`` is called after each run is
    stored.  Returns the generations; :mod:`experiments.calibration_output` writes the tables."""
    check_engine(engine, scheduler)
    if not spec.priors:
        raise CalibrationError("no free parameters to calibrate")
    distance({}, spec.targets)  # at least one calibration pattern
    if batch is not None and batch < 1:
        raise CalibrationError(f"batch size must be at least 1, got {batch}")
    generations: list[Generation] = []
    stopped = None
    with EvalStore(out, spec.identity()) as store, engine_session(engine, workers, scheduler) as session:
        evaluator = Evaluator(spec, store, session, on_evaluation)
        n_workers = session.get("workers", default_workers() if workers is None else workers)
        for t in range(spec.settings.generations):
            gen = smc_generation(
                spec, evaluator, t, generations[-1] if generations else None, n_workers, batch, progress
            )
            if gen is None:
                stopped = (
                    f"generation {t}: fewer than {spec.settings.population} of "
                    f"{spec.settings.max_candidates} candidates came within the tolerance"
                )
                break
            generations.append(gen)
    if not generations:
        raise CalibrationError(f"no generation finished: {stopped}")
    return CalibrationResult(spec, generations, stopped)


# --------------------------------------------------------------------------- the real model


def model_spec(
    config: Any, patterns: Sequence[Any], task: Callable[[Job], Mapping[str, float]], scenario: str | None = None
) -> Spec:
    """The specification for the model: ``config`` from ``load_config``, ``patterns`` from
    ``experiments.patterns.load_patterns()``, ``task``: ``experiments.patterns.measure_job``."""
    from simulation.loader import scenario_hash

    from .calibration_config import ScenarioBuilder, priors_of, targets_of

    if scenario is not None:
        config = config.model_copy(update={"settings": config.settings.model_copy(update={"scenario": scenario})})
    builder = ScenarioBuilder(config.settings.scenario)
    # A pattern that does not apply to this scenario (``Pattern.applies``) would add the same penalty
    # to every particle: it is left out.
    patterns = [p for p in patterns if not hasattr(p, "applies") or p.applies(builder.base)]
    return Spec(
        priors_of(config, builder=builder),
        targets_of(patterns),
        config.settings,
        task,
        builder,
        {"name": builder.base.name, "hash": scenario_hash(builder.base)},
    )
