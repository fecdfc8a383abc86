"""The model wing: the agent-based model (Mesa 3) of households navigating counters and procedures.

Owns the Mesa model (:mod:`simulation.model`), its agents (households, counters, case managers),
the mechanisms they live under (paperwork, provisions, support, debts, policy, rules), the domain
events, the per-household and per-week metrics, the outcome registry (:mod:`simulation.outcomes`)
and the scenario schema and loader.

May import: the standard library, Mesa, numpy, pydantic, PyYAML.  Never pygame, never the
translations (``loket_i18n``), never the player API (:mod:`player`) or the experiments
(:mod:`experiments`); tests/test_import_graph.py checks this.

Public API::

    from simulation import load_scenario, CityModel
    model = CityModel(load_scenario("integral"), seed=1, households=500)
    model.run(52)

Runs over seeds, comparisons and sweeps are in :mod:`experiments`.
"""

from .loader import ScenarioError, load_scenario, scenario_hash
from .model import CityModel

__all__ = ["CityModel", "ScenarioError", "load_scenario", "scenario_hash"]
