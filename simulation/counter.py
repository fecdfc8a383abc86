"""Counter agents (loketten): intake checks, a queue limited by staff hours,
decisions, deadlines, sanctions and periodic re-proof."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import mesa

from . import events as ev
from .paperwork import BLOCKED, CHANGE, DONE, DRAFT, INTAKE, PROCESSING, QUEUED, REPROOF, WAITING, Application

if TYPE_CHECKING:
    from .model import CityModel
    from .support import CaseManager


class Counter(mesa.Agent):
    def __init__(self, model: CityModel, cid: str) -> None:
        super().__init__(model)
        self.cid = cid
        self.spec = model.scenario.counters[cid]
        #: staff hours a week for applications: the scenario's hours per 1,000 households
        #: times the population (case managers and the breakthrough team scale the same way)
        self.staff_hours = self.spec.staff_hours_per_1000 * model.population_size / 1000
        self.queue: deque[Application] = deque()
        self.processing: list[Application] = []
        #: applications with a deadline at this counter: the weekly deadline check goes through these
        #: instead of every household's applications
        self.watched: list[Application] = []
        #: intakes waiting for a blocking rule to hold: (application, the week it is rejected if not)
        self.stabilising: list[tuple[Application, int]] = []
        self.staff_hours_week = 0.0
        self._carry = 0.0

    @property
    def capacity_per_week(self) -> float:
        return self.staff_hours * 60.0 / self.spec.minutes_per_application

    def watch(self, app: Application) -> None:
        self.watched.append(app)

    # ------------------------------------------------------------------ intake
    def intake(self, app: Application, doer: CaseManager | None) -> None:
        m = self.model
        pw = m.paperwork
        h = app.household
        w = m.week
        beh = m.behaviour
        r = h.rng_act.random
        missing = app.missing_documents()
        if missing or app.errors:
            for d in missing:
                m.log.emit(w, h, ev.DOCUMENT_REQUESTED, document=d, counter=self.cid)
            discretion = m.scenario.organisation.discretion if doer is not None else 0.0
            if r() < discretion:
                app.errors = []  # the professional sorts it out with the household
            elif app.kind == INTAKE and not self.spec.repair_period and r() < pw.strictness(self.cid):
                self._reject(app, "incomplete")
                return
            else:
                app.status = WAITING
                app.noticed = doer is not None
                app.deadline = w + self.spec.deadline_weeks
                app.form_done = not app.errors
                app.correcting = bool(app.errors)
                app.fields = list(app.errors) or app.fields
                m.log.emit(w, h, ev.DEADLINE_SET, scheme=app.scheme_id, deadline=app.deadline)
                m.letter(
                    h,
                    "request_information",
                    scheme=app.scheme_id,
                    counter=self.cid,
                    documents=missing,
                    fields=list(app.errors),
                    deadline=app.deadline,
                )
                if app not in self.watched:
                    self.watched.append(app)
                return
        if app.kind == INTAKE:
            for rule in m.scenario.schemes[app.scheme_id].blocking_rules:
                if rule in app.waived or pw.rule_holds(h, rule):
                    continue
                if doer is not None and m.support.may_waive(rule, h):
                    app.waived.add(rule)
                    m.log.emit(w, h, ev.WAIVED, rule=rule, scheme=app.scheme_id)
                    continue
                app.blocked_rule = rule
                m.log.emit(w, h, ev.BLOCKED, rule=rule, scheme=app.scheme_id)
                if doer is not None:
                    app.status = BLOCKED
                    m.support.escalate(app, rule)
                elif self.spec.rule_wait_weeks > 0:
                    app.status = BLOCKED  # admitted, but the scheme waits until the rule holds
                    self.stabilising.append((app, w + self.spec.rule_wait_weeks))
                else:
                    self._reject(app, "rule", rule=rule)
                    if h.trust < beh.withhold_below_trust and r() < beh.stigma_chance:
                        h.shame_until = w + beh.stigma_weeks
                return
        app.status = QUEUED
        app.deadline = None
        self.queue.append(app)

    def release(self, app: Application) -> None:
        """A blocked application goes on after an overrule."""
        app.status = QUEUED
        app.blocked_rule = None
        self.queue.append(app)

    def _reject(self, app: Application, reason: str, rule: str | None = None) -> None:
        m = self.model
        h = app.household
        app.status = DONE
        app.outcome = "rejected"
        m.log.emit(m.week, h, ev.REJECTION, scheme=app.scheme_id, reason=reason, rule=rule)
        m.letter(h, "rejection", scheme=app.scheme_id, reason=reason, rule=rule)
        mech = m.mechanics
        h.rejected_until[app.scheme_id] = m.week + (
            mech.reapply_after_ineligible_weeks if reason == "not_eligible" else mech.reapply_after_rejection_weeks
        )
        h.change_trust(-m.behaviour.trust_loss_rejection)

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        m = self.model
        w = m.week
        # Capacity: whole applications per week; a fraction carries over.
        budget = self.capacity_per_week + self._carry
        taken = 0
        while self.queue and taken + 1 <= budget:
            app = self.queue.popleft()
            taken += 1
            app.status = PROCESSING
            spec = m.scenario.schemes[app.scheme_id]
            app.decide_week = w + max(spec.processing_weeks, spec.stabilisation_weeks if app.kind == INTAKE else 0)
            waited = w - (app.submitted_week if app.submitted_week is not None else w)
            m.log.emit(w, app.household, ev.TAKEN_UP, scheme=app.scheme_id, step=app.kind, waited=waited)
            m.log.add(app.household, "weeks_queued", waited)
            self.processing.append(app)
        self._carry = min(budget - taken, max(self.capacity_per_week, 1.0)) if self.queue else 0.0
        hours = taken * self.spec.minutes_per_application / 60.0
        self.staff_hours_week = hours
        m.public["staff_hours"] += hours
        still = []
        for app in self.processing:
            if app.decide_week is not None and app.decide_week <= w:
                self._decide(app)
            else:
                still.append(app)
        self.processing = still
        self._deadlines()
        if self.stabilising:
            self._stabilise()
        for apps in (self.queue, self.processing):
            for app in apps:
                h = app.household
                if h.waiting_week != w:
                    h.waiting_week = w
                    m.log.add(h, "weeks_waiting", 1)

    def _stabilise(self) -> None:
        """Intakes in the stabilisation phase go on once every blocking rule holds, and are rejected
        when the phase runs out first."""
        m = self.model
        pw = m.paperwork
        still = []
        for app, until in self.stabilising:
            if app.status != BLOCKED:
                continue
            h = app.household
            rules = m.scenario.schemes[app.scheme_id].blocking_rules
            failing = next((r for r in rules if r not in app.waived and not pw.rule_holds(h, r)), None)
            if failing is None:
                app.blocked_rule = None
                app.status = QUEUED
                self.queue.append(app)
            elif m.week >= until:
                self._reject(app, "rule", rule=failing)
            else:
                still.append((app, until))
        self.stabilising = still

    def _unstable(self, app: Application) -> str | None:
        """After a stabilisation phase: the first blocking rule that no longer holds and is not waived
        (a household's case manager may waive it, as at the intake)."""
        m = self.model
        spec = m.scenario.schemes[app.scheme_id]
        if spec.stabilisation_weeks == 0:
            return None
        h = app.household
        for rule in spec.blocking_rules:
            if rule in app.waived or m.paperwork.rule_holds(h, rule):
                continue
            if h.case_manager is not None and m.support.may_waive(rule, h):
                app.waived.add(rule)
                m.log.emit(m.week, h, ev.WAIVED, rule=rule, scheme=app.scheme_id)
                continue
            return rule
        return None

    def _decide(self, app: Application) -> None:
        m = self.model
        h = app.household
        prov = m.provisions
        if app.kind == INTAKE:
            if not m.paperwork.eligible(h, app.scheme_id):
                self._reject(app, "not_eligible")
            elif (failing := self._unstable(app)) is not None:
                self._reject(app, "rule", rule=failing)
            else:
                app.status, app.outcome = DONE, "granted"
                prov.grant(h, app.scheme_id)
        elif app.kind == REPROOF:
            app.status, app.outcome = DONE, "continued"
            ent = h.entitlements.get(app.scheme_id)
            if ent is not None:
                ent.last_proof_week = m.week
                prov.settle_change(h, app.scheme_id)
        elif app.kind == CHANGE:
            app.status, app.outcome = DONE, "recalculated"
            prov.settle_change(h, app.scheme_id)

    def _deadlines(self) -> None:
        m = self.model
        w = m.week
        keep = []
        for app in self.watched:
            if app.status not in (DRAFT, WAITING):
                continue
            if app.deadline is None or app.deadline >= w:
                keep.append(app)
                continue
            h = app.household
            m.log.emit(w, h, ev.DEADLINE_MISSED, scheme=app.scheme_id, step=app.kind)
            if h.rng_act.random() < m.paperwork.strictness(self.cid):
                self._sanction(app)
            else:
                app.deadline = w + self.spec.deadline_weeks
                m.log.emit(w, h, ev.DEADLINE_EXTENDED, scheme=app.scheme_id, deadline=app.deadline)
                m.letter(h, "deadline_extended", scheme=app.scheme_id, deadline=app.deadline)
                keep.append(app)
        self.watched = keep

    def _sanction(self, app: Application) -> None:
        """A missed deadline read as unwillingness: stop the benefit, fine, or reject."""
        m = self.model
        h = app.household
        w = m.week
        app.status, app.outcome = DONE, "sanctioned"
        fine = self.spec.sanction_fine
        m.log.emit(w, h, ev.SANCTION, scheme=app.scheme_id, step=app.kind, fine=fine)
        m.letter(h, "sanction", scheme=app.scheme_id, step=app.kind, weeks=self.spec.sanction_weeks, fine=fine)
        h.change_trust(-m.behaviour.trust_loss_sanction)
        ent = h.entitlements.get(app.scheme_id)
        if ent is not None and app.kind in (REPROOF, CHANGE):
            ent.suspended_until = w + self.spec.sanction_weeks
            ent.suspended_share = self.spec.sanction_share
            if fine > 0:
                creditor = m.scenario.schemes[app.scheme_id].creditor or m.creditor_for["municipality"]
                h.add_debt(creditor, fine)
            if app.kind == CHANGE:
                m.provisions.settle_change(h, app.scheme_id)
            else:
                ent.last_proof_week = w  # the next re-proof comes round again
        elif app.kind == INTAKE:
            h.rejected_until[app.scheme_id] = w + m.mechanics.reapply_after_rejection_weeks
