"""Screening the free parameters of a calibration: Morris elementary effects on the patterns.

Issue #11: screen the free parameters with the Morris method, then calibrate the
influential ones.  The sample is drawn in the calibration's unit space (the
value, or its log10 for a log-scale prior) with :func:`experiments.sensitivity.draw`,
every sample point runs on the same seeds (common random numbers, so an
elementary effect is not drowned in seed noise) with the calibration's task
(``experiments.patterns.measure_job`` for the model), and the indices come from
:func:`experiments.sensitivity.indices` per pattern.  ``mu_star_scaled`` is mu*
divided by the pattern's range width, so the patterns can be compared: 1 means
moving the parameter across its prior moves the pattern by about its whole
range.  Runs are stored as they finish in ``OUT/screening/`` (resumable, like a
calibration).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.calibration import Candidate, Evaluator, Spec, engine_session
from experiments.calibration_store import EvalStore, write_atomic
from simulation.streams import stream_seed

from .sensitivity import Param, draw, indices

SEED_SPACE = 2**31


@dataclass
class ScreeningResult:
    table: pd.DataFrame  # pattern, use, parameter, mu_star, mu_star_conf, sigma, mu, mu_star_scaled, sigma_scaled
    ranking: pd.DataFrame  # parameter, score, top_pattern, ..., most influential first
    samples: pd.DataFrame  # one row per sample point: parameter values and pattern means

    def write(self, out: str | Path) -> list[Path]:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        files = [out / "screening.csv", out / "ranking.csv", out / "samples.csv"]
        for path, df in zip(files, (self.table, self.ranking, self.samples), strict=True):
            write_atomic(path, lambda p, df=df: df.to_csv(p, index=False))
        return files


def screen(
    spec: Spec,
    out: str | Path,
    trajectories: int | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScreeningResult:
    """Morris screening of ``spec.priors`` with the patterns as outcomes; runs stored in ``out``."""
    s = spec.settings
    trajectories = trajectories or s.screen_trajectories
    params = [Param(p.key, *p.bounds, False) for p in spec.priors]
    X = draw("morris", params, trajectories, s.seed)
    seeds = [stream_seed(s.seed, "screening", k) % SEED_SPACE for k in range(s.seeds)]
    cands = [Candidate(0, i, row, spec.params(row), seeds) for i, row in enumerate(X)]
    identity = {**spec.identity("screening"), "trajectories": trajectories}
    total = len(cands) * len(seeds)
    with EvalStore(out, identity) as store, engine_session(engine, workers, scheduler) as session:
        if progress:
            progress(len(store.records), total)
        done = [len(store.records)]

        def count(_record: dict) -> None:
            done[0] += 1
            if progress:
                progress(done[0], total)

        Evaluator(spec, store, session, count).run(cands)
    ids = [t.id for t in spec.targets]
    Y = pd.DataFrame([{t: c.values.get(t, np.nan) for t in ids} for c in cands])
    tables = []
    for t in spec.targets:
        tab = indices("morris", params, X, Y[t.id].to_numpy(dtype=float), s.seed)
        width = t.high - t.low
        tab = tab.assign(mu_star_scaled=tab.mu_star / width, sigma_scaled=tab.sigma / width)
        tab.insert(0, "use", t.use)
        tab.insert(0, "pattern", t.id)
        tables.append(tab)
    table = pd.concat(tables, ignore_index=True)
    samples = pd.DataFrame([c.params for c in cands]).join(Y.add_prefix("value."))
    return ScreeningResult(table, ranking(table), samples)


def ranking(table: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: its largest scaled mu* over the calibration patterns (``score``), on which
    pattern, and its mean; most influential first.  Parameters near 0 are candidates to fix."""
    cal = table[table.use == "calibrate"]
    rows = []
    for key, t in cal.groupby("parameter", sort=False):
        top = t.loc[t.mu_star_scaled.fillna(-1).idxmax()]
        rows.append(
            {
                "parameter": key,
                "score": float(top.mu_star_scaled),
                "top_pattern": top.pattern,
                "mean_scaled_mu_star": float(t.mu_star_scaled.mean()),
                "undefined_patterns": int(t.mu_star.isna().sum()),
            }
        )
    return (
        pd.DataFrame(rows)
        .sort_values("score", ascending=False, kind="stable", na_position="last")
        .reset_index(drop=True)
    )
