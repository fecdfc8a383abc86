"""The player API wing: the headless session one person plays through.

Owns the session (:class:`PlayerSession`: start, save, resume by replaying the journal), the
commands a player gives, the journal, form drafts (UI state), the typed views the game shows
(:mod:`player.views`), the vocabulary of names in the player's language, the narration of what
happened (:mod:`player.narration`) and the player's letters.

May import: the model (:mod:`simulation`) and the translations (``loket_i18n``).  Never pygame,
never the experiments or anything above (game, workshop, reports, loket).  The game talks to the
model only through this package's documented views and commands, and through the few model
names re-exported here: ``events`` (the kinds in ``LogEntry.kind`` and journal entries),
``LETTER_KEYS`` (every key a ``Letter`` can carry), the outcome registry ``OUTCOMES`` (labels,
units, which direction is better) with ``HOUSEHOLD_PUBLIC`` (the names of ``public_money()``),
``Scenario`` with ``load_scenario`` and ``bundled_names`` (choosing a scenario and a persona
before a session starts, rendering letters), and how the bundled scenarios are listed
(``scenario_order``, ``baseline_scenario``, ``compared_with``, ``comparison``: simulation.listing).
"""

from simulation import events
from simulation.letters_keys import LETTER_KEYS
from simulation.listing import baseline_scenario, compared_with, comparison, scenario_order
from simulation.loader import ScenarioError, bundled_names, load_scenario
from simulation.outcomes import HOUSEHOLD_PUBLIC, OUTCOMES
from simulation.schema import Scenario

from .session import (
    COMMANDS,
    DOMAIN_NAMES,
    N_,
    ApplicationView,
    CounterView,
    DebtView,
    DocumentNeed,
    FormField,
    Letter,
    LogEntry,
    Outcome,
    Paper,
    PlayerSession,
    SchemeView,
    SessionError,
    SessionInfo,
    Status,
    elfproef,
    parse_number,
)

__all__ = [
    "PlayerSession",
    "SessionError",
    "Outcome",
    "Status",
    "DebtView",
    "CounterView",
    "SchemeView",
    "ApplicationView",
    "DocumentNeed",
    "FormField",
    "Letter",
    "LogEntry",
    "elfproef",
    "parse_number",
    "N_",
    "DOMAIN_NAMES",
    "COMMANDS",
    "Paper",
    "SessionInfo",
    "events",
    "LETTER_KEYS",
    "OUTCOMES",
    "HOUSEHOLD_PUBLIC",
    "Scenario",
    "ScenarioError",
    "bundled_names",
    "baseline_scenario",
    "compared_with",
    "comparison",
    "scenario_order",
    "load_scenario",
]
