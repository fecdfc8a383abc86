"""Household agents: members, money, debts, needs, capacity to act, trust.

A household's *decisions* come from its policy (simulation/policy.py): a rule
for simulated households, the player's commands for the game.  This module
holds the state and what happens to a household whatever it decides: life
events, income and costs (simulation/household_money.py), debt collection
(simulation/debts.py), stress, crises.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import mesa

from . import events as ev
from .debts import Debt, DebtsMixin
from .household_money import week_money
from .streams import stream

if TYPE_CHECKING:
    from .model import CityModel
    from .paperwork import Application
    from .policy import Policy
    from .support import CaseManager


# slots: smaller objects (no per-object dict) and a misspelt field fails; no speed gain measured
@dataclass(slots=True)
class Entitlement:
    scheme_id: str
    start_week: int
    last_proof_week: int
    end_week: int | None = None
    suspended_until: int = -1
    suspended_share: float = 1.0
    reported_income: float = 0.0
    overpaid: float = 0.0
    change_week: int | None = None
    automatic: bool = False
    base_wage: float = 0.0  # for wage replacement


class Household(DebtsMixin, mesa.Agent):
    """One household.  ``hid`` is its stable index (0..N-1) within the population."""

    # Set from the household's profile (simulation/population.py: draw_profile, persona_profile);
    # the rest of the state is set in __init__.
    adults: int
    children: int
    employed_adults: int
    adults_can_work: bool
    rent: float
    pension: float
    cash: float
    hours: float
    skill: float
    digital: float
    network_hours: float
    trust: float
    shame_weeks: float
    care_need: bool
    youth_need: bool
    starts_with: list[str]
    extra_facts: dict[str, str]
    name: str
    bsn: str
    birth_date: str
    address: str
    iban: str
    phone: str
    employer: str

    #: Sensitive facts (form field facts) the household has decided to keep back from, or to tell,
    #: a case manager who fills its forms (paperwork.fill_form); a player's choice in the first
    #: conversation (player API).  Empty for simulated households: trust decides, by chance.
    withholds: frozenset[str] = frozenset()
    tells: frozenset[str] = frozenset()

    def __init__(self, model: CityModel, hid: int, profile: dict[str, Any], policy: Policy) -> None:
        super().__init__(model)
        self.hid = hid
        self.policy = policy
        self.tally = ev.Tally()
        for k, v in profile.items():
            setattr(self, k, v)
        b = model.budget
        self.type_id: str = profile["type_id"]
        self.persona_id: str | None = profile.get("persona_id")
        self.wage_per_worker: float = profile["wage"]
        self.income_changed_week = -52
        self.last_new_debt_week = -52
        self.job_lost_week: int | None = None
        self.previous_wage = 0.0
        self.sick = False
        self.homeless = False
        self.rehouse_week: int | None = None
        self.care_relieved = False
        self.youth_relieved = False
        self.cost_reductions: set[str] = set()
        self.budget_managed = False  # in a debt arrangement with budget management (budgetbeheer)
        self.stress = 0.0
        self.balance = 0.0
        self.minimum_income = 0.0  # own income and income support last week (what the norm is measured against)
        self.hours_left = 0.0
        self.entitlements: dict[str, Entitlement] = {}
        self.applications: dict[str, Application] = {}
        #: the applications in ``applications`` whose status is draft or waiting (kept by Application):
        #: read twice a household-week, it saves some 2 us each over looking through all (2-3% of a run)
        self.todo: set[Application] = set()
        self.known_schemes: set[str] = set(profile["known_schemes"])
        self.rejected_until: dict[str, int] = {}
        self.supplied_fields: set[str] = set()
        self.shared_fields: set[str] = set()  # known to the ask-once system
        self.changed_facts: set[str] = set()
        self.need_since: dict[str, int] = {}
        self.shame_until = -1
        self.case_manager: CaseManager | None = None
        self.outreach_week: int | None = None
        self.budget_received = 0.0
        self.benefits_received = 0.0
        #: per reconciled scheme, what was due on the actual income less what was advanced, this calendar
        #: year and last year (until settled); kept when an entitlement ends (simulation/reconcile.py)
        self.advance_balance: dict[str, float] = {}
        self.advance_balance_last: dict[str, float] = {}
        self.income_surprise = 0.0  # this year's wages against the estimate, as a share (reconcile.py)
        self.debts: dict[str, Debt] = {}
        self.arranged: dict[str, Debt] = {}
        for creditor, amount in profile["debts"].items():
            if amount > 0:
                self.debts[creditor] = Debt(amount, -profile["debt_age"])
        self.start_debt = self.total_debt()
        self.waiting_week = -1
        self.domains_now: list[str] = []
        self.history: list[dict[str, float]] | None = None
        self.rent = self.rent * b.rent_factor
        self._fixed_costs = b.energy + b.insurance_per_adult * self.adults + b.local_taxes
        if self.care_need:  # the deductible: care users pay it (in the insurance bill)
            self._fixed_costs += b.own_risk_per_adult
        self.hours_left = self.capacity()

    @cached_property
    def rng_act(self) -> random.Random:
        """Decisions, errors, chances.  Made at first use: many households never draw from it,
        and a stream's numbers do not depend on when it is made (a stream takes about 20 us to
        make; after a year some 40% of households have never made this one)."""
        return stream(self.model.seed, "act", self.hid)

    @cached_property
    def rng_court(self) -> random.Random:
        """The k-th court ruling is the same in both arms.  Made at first use (after a year 85-90%
        of households have never made it)."""
        return stream(self.model.seed, "court", self.hid)

    # ------------------------------------------------------------------ derived facts
    def norm(self) -> float:
        b = self.model.budget
        return b.norm_couple if self.adults >= 2 else b.norm_single

    def wage_income(self) -> float:
        wages = self.wage_per_worker * self.employed_adults
        if self.sick and self.employed_adults == 1 and self.adults == 1:
            wages *= self.model.life_events.sick_pay_share  # the employer (or UWV) pays part of the wage
        return wages + self.pension

    def own_income(self) -> float:
        """Income that counts for means tests: wages and wage replacement."""
        inc = self.wage_income()
        for sid in self.model.provisions.wage_replacing:
            ent = self.entitlements.get(sid)
            if ent is not None and self._paying(ent):
                inc += self.model.benefit_amount(self, ent)
        return inc

    def income_against_norm(self) -> float:
        """Income that the social minimum is measured against: own income and income support
        (allowances and child benefits come on top of the norm, as in the Participatiewet)."""
        inc = self.own_income()
        for sid in self.model.provisions.income_topups:
            ent = self.entitlements.get(sid)
            if ent is not None and self._paying(ent):
                inc += self.model.benefit_amount(self, ent)
        return inc

    def capacity(self) -> float:
        """Hours this week for paperwork: base hours, lowered by stress, plus the network."""
        beh = self.model.behaviour
        base = self.hours * (1.0 - beh.stress_hours_penalty * self.stress)
        if self.care_need and not self.care_relieved:
            base *= beh.care_need_hours_factor
        return max(beh.min_hours, base + self.network_hours)

    def effective_skill(self) -> float:
        beh = self.model.behaviour
        return max(beh.min_skill, self.skill * (1.0 - beh.stress_skill_penalty * self.stress))

    def income(self) -> float:
        """All income this week: wages, wage replacement and benefits paid."""
        return self.own_income() + self._benefit_income()

    def problem_domains(
        self, income: float | None = None, debt: float | None = None, norm: float | None = None
    ) -> list[str]:
        """Unmet problem domains; ``income`` (against the norm: ``income_against_norm``), ``debt``
        and ``norm`` if the caller has them already."""
        beh = self.model.behaviour
        out = []
        if income is None:
            income = self.income_against_norm()
        if income < (self.norm() if norm is None else norm) * beh.income_need_margin:
            out.append("income")
        if (self.total_debt() if debt is None else debt) > beh.debt_need_threshold:
            out.append("debt")
        landlord = self.debts.get(self.model.creditor_for["rent"])
        if self.homeless or (landlord is not None and landlord.amount > 0):
            out.append("housing")
        if self.care_need and not self.care_relieved:
            out.append("care")
        if self.youth_need and not self.youth_relieved:
            out.append("youth")
        if self.employed_adults == 0 and self.adults_can_work:
            out.append("work")
        return out

    def _paying(self, ent: Entitlement) -> bool:
        return ent.end_week is None and (ent.suspended_until < self.model.week or ent.suspended_share < 1.0)

    def _benefit_income(self) -> float:
        total = 0.0
        for ent in self.entitlements.values():
            if ent.scheme_id not in self.model.provisions.wage_replacing and self._paying(ent):
                total += self.model.benefit_amount(self, ent)
        return total

    def facts(self) -> dict[str, str]:
        """True answers to form fields (the game checks the player's answers against these)."""
        out = {
            "name": self.name,
            "bsn": self.bsn,
            "birth_date": self.birth_date,
            "address": "-" if self.homeless else self.address,
            "adults": str(self.adults),
            "children": str(self.children),
            "income_month": str(round(self.own_income() * 52 / 12)),
            "rent_month": str(round(self.rent * 52 / 12)),
            "employer": self.employer if self.employed_adults else "-",
            "bank_account": self.iban,
            "savings": str(round(self.cash)),
            "debt_total": str(round(self.total_debt())),
            "creditors": str(sum(1 for d in self.debts.values() if d.amount > 0)),
            "health": "ja" if self.care_need else "nee",
            "youth": "ja" if self.youth_need else "nee",
            "phone": self.phone,
        }
        out.update(self.extra_facts)
        return out

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        m = self.model
        self.policy.act(self)
        self._life_events()
        if self.entitlements or m.provisions.automatic:
            m.provisions.week(self)
        income = week_money(self)  # what income() says; nothing below changes it
        # These guards only skip calls that would do nothing (most households have no debts, a home).
        if self.debts:
            self._collection()
        if self.homeless:
            self._housing()
        self._take_stock(income)

    def _life_events(self) -> None:
        m = self.model
        le = m.life_events
        u_loss, u_find, u_ill, u_rec, u_cost, u_amount, u_sep, u_health = m.life_draws[self.hid]
        w = m.week
        if self.employed_adults > 0 and u_loss < le.job_loss:
            self.previous_wage = self.wage_per_worker
            self.employed_adults -= 1
            self.job_lost_week = w
            self._income_changed("job_loss")
            # The employer's letter and the UWV tell everyone who loses a job about wage replacement.
            self.known_schemes.update(m.provisions.wage_replacing)
        elif (
            self.adults_can_work
            and self.employed_adults < self.adults
            and u_find < le.job_find * (1.0 - m.behaviour.job_find_stress_penalty * self.stress)
        ):
            self.employed_adults += 1
            self._income_changed("job_found")
        if not self.sick and u_ill < le.illness:
            self.sick = True
            self.care_need = True
            self.care_relieved = False
            self._income_changed("illness")
        elif self.sick and u_rec < le.recovery:
            self.sick = False
        if u_cost < le.unexpected_cost:
            rng = le.unexpected_cost_amount
            self.cash -= rng.low + (rng.high - rng.low) * u_amount
            m.log.emit(w, self, ev.LIFE_EVENT, what="unexpected_cost")
        if self.adults == 2 and u_sep < le.separation:
            self.adults = 1
            if self.employed_adults == 2:
                self.employed_adults = 1
            elif self.employed_adults == 1 and u_amount < le.separation_job_share:
                self.employed_adults = 0
            self._fixed_costs -= m.budget.insurance_per_adult
            self._income_changed("separation")
        elif self.adults == 1 and self.adults_can_work and u_sep < le.partnering:
            # The same draw as a separation (a household is either a couple or single): no new stream.
            self.adults = 2
            if u_amount < le.partner_employed:
                self.employed_adults += 1
            self._fixed_costs += m.budget.insurance_per_adult
            self._income_changed("partner")
        hazard = le.health_crisis_base * (1.0 + le.health_crisis_stress_factor * self.stress)
        if self.care_need and not self.care_relieved:
            hazard *= le.health_crisis_care_factor
        if u_health < hazard:
            m.crisis(self, "health")

    def _income_changed(self, what: str) -> None:
        m = self.model
        self.income_changed_week = m.week
        self.facts_changed("income_month", "employer", "adults")
        m.log.emit(m.week, self, ev.LIFE_EVENT, what=what)
        m.paperwork.income_changed(self)

    def _procedure_crisis(self, creditor: str, d: Debt, crisis: str) -> None:
        m = self.model
        d.procedure_week = None
        d.crisis_done = True
        if crisis == "eviction":
            if not self.homeless:
                self.homeless = True
                org = m.scenario.organisation
                wait = org.housing_first_weeks if org.housing_first else org.rehousing_weeks
                self.rehouse_week = m.week + wait
                self.facts_changed("address")
                m.crisis(self, "eviction")
        else:
            m.crisis(self, crisis)

    def _housing(self) -> None:
        if self.homeless:
            m = self.model
            m.public["crisis_costs"] += m.scenario.unit_costs.crisis.shelter_per_week
            if self.rehouse_week is not None and m.week >= self.rehouse_week:
                self.homeless = False
                self.rehouse_week = None
                self.facts_changed("address")

    def _take_stock(self, income: float) -> None:
        """The end of the household's week: problem domains (and since when), stress, next
        week's hours, and the household's share of the weekly statistics.

        The rules are those of ``problem_domains``, ``stress_target`` and ``capacity``; the debts
        are gone through once (``debt_state``) and handed to them, since this runs every
        household-week (tests/test_fast_paths.py runs a model with the plain accessors too)."""
        m = self.model
        beh = m.behaviour
        debt, weighted, arrears = self.debt_state()
        norm = self.norm()
        current = self.problem_domains(self.minimum_income, debt, norm)
        need_since = self.need_since
        for dom in current:
            need_since.setdefault(dom, m.week)
        if len(need_since) > len(current):  # a problem has gone
            for dom in [d for d in need_since if d not in current]:
                del need_since[dom]
        self.domains_now = current
        # Stress moves towards its target.
        target = self.stress_target(income, weighted, arrears)
        stress = self.stress
        self.stress = stress + (target - stress) * beh.stress_recovery * (
            beh.stress_rise_factor if target > stress else 1.0
        )
        # Next week's hours (overtime is paid back).
        self.hours_left = min(self.hours_left, 0.0) + self.capacity()
        m.stats.add(self, income, debt, norm)

    def stress_target(
        self, income: float | None = None, weighted_debt: float | None = None, arrears: int | None = None
    ) -> float:
        """The stress level the household's situation pushes towards.  ``weighted_debt`` and
        ``arrears`` as ``debt_state()`` gives them, if the caller has them already."""
        beh = self.model.behaviour
        if weighted_debt is None or arrears is None:
            _, weighted_debt, arrears = self.debt_state()
        monthly_income = max(100.0, (self.income() if income is None else income) * 4.33)
        target = beh.stress_from_debt * min(1.0, weighted_debt / (beh.stress_debt_months * monthly_income))
        target += beh.stress_from_arrears * arrears
        target += beh.stress_from_deadlines * self.model.paperwork.open_deadlines(self)
        if self.homeless:
            target += beh.stress_homeless
        if self.youth_need and not self.youth_relieved:
            target += beh.stress_youth_need
        return min(1.0, target)

    def facts_changed(self, *facts: str) -> None:
        """New values: supplying them next time is news, not a repeat; ask-once must ask again."""
        self.changed_facts.update(facts)
        self.supplied_fields.difference_update(facts)

    # ------------------------------------------------------------------ trust
    def change_trust(self, delta: float) -> None:
        self.trust = min(1.0, max(0.0, self.trust + delta))

    def snapshot(self) -> dict[str, float]:
        return {
            "week": self.model.week,
            "cash": round(self.cash, 2),
            "debt": round(self.total_debt(), 2),
            "stress": round(self.stress, 4),
            "trust": round(self.trust, 4),
            "hours_left": round(self.hours_left, 2),
            "income": round(self.income(), 2),
        }
