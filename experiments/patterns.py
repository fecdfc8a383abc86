"""Dutch patterns: observed ranges from public sources, measured in model runs.

``validation/patterns.yaml`` lists stylised facts (problematic-debt prevalence, non-take-up,
evictions, ...) with an observed range, a source and whether they may be used to calibrate
or are held out.  This module loads them (:func:`load_patterns`), measures them in runs
(:func:`measure_job` for one seed, :func:`measure` for many) and judges the model against
the ranges (:func:`verdicts`).  The measurements themselves live in
:mod:`experiments.pattern_observer`.

:func:`measure_job` is the interface calibration codes against: a module-level function of a
:class:`~experiments.jobs.Job` that returns ``{pattern_id: value}``, usable as ``task=`` in
:func:`experiments.engines.run_each` and :func:`~experiments.engines.map_jobs` (local pool or Dask).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from simulation.loader import ScenarioError
from simulation.model import CityModel
from simulation.schema import Scenario, Strict, Text

from .jobs import Job, collector_paused, release
from .pattern_observer import MEASURES, Observer, finite
from .runner import ci_half

VALIDATION_DIR = Path(__file__).resolve().parent.parent / "validation"
PATTERNS_FILE = VALIDATION_DIR / "patterns.yaml"

#: Weeks simulated before measuring: the population settles from its drawn start (initial debts
#: all arise at week 0, so the first year has a burst of cut-offs and evictions).  Two years, so
#: that problems met in the measured weeks can already be years old (years_before_help).
DEFAULT_BURN_IN = 104
#: Weeks measured after the burn-in: four years, so help sought after up to 6 years (burn-in
#: included) can be seen and problematic debts can be followed three years running.
DEFAULT_WEEKS = 208
#: Counter staff and case managers scale per 1,000 households, so outcomes per household do not
#: depend on the size.  8 seeds x 400 households x 312 weeks is about a million household-weeks:
#: some 20 s of CPU at 20 us each, so `loket patterns` with defaults takes well under a minute on
#: two free cores (a few minutes on a busy machine), and rare events (evictions, about 150 over
#: the 8 seeds) stay countable.
DEFAULT_HOUSEHOLDS = 400
DEFAULT_SEEDS = 8
VERDICTS = ("met", "near", "not met", "n/a")


class PatternError(ScenarioError):
    """A user mistake in a patterns file; the message names the file and the key."""


class AppliesWhen(Strict):
    """The pattern applies only when a scenario value is above a threshold
    (e.g. ``organisation.case_managers.per_1000`` above 0)."""

    key: str
    above: float = 0.0

    def holds(self, scenario: Scenario) -> bool:
        node: Any = scenario
        for part in self.key.split("."):
            node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
            if node is None:
                return False
        return float(node) > self.above

    def text(self) -> str:
        return f"{self.key} > {self.above:g}"


class Pattern(Strict):
    """One stylised fact: an observed range for a measurement of the model."""

    id: str = Field(description="the measurement (experiments.pattern_observer.MEASURES)")
    label: Text
    definition: str = Field(min_length=1, description="what is measured, in model terms")
    population: str = Field(min_length=1, description="whom the source describes; how the range was widened")
    low: float
    high: float
    unit: Text
    year: str = Field(min_length=1, description="the years the figures describe")
    source: str = Field(min_length=1, description="publisher and title, URL where known")
    use: Literal["calibrate", "hold_out"]
    by_construction: bool
    why_not_by_construction: str | None = None
    applies_when: AppliesWhen | None = None
    known_deviation: str | None = Field(None, description="why the current model misses it (mechanism)")

    @field_validator("year", mode="before")
    @classmethod
    def _year_text(cls, v: object) -> object:
        return str(v) if isinstance(v, int) else v

    @field_validator("id")
    @classmethod
    def _known_measure(cls, v: str) -> str:
        if v not in MEASURES:
            raise ValueError(f"no measurement '{v}' in experiments/pattern_observer.py (known: {', '.join(MEASURES)})")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Pattern:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is above high ({self.high:g})")
        if not self.by_construction and not (self.why_not_by_construction or "").strip():
            raise ValueError("why_not_by_construction is required when by_construction is false")
        return self

    def applies(self, scenario: Scenario) -> bool:
        return self.applies_when is None or self.applies_when.holds(scenario)


class PatternFile(Strict):
    patterns: list[Pattern] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> PatternFile:
        seen: set[str] = set()
        for p in self.patterns:
            if p.id in seen:
                raise ValueError(f"pattern id '{p.id}' appears twice")
            seen.add(p.id)
        return self


def _where(loc: tuple, data: Any) -> str:
    """``('patterns', 3, 'low')`` -> ``patterns[3] (id 'x').low``."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and "id" in node:
                out += f" (id '{node['id']}')"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def load_patterns(path: str | Path | None = None) -> list[Pattern]:
    """The patterns of a file (default ``validation/patterns.yaml``); raises :class:`PatternError`
    naming the file and the key on any mistake."""
    p = Path(path) if path is not None else PATTERNS_FILE
    try:
        st = p.stat()
    except OSError as exc:
        raise PatternError(f"{p}: cannot be read ({exc.strerror})") from None
    return list(_load(str(p.resolve()), st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int, _size: int) -> tuple[Pattern, ...]:
    """Read and check a file once per version (a worker measuring many jobs reads it once)."""
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PatternError(f"{path}:{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except OSError as exc:
        raise PatternError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return tuple(PatternFile.model_validate(data).patterns)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{_where(err['loc'], data)}: {msg}")
        raise PatternError(f"{path}: " + "; ".join(problems)) from None


def patterns_hash(path: str | Path | None = None) -> str:
    p = Path(path) if path is not None else PATTERNS_FILE
    return hashlib.sha256(p.read_bytes()).hexdigest()[:16]


# ---------------------------------------------------------------- measuring
def observe(scenario: Scenario, seed: int, households: int | None, weeks: int, burn_in: int) -> dict[str, float]:
    """Run the model ``burn_in + weeks`` weeks and measure after the burn-in: every measurement."""
    with collector_paused():
        model = CityModel(scenario, seed=seed, households=households)
        obs = Observer(model, burn_in, weeks)
        for _ in range(burn_in + weeks):
            model.step()
            obs.after_week()
        values = finite(obs.results())
        release(model)
    return values


def measure_job(job: Job) -> dict[str, float]:
    """One seed: ``{pattern_id: value}`` for every pattern (NaN where undefined or not applicable).

    Runs ``Scenario.model_validate(job.scenario)`` with ``job.seed`` and ``job.households``
    households for ``job.extra.get("burn_in", DEFAULT_BURN_IN)`` + ``job.weeks`` (default
    ``DEFAULT_WEEKS``) weeks and measures only after the burn-in.  ``job.extra["patterns"]``:
    another patterns file.  Deterministic: the same job gives the same values in any process."""
    scenario = Scenario.model_validate(job.scenario)
    burn_in = int(job.extra.get("burn_in", DEFAULT_BURN_IN))
    weeks = int(job.weeks) if job.weeks is not None else DEFAULT_WEEKS
    patterns = load_patterns(job.extra.get("patterns"))
    values = observe(scenario, job.seed, job.households, weeks, burn_in)
    return {p.id: (values[p.id] if p.applies(scenario) else float("nan")) for p in patterns}


def measure(
    scenario: str | Path | Scenario | None = None,
    seeds: int | Sequence[int] = DEFAULT_SEEDS,
    households: int | None = DEFAULT_HOUSEHOLDS,
    weeks: int = DEFAULT_WEEKS,
    burn_in: int = DEFAULT_BURN_IN,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    overrides: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    patterns: str | Path | None = None,
) -> pd.DataFrame:
    """Measure every pattern on each seed.  Tidy: one row per (seed, pattern) with its value.
    The values do not depend on the engine or the number of workers."""
    from .engines import map_jobs
    from .runner import as_scenario, scenario_data

    if weeks < 1 or burn_in < 0:
        raise PatternError(f"weeks must be at least 1 and burn-in at least 0 (got {weeks} and {burn_in})")
    sc = as_scenario(scenario, overrides)
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    extra: dict[str, Any] = {"burn_in": int(burn_in)}
    if patterns is not None:
        extra["patterns"] = str(Path(patterns).resolve())
    ids = [p.id for p in load_patterns(patterns)]
    data = scenario_data(sc)
    jobs = [Job(sc.name, data, s, households, weeks, extra) for s in seed_list]
    results = map_jobs(jobs, engine, workers, scheduler, task=measure_job, progress=progress)
    rows = [
        {"seed": job.seed, "pattern": pid, "value": float(res[pid])}
        for job, res in zip(jobs, results, strict=True)
        for pid in ids
    ]
    return pd.DataFrame(rows, columns=["seed", "pattern", "value"])


# ---------------------------------------------------------------- judging
def verdict(mean: float, ci_low: float, ci_high: float, low: float, high: float) -> str:
    """``met``: the mean lies in [low, high]; ``near``: only the 95% interval overlaps it;
    ``not met``: neither; ``n/a``: no value."""
    if mean is None or np.isnan(mean):
        return "n/a"
    if low <= mean <= high:
        return "met"
    if not (np.isnan(ci_low) or np.isnan(ci_high)) and ci_low <= high and ci_high >= low:
        return "near"
    return "not met"


def verdicts(values: pd.DataFrame, patterns: Sequence[Pattern], lang: str = "nl") -> pd.DataFrame:
    """One row per pattern: observed range, model mean over seeds with a t-based 95% interval,
    the verdict, and the pattern's use, by_construction, known deviation and source."""
    rows = []
    for p in patterns:
        v = values.loc[values["pattern"] == p.id, "value"].astype(float).dropna()
        n = len(v)
        mean = float(v.mean()) if n else float("nan")
        half = ci_half(v)
        rows.append(
            {
                "pattern": p.id,
                "label": getattr(p.label, lang),
                "low": p.low,
                "high": p.high,
                "unit": getattr(p.unit, lang),
                "mean": mean,
                "ci_low": mean - half,
                "ci_high": mean + half,
                "seeds": n,
                "verdict": verdict(mean, mean - half, mean + half, p.low, p.high),
                "use": p.use,
                "by_construction": p.by_construction,
                "applies_when": p.applies_when.text() if p.applies_when else "",
                "known_deviation": p.known_deviation or "",
                "year": p.year,
                "source": " ".join(p.source.split()),
            }
        )
    return pd.DataFrame(rows)
