"""A toy model for the calibration tests: pattern values from two parameters plus seed noise.

True region: ``toy.a`` in [0.3, 0.4] and ``toy.b`` in [1, 10**0.2] put both calibration
patterns inside their ranges (up to the noise).  A module-level function, so worker
processes can import it.
"""

from __future__ import annotations

import math

import numpy as np

from experiments.calibration import Spec
from experiments.calibration_config import Prior, Settings, Target

TARGETS = [
    Target("level", 0.3, 0.4, "calibrate", {"nl": "niveau", "en": "level"}),
    Target("ratio", 0.0, 0.2, "calibrate", {"nl": "verhouding", "en": "ratio"}),
    Target("double", 0.6, 0.8, "hold_out", {"nl": "dubbel", "en": "double"}),
    Target("sometimes", 0.0, 1.0, "hold_out", {"nl": "soms", "en": "sometimes"}),
]
PRIORS = [Prior("toy.a", 0.0, 1.0, "linear"), Prior("toy.b", 0.1, 10.0, "log")]


def toy_task(job):
    p = job.scenario["toy"]
    noise = np.random.default_rng(job.seed).normal(0.0, 0.01, 3)
    a, b = p["toy.a"], p["toy.b"]
    return {
        "level": a + noise[0],
        "ratio": math.log10(b) + noise[1],
        "double": 2 * a + noise[2],
        "sometimes": math.nan if a > 0.5 else a,
    }


def toy_scenario(overrides):
    """The job's "scenario": just the particle's values, as a real scenario carries them."""
    return {"toy": dict(overrides)}


def toy_spec(**settings) -> Spec:
    s = Settings(
        **{
            "population": 40,
            "generations": 8,
            "seeds": 2,
            "quantile": 0.5,
            "households": 1,
            "weeks": 1,
            "burn_in": 0,
            **settings,
        }
    )
    return Spec(PRIORS, TARGETS, s, toy_task, toy_scenario, {"name": "toy", "hash": "0"})
