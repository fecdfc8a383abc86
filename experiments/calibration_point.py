"""The calibration's point estimate: the final particle that fits best when run again.

The scenarios run with one parameter set (``point:`` in ``posterior.yaml``).  The weighted median
of each parameter on its own need not be a set the posterior holds: where parameters trade off
against each other (a higher chance of asking for help against more shame), the medians can
combine values that never fitted together.  So the point estimate is chosen among the final
generation's particles:

* the ``point_top`` particles with the smallest distance in the calibration are run again on
  ``point_seeds`` fresh model seeds, the same seeds for each (common random numbers), at the
  calibration's households and weeks;
* the one with the smallest distance over those runs wins; a tie goes to the smaller distance in
  the calibration, then to the earlier particle.

Only the calibration patterns count (:func:`experiments.calibration.distance`); the hold-out
patterns are measured but never choose.  Re-running guards against a particle that was only
lucky with its own seeds.  ``point_top: 0`` keeps the weighted median.  Every run is stored in
``OUT/point`` like the calibration's own, so a restarted choice runs nothing twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from simulation.streams import stream_seed

from .calibration import SEED_SPACE, CalibrationResult, Candidate, Evaluator, engine_session, weighted_quantile
from .calibration_store import EvalStore

POINT_DIR = "point"


@dataclass
class PointChoice:
    """The chosen particle and how each re-run particle did."""

    method: str
    params: dict[str, Any]
    particle: int | None = None  # position in the final generation; None for the weighted median
    seeds: list[int] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per re-run particle, best first

    def summary(self) -> dict[str, Any]:
        """What ``posterior.yaml`` keeps of the choice.  Not the seeds themselves (:func:`point_seeds`
        gives them again): the file is read as scenario data, where numbers stay under a billion."""
        return {"method": self.method, "particle": self.particle, "seeds": len(self.seeds), "candidates": self.rows}


def weighted_median(result: CalibrationResult) -> dict[str, Any]:
    final = result.final
    out = {}
    for p in result.spec.priors:
        xs = np.array([float(c.params[p.key]) for c in final.particles])
        out[p.key] = p.setting(weighted_quantile(xs, final.weights, 0.5))
    return out


def point_seeds(seed: int, n: int) -> list[int]:
    return [stream_seed(seed, "calibration point", k) % SEED_SPACE for k in range(n)]


def choose_point(
    result: CalibrationResult,
    out: str | Path,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
) -> PointChoice:
    """Re-run the best ``point_top`` final particles and pick the one that fits best (module doc)."""
    spec, final = result.spec, result.final
    s = spec.settings
    if s.point_top == 0:
        return PointChoice("weighted median", weighted_median(result))
    ranked = sorted(range(len(final.particles)), key=lambda i: (final.particles[i].distance, i))[: s.point_top]
    seeds = point_seeds(s.seed, s.point_seeds)
    reruns = [Candidate(final.number, i, final.particles[i].unit, final.particles[i].params, seeds) for i in ranked]
    store = EvalStore(Path(out) / POINT_DIR, spec.identity("calibration point"))
    with store, engine_session(engine, workers, scheduler) as session:
        Evaluator(spec, store, session).run(reruns)
    order = sorted(
        range(len(reruns)), key=lambda j: (reruns[j].distance, final.particles[ranked[j]].distance, ranked[j])
    )
    rows = [
        {
            "particle": ranked[j],
            "calibration_distance": final.particles[ranked[j]].distance,
            "distance": reruns[j].distance,
            "values": {k: (None if math.isnan(v) else v) for k, v in reruns[j].values.items()},
        }
        for j in order
    ]
    best = reruns[order[0]]
    method = f"best of the {len(reruns)} closest final particles, run again on {len(seeds)} fresh seeds"
    return PointChoice(method, dict(best.params), best.index, seeds, rows)
