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

Attributes: ``meta`` (scenario, scenario_hash, persona, seed, households, weeks, lang,
overrides, started, session_id), ``model`` (the CityModel), ``household`` (the player's
Household), ``week`` (the week being played, 1-based), ``weeks``, ``finished``, ``lang``.

All weeks in views and letters are 1-based week numbers of the game ("week 3");
a deadline is the last week in which the player can still act.

Read-only views (plain dataclasses, texts already in ``lang``):

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

``subscribe(fn)``: fn(entry) for every journal entry ``{"week", "kind", "data"}`` with kind
"action" (every command, also refused ones), "field" (every form field asked or prefilled:
field, counter, prefilled, asked_before), "letter", "event" and, once finished, "end"
(data: the final numbers).

``final_numbers()``: the player's row of metrics.household_outcomes (OUTCOME_COLUMNS);
``population_outcomes()``: a DataFrame of the simulated households of the same run;
``household_public_cost(row, scenario)``: the public cost of one household from such a row.

Helpers: player/views.py (the view dataclasses and names), simulation/answers.py
(format checks of answers), player/narration.py (the log texts); messages in the i18n
domain "session" (English: loket_i18n/locale/en/LC_MESSAGES/session.po).

Same meta + same commands = same state, in every process: the player draws only from
its own household's random streams and the model's own stream is used by the model only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket_i18n import LanguageError, check_language, translator

from simulation import events as ev
from simulation.answers import check_answer, elfproef, parse_number
from simulation.loader import ScenarioError, load_scenario, scenario_hash
from simulation.metrics import CRISES, household_outcomes
from simulation.model import CityModel
from simulation.paperwork import DONE, DRAFT, QUEUED, WAITING, Application
from simulation.policy import ask_at_counter, read_post, spend
from .narration import build_log
from .views import (
    DOMAIN_NAMES, HINTS, KIND_NAMES, STAGE_NAMES, STATE_NAMES, ApplicationView, CounterView, DebtView,
    DocumentNeed, FormField, Letter, LogEntry, N_, Outcome, SchemeView, Status,
)

__all__ = [
    "PlayerSession", "SessionError", "Outcome", "Status", "DebtView", "CounterView", "SchemeView",
    "ApplicationView", "DocumentNeed", "FormField", "Letter", "LogEntry", "household_public_cost",
    "elfproef", "parse_number", "N_", "DOMAIN_NAMES", "COMMANDS",
]

if TYPE_CHECKING:
    import pandas as pd

    from simulation.household import Household

FORMAT_VERSION = 1
COMMANDS = ("read_letter", "visit", "phone", "apply", "fill_form", "fetch_document", "submit",
            "ask_network", "ask_case_manager", "end_week")


class SessionError(Exception):
    """A session cannot be started or resumed; the message says why."""


# --------------------------------------------------------------------------- public cost of one household


def household_public_cost(row: dict[str, Any], scenario: Any) -> float:
    """What one household cost the public purse over the run, from its outcome row
    (metrics.household_outcomes): benefits and allowances paid, custom budget, the
    scenario's unit cost of each of its crises, and its case manager's contact hours.
    Counter staff time is counted per counter, not per household, and is not included."""
    uc = scenario.unit_costs
    crises = sum(float(row.get(f"crisis_{k}", 0.0)) * getattr(uc.crisis, k) for k in CRISES)
    return (float(row.get("benefits_received", 0.0)) + float(row.get("budget_received", 0.0)) + crises
            + float(row.get("contact_hours", 0.0)) * uc.case_manager_hour)


# --------------------------------------------------------------------------- the session


class PlayerSession:
    """One play of one scenario by one player.  Build with :meth:`new` or :meth:`load`."""

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
                f"(hash {scenario_hash(scenario)}, saved {meta['scenario_hash']}); it cannot be resumed")
        meta["scenario_hash"] = scenario_hash(scenario)
        if meta["persona"] not in scenario.personas:
            raise SessionError(f"unknown persona '{meta['persona']}' (known: {', '.join(sorted(scenario.personas))})")
        self.scenario = scenario
        self.model = CityModel(scenario, seed=int(meta["seed"]), households=int(meta["households"]),
                               player_persona=meta["persona"])
        assert self.model.player is not None
        self.household: Household = self.model.player
        self.commands: list[dict[str, Any]] = []
        self.journal: list[dict[str, Any]] = []
        self._subscribers: list[Callable[[dict[str, Any]], None]] = []
        self._replaying = False
        self._seen_events = 0
        self._letters: list[Letter] = []
        self._read: set[int] = set()
        self._post_opened_upto = 0
        self._apps: dict[int, Application] = {}
        self._mine: set[int] = set()
        self._repeated: set[tuple[str, str]] = set()
        self._network_left = 0.0
        self._week_hours: dict[str, float] = {}
        self._outcomes_cache: tuple[tuple[int, int], list[dict[str, Any]]] | None = None
        self._drafts: dict[int, dict[str, str]] = {}
        self._new_week()

    # ------------------------------------------------------------------ building and resuming
    @classmethod
    def new(cls, scenario: str | Path, persona: str, seed: int = 1, households: int = 300, weeks: int = 16,
            lang: str = "nl", overrides: dict[str, Any] | None = None,
            autosave: Path | None = None) -> PlayerSession:
        try:
            check_language(lang)
        except LanguageError as exc:
            raise SessionError(str(exc)) from None
        try:
            weeks, households, seed = int(weeks), int(households), int(seed)
        except (TypeError, ValueError):
            raise SessionError(f"weeks, households and seed must be whole numbers "
                               f"(got {weeks!r}, {households!r}, {seed!r})") from None
        if weeks < 1:
            raise SessionError(f"weeks must be at least 1 (got {weeks})")
        if households < 0:
            raise SessionError(f"households must be 0 or more (got {households})")
        meta = {
            "scenario": str(scenario), "scenario_hash": "", "persona": persona, "seed": int(seed),
            "households": int(households), "weeks": int(weeks), "lang": lang,
            "overrides": dict(overrides or {}),
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "session_id": uuid.uuid4().hex,
        }
        s = cls(meta, autosave)
        s._autosave()
        return s

    @classmethod
    def load(cls, path: str | Path, autosave: Path | None = None) -> PlayerSession:
        """Resume a saved session by replaying its commands; ``autosave`` defaults to ``path``."""
        path = Path(path)
        try:
            saved = json.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise SessionError(f"{path}: cannot be read ({exc.strerror})") from None
        except json.JSONDecodeError as exc:
            raise SessionError(f"{path}: not a saved session (invalid JSON: {exc.msg}, line {exc.lineno})") from None
        if not isinstance(saved, dict) or saved.get("format") != FORMAT_VERSION:
            raise SessionError(f"{path}: not a saved session of format {FORMAT_VERSION}")
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
            raise SessionError(f"{path}: replaying the saved commands does not give the saved state "
                               f"(checksum {s.checksum()} != {checksum}); the program or scenario has changed")
        s._load_drafts(saved.get("drafts"))
        return s

    @staticmethod
    def peek(path: str | Path) -> dict[str, Any]:
        """What a save file holds without replaying it: meta, week, weeks, finished.
        Raises SessionError for a file that is not a saved session."""
        path = Path(path)
        try:
            saved = json.loads(path.read_text("utf-8"))
            return {"meta": dict(saved["meta"]), "week": int(saved["week"]), "weeks": int(saved["meta"]["weeks"]),
                    "finished": bool(saved["finished"]), "path": path}
        except OSError as exc:
            raise SessionError(f"{path}: cannot be read ({exc.strerror})") from None
        except (ValueError, KeyError, TypeError):
            raise SessionError(f"{path}: not a saved session") from None

    @staticmethod
    def is_finished_file(path: str | Path) -> bool:
        return PlayerSession.peek(path)["finished"]

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

    def save(self, path: str | Path | None = None) -> Path | None:
        """Write meta + commands + checksum as JSON; atomic (temporary file, then replace).
        Without ``path`` the autosave file is written (nothing happens without one)."""
        if path is None:
            if self.autosave is None:
                return None
            path = self.autosave
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = json.dumps({"format": FORMAT_VERSION, "meta": self.meta, "commands": self.commands,
                           "week": self.week, "finished": self.finished, "checksum": self.checksum(),
                           "drafts": {str(k): v for k, v in sorted(self.drafts().items())}},
                          ensure_ascii=False, indent=1)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(blob)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def checksum(self) -> str:
        """A fingerprint of the state: the player's household, its papers and the whole neighbourhood."""
        h, m = self.household, self.model
        state = {
            "week": m.week,
            "player": h.snapshot(),
            "tally": sorted((k, round(v, 6)) for k, v in h.tally.items()),
            "debts": sorted((k, round(d.amount, 4), d.stage, False) for k, d in h.debts.items()),
            "arranged": sorted((k, round(d.amount, 4), d.stage) for k, d in h.arranged.items()),
            "apps": sorted((a.aid, a.scheme_id, a.status, a.outcome or "", sorted(a.docs_done), a.form_done)
                           for a in self._apps.values()),
            "letters": len(self._letters),
            "read": sorted(self._read),
            "network_left": round(self._network_left, 6),
            "known": sorted(h.known_schemes),
            "case_manager": h.case_manager is not None,
            "neighbourhood": sorted((k, round(v, 4)) for k, v in (m.log.total_tally + m.log.week_tally).items()),
            "cash_all": round(sum(x.cash for x in m.households), 2),
        }
        return hashlib.blake2b(json.dumps(state, sort_keys=True).encode(), digest_size=12).hexdigest()

    def subscribe(self, fn: Callable[[dict[str, Any]], None]) -> None:
        self._subscribers.append(fn)

    # ------------------------------------------------------------------ form drafts (UI state)
    def _draft_key(self, app_id: Any) -> int | None:
        """The application's id when its form can still be filled in, else None."""
        app = self._app(app_id)
        if app is None or app.form_done or not app.open:
            return None
        return app.aid

    def drafts(self) -> dict[int, dict[str, str]]:
        """The unsent answers of every form that can still be filled in."""
        return {k: dict(v) for k, v in self._drafts.items() if v and self._draft_key(k) is not None}

    def draft(self, app_id: int) -> dict[str, str]:
        """What was typed or picked on the application's form and not sent yet ({} when none)."""
        key = self._draft_key(app_id)
        return dict(self._drafts.get(key, {})) if key is not None else {}

    def set_draft(self, app_id: int, answers: dict[str, str]) -> None:
        """Keep the unsent answers of a form (empty texts are dropped); autosaves when they changed.
        A draft is not a command: it is not journaled, not replayed and not in the checksum."""
        key = self._draft_key(app_id)
        if key is None:
            return
        clean = {str(k): str(v) for k, v in answers.items() if v is not None and str(v) != ""}
        if clean == self._drafts.get(key, {}):
            return
        if clean:
            self._drafts[key] = clean
        else:
            self._drafts.pop(key, None)
        self._autosave()

    def clear_draft(self, app_id: int) -> None:
        try:
            key = int(app_id)
        except (TypeError, ValueError):
            return
        if self._drafts.pop(key, None) is not None:
            self._autosave()

    def _load_drafts(self, saved: Any) -> None:
        """Drafts from a save file; anything malformed is skipped (a draft is a convenience)."""
        if not isinstance(saved, dict):
            return
        for k, answers in saved.items():
            try:
                key = int(k)
            except (TypeError, ValueError):
                continue
            if isinstance(answers, dict) and self._draft_key(key) is not None:
                clean = {str(f): str(v) for f, v in answers.items() if isinstance(v, (str, int, float)) and str(v)}
                if clean:
                    self._drafts[key] = clean

    # ------------------------------------------------------------------ simple facts
    @property
    def week(self) -> int:
        return min(self.model.week + 1, self.weeks)

    @property
    def finished(self) -> bool:
        return self.model.week >= self.weeks

    def _name(self, table: str, key: str | None) -> str:
        if key is None:
            return ""
        spec = getattr(self.scenario, table).get(key)
        return spec.label.get(self.lang) if spec is not None else str(key)

    def counter_name(self, cid: str | None) -> str:
        return self._name("counters", cid) if cid is not None else self._t("thuis of telefonisch")

    def scheme_name(self, sid: str | None) -> str:
        return self._name("schemes", sid)

    def document_name(self, did: str | None) -> str:
        return self._name("documents", did)

    def rule_name(self, rid: str | None) -> str:
        return self._name("rules", rid)

    def creditor_name(self, kid: str | None) -> str:
        return self._name("creditors", kid)

    def domain_name(self, dom: str | None) -> str:
        return self._t(DOMAIN_NAMES[dom]) if dom in DOMAIN_NAMES else str(dom or "")

    # ------------------------------------------------------------------ views
    def status(self) -> Status:
        h = self.household
        debts = {k: DebtView(k, self.creditor_name(k), round(d.amount, 2), d.stage, self._t(STAGE_NAMES[d.stage]),
                             False) for k, d in sorted(h.debts.items())}
        debts.update({f"{k}/arranged": DebtView(k, self.creditor_name(k), round(d.amount, 2), d.stage,
                                                self._t(STAGE_NAMES[d.stage]), True)
                      for k, d in sorted(h.arranged.items())})
        return Status(
            week=self.week, weeks=self.weeks, cash=round(h.cash, 2), income_week=round(h.income(), 2),
            debt_total=round(h.total_debt(), 2), debts=debts, stress=round(h.stress, 3), trust=round(h.trust, 3),
            hours_left=round(h.hours_left, 2), capacity=round(h.capacity(), 2),
            network_hours=round(self._network_left, 2), case_manager=h.case_manager is not None,
            homeless=bool(h.homeless), problems=list(h.domains_now),
            problem_names=[self.domain_name(d) for d in h.domains_now],
            post_hours=self.model.scenario.mechanics.post_hours if len(self._letters) > self._post_opened_upto else 0.0,
            **{k: round(v, 2) for k, v in self._week_hours.items()},
        )

    def counters(self) -> list[CounterView]:
        m, pw = self.model, self.model.paperwork
        out = []
        for cid in m.counter_ids:
            spec = self.scenario.counters[cid]
            c = m.counters[cid]
            out.append(CounterView(
                id=cid, name=spec.label.get(self.lang), domains=list(spec.domains),
                domain_names=[self.domain_name(d) for d in spec.domains], queue=len(c.queue),
                wait_weeks=round(len(c.queue) / c.capacity_per_week, 1) if c.capacity_per_week > 0 else float("inf"),
                travel_hours=spec.travel_hours, visit_hours=round(pw.visit_hours(cid), 2),
                phone_hours=round(pw.wait_hours(cid), 2),
                is_front_door=cid == self.scenario.organisation.front_door, digital=spec.digital,
                map_xy=tuple(spec.map_xy),
            ))
        return out

    def _document_need(self, doc_id: str, app: Application | None = None) -> DocumentNeed:
        pw = self.model.paperwork
        issuers = pw.document_issuers(self.household, doc_id)
        blocked = pw.document_blocked_by(app, doc_id) if app is not None else None
        hours = self.model.scenario.mechanics.blocked_document_hours if blocked else pw.document_hours(self.household, doc_id)
        return DocumentNeed(doc_id, self.document_name(doc_id), [(i, self.counter_name(i)) for i in issuers],
                            blocked, round(hours, 2))

    def _scheme_state(self, sid: str) -> str:
        h, m = self.household, self.model
        ent = h.entitlements.get(sid)
        if ent is not None:
            return "automatic" if ent.automatic else "granted"
        app = h.applications.get(sid)
        if app is not None and app.open:
            return "applied"
        if h.rejected_until.get(sid, -1) >= m.week:
            return "rejected"
        return "known"

    def schemes(self) -> list[SchemeView]:
        h, pw = self.household, self.model.paperwork
        out = []
        for sid in sorted(h.known_schemes):
            s = self.scenario.schemes[sid]
            state = self._scheme_state(sid)
            out.append(SchemeView(sid, s.label.get(self.lang), s.domain, s.counter, self.counter_name(s.counter),
                                  state, self._t(STATE_NAMES[state]), pw.may_apply(h, sid),
                                  [self._document_need(d) for d in s.documents]))
        return out

    def _sync_apps(self) -> None:
        for app in self.household.applications.values():
            self._apps.setdefault(app.aid, app)

    def _visible(self, app: Application) -> bool:
        return app.noticed or app.aid in self._mine or not app.open

    def _app_state(self, app: Application) -> str:
        if app.status != DONE:
            return app.status
        return {"rejected": "rejected_app", "granted": "granted_app"}.get(app.outcome or "", app.outcome or "blocked")

    def applications(self) -> list[ApplicationView]:
        self._sync_apps()
        pw = self.model.paperwork
        out = []
        for aid in sorted(self._apps):
            app = self._apps[aid]
            if not self._visible(app):
                continue
            state = self._app_state(app)
            to_fill = [] if app.form_done else pw.form_to_fill(app)[0]
            out.append(ApplicationView(
                id=aid, scheme=app.scheme_id, scheme_name=self.scheme_name(app.scheme_id), counter=app.counter_id,
                counter_name=self.counter_name(app.counter_id), kind=app.kind,
                kind_name=self._t(KIND_NAMES.get(app.kind, app.kind)), state=state,
                state_name=self._t(STATE_NAMES.get(state, state)), open=app.open, form_done=app.form_done,
                fields_to_fill=to_fill,
                documents_missing=[self._document_need(d, app) for d in app.missing_documents()] if app.open else [],
                deadline=app.deadline + 1 if app.deadline is not None and app.open else None,
                blocked_rule=app.blocked_rule,
                form_hours=round(pw.form_hours(app), 2) if app.open and not app.form_done else 0.0,
                submit_hours=round(pw.submit_hours(app), 2) if app.open else 0.0,
            ))
        return out

    def _app(self, app_id: Any) -> Application | None:
        self._sync_apps()
        try:
            app = self._apps.get(int(app_id))
        except (TypeError, ValueError):
            return None
        return app if app is not None and self._visible(app) else None

    def form(self, app_id: int) -> list[FormField]:
        """The questions of the application's form as they stand now ([] when nothing is to be filled)."""
        app = self._app(app_id)
        if app is None or app.form_done or app.status not in (DRAFT, WAITING):
            return []
        h, pw = self.household, self.model.paperwork
        ask, known = pw.form_to_fill(app)
        facts = h.facts()
        out = []
        for f in app.fields:
            if f not in ask and f not in known:
                continue
            spec = self.scenario.fields[f]
            prefilled = facts.get(spec.fact, "") if f in known else None
            out.append(FormField(
                id=f, label=spec.label.get(self.lang), kind=spec.kind, choices=[c.get(self.lang) for c in spec.choices],
                prefilled=prefilled, asked_before=f in ask and spec.fact in h.supplied_fields and not app.correcting,
                hint=self._hint(f),
            ))
        return out

    def _hint(self, field_id: str) -> str:
        spec = self.scenario.fields[field_id]
        kind = "bsn" if spec.fact == "bsn" else spec.kind
        if kind in HINTS:
            return self._t(HINTS[kind])
        if spec.kind == "choice":
            return " / ".join(c.get(self.lang) for c in spec.choices)
        return ""

    def mail(self) -> list[Letter]:
        return [Letter(x.id, x.week, x.key, dict(x.data), x.id in self._read) for x in self._letters]

    def unread(self) -> int:
        return sum(1 for x in self._letters if x.id not in self._read)

    def history(self) -> list[dict[str, float]]:
        return list(self.household.history or [])

    def log(self) -> list[LogEntry]:
        """What happened to the household and why, from the model's events (oldest first).
        The questions of one form are told in one line."""
        return build_log(self)

    # ------------------------------------------------------------------ final numbers
    def _outcomes(self) -> list[dict[str, Any]]:
        """metrics.household_outcomes of the model, computed once per state (the state changes
        only through commands and weeks)."""
        key = (self.model.week, len(self.commands))
        if self._outcomes_cache is None or self._outcomes_cache[0] != key:
            self._outcomes_cache = (key, household_outcomes(self.model))
        return self._outcomes_cache[1]

    def final_numbers(self) -> dict[str, Any]:
        """The player's outcomes, exactly the record the model keeps for every household."""
        hid = self.household.hid
        return dict(next(r for r in self._outcomes() if r["household"] == hid))

    def population_outcomes(self) -> pd.DataFrame:
        """The simulated households of the same run (without the player), OUTCOME_COLUMNS."""
        import pandas as pd

        from simulation.metrics import OUTCOME_COLUMNS

        rows = [r for r in self._outcomes() if r["household"] != self.household.hid]
        return pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))

    # ------------------------------------------------------------------ the journal
    def _emit(self, kind: str, data: dict[str, Any]) -> None:
        entry = {"week": self.week, "kind": kind, "data": data}
        self.journal.append(entry)
        if not self._replaying:
            for fn in self._subscribers:
                fn(entry)

    def _take_events(self) -> tuple[list[Letter], list[dict[str, Any]]]:
        """Turn the model's new events for the household into letters and journal entries."""
        events = self.model.log.events.get(self.household.hid, [])
        new = events[self._seen_events:]
        self._seen_events = len(events)
        letters, others = [], []
        for e in new:
            if e.kind == ev.LETTER:
                data = {k: v for k, v in e.data.items() if k != "letter"}
                if isinstance(data.get("deadline"), int):
                    data["deadline"] += 1
                letter = Letter(len(self._letters), e.week + 1, e.data["letter"], data, False)
                self._letters.append(letter)
                letters.append(letter)
                self._emit("letter", {"id": letter.id, "week": letter.week, "key": letter.key, "data": data})
            elif e.kind == ev.FIELD_REPEATED:
                self._repeated.add((e.data["field"], e.data["counter"]))
            elif e.kind in (ev.FIELD_SUPPLIED, ev.FIELD_PREFILLED):
                key = (e.data["field"], e.data["counter"])
                again = key in self._repeated
                self._repeated.discard(key)
                self._emit("field", {"field": key[0], "counter": key[1], "prefilled": e.kind == ev.FIELD_PREFILLED,
                                     "asked_before": again})
            else:
                item = {"kind": e.kind, "week": e.week + 1, **e.data}
                others.append(item)
                self._emit("event", item)
        self._sync_apps()
        return letters, others

    def _autosave(self) -> None:
        if self.autosave is not None and not self._replaying:
            self.save(self.autosave)

    def _run(self, cmd: str, args: dict[str, Any]) -> Outcome:
        """Run one command (``self._<cmd>(**args)``), journal it, take the model's events, autosave.
        The arguments are made plain JSON first and the command runs on exactly what is saved,
        so a replay meets the same input."""
        h = self.household
        before = h.hours_left
        args = json.loads(json.dumps(args, default=str))
        if self.finished and cmd != "read_letter":
            out = self._refuse(self._t("Het spel is afgelopen."))
        else:
            out = getattr(self, f"_{cmd}")(**args)
        if out.ok and out.hours == 0.0 and cmd not in ("end_week", "ask_network") and before - h.hours_left > 0:
            out = Outcome(out.ok, round(before - h.hours_left, 2), out.message, out.data)
        self.commands.append({"cmd": cmd, "args": args})
        self._emit("action", {"cmd": cmd, "args": args, "ok": out.ok, "hours": out.hours, "message": out.message,
                              "hours_left": round(h.hours_left, 2)})
        self._take_events()
        if cmd == "end_week" and out.ok and self.finished:
            self._emit("end", self.final_numbers())
        self._autosave()
        return out

    def _refuse(self, message: str, **data: Any) -> Outcome:
        return Outcome(False, 0.0, message, data)

    def _too_little_time(self, price: float) -> Outcome | None:
        """The model's rule: a step may start when at least half its price is left."""
        left = self.household.hours_left
        if price <= 0 or (left > 0 and left >= price / 2):
            return None
        return self._refuse(self._t("Te weinig tijd over deze week: dit kost {need} uur, u heeft nog {left} uur.")
                            .format(need=self._hours(price), left=self._hours(max(left, 0.0))), price=round(price, 2))

    def _hours(self, hours: float) -> str:
        text = f"{hours:.1f}"
        return text.replace(".", ",") if self.lang == "nl" else text

    def _new_week(self) -> None:
        """Network hours are there only when asked for: set them aside at the start of the week.
        Note why the week has the hours it has (shown by status(); changes nothing in the model)."""
        h = self.household
        capacity = h.capacity()
        overtime = max(0.0, capacity - h.hours_left)  # the model: hours_left = min(last week, 0) + capacity
        self._network_left = min(h.network_hours, max(0.0, h.hours_left))
        h.hours_left -= self._network_left
        usual = float(h.hours)
        stress = usual * self.scenario.behaviour.stress_hours_penalty * h.stress
        own = capacity - h.network_hours  # the model's hours without the network: after stress and care
        care = max(0.0, usual - stress - own) if h.care_need and not h.care_relieved else 0.0
        self._week_hours = {"hours_week": h.hours_left, "hours_usual": usual, "hours_stress": stress,
                            "hours_care": care, "hours_overtime": overtime, "network_used": 0.0}

    # ------------------------------------------------------------------ commands
    def read_letter(self, letter_id: int) -> Outcome:
        return self._run("read_letter", {"letter_id": letter_id})

    def _read_letter(self, letter_id: Any) -> Outcome:
        try:
            letter = self._letters[int(letter_id)]
        except (TypeError, ValueError, IndexError):
            return self._refuse(self._t("Die brief bestaat niet."))
        hours = 0.0
        if letter.id >= self._post_opened_upto and not self.finished:
            refusal = self._too_little_time(self.model.scenario.mechanics.post_hours)
            if refusal:
                return refusal
            read_post(self.household)
            self._post_opened_upto = len(self._letters)
            hours = self.model.scenario.mechanics.post_hours
        self._read.add(letter.id)
        return Outcome(True, hours, self._t("Brief gelezen."), {"letter": asdict(letter) | {"read": True}})

    def visit(self, counter_id: str, domain: str) -> Outcome:
        return self._run("visit", {"counter_id": counter_id, "domain": domain})

    def _visit(self, counter_id: str, domain: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        if counter_id not in self.scenario.counters:
            return self._refuse(t("Dat loket bestaat niet."))
        if domain not in DOMAIN_NAMES:
            return self._refuse(t("Kies waar uw vraag over gaat: {domains}.").format(
                domains=", ".join(self.domain_name(d) for d in DOMAIN_NAMES)))
        refusal = self._too_little_time(m.paperwork.visit_hours(counter_id))
        if refusal:
            return refusal
        known = set(h.known_schemes)
        had_cm = h.case_manager is not None
        result = ask_at_counter(h, counter_id, domain)
        learned = sorted(h.known_schemes - known)
        names = {"counter": self.counter_name(counter_id), "domain": self.domain_name(domain).lower(),
                 "schemes": ", ".join(self.scheme_name(s) for s in learned) or t("niets nieuws")}
        data: dict[str, Any] = {"result": result, "learned": learned}
        if result == "sent_on":
            right = m.paperwork.counters_for(domain)
            data["to"] = right[0] if right else None
            if data["to"] is None:  # no counter has a scheme for it: there is nowhere to send you
                msg = t("{counter} heeft geen regeling voor {domain}, en geen ander loket heeft die: "
                        "u kunt hiermee nergens terecht.").format(**names)
            else:
                msg = t("Verkeerd loket: {counter} gaat niet over {domain}. U wordt doorgestuurd naar {to}.").format(
                    to=self.counter_name(data["to"]), **names)
        elif result == "front_door":
            data["case_manager"] = h.case_manager is not None
            msg = t("{counter} kijkt naar al uw problemen tegelijk. Nieuw voor u: {schemes}.").format(**names)
            if h.case_manager is not None and not had_cm:
                msg += " " + t("U krijgt een casemanager.")
        else:
            msg = t("{counter} legt uit wat er is voor {domain}. Nieuw voor u: {schemes}.").format(**names)
        return Outcome(True, 0.0, msg, data)

    def phone(self, counter_id: str) -> Outcome:
        return self._run("phone", {"counter_id": counter_id})

    def _phone(self, counter_id: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        if counter_id not in self.scenario.counters:
            return self._refuse(t("Dat loket bestaat niet."))
        price = m.paperwork.wait_hours(counter_id)
        refusal = self._too_little_time(price)
        if refusal:
            return refusal
        spend(h, price)
        m.log.emit(m.week, h, ev.HELP_SOUGHT, counter=counter_id, domain=None, by="phone")
        schemes = sorted(sid for sid, s in self.scenario.schemes.items() if s.counter == counter_id)
        learned = sorted(set(schemes) - h.known_schemes)
        h.known_schemes.update(schemes)
        docs = sorted({d for sid in schemes for d in self.scenario.schemes[sid].documents})
        issuers = {d: [i for i, _ in self._document_need(d).issuers] for d in docs}
        parts = [f"{self.scheme_name(s)}" for s in schemes]
        msg = t("{counter} aan de telefoon: hier kunt u terecht voor {schemes}.").format(
            counter=self.counter_name(counter_id), schemes=", ".join(parts) or t("geen regelingen"))
        if docs:
            msg += " " + t("Nodig: {documents}.").format(documents="; ".join(
                f"{self.document_name(d)} ({', '.join(self.counter_name(i) for i in issuers[d])})" for d in docs))
        return Outcome(True, 0.0, msg, {"schemes": schemes, "learned": learned, "documents": issuers})

    def apply(self, scheme_id: str) -> Outcome:
        return self._run("apply", {"scheme_id": scheme_id})

    def _apply(self, scheme_id: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        if scheme_id not in self.scenario.schemes:
            return self._refuse(t("Die regeling bestaat niet."))
        name = self.scheme_name(scheme_id)
        if scheme_id not in h.known_schemes:
            return self._refuse(t("U weet nog niet dat {scheme} bestaat of waar u die aanvraagt.").format(scheme=name))
        if not pw.may_apply(h, scheme_id):
            state = self._scheme_state(scheme_id)
            reason = {
                "granted": t("U krijgt {scheme} al."), "automatic": t("U krijgt {scheme} al."),
                "applied": t("U heeft {scheme} al aangevraagd."),
                "rejected": t("{scheme} is kort geleden afgewezen; u kunt pas vanaf week {week} opnieuw aanvragen."),
            }.get(state, t("{scheme} wordt automatisch toegekend; u hoeft niets aan te vragen."))
            return self._refuse(reason.format(scheme=name, week=h.rejected_until.get(scheme_id, 0) + 2))
        app = pw.start(h, scheme_id)
        self._mine.add(app.aid)
        self._sync_apps()
        return Outcome(True, 0.0, t("Aanvraag {scheme} gestart bij {counter}.").format(
            scheme=name, counter=self.counter_name(app.counter_id)), {"app_id": app.aid})

    def _open_app(self, app_id: Any) -> tuple[Application | None, Outcome | None]:
        app = self._app(app_id)
        if app is None:
            return None, self._refuse(self._t("Die aanvraag bestaat niet."))
        if app.status not in (DRAFT, WAITING):
            return None, self._refuse(self._t("Aan deze aanvraag valt nu niets te doen ({state}).").format(
                state=self._t(STATE_NAMES.get(self._app_state(app), app.status))))
        return app, None

    def fill_form(self, app_id: int, answers: dict[str, str]) -> Outcome:
        return self._run("fill_form", {"app_id": app_id, "answers": answers})

    def _fill_form(self, app_id: Any, answers: Any) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        app, refusal = self._open_app(app_id)
        if refusal:
            return refusal
        assert app is not None
        if app.form_done:
            return self._refuse(t("Dit formulier is al ingevuld."))
        if not isinstance(answers, dict):
            return self._refuse(t("De antwoorden ontbreken."))
        ask, _known = pw.form_to_fill(app)
        errors: dict[str, str] = {}
        clean: dict[str, str] = {}
        for key in answers:
            if key not in ask:
                errors[str(key)] = t("Deze vraag staat niet op dit formulier.")
        for f in ask:
            text = answers.get(f)
            text = "" if text is None else str(text).strip()
            problem, value = self._check_answer(f, text)
            if problem:
                errors[f] = problem
            else:
                clean[f] = value
        if errors:
            return self._refuse(t("Het formulier is niet goed ingevuld: {n} vraag/vragen verbeteren.")
                                .format(n=len(errors)), errors=errors)
        refusal = self._too_little_time(pw.form_hours(app))
        if refusal:
            return refusal
        before = h.tally[ev.FIELD_REPEATED], h.tally[ev.FIELD_PREFILLED]
        spend(h, pw.fill_form(app, clean))
        self._drafts.pop(app.aid, None)  # sent: nothing left to keep
        again = h.tally[ev.FIELD_REPEATED] - before[0]
        pre = h.tally[ev.FIELD_PREFILLED] - before[1]
        msg = t("Formulier ingevuld: {n} vragen, waarvan {again} die u al eens aan een ander loket gaf; "
                "{pre} gegevens waren al ingevuld.").format(n=len(ask), again=again, pre=pre)
        return Outcome(True, 0.0, msg, {"asked": len(ask), "asked_again": again, "prefilled": pre, "errors": {}})

    def _check_answer(self, field_id: str, text: str) -> tuple[str, str]:
        return check_answer(self.scenario.fields[field_id], text, self._t, self.lang)

    def fetch_document(self, app_id: int, doc_id: str) -> Outcome:
        return self._run("fetch_document", {"app_id": app_id, "doc_id": doc_id})

    def _fetch_document(self, app_id: Any, doc_id: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        app, refusal = self._open_app(app_id)
        if refusal:
            return refusal
        assert app is not None
        if doc_id not in app.missing_documents():
            return self._refuse(t("Dat document is voor deze aanvraag niet (meer) nodig."))
        blocked = pw.document_blocked_by(app, doc_id)
        refusal = self._too_little_time(self.model.scenario.mechanics.blocked_document_hours if blocked
                                        else pw.document_hours(h, doc_id))
        if refusal:
            return refusal
        ok, hours = pw.fetch_document(app, doc_id)
        spend(h, hours)
        names = {"document": self.document_name(doc_id), "scheme": self.scheme_name(app.scheme_id)}
        if not ok:
            pw._blocked_document(app, None)
            return Outcome(True, hours, t("U kunt {document} niet krijgen: {rule}. De aanvraag {scheme} stopt.")
                           .format(rule=self.rule_name(app.blocked_rule), **names),
                           {"obtained": False, "blocked_by": app.blocked_rule})
        if hours == 0.0:
            return Outcome(True, 0.0, t("{document} is tussen de loketten gedeeld: geen werk voor u.").format(**names),
                           {"obtained": True, "shared": True})
        return Outcome(True, hours, t("U heeft {document}.").format(**names), {"obtained": True, "shared": False})

    def submit(self, app_id: int) -> Outcome:
        return self._run("submit", {"app_id": app_id})

    def _submit(self, app_id: Any) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        app, refusal = self._open_app(app_id)
        if refusal:
            return refusal
        assert app is not None
        if not app.form_done:
            return self._refuse(t("Vul eerst het formulier in."))
        if app.blocked_rule is not None and app.status == DRAFT:
            return self._refuse(t("Deze aanvraag zit vast: {rule}.").format(rule=self.rule_name(app.blocked_rule)))
        refusal = self._too_little_time(pw.submit_hours(app))
        if refusal:
            return refusal
        spend(h, pw.submit(app))
        names = {"scheme": self.scheme_name(app.scheme_id), "counter": self.counter_name(app.counter_id)}
        state = self._app_state(app)
        if app.status == QUEUED:
            c = m.counters[app.counter_id]
            queue_weeks = len(c.queue) / c.capacity_per_week if c.capacity_per_week > 0 else 0.0
            weeks = round(queue_weeks + self.scenario.schemes[app.scheme_id].processing_weeks)
            msg = t("{counter} neemt uw aanvraag {scheme} in behandeling. Een besluit volgt over ongeveer "
                    "{weeks} weken.").format(weeks=weeks, **names)
        elif app.status == WAITING:
            msg = t("{counter} mist nog iets voor {scheme}: u krijgt een brief met een termijn.").format(**names)
        else:
            msg = t("{counter} heeft uw aanvraag {scheme} afgewezen: u krijgt een brief.").format(**names)
        return Outcome(True, 0.0, msg, {"state": state})

    def ask_network(self) -> Outcome:
        return self._run("ask_network", {})

    def _ask_network(self) -> Outcome:
        t, h = self._t, self.household
        if self._network_left <= 0:
            if h.network_hours <= 0:
                return self._refuse(t("Er is niemand in uw omgeving die kan helpen."))
            return self._refuse(t("Uw familie en vrienden helpen deze week al zoveel ze kunnen."))
        gained = self._network_left
        h.hours_left += gained
        self._network_left = 0.0
        self._week_hours["hours_week"] = self._week_hours.get("hours_week", 0.0) + gained
        self._week_hours["network_used"] = self._week_hours.get("network_used", 0.0) + gained
        return Outcome(True, 0.0, t("Familie en vrienden helpen u deze week {hours} uur met uw papieren.")
                       .format(hours=self._hours(gained)), {"hours_gained": round(gained, 2)})

    def ask_case_manager(self) -> Outcome:
        return self._run("ask_case_manager", {})

    def _ask_case_manager(self) -> Outcome:
        t, h, m = self._t, self.household, self.model
        door = self.scenario.organisation.front_door
        if door is None or not m.support.managers:
            return self._refuse(t("Hier zijn geen casemanagers: u regelt alles zelf, loket voor loket."))
        if h.case_manager is not None:
            return self._refuse(t("U heeft al een casemanager."))
        refusal = self._too_little_time(m.paperwork.visit_hours(door))
        if refusal:
            return refusal
        dom = min(h.need_since, key=lambda d: (h.need_since[d], d)) if h.need_since else (
            h.domains_now[0] if h.domains_now else self.scenario.counters[door].domains[0]
            if self.scenario.counters[door].domains else "income")
        ask_at_counter(h, door, dom)
        if h.case_manager is not None:
            return Outcome(True, 0.0, t("{counter}: u krijgt een casemanager. Die vraagt alles één keer en neemt "
                                        "uw papierwerk over.").format(counter=self.counter_name(door)),
                           {"case_manager": True})
        need = self.scenario.organisation.case_managers.min_domains
        if len(h.domains_now) < need:
            why = t("een casemanager is er voor wie op {need} of meer levensdomeinen tegelijk vastloopt; "
                    "bij u zijn dat er nu {n}").format(need=need, n=len(h.domains_now))
        else:
            why = t("alle casemanagers hebben een volle caseload")
        return Outcome(True, 0.0, t("{counter}: geen casemanager, want {why}.").format(
            counter=self.counter_name(door), why=why), {"case_manager": False})

    def end_week(self) -> Outcome:
        return self._run("end_week", {})

    def _end_week(self) -> Outcome:
        t = self._t
        first_new_letter = len(self._letters)
        first_log = len(self.log())
        self.model.step()
        letters, _ = self._take_events()
        self._new_week()
        log = self.log()[first_log:]
        if self.finished:
            msg = t("Dit was de laatste week.")
        else:
            msg = t("Week {week} begint. {n} nieuwe brief/brieven.").format(week=self.week, n=len(letters))
        return Outcome(True, 0.0, msg, {"letters": [asdict(x) for x in self._letters[first_new_letter:]],
                                        "log": [asdict(x) for x in log]})
