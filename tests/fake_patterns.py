"""A stand-in for ``experiments.patterns`` (written elsewhere), for testing ``loket calibrate`` on the
real model: the same two functions, three wide patterns measured from an ordinary model run."""

from __future__ import annotations

from dataclasses import dataclass, field

from experiments.jobs import Job, execute


@dataclass(frozen=True)
class Label:
    nl: str
    en: str


@dataclass(frozen=True)
class Pattern:
    id: str
    low: float
    high: float
    use: str
    label: Label = field(default_factory=lambda: Label("", ""))


def load_patterns(path=None) -> list[Pattern]:
    return [
        Pattern("mean_stress", 0.2, 0.4, "calibrate", Label("Gemiddelde stress", "Mean stress")),
        Pattern("rejections", 0.0, 0.5, "calibrate", Label("Afwijzingen", "Rejections")),
        Pattern("takeup", 0.3, 0.9, "hold_out", Label("Gebruik", "Take-up")),
    ]


def measure_job(job: Job) -> dict[str, float]:
    weeks = job.extra["burn_in"] + job.weeks
    weekly, homes = execute(Job(job.label, job.scenario, job.seed, job.households, weeks))
    return {
        "mean_stress": float(weekly.mean_stress.iloc[-1]),
        "rejections": float(homes.rejections.mean()),
        "takeup": float(homes.takeup.mean()),
    }
