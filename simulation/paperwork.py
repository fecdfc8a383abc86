"""Applications, forms and documents: the actions a household (or its case manager) takes.

Every action has a price in hours, paid by whoever does the work (the
household, or a case manager who takes the paperwork over).  The same methods
serve the simulated households' policy and the game's player, so the player
feels exactly the rules the population lives under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import events as ev
from .rules import PREDICATES

if TYPE_CHECKING:
    from .household import Household
    from .model import CityModel
    from .support import CaseManager

INTAKE, REPROOF, CHANGE = "intake", "reproof", "change"
# Application status
DRAFT, WAITING, QUEUED, PROCESSING, BLOCKED, DONE = "draft", "waiting", "queued", "processing", "blocked", "done"
OPEN_STATUSES = (DRAFT, WAITING, QUEUED, PROCESSING, BLOCKED)
#: Statuses in which an application waits for the household (or its case manager).
TO_DO = (DRAFT, WAITING)


# slots: smaller objects (no per-object dict) and a misspelt field fails; no speed gain measured;
# eq=False: compared and hashed by identity (Household.todo is a set of them)
@dataclass(slots=True, eq=False)
class Application:
    aid: int
    household: Household
    scheme_id: str
    counter_id: str
    kind: str
    fields: list[str]
    documents: list[str]
    started_week: int
    form_done: bool = False
    docs_done: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    deadline: int | None = None
    submitted_week: int | None = None
    decide_week: int | None = None
    blocked_rule: str | None = None
    waived: set[str] = field(default_factory=set)
    outcome: str | None = None
    correcting: bool = False  # the counter asked to correct or complete these fields
    noticed: bool = True  # a request that came by post is acted on only once the post is opened
    _status: str = field(default=DRAFT, init=False, repr=False)

    @property
    def status(self) -> str:
        return self._status

    @status.setter
    def status(self, value: str) -> None:
        """Every change of status passes here, so the household's ``todo`` (its applications in
        a to-do status) stays right without looking through all its applications each week."""
        if (value in TO_DO) != (self._status in TO_DO):
            if value in TO_DO:
                self.household.todo.add(self)
            else:
                self.household.todo.discard(self)
        self._status = value

    @property
    def open(self) -> bool:
        return self._status in OPEN_STATUSES

    def missing_documents(self) -> list[str]:
        return [d for d in self.documents if d not in self.docs_done]


class Paperwork:
    """Mechanisms of applying: costs in hours, checks at the counter, decisions."""

    def __init__(self, model: CityModel) -> None:
        self.model = model
        self.sc = model.scenario
        self.org = model.scenario.organisation
        self._next_aid = 0
        self.by_domain: dict[str, list[str]] = {}
        for sid, s in self.sc.schemes.items():
            self.by_domain.setdefault(s.domain, []).append(sid)
        #: the household fact behind each form field
        self.fact_of = {fid: f.fact for fid, f in self.sc.fields.items()}
        #: each scheme's eligibility rules as (predicate, value) pairs, in the scheme's order
        self._eligibility = {
            sid: tuple((PREDICATES[self.sc.rules[r].predicate], self.sc.rules[r].value) for r in s.eligibility)
            for sid, s in self.sc.schemes.items()
        }

    # ------------------------------------------------------------------ rules
    def rule_holds(self, h: Household, rule_id: str) -> bool:
        r = self.sc.rules[rule_id]
        return PREDICATES[r.predicate](h, r.value)

    def eligible(self, h: Household, scheme_id: str) -> bool:
        """Every eligibility rule of the scheme holds (checked in order, up to the first that fails)."""
        for predicate, value in self._eligibility[scheme_id]:
            if not predicate(h, value):
                return False
        return True

    def counters_for(self, domain: str) -> list[str]:
        """Counters that handle a scheme for this problem domain (the right doors)."""
        return sorted({self.sc.schemes[s].counter for s in self.by_domain.get(domain, ())})

    def may_apply(self, h: Household, scheme_id: str) -> bool:
        """Not granted, not pending, not just rejected, and not given automatically anyway."""
        if scheme_id in h.entitlements:
            return False
        app = h.applications.get(scheme_id)
        if app is not None and app.open:
            return False
        if self.org.automatic_allowances and self.sc.schemes[scheme_id].automatable:
            return False
        return h.rejected_until.get(scheme_id, -1) < self.model.week

    def strictness(self, counter_id: str) -> float:
        return min(1.0, self.sc.counters[counter_id].strictness * self.org.strictness_factor)

    # ------------------------------------------------------------------ costs
    def visit_hours(self, counter_id: str) -> float:
        return self.sc.counters[counter_id].travel_hours + self.wait_hours(counter_id)

    def wait_hours(self, counter_id: str) -> float:
        """Waiting at the counter (or on its phone line): longer with a longer queue, measured per
        1,000 households, as the counter's staff is."""
        c = self.sc.counters[counter_id]
        m = self.model
        queued_per_1000 = len(m.counters[counter_id].queue) * 1000 / max(1, m.population_size)
        return min(c.wait_hours_max, c.wait_hours_min + c.wait_hours_per_queued * queued_per_1000)

    def field_hours(self, h: Household, field_id: str, counter_id: str, skill: float | None = None) -> float:
        f = self.sc.fields[field_id]
        s = h.effective_skill() if skill is None else skill
        mech = self.model.mechanics
        hours = f.minutes / 60.0 / (mech.field_skill_offset + s)
        if self.sc.counters[counter_id].digital and skill is None:
            hours *= mech.digital_form_factor - h.digital
        return hours

    def form_hours(self, app: Application, doer: CaseManager | None = None) -> float:
        """Price of filling in the form as it stands (only the fields that are asked)."""
        h = app.household
        hours = 0.0
        for f in self.form_to_fill(app)[0]:
            hours += self.field_hours(h, f, app.counter_id, skill=doer.skill if doer else None)
        return hours

    def document_hours(self, h: Household, doc_id: str, doer: CaseManager | None = None) -> float:
        """Price of getting one document (if no rule blocks it); 0 when counters share it."""
        spec = self.sc.documents[doc_id]
        issuers = self.document_issuers(h, doc_id)
        if self.org.ask_once and all(i is not None for i in issuers):
            return 0.0
        hours = 0.0
        for issuer in issuers:
            hours += spec.hours
            if issuer is not None:
                hours += self.visit_hours(issuer) if doer is None else self.model.mechanics.case_manager_document_hours
        return hours

    def submit_hours(self, app: Application, doer: CaseManager | None = None) -> float:
        """Price of handing the file in: a visit, or the website (hard for the less digital)."""
        c = self.sc.counters[app.counter_id]
        mech = self.model.mechanics
        hours = mech.digital_submit_hours if c.digital else self.visit_hours(app.counter_id)
        if c.digital and doer is None:
            hours += max(0.0, mech.digital_skill_threshold - app.household.digital) * mech.digital_skill_hours
        return hours

    # ------------------------------------------------------------------ starting
    def start(self, h: Household, scheme_id: str, kind: str = INTAKE, deadline: int | None = None) -> Application:
        m = self.model
        s = self.sc.schemes[scheme_id]
        c = self.sc.counters[s.counter]
        fields = list(c.form)
        docs = list(s.documents)
        if kind == CHANGE:
            fields = [f for f in fields if self.sc.fields[f].fact in ("income_month", "employer", "adults")]
            docs = [d for d in docs if self.sc.documents[d].issuer == "income_source"]
        elif kind == REPROOF:
            docs = [d for d in docs if self.sc.documents[d].issuer in ("self", "income_source")]
        self._next_aid += 1
        app = Application(
            self._next_aid,
            h,
            scheme_id,
            s.counter,
            kind,
            fields,
            docs,
            m.week,
            deadline=deadline,
            noticed=deadline is None,
        )
        h.known_schemes.add(scheme_id)
        key = scheme_id if kind == INTAKE else f"{scheme_id}:{kind}"
        # The application it replaces is done (every caller checks that none is open), and a
        # done application never changes again: so todo holds only applications in the dict.
        h.applications[key] = app
        h.todo.add(app)  # a new application is a draft
        if deadline is not None:
            m.counters[s.counter].watch(app)
        return app

    # ------------------------------------------------------------------ the form
    def form_to_fill(self, app: Application) -> tuple[list[str], list[str]]:
        """(fields the household must supply, fields already known through ask-once)."""
        h = app.household
        if not self.org.ask_once or app.correcting:
            return list(app.fields), []
        fact_of, shared, changed = self.fact_of, h.shared_fields, h.changed_facts
        known = [f for f in app.fields if fact_of[f] in shared and fact_of[f] not in changed]
        return [f for f in app.fields if f not in known], known

    def fill_form(
        self, app: Application, answers: dict[str, str] | None = None, doer: CaseManager | None = None
    ) -> float:
        """Fill the form.  ``answers`` from a player; else drawn from skill, stress and trust.
        Returns the hours it cost the doer."""
        m, h = self.model, app.household
        w = m.week
        ask, known = self.form_to_fill(app)
        for f in known:
            m.log.emit(w, h, ev.FIELD_PREFILLED, field=f, counter=app.counter_id)
        hours = self.form_hours(app, doer)
        app.errors = []
        facts = h.facts() if answers is not None else {}  # read only for a player's answers
        beh = self.model.behaviour
        r = h.rng_act.random
        for f in ask:
            spec = self.sc.fields[f]
            fact = spec.fact
            if fact in h.supplied_fields and not app.correcting:
                m.log.emit(w, h, ev.FIELD_REPEATED, field=f, counter=app.counter_id)
                if doer is None:
                    h.change_trust(-beh.trust_loss_asked_again)
            m.log.emit(w, h, ev.FIELD_SUPPLIED, field=f, counter=app.counter_id)
            if answers is not None:
                given = (answers.get(f) or "").strip()
                if not given:
                    app.errors.append(f)
                    m.log.emit(w, h, ev.FIELD_WITHHELD, field=f)
                    continue
                if normalise(given) != normalise(facts.get(fact, "")):
                    app.errors.append(f)
                    m.log.emit(w, h, ev.FIELD_WRONG, field=f)
            else:
                trust_gap = beh.withhold_below_trust - h.trust
                factor = beh.withhold_factor_case_manager if doer else beh.withhold_factor_household
                # kept back: as the household decided (told or not), else by chance when trust is low
                if (
                    spec.sensitive
                    and fact not in h.tells
                    and (fact in h.withholds or trust_gap > 0 and r() < trust_gap * factor)
                ):
                    app.errors.append(f)
                    m.log.emit(w, h, ev.FIELD_WITHHELD, field=f)
                    continue
                skill = doer.skill if doer else h.effective_skill()
                if r() < beh.form_error_rate * (1.0 - skill):
                    app.errors.append(f)
                    m.log.emit(w, h, ev.FIELD_WRONG, field=f)
            h.supplied_fields.add(fact)
            if self.org.ask_once:
                h.shared_fields.add(fact)
                h.changed_facts.discard(fact)
        app.form_done = True
        return hours

    # ------------------------------------------------------------------ documents
    def document_issuers(self, h: Household, doc_id: str) -> list[str | None]:
        """Counters (None: by phone or at home) the household must go to for a document."""
        issuer = self.sc.documents[doc_id].issuer
        if issuer == "self":
            return [None]
        if issuer == "each_creditor":
            return [self.sc.creditors[c].counter for c in h.debts] or [None]
        if issuer == "income_source":
            for sid in h.entitlements:  # a benefit that tops income up: its counter issues the statement
                s = self.sc.schemes[sid]
                if s.effect == "income_topup":
                    return [s.counter]
            return [None]
        return [issuer]

    def fetch_document(self, app: Application, doc_id: str, doer: CaseManager | None = None) -> tuple[bool, float]:
        """Get one document.  Returns (obtained, hours).  With ask-once, a document
        that a counter issues is passed between counters: no work for anyone."""
        m, h = self.model, app.household
        rule = self.document_blocked_by(app, doc_id)
        if rule is not None:
            m.log.emit(m.week, h, ev.BLOCKED, rule=rule, document=doc_id, scheme=app.scheme_id)
            app.blocked_rule = rule
            return False, self.model.mechanics.blocked_document_hours
        issuers = self.document_issuers(h, doc_id)
        if self.org.ask_once and all(i is not None for i in issuers):
            m.log.emit(m.week, h, ev.DOCUMENT_SHARED, document=doc_id)
            app.docs_done.add(doc_id)
            return True, 0.0
        hours = self.document_hours(h, doc_id, doer)
        if doer is None:
            for issuer in issuers:
                if issuer is not None:
                    m.log.emit(m.week, h, ev.VISIT, counter=issuer, purpose="document")
        m.log.emit(m.week, h, ev.DOCUMENT_FETCHED, document=doc_id, statements=len(issuers))
        app.docs_done.add(doc_id)
        return True, hours

    # ------------------------------------------------------------------ submitting
    def submit(self, app: Application, doer: CaseManager | None = None) -> float:
        """Hand the file in at the counter, which checks it at once."""
        m, h = self.model, app.household
        c = self.sc.counters[app.counter_id]
        hours = self.submit_hours(app, doer)
        if doer is None and not c.digital:
            m.log.emit(m.week, h, ev.VISIT, counter=app.counter_id, purpose="submit")
        if app.kind == INTAKE and app.submitted_week is None:
            since = h.need_since.get(self.sc.schemes[app.scheme_id].domain)
            m.log.emit(
                m.week,
                h,
                ev.APPLICATION_FILED,
                scheme=app.scheme_id,
                counter=app.counter_id,
                debt=round(h.total_debt()),
                need_weeks=None if since is None else m.week - since,
            )
        app.submitted_week = m.week
        m.counters[app.counter_id].intake(app, doer)
        return hours

    def income_changed(self, h: Household) -> None:
        """An income change must be reported to every counter paying a means-tested benefit."""
        m = self.model
        for sid, ent in h.entitlements.items():
            s = self.sc.schemes[sid]
            if ent.end_week is not None or s.effect not in ("income_topup", "weekly_amount"):
                continue
            if ent.automatic:
                continue  # recalculated from shared data; nothing to report
            if ent.change_week is None:
                ent.change_week = m.week
            key = f"{sid}:{CHANGE}"
            if key not in h.applications or not h.applications[key].open:
                deadline = m.week + s.reporting_deadline_weeks
                self.start(h, sid, CHANGE, deadline=deadline)
                m.letter(h, "report_change", scheme=sid, deadline=deadline)

    def open_deadlines(self, h: Household) -> int:
        todo = h.todo
        return sum(1 for a in todo if a.deadline is not None) if todo else 0

    def open_work(self, h: Household) -> list[Application]:
        """Applications waiting for the household (or its case manager), earliest deadline first
        (an application's id breaks ties, so the order does not depend on the set's)."""
        todo = list(h.todo)
        if len(todo) > 1:
            todo.sort(key=lambda a: (a.deadline if a.deadline is not None else 10**6, a.aid))
        return todo

    def work_on(self, app: Application, hours_available: float, doer: CaseManager | None = None) -> float:
        """Do the next steps of an application while hours last.  Returns hours spent.
        A step is started if at least half its price is available (the rest is overtime)."""
        spent = 0.0
        if app.blocked_rule is not None and app.status == DRAFT:
            return spent
        if not app.form_done:
            spent += self.fill_form(app, doer=doer)
        for doc in app.missing_documents():
            if spent >= hours_available:
                return spent
            ok, cost = self.fetch_document(app, doc, doer)
            spent += cost
            if not ok:
                self.blocked_document(app, doer)
                return spent
        if spent < hours_available or spent == 0.0:
            spent += self.submit(app, doer)
        return spent

    def document_blocked_by(self, app: Application, doc_id: str) -> str | None:
        """The first rule that keeps a document out of reach for this application, if any."""
        h = app.household
        for rule in self.sc.documents[doc_id].requires:
            if not self.rule_holds(h, rule) and rule not in app.waived:
                return rule
        return None

    def blocked_document(self, app: Application, doer: CaseManager | None) -> None:
        """A document could not be had because of a rule: escalate, or give up."""
        m, h = self.model, app.household
        if doer is not None:
            m.support.escalate(app, app.blocked_rule)
        else:
            app.status = DONE
            app.outcome = "blocked"
            h.rejected_until[app.scheme_id] = m.week + self.model.mechanics.reapply_after_rejection_weeks
            m.letter(h, "blocked", scheme=app.scheme_id, rule=app.blocked_rule)
            h.change_trust(-self.model.behaviour.trust_loss_rejection)


def normalise(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
