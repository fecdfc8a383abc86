"""The player's game session: one household in a simulated neighbourhood, one week per turn.

Headless (no pygame): the game's screens, the workshop recorder and the tests
all drive the same :class:`PlayerSession`.  Every command goes through the
functions the simulated households use (simulation/paperwork.py,
simulation/policy.py, simulation/support.py), so the player meets exactly the
rules the population lives under; nothing here decides a rule.

Start, save, resume::

    s = PlayerSession.new("siloed", persona="samira", seed=1, households=300, weeks=16,
                          lang="nl", overrides=None, autosave=Path("save.json"))
    s.save(path)                  # JSON, atomic; s.save() writes the autosave file
                                  # with autosave set: also after every command and end_week
                                  # (and after set_draft / clear_draft)
    PlayerSession.peek(path)      # {meta, week, weeks, finished, path} without replaying
    PlayerSession.is_finished_file(path)
    s.lang = "en"                 # switch the language of views and messages at any time
    s = PlayerSession.load(path)  # deterministic replay of the journal; SessionError if the
                                  # replay does not give the saved state (or the scenario changed)

Form drafts (UI state, not part of the replayed journal nor of the checksum): what the player
typed on a form and has not sent yet, kept per application so that a form can be left and
reopened (also after save/resume; a save keeps them next to the command log under "drafts")::

    s.draft(app_id)               -> {field_id: text} ({} when none, or when the form is done)
    s.set_draft(app_id, answers)  keep them (empty answers remove the draft); autosaves on a change
    s.clear_draft(app_id)         forget them; fill_form that succeeds clears the application's draft
    s.drafts()                    -> {app_id: {field_id: text}} of the forms still to be sent

Attributes a front end may read: ``week`` (the week being played, 1-based), ``weeks``,
``finished``, ``lang``; ``scenario`` (the immutable Scenario, for rendering letters with its
labels).  ``meta`` (what a save keeps: scenario, scenario_hash, persona, seed, households,
weeks, lang, overrides, started, session_id), ``model`` (the CityModel) and ``household`` (the
player's Household agent) are for the workshop recorder and tests; a screen reads the views.

All weeks in views and letters are 1-based week numbers of the game ("week 3");
a deadline is the last week in which the player can still act.

Read-only views (plain dataclasses, texts already in ``lang``):

    info(lang=None) -> SessionInfo: scenario, title, persona, persona_name, household_name, seed,
                       households, weeks, session_id, front_door (counter id or None)
    papers()        -> [Paper]: the household's own papers, one per fact the forms can ask for:
                       fact, label, kind, value (true value now), fields (the fields asking it)
    status()        -> Status: week, weeks, cash, income_week, debt_total, debts
                       {creditor: DebtView}, stress, trust, hours_left, capacity (the model's
                       Household.capacity(): own hours + all network hours), network_hours
                       (still to ask for this week), case_manager, homeless, problems [domain ids],
                       problem_names, post_hours (price of opening new post); this week's time
                       explained: hours_week (available so far: own hours + network_used, the
                       most hours_left can be), hours_usual (the persona's hours per week),
                       hours_stress, hours_care, hours_overtime (what this week lost to each),
                       network_used
    counters()      -> [CounterView]: id, name, domains, domain_names, queue, wait_weeks,
                       travel_hours, visit_hours, phone_hours, is_front_door, digital, map_xy
    schemes()       -> [SchemeView] of the schemes the household knows: id, name, domain,
                       counter, counter_name, state (known/applied/granted/automatic/rejected),
                       state_name, can_apply, documents [DocumentNeed]
    applications()  -> [ApplicationView]: id, scheme, scheme_name, counter, counter_name, kind,
                       state, state_name, open, form_done, fields_to_fill, documents_missing
                       [DocumentNeed: id, name, issuers [(counter id | None, name)], blocked_by,
                       hours], deadline, blocked_rule, form_hours, submit_hours (prices now)
    form(app_id)    -> [FormField]: id, label, kind (text/date/number/choice/yesno), choices,
                       prefilled (value or None), asked_before (supplied before to a counter), hint
    mail()          -> [Letter]: id, week, key, data, read   (render with game/letters.py)
    log()           -> [LogEntry]: week, kind, text  ("what happened and why")
    history()       -> the player's weekly snapshots (cash, debt, stress, trust, hours, income)

Commands return an :class:`Outcome` (ok, hours, message in ``lang``, data).  A command
that is impossible or for which too little time is left is refused: ``ok=False`` and
nothing changed.  A step may start when at least half of its price in hours is left
(the model's rule); the rest is overtime, taken from next week's hours.

    read_letter(letter_id)          opening the post costs the model's ``mechanics.post_hours`` once for
                                    all letters that arrived; requests by post become known
    visit(counter_id, domain)       ask a counter about a problem domain; a wrong door sends
                                    you on (data: result helped/sent_on/front_door, to, learned)
    phone(counter_id)               the helpline: learn the counter's schemes and which counter
                                    issues each document (costs the waiting time, no travel)
    apply(scheme_id)                start an application (data: app_id)
    fill_form(app_id, answers)      answers {field_id: text}; format errors come back in
                                    data["errors"] {field_id: message} and nothing changes;
                                    otherwise the counter judges them against the true facts later
    fetch_document(app_id, doc_id)  get a proof document (may be blocked by a rule)
    submit(app_id)                  hand the file in; the counter checks it at once
    ask_network()                   family and friends give this week's network hours
    ask_case_manager()              integral only: ask the front door for a case manager, who
                                    then does the paperwork as for simulated households
    end_week()                      the model steps one week (data: letters, log); at the last
                                    week ``finished`` becomes True
    tell_case_manager(withhold)     integral: the first conversation, what the player keeps back
    ask_custom_budget()             integral: the case manager asks the custom budget (reason if not)
    ask_escalation(app_id)          integral: a rule that blocks an application to the breakthrough team
                                    (these three, the views plan() and sensitive_facts(), and
                                    epilogue(weeks): player/integral.py)

``subscribe(fn)``: fn(entry) for every journal entry ``{"week", "kind", "data"}`` with kind
"action" (every command, also refused ones), "field" (every form field asked or prefilled:
field, counter, prefilled, asked_before), "letter", "event" and, once finished, "end"
(data: the final numbers).

``final_numbers()``: the player's row of metrics.household_outcomes (OUTCOME_COLUMNS);
``population_outcomes()``: a DataFrame of the simulated households of the same run;
``public_money(row)``: public money spent on the household of such a row, in three kinds and
their sum (simulation.outcomes.public_money).

The parts, one module each, layered in this order: player/state.py (the typed state, the
language), player/vocabulary.py (names in the player's language), player/view_builders.py (the
views above), player/saves.py (save, checksum, drafts), player/journal.py (running and recording
commands), player/commands.py (the commands); player/views.py holds the view dataclasses and
names, player/narration.py the log texts, simulation/answers.py the format checks of answers.
Messages in the i18n domain "session" (English: loket_i18n/locale/en/LC_MESSAGES/session.po).

Same meta + same commands = same state, in every process: the player draws only from
its own household's random streams and the model's own stream is used by the model only.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket_i18n import LanguageError, check_language
from simulation.answers import elfproef, parse_number
from simulation.loader import ScenarioError, load_scenario, scenario_hash
from simulation.model import CityModel

from .integral import IntegralCommands
from .saves import FORMAT_VERSION, read_save
from .state import SessionError
from .views import (
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
    SchemeView,
    SessionInfo,
    Status,
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
    "Paper",
    "SessionInfo",
    "elfproef",
    "parse_number",
    "N_",
    "DOMAIN_NAMES",
    "COMMANDS",
    "FORMAT_VERSION",
]

if TYPE_CHECKING:
    from collections.abc import Callable

COMMANDS = (
    "read_letter",
    "visit",
    "phone",
    "apply",
    "fill_form",
    "fetch_document",
    "submit",
    "ask_network",
    "ask_case_manager",
    "end_week",
    "tell_case_manager",
    "ask_custom_budget",
    "ask_escalation",
)


# --------------------------------------------------------------------------- the session


class PlayerSession(IntegralCommands):
    """One play of one scenario by one player.  Build with :meth:`new` or :meth:`load`.
    The integral city's conversation, plan, budget, escalation and epilogue: player/integral.py."""

    def __init__(self, meta: dict[str, Any], autosave: Path | None = None) -> None:
        self.meta = meta
        self.lang = meta["lang"]
        self.weeks = int(meta["weeks"])
        self.autosave = Path(autosave) if autosave is not None else None
        try:
            scenario = load_scenario(meta["scenario"], meta.get("overrides") or None)
        except ScenarioError as exc:
            raise SessionError(str(exc)) from None
        if meta.get("scenario_hash") and meta["scenario_hash"] != scenario_hash(scenario):
            raise SessionError(
                f"the scenario '{meta['scenario']}' has changed since this session was started "
                f"(hash {scenario_hash(scenario)}, saved {meta['scenario_hash']}); it cannot be resumed"
            )
        meta["scenario_hash"] = scenario_hash(scenario)
        if meta["persona"] not in scenario.personas:
            raise SessionError(f"unknown persona '{meta['persona']}' (known: {', '.join(sorted(scenario.personas))})")
        self.scenario = scenario
        self.model = CityModel(
            scenario, seed=int(meta["seed"]), households=int(meta["households"]), player_persona=meta["persona"]
        )
        assert self.model.player is not None
        self.household = self.model.player
        self.commands = []
        self.journal = []
        self._subscribers = []
        self._replaying = False
        self._seen_events = 0
        self._letters = []
        self._read = set()
        self._post_opened_upto = 0
        self._apps = {}
        self._mine = set()
        self._repeated = set()
        self._network_left = 0.0
        self._week_hours = {}
        self._outcomes_cache = None
        self._drafts = {}
        self._new_week()

    # ------------------------------------------------------------------ building and resuming
    @classmethod
    def new(
        cls,
        scenario: str | Path,
        persona: str,
        seed: int = 1,
        households: int = 300,
        weeks: int = 16,
        lang: str = "nl",
        overrides: dict[str, Any] | None = None,
        autosave: Path | None = None,
    ) -> PlayerSession:
        try:
            check_language(lang)
        except LanguageError as exc:
            raise SessionError(str(exc)) from None
        try:
            weeks, households, seed = int(weeks), int(households), int(seed)
        except (TypeError, ValueError):
            raise SessionError(
                f"weeks, households and seed must be whole numbers (got {weeks!r}, {households!r}, {seed!r})"
            ) from None
        if weeks < 1:
            raise SessionError(f"weeks must be at least 1 (got {weeks})")
        if households < 0:
            raise SessionError(f"households must be 0 or more (got {households})")
        meta = {
            "scenario": str(scenario),
            "scenario_hash": "",
            "persona": persona,
            "seed": int(seed),
            "households": int(households),
            "weeks": int(weeks),
            "lang": lang,
            "overrides": dict(overrides or {}),
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "session_id": uuid.uuid4().hex,
        }
        s = cls(meta, autosave)
        s._autosave()
        return s

    @classmethod
    def load(cls, path: str | Path, autosave: Path | None = None) -> PlayerSession:
        """Resume a saved session by replaying its commands; ``autosave`` defaults to ``path``."""
        path = Path(path)
        saved = read_save(path)
        try:
            meta, commands, checksum = dict(saved["meta"]), list(saved["commands"]), saved["checksum"]
        except (KeyError, TypeError) as exc:
            raise SessionError(f"{path}: the saved session is incomplete (missing {exc})") from None
        try:
            s = cls(meta, autosave if autosave is not None else path)
        except (KeyError, TypeError, ValueError) as exc:
            raise SessionError(f"{path}: the saved session's settings are incomplete or wrong ({exc!r})") from None
        s._replaying = True
        try:
            for c in commands:
                if not isinstance(c, dict) or c.get("cmd") not in COMMANDS:
                    raise SessionError(f"{path}: unknown command in the journal: {c!r}")
                getattr(s, c["cmd"])(**dict(c.get("args") or {}))
        except TypeError as exc:
            raise SessionError(f"{path}: a command in the journal has wrong arguments ({exc})") from None
        finally:
            s._replaying = False
        if s.checksum() != checksum:
            raise SessionError(
                f"{path}: replaying the saved commands does not give the saved state "
                f"(checksum {s.checksum()} != {checksum}); the program or scenario has changed"
            )
        s._load_drafts(saved.get("drafts"))
        return s

    @staticmethod
    def peek(path: str | Path) -> dict[str, Any]:
        """What a save file holds without replaying it: meta, week, weeks, finished.
        Raises SessionError for a file that is not a saved session."""
        path = Path(path)
        try:
            saved = json.loads(path.read_text("utf-8"))
            return {
                "meta": dict(saved["meta"]),
                "week": int(saved["week"]),
                "weeks": int(saved["meta"]["weeks"]),
                "finished": bool(saved["finished"]),
                "path": path,
            }
        except OSError as exc:
            raise SessionError(f"{path}: cannot be read ({exc.strerror})") from None
        except (ValueError, KeyError, TypeError):
            raise SessionError(f"{path}: not a saved session") from None

    @staticmethod
    def is_finished_file(path: str | Path) -> bool:
        return PlayerSession.peek(path)["finished"]

    def subscribe(self, fn: Callable[[dict[str, Any]], None]) -> None:
        self._subscribers.append(fn)
