"""Watch one model run and measure the Dutch patterns of ``validation/patterns.yaml``.

The observer changes nothing and draws no random numbers: it listens to events
(``EventLog.watch``) and reads household state after each week, so a run with an
observer is the same run as one without.  Schemes are chosen by their ``role`` and
crises by their kind, never by a scenario id.  The definitions are written out in
``validation/patterns.yaml``; :data:`MEASURES` names every measurement this module makes.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from simulation import events as ev
from simulation.paperwork import DONE, INTAKE, TO_DO

if TYPE_CHECKING:
    from simulation.household import Household
    from simulation.model import CityModel


#: Weeks between samples of household stocks after the burn-in.
SAMPLE_EVERY = 4
#: A debt-help application still waiting for the household this long after its start counts as a drop-out.
DROPOUT_AFTER_WEEKS = 26
#: Problem domains of money matters (bestaanszekerheid) for the neighbourhood-team pattern.
MONEY_DOMAINS = ("income", "debt", "housing")
#: Collection stage from which a debt counts as a registered problem (2: collection agency, 3: bailiff).
PROBLEM_STAGE = 2
BAILIFF_STAGE = 3

#: Every measurement this module makes; a pattern's id must be one of these.
MEASURES = (
    "problem_debt_prevalence",
    "debt_help_reach",
    "years_before_help",
    "dropout_before_arrangement",
    "debt_at_intake",
    "debt_help_wait_weeks",
    "allowance_non_take_up",
    "social_assistance_non_take_up",
    "evictions_per_1000",
    "energy_cutoffs_per_1000",
    "bailiff_seizures_per_100",
    "social_minimum_shortfall",
    "wijkteam_money_share",
    "sanctions_per_recipient_year",
    "arrangements_completed",
    "social_assistance_outflow",
    "problem_debt_persistence",
    "allowance_clawback_share",
)

NAN = float("nan")


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else NAN


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else NAN


class Observer:
    """Attach to a fresh model; call :meth:`after_week` after every ``model.step()``; read
    :meth:`results` at the end.  Flows count from week ``burn_in`` on; stocks are sampled every
    :data:`SAMPLE_EVERY` weeks from then on."""

    def __init__(self, model: CityModel, burn_in: int, weeks: int) -> None:
        self.model = model
        self.burn_in = burn_in
        self.weeks = weeks
        sc = model.scenario

        def role(name: str) -> frozenset[str]:
            return frozenset(sid for sid, s in sc.schemes.items() if s.role == name)

        self.debt_help = role("debt_help")
        self.assistance = role("social_assistance")
        self.allowances = role("allowance")
        self.debt_help_ids = sorted(self.debt_help)
        # flows (after the burn-in)
        self.filed_need_years: list[float] = []
        self.filed_debt: list[float] = []
        self.waits: list[float] = []
        self.crises: Counter[str] = Counter()
        self.to_bailiff = 0
        self.sanctions = 0
        self.assistance_ended = 0
        self.arrangements_ended: Counter[str] = Counter()
        self.clawbacks: set[tuple[int, int]] = set()  # (measured year, household)
        self.has_filed: set[int] = set()  # households that applied for debt help (burn-in included)
        self.started: dict[int, tuple[int, Any]] = {}  # application id -> (week started, application)
        # stocks (sample weeks)
        self.problem: list[np.ndarray] = []
        self.in_help = 0
        self.allowance_pairs = 0
        self.allowance_missing = 0
        self.assistance_eligible = 0
        self.assistance_missing = 0
        self.recipients: list[int] = []
        self.allowance_households: set[tuple[int, int]] = set()
        self.shortfalls: list[float] = []
        self.cm_start: Counter[str] = Counter()
        log = model.log
        log.watch(ev.APPLICATION_FILED, self._filed)
        log.watch(ev.TAKEN_UP, self._taken_up)
        log.watch(ev.CRISIS, self._crisis)
        log.watch(ev.DEBT_ESCALATED, self._escalated)
        log.watch(ev.SANCTION, self._sanction)
        log.watch(ev.ENDED, self._ended)
        log.watch(ev.CLAWBACK, self._clawback)
        if burn_in == 0:
            self.cm_start = self._cm_hours()

    # ------------------------------------------------------------ events
    def _measuring(self, week: int) -> bool:
        return week >= self.burn_in

    def _filed(self, week: int, h: Household, data: dict[str, Any]) -> None:
        if data["scheme"] not in self.debt_help:
            return
        first = h.hid not in self.has_filed
        self.has_filed.add(h.hid)
        if not self._measuring(week):
            return
        self.filed_debt.append(float(data["debt"]))
        if first and data.get("need_weeks") is not None:
            self.filed_need_years.append(data["need_weeks"] / 52.0)

    def _taken_up(self, week: int, h: Household, data: dict[str, Any]) -> None:
        if self._measuring(week) and data["scheme"] in self.debt_help and data["step"] == INTAKE:
            self.waits.append(float(data["waited"]))

    def _crisis(self, week: int, h: Household, data: dict[str, Any]) -> None:
        if self._measuring(week):
            self.crises[data["what"]] += 1

    def _escalated(self, week: int, h: Household, data: dict[str, Any]) -> None:
        if self._measuring(week) and data["stage"] == BAILIFF_STAGE:
            self.to_bailiff += 1

    def _sanction(self, week: int, h: Household, data: dict[str, Any]) -> None:
        if self._measuring(week) and data["scheme"] in self.assistance and data["step"] != INTAKE:
            self.sanctions += 1

    def _ended(self, week: int, h: Household, data: dict[str, Any]) -> None:
        if not self._measuring(week):
            return
        if data["scheme"] in self.assistance:
            self.assistance_ended += 1
        elif data["scheme"] in self.debt_help:
            self.arrangements_ended[data.get("reason", "")] += 1

    def _clawback(self, week: int, h: Household, data: dict[str, Any]) -> None:
        if self._measuring(week) and data["scheme"] in self.allowances:
            year = (week - self.burn_in) // 52
            if year < self.weeks // 52:  # full measured years only
                self.clawbacks.add((year, h.hid))

    # ------------------------------------------------------------ each week
    def after_week(self) -> None:
        """Call after ``model.step()``: the week that was just simulated is ``model.week - 1``."""
        week = self.model.week - 1
        if week == self.burn_in - 1:
            self.cm_start = self._cm_hours()
        if not self._measuring(week):
            return
        if self.debt_help_ids:
            started = self.started
            for h in self.model.households:
                apps = h.applications
                for sid in self.debt_help_ids:
                    app = apps.get(sid)
                    if app is not None and app.aid not in started and app.started_week >= self.burn_in:
                        started[app.aid] = (app.started_week, app)
        if (week - self.burn_in) % SAMPLE_EVERY == 0:
            self._sample(week)

    def _cm_hours(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for h in self.model.households:
            for key, hours in h.tally.items():
                if key.startswith("cm_hours_"):
                    total[key[len("cm_hours_") :]] += hours
        return total

    def _sample(self, week: int) -> None:
        m = self.model
        eligible = m.paperwork.eligible
        year = (week - self.burn_in) // 52
        full_year = year < self.weeks // 52
        problem = np.zeros(len(m.households), dtype=bool)
        recipients = 0
        for i, h in enumerate(m.households):
            debts = h.debts  # open debts; arranged ones are in h.arranged
            ents = h.entitlements
            arranged = any(s in ents for s in self.debt_help)
            if arranged or any(d.stage >= PROBLEM_STAGE for d in debts.values()):
                problem[i] = True
                if arranged or any(self._submitted(h.applications.get(s)) for s in self.debt_help):
                    self.in_help += 1
            missing_allowance = False
            gets_allowance = False
            for sid in self.allowances:
                if sid in ents:
                    gets_allowance = True
                if eligible(h, sid):
                    self.allowance_pairs += 1
                    if sid not in ents:
                        self.allowance_missing += 1
                        missing_allowance = True
            if gets_allowance and full_year:
                self.allowance_households.add((year, h.hid))
            assisted = None
            for sid in self.assistance:
                ent = ents.get(sid)
                if ent is not None:
                    recipients += 1
                    assisted = ent
                if eligible(h, sid):
                    self.assistance_eligible += 1
                    if ent is None:
                        self.assistance_missing += 1
            if (
                h.children == 3
                and h.adults == 2  # the Commissie's figure is for couples; for single parents it gives none
                and assisted is not None
                and assisted.suspended_until < week
                and not missing_allowance
                and not any(d.stage >= BAILIFF_STAGE for d in debts.values())
            ):
                self.shortfalls.append(-h.balance * 52.0 / 12.0)
        self.problem.append(problem)
        self.recipients.append(recipients)

    @staticmethod
    def _submitted(app: Any) -> bool:
        return app is not None and app.open and app.submitted_week is not None

    # ------------------------------------------------------------ results
    def results(self) -> dict[str, float]:
        """Every measurement of :data:`MEASURES`, NaN where the run gives no basis for it."""
        n = len(self.model.households)
        years = self.weeks / 52.0
        per_year = n * years
        problem_samples = float(sum(int(p.sum()) for p in self.problem))
        sampled = float(sum(len(p) for p in self.problem))
        recipient_years = float(np.mean(self.recipients)) * years if self.recipients else 0.0
        cm_end = self._cm_hours()
        cm = {d: cm_end[d] - self.cm_start[d] for d in cm_end}
        cm_total = sum(cm.values())
        return {
            "problem_debt_prevalence": _share(problem_samples, sampled),
            "debt_help_reach": _share(self.in_help, problem_samples),
            "years_before_help": _mean(self.filed_need_years),
            "dropout_before_arrangement": self._dropout(),
            "debt_at_intake": _mean(self.filed_debt),
            "debt_help_wait_weeks": _mean(self.waits),
            "allowance_non_take_up": _share(self.allowance_missing, self.allowance_pairs),
            "social_assistance_non_take_up": _share(self.assistance_missing, self.assistance_eligible),
            "evictions_per_1000": _share(1000.0 * self.crises["eviction"], per_year),
            "energy_cutoffs_per_1000": _share(1000.0 * self.crises["cutoff"], per_year),
            "bailiff_seizures_per_100": _share(100.0 * self.to_bailiff, per_year),
            "social_minimum_shortfall": _mean(self.shortfalls),
            "wijkteam_money_share": _share(sum(cm.get(d, 0.0) for d in MONEY_DOMAINS), cm_total)
            if cm_total > 0
            else NAN,
            "sanctions_per_recipient_year": _share(self.sanctions, recipient_years),
            "arrangements_completed": _share(
                self.arrangements_ended["completed"], sum(self.arrangements_ended.values())
            ),
            "social_assistance_outflow": _share(self.assistance_ended, recipient_years),
            "problem_debt_persistence": self._persistence(),
            "allowance_clawback_share": _share(len(self.clawbacks), len(self.allowance_households))
            if self.weeks >= 52
            else NAN,
        }

    def _dropout(self) -> float:
        last = self.burn_in + self.weeks - 1
        reached = dropped = 0
        for start, app in self.started.values():
            if last - start < DROPOUT_AFTER_WEEKS:
                continue
            if app.status == DONE:
                if app.outcome == "granted":
                    reached += 1
                else:
                    dropped += 1
            elif app.status in TO_DO:
                dropped += 1
            # queued, processing or blocked: in the counter's hands, censored
        return _share(dropped, reached + dropped)

    def _persistence(self) -> float:
        lag = 52 // SAMPLE_EVERY
        now = kept = 0
        for k in range(2 * lag, len(self.problem)):
            p = self.problem[k]
            now += int(p.sum())
            kept += int((p & self.problem[k - lag] & self.problem[k - 2 * lag]).sum())
        return _share(kept, now)


def finite(values: dict[str, float]) -> dict[str, float]:
    """NaN stays NaN; anything else becomes a plain float (numpy scalars pickle and print as floats)."""
    return {k: (float(v) if v is not None and not math.isnan(v) else NAN) for k, v in values.items()}
