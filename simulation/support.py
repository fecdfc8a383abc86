"""Integral help: front door, case managers, custom budget, breakthrough team, early signals.

Each is switched on by the scenario's ``organisation`` block; with all of them
off (the siloed scenario) this module does nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import mesa

from . import events as ev
from .paperwork import BLOCKED, DRAFT, Application

if TYPE_CHECKING:
    from .debts import Debt
    from .household import Household
    from .model import CityModel


class CaseManager(mesa.Agent):
    """One professional who stands next to a few households and does their paperwork."""

    def __init__(self, model: CityModel, index: int) -> None:
        super().__init__(model)
        self.index = index
        spec = model.scenario.organisation.case_managers
        self.skill = spec.skill
        self.caseload = spec.caseload
        self.clients: list[Household] = []
        self.hours_left = 0.0
        self.stable_weeks: dict[int, int] = {}

    def step(self) -> None:
        m = self.model
        org = m.scenario.organisation
        self.hours_left = org.case_managers.hours
        w = m.week
        pw = m.paperwork
        beh = m.behaviour
        # Most urgent first: deadlines, then procedures, then the rest.
        self.clients.sort(key=lambda h: (-pw.open_deadlines(h), -len(h.domains_now), h.hid))
        for h in list(self.clients):
            if self.hours_left <= 0:
                break
            talk = org.case_managers.contact_hours
            self._spend(talk)  # a conversation: continuity builds trust
            m.log.add(h, "contact_hours", talk)
            h.hours_left -= talk
            h.change_trust(beh.trust_gain_continuity)
            m.support.use_budget(h)
            for sid in self.starts(h):
                pw.start(h, sid)
            for app in pw.open_work(h):
                if self.hours_left <= 0:
                    break
                app.noticed = True  # the case manager sees the same post as the household
                hours = pw.work_on(app, self.hours_left, doer=self)
                self._spend(hours)
                m.log.add(h, f"cm_hours_{m.scenario.schemes[app.scheme_id].domain}", hours)
                if hours > 0:  # the record a debrief explains the case manager's work from
                    m.log.note(w, h, ev.CASE_WORK, scheme=app.scheme_id, hours=round(hours, 2))
            if h.domains_now:
                self.stable_weeks[h.hid] = 0
            else:
                self.stable_weeks[h.hid] = self.stable_weeks.get(h.hid, 0) + 1
                if self.stable_weeks[h.hid] >= org.case_managers.close_after_stable_weeks:
                    self.clients.remove(h)
                    h.case_manager = None
                    m.log.emit(w, h, ev.CASE_CLOSED)

    def starts(self, h: Household) -> list[str]:
        """The applications the case manager starts for the household: every scheme of its problem
        domains it may apply for and meets the conditions of."""
        pw = self.model.paperwork
        return [
            sid
            for dom in h.domains_now
            for sid in pw.by_domain.get(dom, [])
            if pw.may_apply(h, sid) and pw.eligible(h, sid)
        ]

    def _spend(self, hours: float) -> None:
        self.hours_left -= hours


class Support:
    """Shared services of the integral organisation."""

    def __init__(self, model: CityModel) -> None:
        self.model = model
        self.org = model.scenario.organisation
        n = model.population_size
        count = round(self.org.case_managers.per_1000 * n / 1000)
        self.managers: list[CaseManager] = [CaseManager(model, i) for i in range(count)]
        self.breakthrough_hours = self.org.breakthrough.hours_per_1000 * n / 1000
        self.budget_per_year = self.org.custom_budget.per_household_year * n
        self.learned: dict[str, float] = defaultdict(float)
        self.escalations: list[tuple[Application, str]] = []
        self.outreach_due: list[tuple[int, int]] = []
        #: outreach visits a week (a fraction carries over, as at a counter)
        self.outreach_capacity = self.org.early_signals.visits_per_1000 * n / 1000
        self._outreach_carry = 0.0
        self.budget_left = self.budget_per_year
        #: creditors whose arrears are reported (none unless early signals are on)
        self.signalling = frozenset(
            k for k, c in model.scenario.creditors.items() if c.signals and self.org.early_signals.enabled
        )

    # ------------------------------------------------------------------ case managers
    def offer_case_manager(self, h: Household, min_domains: int | None = None) -> bool:
        if h.case_manager is not None:
            return True
        need = self.org.case_managers.min_domains if min_domains is None else min_domains
        if not self.managers or len(h.domains_now) < need:
            return False
        free = [cm for cm in self.managers if len(cm.clients) < cm.caseload]
        if not free:
            return False
        cm = min(free, key=lambda c: (len(c.clients), c.index))
        cm.clients.append(h)
        h.case_manager = cm
        m = self.model
        m.log.emit(m.week, h, ev.CASE_OPENED, manager=cm.index)
        m.letter(h, "case_manager_intro", manager=cm.index)
        return True

    # ------------------------------------------------------------------ discretion and overrule
    def may_waive(self, rule: str, h: Household) -> bool:
        """A professional with discretionary room (and what the team has learned) waives a rule."""
        if not self.model.scenario.rules[rule].overrulable:
            return False
        chance = min(self.model.mechanics.max_discretion, self.org.discretion + self.learned[rule])
        return h.rng_act.random() < chance

    def escalation_blocker(self, rule: str) -> str | None:
        """Why a rule cannot go to the breakthrough team: "no_team", "not_overrulable", or None."""
        if self.breakthrough_hours <= 0:
            return "no_team"
        spec = self.model.scenario.rules.get(rule)
        if spec is None or not spec.overrulable:
            return "not_overrulable"
        return None

    def escalate(self, app: Application, rule: str | None) -> None:
        m = self.model
        h = app.household
        rule = rule or ""
        if self.escalation_blocker(rule) is not None:
            m.counters[app.counter_id]._reject(app, "rule", rule=rule)
            return
        app.status = BLOCKED
        m.log.emit(m.week, h, ev.ESCALATED, scheme=app.scheme_id, rule=rule)
        self.escalations.append((app, rule))

    def _breakthrough(self) -> None:
        m = self.model
        bt = self.org.breakthrough
        hours = self.breakthrough_hours
        waiting = []
        for app, rule in self.escalations:
            if app.status != BLOCKED:
                continue
            if hours < bt.hours_per_case:
                waiting.append((app, rule))
                continue
            hours -= bt.hours_per_case
            h = app.household
            app.waived.add(rule)
            app.blocked_rule = None
            self.learned[rule] += bt.learning
            m.log.emit(m.week, h, ev.OVERRULE, scheme=app.scheme_id, rule=rule)
            m.letter(h, "overrule", scheme=app.scheme_id, rule=rule)
            if app.submitted_week is not None and app.missing_documents() == [] and app.form_done:
                m.counters[app.counter_id].release(app)
            else:
                app.status = DRAFT
        self.escalations = waiting

    # ------------------------------------------------------------------ custom budget
    @staticmethod
    def urgent(d: Debt) -> bool:
        """Arrears about to become a crisis: under a bailiff, or in a court procedure."""
        return d.procedure_week is not None or d.stage >= 3

    def budget_blocker(self, h: Household) -> str | None:
        """Why the custom budget cannot pay for the household now: "spent" (this year's budget),
        "household_max" (the most one household may get), "not_urgent" (no arrears about to become
        a crisis), or None."""
        if self.budget_left <= 0:
            return "spent"
        if h.budget_received >= self.org.custom_budget.max_per_household:
            return "household_max"
        if not any(self.urgent(d) for d in h.debts.values()):
            return "not_urgent"
        return None

    def use_budget(self, h: Household) -> None:
        """Pay arrears that are about to become a crisis, within the spending rule."""
        cb = self.org.custom_budget
        if self.budget_left <= 0:
            return
        m = self.model
        for name, d in list(h.debts.items()):
            if not self.urgent(d):
                continue
            room = min(cb.max_per_household - h.budget_received, self.budget_left, d.amount)
            if room <= 0:
                return
            d.amount -= room
            d.procedure_week = None
            if d.amount <= 0.01:
                del h.debts[name]
            h.budget_received += room
            self.budget_left -= room
            m.public["custom_budget"] += room
            m.log.emit(m.week, h, ev.BUDGET_SPENT, creditor=name, amount=round(room))
            m.letter(h, "budget_paid", creditor=name, amount=round(room))
            loan = room * cb.loan_share
            if loan > 0:
                h.hold(m.creditor_for["municipality"], loan)  # an interest-free loan, no collection

    # ------------------------------------------------------------------ early signals
    def maybe_signal(self, h: Household, creditor: str, d: Debt) -> None:
        es = self.org.early_signals
        if not es.enabled:
            return
        m = self.model
        if m.week - d.since_week < es.arrears_weeks:
            return
        d.signalled = True
        m.log.emit(m.week, h, ev.SIGNAL, creditor=creditor)
        self.outreach_due.append((m.week + es.lag_weeks, h.hid))

    def _outreach(self) -> None:
        m = self.model
        budget = self.outreach_capacity + self._outreach_carry
        visits = 0
        due = []
        waiting = []
        for item in self.outreach_due:  # in the order the signals came in
            if item[0] <= m.week and visits + 1 <= budget:
                due.append(item)
                visits += 1
            else:
                waiting.append(item)
        self.outreach_due = waiting
        self._outreach_carry = min(budget - visits, max(self.outreach_capacity, 1.0)) if waiting else 0.0
        for _, hid in due:
            h = m.household_by_hid[hid]
            if h.case_manager is not None:
                continue
            m.log.emit(m.week, h, ev.OUTREACH)
            m.letter(h, "outreach")
            beh = m.behaviour
            if h.rng_act.random() < beh.outreach_acceptance_base + beh.outreach_acceptance_trust * h.trust:
                h.outreach_week = m.week
                h.shame_until = -1
                for dom in h.domains_now:
                    h.known_schemes.update(m.paperwork.by_domain.get(dom, []))
                self.offer_case_manager(h, min_domains=1)

    def step(self) -> None:
        # Dedicated staff are paid for their hours whether or not a household needs them this week.
        public = self.model.public
        if self.managers:
            public["case_manager_hours"] += len(self.managers) * self.org.case_managers.hours
        public["breakthrough_hours"] += self.breakthrough_hours
        if self.org.early_signals.enabled:
            public["outreach_hours"] += self.outreach_capacity * self.org.early_signals.outreach_hours
        if not self.managers and not self.escalations and not self.outreach_due:
            return
        for cm in self.managers:
            cm.step()
        self._breakthrough()
        self._outreach()
        if self.model.week % 52 == 51:
            self.budget_left = self.budget_per_year
