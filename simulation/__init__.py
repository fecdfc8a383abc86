"""Loketdoolhof simulation core: an agent-based model (Mesa 3) of households
navigating counters and procedures.  Headless; never imports pygame.

Public API::

    from simulation import load_scenario, CityModel, run, compare
    result = run("siloed", seed=1, households=500)   # .weekly, .households, .manifest
"""

from .loader import ScenarioError, load_scenario, scenario_hash
from .model import CityModel

__all__ = ["CityModel", "ScenarioError", "load_scenario", "scenario_hash", "run", "compare", "sweep"]


def __getattr__(name: str):  # the runner imports pandas; load it only when asked
    if name in ("run", "compare"):
        from . import runner

        return getattr(runner, name)
    if name == "sweep":  # the function, not the module of the same name (see simulation/sweep.py)
        from .sweep import sweep

        globals()["sweep"] = sweep
        return sweep
    raise AttributeError(name)
