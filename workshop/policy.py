"""Council mode: policy levers read from the scenario file, validated lever values,
and a run of the changed scenario against its baseline on the same seeds.

A lever (scenario ``levers:`` block, schema ``Lever``) names a scenario key path
with a range and step, or a switch.  Lever values become overrides of those
paths, so the changed scenario is checked by the same schema as any file and
every difference comes from the model's own mechanisms.  Both arms run on the
same seeds (common random numbers): the same households meet the same life
events, only the organisation differs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.runner import CompareResult, Job, Progress, ci_half, manifest, run_jobs, scenario_data, summarise
from simulation.loader import ScenarioError, load_scenario, parse_value, resolve_path
from simulation.schema import LeverExplanation, Scenario, Text

from . import texts

BASELINE, POLICY = "baseline", "policy"
ARMS = (BASELINE, POLICY)
#: Outcomes compared per household type ("who gains").
GAIN_OUTCOMES = ("crises", "final_debt", "paperwork_hours", "fields_repeated", "stress", "income_gap")
_ON = {"aan", "ja", "yes", "on", "true", "1"}
_OFF = {"uit", "nee", "no", "off", "false", "0"}


class LeverError(ScenarioError):
    """A lever name or value the scenario does not allow; the message says what is allowed."""


@dataclass(frozen=True)
class LeverInfo:
    """One lever of a scenario, with the value the scenario itself has (the baseline)."""

    name: str
    path: str
    kind: str
    low: float
    high: float
    step: float
    label: Text
    baseline: Any
    on_value: Any = True
    off_value: Any = False
    explain: LeverExplanation | None = None
    drives: tuple[str, ...] = ()

    @property
    def is_switch(self) -> bool:
        return self.kind == "switch"

    def is_on(self, value: Any) -> bool:
        """A switch is on when its key path holds ``on_value``."""
        return value == self.on_value

    def toggled(self, value: Any) -> Any:
        return self.off_value if self.is_on(value) else self.on_value

    def steps(self) -> int:
        """Number of step intervals between low and high."""
        return round((self.high - self.low) / self.step) if self.step > 0 else 0

    def show(self, value: Any, lang: str = "nl") -> str:
        t = texts(lang)
        if self.is_switch:
            return t("aan") if self.is_on(value) else t("uit")
        return f"{value:g}" if isinstance(value, float) else str(value)

    def range_text(self, lang: str = "nl") -> str:
        t = texts(lang)
        if self.is_switch:
            return t("aan/uit")
        return t("{low:g}–{high:g}, stap {step:g}").format(low=self.low, high=self.high, step=self.step)

    def check(self, value: Any, lang: str = "nl") -> Any:
        """The value as the scenario takes it, or :class:`LeverError` saying what is allowed."""
        t = texts(lang)
        if self.is_switch:
            if value == self.on_value or value == self.off_value:
                return value
            if isinstance(value, bool):
                return self.on_value if value else self.off_value
            if isinstance(value, str | int) and str(value).strip().lower() in _ON | _OFF:
                return self.on_value if str(value).strip().lower() in _ON else self.off_value
            raise LeverError(
                t("hendel '{name}' is een schakelaar: geef aan of uit (true/false), niet '{value}'").format(
                    name=self.name, value=value
                )
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise LeverError(
                t("hendel '{name}' verwacht een getal ({range}), niet '{value}'").format(
                    name=self.name, range=self.range_text(lang), value=value
                )
            )
        if value == self.baseline:
            return self.baseline
        tol = 1e-9 * max(1.0, abs(self.high), abs(self.low))
        if value < self.low - tol or value > self.high + tol:
            raise LeverError(
                t("hendel '{name}': {value:g} ligt buiten het bereik {range}").format(
                    name=self.name, value=value, range=self.range_text(lang)
                )
            )
        k = (value - self.low) / self.step if self.step > 0 else 0.0
        if abs(k - round(k)) > 1e-6:
            raise LeverError(
                t("hendel '{name}': {value:g} ligt niet op een stap ({range})").format(
                    name=self.name, value=value, range=self.range_text(lang)
                )
            )
        snapped = self.low + round(k) * self.step
        if isinstance(self.baseline, int) and float(snapped).is_integer():
            return int(round(snapped))
        return round(float(snapped), 10)

    def value_at(self, position: int) -> Any:
        """The value at slider position 0..steps() (for sliders in the game)."""
        return self.check(self.low + position * self.step)

    def position(self, value: Any) -> int:
        return int(round((float(value) - self.low) / self.step)) if self.step > 0 else 0


def _value_at(tree: Mapping[str, Any], path: str) -> Any:
    node: Any = tree
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def levers(scenario: str | Path | Scenario) -> dict[str, LeverInfo]:
    """The scenario's levers in file order, each with the scenario's own value."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    tree = scenario_data(sc)
    out: dict[str, LeverInfo] = {}
    for name, lv in sc.levers.items():
        try:
            base = _value_at(tree, lv.path)
        except (KeyError, IndexError, ValueError, TypeError):
            raise ScenarioError(f"levers.{name}.path: '{lv.path}' is not a key path of scenario '{sc.name}'") from None
        out[name] = LeverInfo(
            name,
            lv.path,
            lv.kind,
            lv.low,
            lv.high,
            lv.step,
            lv.label,
            base,
            lv.on_value,
            lv.off_value,
            lv.explain,
            tuple(lv.drives),
        )
    return out


def parse_lever_args(items: Sequence[str], lang: str = "nl") -> dict[str, Any]:
    """``NAME=VALUE`` strings from the command line; values read as YAML scalars."""
    t = texts(lang)
    values: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip() or not raw.strip():
            raise LeverError(t("--lever verwacht NAAM=WAARDE, niet '{item}'").format(item=item))
        values[name.strip()] = parse_value(raw.strip())
    return values


def validate(values: Mapping[str, Any], known: Mapping[str, LeverInfo], lang: str = "nl") -> dict[str, Any]:
    """Checked lever values by name; unknown names and values out of range raise :class:`LeverError`."""
    t = texts(lang)
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise LeverError(
                t("onbekende hendel '{name}' (bekend: {known})").format(name=name, known=", ".join(known) or "-")
            )
        checked[name] = known[name].check(value, lang)
    return checked


def overrides(values: Mapping[str, Any], known: Mapping[str, LeverInfo]) -> dict[str, Any]:
    """Lever values as scenario overrides (key path -> value)."""
    return {known[name].path: value for name, value in values.items()}


# --------------------------------------------------------------------------- running


@dataclass
class PolicyPlan:
    """The jobs of a policy comparison; run them anywhere, then :func:`assemble` the results."""

    scenario: str
    values: dict[str, Any]
    overrides: dict[str, Any]
    baseline: Scenario
    policy: Scenario
    seeds: list[int]
    households: int | None
    weeks: int | None
    jobs: list[Job] = field(default_factory=list)


@dataclass
class PolicyResult(CompareResult):
    values: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)
    by_type: pd.DataFrame = field(default_factory=pd.DataFrame)

    def write_tables(self, out: Path) -> list[Path]:
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "summary.csv", out / "by_type.csv", out / "manifest.json"]
        self.summary.to_csv(paths[0], index=False)
        self.by_type.to_csv(paths[1], index=False)
        paths[2].write_text(json.dumps(self.manifest, indent=2, sort_keys=True, default=str) + "\n", "utf-8")
        return paths


def plan(
    scenario: str | Path,
    values: Mapping[str, Any],
    seeds: int | Sequence[int] = 5,
    households: int | None = None,
    weeks: int | None = None,
    lang: str = "nl",
) -> PolicyPlan:
    """Validate the lever values and lay out baseline and policy jobs on the same seeds."""
    resolve_path(scenario)  # a clear message for an unknown scenario
    base = load_scenario(scenario)
    known = levers(base)
    checked = validate(values, known, lang)
    ovr = overrides(checked, known)
    changed = load_scenario(scenario, ovr)
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    jobs = [
        Job(label, scenario_data(sc), s, households, weeks)
        for s in seed_list
        for label, sc in ((BASELINE, base), (POLICY, changed))
    ]
    return PolicyPlan(str(scenario), checked, ovr, base, changed, seed_list, households, weeks, jobs)


def assemble(p: PolicyPlan, weekly: pd.DataFrame, homes: pd.DataFrame) -> PolicyResult:
    summary = summarise(weekly, homes, BASELINE, POLICY)
    man = manifest(
        {BASELINE: p.baseline, POLICY: p.policy},
        p.seeds,
        p.households,
        p.weeks,
        p.overrides,
        scenario=p.scenario,
        levers=p.values,
    )
    return PolicyResult(
        weekly,
        homes,
        man,
        summary=summary,
        labels=ARMS,
        values=p.values,
        overrides=p.overrides,
        by_type=gains_by_type(homes),
    )


def run_policy(
    scenario: str | Path,
    values: Mapping[str, Any],
    seeds: int | Sequence[int] = 5,
    households: int | None = None,
    weeks: int | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    lang: str = "nl",
) -> PolicyResult:
    """Baseline against the scenario with the lever values, on the same seeds."""
    p = plan(scenario, values, seeds, households, weeks, lang)
    weekly, homes = run_jobs(p.jobs, workers=workers, progress=progress)
    return assemble(p, weekly, homes)


def gains_by_type(homes: pd.DataFrame, outcomes: Sequence[str] = GAIN_OUTCOMES) -> pd.DataFrame:
    """Per household type: mean per household in each arm and the paired difference (policy - baseline)
    over seeds, with a 95% confidence interval (t distribution over seeds)."""
    per = homes.groupby(["type", "scenario", "seed"])[list(outcomes)].mean()
    counts = homes[homes.scenario == BASELINE].groupby("type").size() / homes.seed.nunique()
    rows = []
    for htype in sorted(per.index.get_level_values("type").unique()):
        for col in outcomes:
            a = per.loc[(htype, BASELINE), col]
            b = per.loc[(htype, POLICY), col]
            diff = (b - a).dropna()
            n = len(diff)
            half = ci_half(diff)
            mean = float(diff.mean()) if n else float("nan")
            rows.append(
                {
                    "type": htype,
                    "outcome": col,
                    "households": float(counts.get(htype, 0)),
                    "baseline_mean": float(a.mean()),
                    "policy_mean": float(b.mean()),
                    "difference_mean": mean,
                    "difference_ci_low": mean - half,
                    "difference_ci_high": mean + half,
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- costs against crises avoided


@dataclass(frozen=True)
class Balance:
    """Per household over the whole run, with the levers minus as now, in the three kinds of public
    spending (reports/public_cost.py), never netted against each other: the cost of the services
    (the help itself), transfers (money paid to households: benefits paid because take-up rose
    are neither a cost of the help nor a saving) and the cost of crises.  ``total`` is their sum."""

    services: float
    transfers: float
    crisis_costs: float
    crises_avoided_per_1000: float
    crises_avoided_low: float
    crises_avoided_high: float

    @property
    def crisis_costs_saved(self) -> float:
        """Crises avoided, in money: how much less the crises cost."""
        return -self.crisis_costs

    @property
    def total(self) -> float:
        """The sum of the three kinds (only ever shown next to them)."""
        return self.services + self.transfers + self.crisis_costs

    @property
    def services_per_crisis_avoided(self) -> float:
        """Extra cost of services per crisis avoided (EUR); NaN when no crisis is avoided on average."""
        avoided = self.crises_avoided_per_1000 / 1000
        return self.services / avoided if avoided > 0 else float("nan")


def balance(summary: pd.DataFrame) -> Balance:
    s = summary.set_index("outcome")
    crises = s.loc["crises"]
    return Balance(
        float(s.loc["cost_services", "difference_mean"]),
        float(s.loc["transfers", "difference_mean"]),
        float(s.loc["crisis_costs", "difference_mean"]),
        -1000 * float(crises["difference_mean"]),
        -1000 * float(crises["difference_ci_high"]),
        -1000 * float(crises["difference_ci_low"]),
    )
