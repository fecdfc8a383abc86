"""The calibration's specification: free parameters with their priors, settings, target patterns.

``validation/calibration.yaml`` names the free parameters (scenario key paths as
``--set`` takes them), a prior range and scale for each, and why no Dutch figure
pins it down directly; plus the settings of the ABC-SMC run.  :func:`load_config`
validates it with pydantic; a mistake names the file, the key path and what was
expected.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from simulation.listing import baseline_scenario
from simulation.loader import ScenarioError

CONFIG_PATH = Path(__file__).resolve().parent.parent / "validation" / "calibration.yaml"


class CalibrationError(ScenarioError):
    """A user mistake in a calibration's specification, options or output folder."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FreeParameter(_Strict):
    key: str = Field(min_length=1, description="a scenario key path, as --set takes it")
    low: float
    high: float
    scale: Literal["linear", "log"] = "linear"
    why_free: str = Field(min_length=1, description="why no Dutch figure pins it down directly")

    @model_validator(mode="after")
    def _range(self) -> FreeParameter:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise ValueError(f"expected low < high, got low={self.low:g}, high={self.high:g}")
        if self.scale == "log" and self.low <= 0:
            raise ValueError(f"a log scale needs low > 0, got low={self.low:g}")
        return self


class Settings(_Strict):
    scenario: str = Field(default_factory=baseline_scenario, description="default: the baseline scenario")
    households: int = Field(300, ge=1)
    weeks: int = Field(52, ge=1, description="measured weeks, after the burn-in")
    burn_in: int = Field(26, ge=0)
    seeds: int = Field(2, ge=1, description="model runs per particle; its pattern values are their mean")
    population: int = Field(100, ge=2, description="accepted particles per generation")
    generations: int = Field(5, ge=1)
    quantile: float = Field(0.5, gt=0, lt=1, description="next tolerance: this weighted quantile of distances")
    seed: int = Field(0, ge=0, description="master seed of every draw of the calibration")
    max_candidates: int = Field(20000, ge=1, description="candidates per generation before it gives up")
    screen_trajectories: int = Field(8, ge=2, description="Morris trajectories of --screen")
    point_top: int = Field(
        8, ge=0, description="final particles run again to choose the point estimate; 0: the weighted median"
    )
    point_seeds: int = Field(4, ge=1, description="fresh model seeds for each particle run again for the point")


class CalibrationConfig(_Strict):
    settings: Settings = Field(default_factory=Settings)
    parameters: list[FreeParameter] = Field(min_length=1)

    @field_validator("parameters")
    @classmethod
    def _unique(cls, params: list[FreeParameter]) -> list[FreeParameter]:
        keys = [p.key for p in params]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"a key is listed twice: {', '.join(twice)}")
        return params


def _format(source: str, exc: ValidationError) -> str:
    """One line: the file, then each key path with what was expected."""
    parts = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "(top level)"
        got = e.get("input")
        got_text = "" if isinstance(got, dict | list) else f" (got {got!r})"
        parts.append(f"{loc}: {e['msg'].removeprefix('Value error, ')}{got_text}")
    return f"{source}: " + "; ".join(parts)


def _one_line(exc: Exception) -> str:
    """A scenario error in one line: the schema's complaints without the heading."""
    lines = str(exc).splitlines()
    return "; ".join(ln.strip().removeprefix("- ") for ln in lines[1:]) if len(lines) > 1 else str(exc)


def load_config(path: str | Path | None = None, check_keys: bool = True) -> CalibrationConfig:
    """Read and validate ``validation/calibration.yaml`` (or ``path``); with ``check_keys`` every
    key must exist in the scenario, be a number, and accept both ends of its range."""
    path = Path(path) if path is not None else CONFIG_PATH
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise CalibrationError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        raise CalibrationError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise CalibrationError(f"{path}: expected a mapping with 'settings' and 'parameters'")
    try:
        config = CalibrationConfig.model_validate(data)
    except ValidationError as exc:
        raise CalibrationError(_format(str(path), exc)) from None
    if check_keys:
        priors_of(config, source=str(path))
    return config


# --------------------------------------------------------------------------- priors and targets


@dataclass(frozen=True)
class Prior:
    """Uniform (``linear``) or log-uniform (``log``) within [low, high].  The sampler works in
    *unit space*: the value itself, or its log10, where both priors are uniform."""

    key: str
    low: float
    high: float
    scale: str = "linear"
    integer: bool = False

    @property
    def bounds(self) -> tuple[float, float]:
        if self.scale == "log":
            return math.log10(self.low), math.log10(self.high)
        return self.low, self.high

    def value(self, u: float) -> float:
        """A point in unit space as the value the scenario gets (before rounding of integers)."""
        return float(10.0**u) if self.scale == "log" else float(u)

    def setting(self, x: float) -> Any:
        return int(round(x)) if self.integer else float(x)


class ScenarioBuilder:
    """A scenario with overrides, as plain JSON data, fast: the files are read and validated once
    (reading YAML takes a quarter of a second), then each call copies the tree, sets the values and
    validates it, as ``load_scenario(name, overrides)`` does.  Mistakes raise :class:`ScenarioError`."""

    def __init__(self, scenario: str | Path) -> None:
        from simulation.loader import load_scenario, resolve_path

        self.path = resolve_path(scenario)
        self.base = load_scenario(scenario)
        self.tree = json.loads(self.base.model_dump_json())

    def scenario(self, overrides: Mapping[str, Any] | None = None) -> Any:
        from simulation.loader import apply_override, format_validation_error
        from simulation.schema import Scenario

        tree = copy.deepcopy(self.tree)
        for key, value in (overrides or {}).items():
            apply_override(tree, key, value, source=f"{self.path.name} --set")
        try:
            return Scenario.model_validate(tree)
        except ValidationError as exc:
            raise ScenarioError(format_validation_error(str(self.path), exc)) from None

    def __call__(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return json.loads(self.scenario(overrides).model_dump_json())


def priors_of(
    config: CalibrationConfig, source: str = "calibration", builder: ScenarioBuilder | None = None
) -> list[Prior]:
    """Check every key against the scenario: it exists, holds a number, and takes both ends."""
    from .sensitivity import SensitivityError, schema_type

    builder = builder or ScenarioBuilder(config.settings.scenario)
    priors = []
    for i, p in enumerate(config.parameters):
        where = f"{source}: parameters.{i} ({p.key})"
        try:
            tp = schema_type(p.key)
        except SensitivityError:
            try:
                builder({p.key: p.low})  # the loader names the unknown part and the known keys
            except ScenarioError as exc:
                raise CalibrationError(f"{where}: {_one_line(exc)}") from None
            raise CalibrationError(f"{where}: unknown key path") from None
        if tp is bool or tp not in (int, float):
            raise CalibrationError(f"{where}: a {getattr(tp, '__name__', tp)} setting; a prior needs a number")
        integer = tp is int
        if integer and not (p.low.is_integer() and p.high.is_integer()):
            raise CalibrationError(f"{where}: an integer setting; expected whole numbers for low and high")
        prior = Prior(p.key, p.low, p.high, p.scale, integer)
        for end in (p.low, p.high):
            try:
                builder({p.key: prior.setting(end)})
            except ScenarioError as exc:
                raise CalibrationError(f"{where}: {_one_line(exc)}") from None
        priors.append(prior)
    return priors


@dataclass(frozen=True)
class Target:
    """A pattern the model should reproduce: a value within [low, high]."""

    id: str
    low: float
    high: float
    use: str = "calibrate"
    label: Mapping[str, str] = field(default_factory=dict)


def targets_of(patterns: Sequence[Any]) -> list[Target]:
    """Targets from ``experiments.patterns.Pattern`` objects (or anything with the same fields)."""
    out = []
    for p in patterns:
        label = getattr(p, "label", None)
        text = {lang: str(getattr(label, lang, "") or "") for lang in ("nl", "en")} if label is not None else {}
        t = Target(str(p.id), float(p.low), float(p.high), str(p.use), text)
        if not t.low < t.high:
            raise CalibrationError(f"pattern {t.id}: expected low < high, got [{t.low:g}, {t.high:g}]")
        if t.use not in ("calibrate", "hold_out"):
            raise CalibrationError(f"pattern {t.id}: use must be 'calibrate' or 'hold_out', got '{t.use}'")
        out.append(t)
    if not any(t.use == "calibrate" for t in out):
        raise CalibrationError("no pattern has use: calibrate; nothing to calibrate against")
    return out
