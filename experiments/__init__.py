"""The experiments wing: batch machinery on top of the model.

Owns jobs (one run of one scenario on one seed), the engines that execute many of them (local
processes or Dask), runs and paired comparisons over seeds (:mod:`experiments.runner`), sweeps,
global sensitivity analysis and screening, ABC calibration and the measurement of the stylised
patterns (:mod:`experiments.patterns`).

May import: the model (:mod:`simulation`), pandas, numpy, scipy, SALib, Dask.  Never pygame, the
translations, the player API or anything above (game, workshop, reports, loket).

Public API::

    import experiments
    one = experiments.run("siloed", seed=1, households=500)      # .weekly, .households, .manifest
    both = experiments.compare("siloed", "integral", seeds=10, households=500, workers=2)
    weekly, homes = experiments.sweep("siloed", {"organisation.ask_once": [False, True]}, seeds=10)
"""

from __future__ import annotations

from typing import Any

__all__ = ["run", "compare", "sweep"]


def __getattr__(name: str) -> Any:  # the runner imports pandas; load it only when asked
    if name in ("run", "compare"):
        from . import runner

        return getattr(runner, name)
    if name == "sweep":  # the function, not the module of the same name (see experiments/sweep.py)
        from .sweep import sweep

        globals()["sweep"] = sweep
        return sweep
    raise AttributeError(name)
