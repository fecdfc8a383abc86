"""The state every part of a session reads, declared once with its types: the parts of
:class:`player.session.PlayerSession` (vocabulary, views, saves and drafts, journal, commands)
are layered classes on top of this one, each in its own module."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket_i18n import LanguageError, check_language, translator

if TYPE_CHECKING:
    from simulation.household import Household
    from simulation.model import CityModel
    from simulation.paperwork import Application
    from simulation.schema import Scenario

    from .views import Letter


class SessionError(Exception):
    """A session cannot be started or resumed; the message says why."""


class SessionState:
    """Attributes set by ``PlayerSession.__init__``; the language; the week being played."""

    meta: dict[str, Any]
    weeks: int
    autosave: Path | None
    scenario: Scenario
    model: CityModel
    household: Household
    commands: list[dict[str, Any]]  # every command given, as replayed by PlayerSession.load
    journal: list[dict[str, Any]]  # every entry told to the subscribers
    _subscribers: list[Callable[[dict[str, Any]], None]]
    _replaying: bool
    _seen_events: int  # the household's model events already turned into letters and entries
    _letters: list[Letter]
    _read: set[int]
    _post_opened_upto: int  # letters before this one have been paid for (opening the post)
    _apps: dict[int, Application]
    _mine: set[int]  # applications the player started
    _repeated: set[tuple[str, str]]
    _network_left: float
    _week_hours: dict[str, float]
    _outcomes_cache: tuple[tuple[int, int], list[dict[str, Any]]] | None
    _drafts: dict[int, dict[str, str]]
    _lang: str
    _t: Callable[[str], str]

    @property
    def lang(self) -> str:
        return self._lang

    @lang.setter
    def lang(self, lang: str) -> None:
        """Views and messages switch language at once; the replayed state does not depend on it."""
        try:
            check_language(lang)
        except LanguageError as exc:
            raise SessionError(str(exc)) from None
        self._lang = lang
        self._t = translator("session", lang)

    @property
    def week(self) -> int:
        return min(self.model.week + 1, self.weeks)

    @property
    def finished(self) -> bool:
        return self.model.week >= self.weeks
