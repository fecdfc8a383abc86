"""The player API wing: the headless session one person plays through.

Owns the session (:class:`PlayerSession`: start, save, resume by replaying the journal), the
commands a player gives, the journal, form drafts (UI state), the typed views the game shows
(:mod:`player.views`), the vocabulary of names in the player's language, the narration of what
happened (:mod:`player.narration`) and the player's letters.

May import: the model (:mod:`simulation`) and the translations (``loket_i18n``).  Never pygame,
never the experiments or anything above (game, workshop, reports, loket).  The game talks to the
model only through this package's documented views and commands.
"""

from .session import (
    COMMANDS, DOMAIN_NAMES, N_, ApplicationView, CounterView, DebtView, DocumentNeed, FormField, Letter, LogEntry,
    Outcome, PlayerSession, SchemeView, SessionError, Status, elfproef, household_public_cost, parse_number,
)

__all__ = [
    "PlayerSession", "SessionError", "Outcome", "Status", "DebtView", "CounterView", "SchemeView",
    "ApplicationView", "DocumentNeed", "FormField", "Letter", "LogEntry", "household_public_cost",
    "elfproef", "parse_number", "N_", "DOMAIN_NAMES", "COMMANDS",
]
