"""What a calibration writes, and the posterior file that scenarios can use later.

``OUT/particles.parquet`` and ``.csv``: one row per accepted particle of every
generation (generation, particle, candidate, the parameter values as set in the
scenario, distance, weight, and the particle's pattern values as ``value.<id>``).
``OUT/generations.csv``: per generation the tolerance, acceptance, effective
sample size, candidates and model runs, CPU seconds (summed over runs, measured
in the worker) and wall seconds.  ``OUT/posterior.yaml``: the point estimate
(``point``, chosen as :mod:`experiments.calibration_point` says, and how: ``point_choice``),
the weighted median per parameter (``median``), the final generation's particles with their weights, the
priors, the patterns with the posterior's fit to each (hold-out patterns
included), the settings, the scenario hash and the cost; read it with
:func:`load_posterior`, copy it to ``scenarios/calibration.yaml`` with
:func:`install_posterior`.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulation.loader import POSTERIOR_KIND, SCENARIO_DIR

from .calibration import CalibrationResult
from .calibration_config import CalibrationError
from .calibration_point import PointChoice, weighted_median
from .calibration_store import write_atomic

POSTERIOR = "posterior.yaml"
KIND = POSTERIOR_KIND


def particles_table(result: CalibrationResult) -> pd.DataFrame:
    keys = [p.key for p in result.spec.priors]
    ids = [t.id for t in result.spec.targets]
    rows = []
    for gen in result.generations:
        for i, (c, w) in enumerate(zip(gen.particles, gen.weights.tolist(), strict=True)):
            rows.append(
                {
                    "generation": gen.number,
                    "particle": i,
                    "candidate": c.index,
                    **{k: c.params[k] for k in keys},
                    "distance": c.distance,
                    "weight": w,
                    **{f"value.{t}": c.values.get(t, math.nan) for t in ids},
                }
            )
    return pd.DataFrame(rows)


def generations_table(result: CalibrationResult) -> pd.DataFrame:
    return pd.DataFrame([g.stats() for g in result.generations])


def _plain(x: Any) -> Any:
    return x.item() if isinstance(x, np.generic) else x


def posterior_data(result: CalibrationResult, choice: PointChoice | None = None) -> dict[str, Any]:
    """``choice``: the point estimate (:mod:`experiments.calibration_point`); default the weighted median."""
    spec, final = result.spec, result.final
    w = final.weights
    median = weighted_median(result)
    choice = choice or PointChoice("weighted median", median)
    patterns = []
    for t in spec.targets:
        xs = np.array([c.values.get(t.id, math.nan) for c in final.particles], dtype=float)
        ok = np.isfinite(xs)
        mean = float(np.sum(w[ok] * xs[ok]) / np.sum(w[ok])) if ok.any() else None
        inside = min(1.0, float(np.sum(w[ok & (xs >= t.low) & (xs <= t.high)])))
        patterns.append(
            {
                "id": t.id,
                "use": t.use,
                "low": t.low,
                "high": t.high,
                "label": dict(t.label),
                "posterior_mean": mean,
                "share_inside": inside,
            }
        )
    gens = generations_table(result)
    return {
        "kind": KIND,
        "scenario": dict(spec.scenario),
        "point": choice.params,
        "point_choice": choice.summary(),
        "median": median,
        "particles": [
            {"weight": float(wi), "values": dict(c.params), "distance": c.distance}
            for c, wi in zip(final.particles, w.tolist(), strict=True)
        ],
        "parameters": [{"key": p.key, "low": p.low, "high": p.high, "scale": p.scale} for p in spec.priors],
        "patterns": patterns,
        "settings": spec.settings.model_dump(),
        "tolerance": final.tolerance,
        "generations": len(result.generations),
        "stopped": result.stopped,
        "cost": {
            "runs": int(gens["runs"].sum()),
            "cpu_seconds": float(gens["cpu_seconds"].sum()),
            "wall_seconds": float(gens["wall_seconds"].sum()),
        },
    }


def write(result: CalibrationResult, out: str | Path, choice: PointChoice | None = None) -> list[Path]:
    out = Path(out)
    table, gens = particles_table(result), generations_table(result)
    files = [out / "particles.parquet", out / "particles.csv", out / "generations.csv", out / POSTERIOR]
    write_atomic(files[0], lambda p: table.to_parquet(p, index=False))
    write_atomic(files[1], lambda p: table.to_csv(p, index=False))
    write_atomic(files[2], lambda p: gens.to_csv(p, index=False))
    text = yaml.safe_dump(_yaml_ready(posterior_data(result, choice)), sort_keys=False, allow_unicode=True, width=100)
    write_atomic(
        files[3],
        lambda p: p.write_text(
            "# Posterior of an ABC-SMC calibration (loket calibrate); see experiments/calibration.py.\n" + text, "utf-8"
        ),
    )
    return files


def _yaml_ready(x: Any) -> Any:
    """Plain Python for YAML: numpy scalars unwrapped, infinite tolerances as the string 'inf'."""
    if isinstance(x, dict):
        return {k: _yaml_ready(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_yaml_ready(v) for v in x]
    x = _plain(x)
    if isinstance(x, float) and not math.isfinite(x):
        return None if math.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


# --------------------------------------------------------------------------- reading it back


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PosteriorParticle(_Loose):
    weight: float = Field(ge=0)
    values: dict[str, float | int]
    distance: float | None = None


class PosteriorPattern(_Loose):
    id: str
    use: str
    low: float
    high: float
    label: dict[str, str] = {}
    posterior_mean: float | None = None
    share_inside: float | None = None


class PriorEntry(_Loose):
    key: str
    low: float
    high: float
    scale: str


class Posterior(_Loose):
    kind: str
    scenario: dict[str, str]
    point: dict[str, float | int]
    point_choice: dict[str, Any] = {}
    median: dict[str, float | int] = {}
    particles: list[PosteriorParticle] = Field(min_length=1)
    parameters: list[PriorEntry]
    patterns: list[PosteriorPattern]
    settings: dict[str, Any]
    tolerance: float | str
    generations: int
    stopped: str | None = None
    cost: dict[str, float]


def load_posterior(path: str | Path) -> Posterior:
    """Read and validate a ``posterior.yaml``; a mistake names the file and the key path."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise CalibrationError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise CalibrationError(f"{path}: not valid YAML ({exc})") from None
    try:
        post = Posterior.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"]) or "(top level)"
        raise CalibrationError(f"{path}: not a calibration posterior: {loc}: {first['msg']}") from None
    if post.kind != KIND:
        raise CalibrationError(f"{path}: not a calibration posterior (kind: {post.kind!r})")
    return post


def install_posterior(src: str | Path, dest: str | Path | None = None) -> Path:
    """Copy a posterior (checked first) to ``scenarios/calibration.yaml``, where scenarios can use it."""
    load_posterior(src)
    dest = Path(dest) if dest is not None else SCENARIO_DIR / "calibration.yaml"
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, lambda p: shutil.copyfile(src, p))
    return dest
