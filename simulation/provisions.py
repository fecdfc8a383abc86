"""What a granted scheme does: benefit amounts, arrangements, re-proof, claw-back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import events as ev
from .household import Entitlement
from .paperwork import REPROOF
from .streams import stream_seed

if TYPE_CHECKING:
    from .household import Household
    from .model import CityModel


#: Effects that pay money each week; every other effect pays nothing (``benefit_amount`` is 0).
PAYING_EFFECTS = ("income_topup", "weekly_amount", "wage_replacement")


def taper_share(income_to_norm: float, taper: tuple[float, float, float]) -> float:
    """The share of a weekly amount paid at this income (a multiple of the household's norm):
    1 up to ``full_below``, 0 from ``zero_at``, linear in between (``Provisions.paying``'s taper)."""
    full_below, zero_at, inverse_width = taper
    if income_to_norm <= full_below:
        return 1.0
    if income_to_norm >= zero_at:
        return 0.0
    return (zero_at - income_to_norm) * inverse_width


class Provisions:
    def __init__(self, model: CityModel) -> None:
        self.model = model
        self.sc = model.scenario
        self.automatable = [sid for sid, s in self.sc.schemes.items() if s.automatable]
        #: (effect, amount, per, single_parent_amount, taper) of each scheme that pays money, read in the
        #: weekly money loop: a tuple instead of five slow pydantic attribute reads per entitlement-week;
        #: taper is None or (full_below, zero_at, 1 / (zero_at - full_below))
        self.paying = {
            sid: (
                s.effect,
                s.amount,
                s.per,
                s.single_parent_amount,
                None
                if s.taper is None
                else (s.taper.full_below, s.taper.zero_at, 1.0 / (s.taper.zero_at - s.taper.full_below)),
            )
            for sid, s in self.sc.schemes.items()
            if s.effect in PAYING_EFFECTS
        }
        #: schemes paid as advances and settled after the year (simulation/reconcile.py), and the lowest
        #: multiple of the norm at which any of their tapers starts (below it a surprise changes nothing)
        self.reconciled = frozenset(sid for sid, s in self.sc.schemes.items() if s.reconciled)
        self.taper_floor = min(
            (s.taper.full_below for sid, s in self.sc.schemes.items() if s.reconciled and s.taper is not None),
            default=float("inf"),
        )
        self.automatic = bool(self.automatable) and self.sc.organisation.automatic_allowances
        #: paying schemes whose creditor offsets what it is owed against them: (creditor, share)
        self.offsets = {
            sid: (s.creditor, self.sc.creditors[s.creditor].offset_share)
            for sid, s in self.sc.schemes.items()
            if sid in self.paying and s.creditor and self.sc.creditors[s.creditor].offset_share > 0
        }
        #: schemes that replace wages: their benefit counts as own income in means tests
        self.wage_replacing = frozenset(sid for sid, s in self.sc.schemes.items() if s.effect == "wage_replacement")
        self.income_topups = frozenset(sid for sid, s in self.sc.schemes.items() if s.effect == "income_topup")
        #: schemes that need a look each week: (duration, arrears creditor, re-proof interval);
        #: a scheme with none of these runs on untouched
        self.watched = {}
        for sid, s in self.sc.schemes.items():
            creditor = (s.creditor or "") if s.effect == "arrears_arrangement" else None
            if s.duration_weeks is not None or creditor is not None or s.reproof_weeks is not None:
                self.watched[sid] = (s.duration_weeks, creditor, s.reproof_weeks)

    def benefit_amount(
        self,
        h: Household,
        ent: Entitlement,
        actual: bool = False,
        own_income: float | None = None,
        norm: float | None = None,
    ) -> float:
        """This week's amount of a granted scheme.  ``own_income`` and ``norm``: the household's
        ``own_income()`` and ``norm()`` if the caller has them already (they stay the same all
        through a step's money)."""
        pay = self.paying.get(ent.scheme_id)
        if pay is None:
            return 0.0
        eff, amount, per, single_parent, taper = pay
        if eff == "income_topup":
            if actual or ent.automatic or ent.change_week is None:  # the counter knows the income
                income = h.own_income() if own_income is None else own_income
            else:
                income = ent.reported_income
            return max(0.0, (h.norm() if norm is None else norm) - income)
        if eff == "weekly_amount":
            if actual and not self.model.paperwork.eligible(h, ent.scheme_id):
                return 0.0
            paid = amount * (1 if per == "household" else h.adults if per == "adult" else h.children)
            if single_parent and h.adults == 1 and h.children > 0:
                paid += single_parent
            if taper is None:
                return paid
            if actual or ent.automatic or ent.change_week is None:  # as for income_topup above
                income = h.own_income() if own_income is None else own_income
            else:
                income = ent.reported_income
            # taper_share, written out (this runs every allowance-week)
            full_below, zero_at, inverse_width = taper
            x = income / (h.norm() if norm is None else norm)
            if x <= full_below:
                return paid
            return paid * (zero_at - x) * inverse_width if x < zero_at else 0.0
        return amount * ent.base_wage  # wage_replacement

    # ------------------------------------------------------------------ granting and ending
    def grant(self, h: Household, scheme_id: str, automatic: bool = False) -> None:
        m = self.model
        w = m.week
        s = self.sc.schemes[scheme_id]
        ent = Entitlement(scheme_id, w, w, reported_income=h.own_income(), automatic=automatic)
        if s.effect == "wage_replacement":
            ent.base_wage = h.previous_wage
        h.entitlements[scheme_id] = ent
        h.rejected_until.pop(scheme_id, None)
        if s.effect == "debt_arrangement":
            h.arrange()  # every open debt: collection and procedures stop
            # Whether this arrangement comes with budget management: a draw of its own (seed,
            # household, week), so that no other stream of random numbers shifts.
            h.budget_managed = stream_seed(m.seed, "budget_management", h.hid, w) / 2.0**64 < s.budget_management
        elif s.effect == "arrears_arrangement" and s.creditor is not None:
            h.arrange([s.creditor])
        elif s.effect == "need_relief":
            if s.domain == "care":
                h.care_relieved = True
            elif s.domain == "youth":
                h.youth_relieved = True
        elif s.effect == "cost_reduction" and s.cost:
            h.cost_reductions.add(s.cost)
        m.log.emit(w, h, ev.GRANTED, scheme=scheme_id, automatic=automatic)
        m.letter(h, "granted", scheme=scheme_id, amount=round(self.benefit_amount(h, ent)), automatic=automatic)
        if not automatic:
            h.change_trust(self.model.behaviour.trust_gain_help)

    def end(self, h: Household, scheme_id: str, reason: str) -> None:
        m = self.model
        ent = h.entitlements.pop(scheme_id)
        ent.end_week = m.week
        if ent.overpaid > 0.0 and scheme_id in self.reconciled:
            # no re-calculation will claw this back now: the final calculation after the year does
            self.add_to_balance(h, scheme_id, -ent.overpaid)
        s = self.sc.schemes[scheme_id]
        if s.effect == "debt_arrangement":
            h.release()  # ended before completion: the creditors collect again
            h.budget_managed = False
        elif s.effect == "arrears_arrangement" and s.creditor is not None:
            h.release([s.creditor])
        elif s.effect == "cost_reduction" and s.cost:
            h.cost_reductions.discard(s.cost)
        elif s.effect == "need_relief":
            if s.domain == "care":
                h.care_relieved = False
            elif s.domain == "youth":
                h.youth_relieved = False
        m.log.emit(m.week, h, ev.ENDED, scheme=scheme_id, reason=reason)
        m.letter(h, "ended", scheme=scheme_id, reason=reason)

    def settle_change(self, h: Household, scheme_id: str) -> None:
        """The counter learns the new income: recalculate, and claw back what was overpaid."""
        m = self.model
        ent = h.entitlements.get(scheme_id)
        if ent is None:
            return
        s = self.sc.schemes[scheme_id]
        if ent.overpaid > 1.0 and s.clawback:
            self.claw_back(h, scheme_id, ent.overpaid)
        ent.overpaid = 0.0
        ent.change_week = None
        ent.reported_income = h.own_income()
        if s.effect == "debt_arrangement":
            # Eligibility was the entry condition; what a re-proof checks is that no new debts
            # have gone to collection meanwhile (a condition of every Dutch debt arrangement).
            if any(d.stage >= 2 for d in h.debts.values()):
                self.end(h, scheme_id, "new_debts")
            return
        pays = s.effect in PAYING_EFFECTS
        if not m.paperwork.eligible(h, scheme_id) or (pays and self.benefit_amount(h, ent) <= 0.0):
            self.end(h, scheme_id, "no_longer_eligible")

    def claw_back(self, h: Household, scheme_id: str, amount: float, **data: object) -> None:
        """What was paid too much becomes a debt to the scheme's creditor (the municipality's if it
        names none), with a letter; it costs trust.  ``data``: more for the event and the letter."""
        m = self.model
        h.add_debt(self.sc.schemes[scheme_id].creditor or m.creditor_for["municipality"], amount)
        m.log.emit(m.week, h, ev.CLAWBACK, scheme=scheme_id, amount=round(amount), **data)
        m.letter(h, "clawback", scheme=scheme_id, amount=round(amount), **data)
        h.change_trust(-m.behaviour.trust_loss_sanction * m.mechanics.clawback_trust_factor)

    # ------------------------------------------------------------------ advances (simulation/reconcile.py)
    def add_to_balance(self, h: Household, scheme_id: str, amount: float) -> None:
        """Add to what a reconciled scheme owes the household for this calendar year (what was due
        on the actual income less what was advanced; below 0: it was paid too much)."""
        h.advance_balance[scheme_id] = h.advance_balance.get(scheme_id, 0.0) + amount

    def record_advance(
        self, h: Household, ent: Entitlement, paid: float, due: float, own: float, actual: float, norm: float
    ) -> None:
        """A week of a reconciled scheme in which the advance may differ from what was due on the
        year's actual income, from the weekly money loop (which leaves out the weeks in which it
        cannot).  ``paid``: the advance paid (after any sanction cut) less what a re-calculation of
        a reported change will claw back (``ent.overpaid``); ``due``: what was due on the week's own
        income ``own`` (before any cut); ``actual``: that income with the year's surprise in the
        wages, on which the final calculation computes (a sanction's cut stands)."""
        if due > 0.0 and actual != own:
            taper = self.paying[ent.scheme_id][4]
            if taper is not None:  # due is the full amount times the taper's share at own income (> 0)
                due *= taper_share(actual / norm, taper) / taper_share(own / norm, taper)
        if ent.suspended_until >= self.model.week:
            due *= 1.0 - ent.suspended_share
        if due != paid:  # add_to_balance, written out
            balance = h.advance_balance
            balance[ent.scheme_id] = balance.get(ent.scheme_id, 0.0) + (due - paid)

    # ------------------------------------------------------------------ each week
    def week(self, h: Household) -> None:
        m = self.model
        w = m.week
        pw = m.paperwork
        every = self.model.mechanics.automatic_check_weeks
        if self.automatic and w % every == h.hid % every:
            for sid in self.automatable:
                ent = h.entitlements.get(sid)
                if ent is None and pw.eligible(h, sid):
                    self.grant(h, sid, automatic=True)
                elif ent is not None and ent.automatic and not pw.eligible(h, sid):
                    self.end(h, sid, "no_longer_eligible")
        if not h.entitlements:
            return
        watched = self.watched
        ents = h.entitlements
        for sid in tuple(ents):  # each turn may end only its own entitlement
            spec = watched.get(sid)
            if spec is None:
                continue
            ent = ents[sid]
            duration_weeks, arrears_creditor, reproof_weeks = spec
            if duration_weeks is not None and w - ent.start_week >= duration_weeks:
                s = self.sc.schemes[sid]
                if s.effect == "debt_arrangement":
                    remitted = h.remit_arranged()
                    m.log.emit(w, h, ev.ENDED, scheme=sid, reason="completed", remitted=round(remitted))
                    m.letter(h, "debt_free", scheme=sid, amount=round(remitted))
                    h.entitlements.pop(sid)
                    h.budget_managed = False
                else:
                    self.end(h, sid, "duration")
                    if sid in self.wage_replacing:  # UWV refers those whose benefit ends to income support
                        h.known_schemes.update(self.income_topups)
                continue
            if arrears_creditor is not None:
                held = h.arranged.get(arrears_creditor)
                if held is None or held.amount <= 0:
                    self.end(h, sid, "paid")
                elif (new := h.debts.get(arrears_creditor)) is not None and new.stage >= 1:
                    self.end(h, sid, "breached")  # new arrears on top of the plan: the plan is off
                continue
            if reproof_weeks is not None and not ent.automatic and w - ent.last_proof_week >= reproof_weeks:
                key = f"{sid}:{REPROOF}"
                prev = h.applications.get(key)
                if prev is None or not prev.open:
                    s = self.sc.schemes[sid]
                    deadline = w + m.scenario.counters[s.counter].deadline_weeks
                    pw.start(h, sid, REPROOF, deadline=deadline)
                    m.log.emit(w, h, ev.REPROOF, scheme=sid, deadline=deadline)
                    m.letter(h, "reproof", scheme=sid, deadline=deadline)
                    ent.last_proof_week = w
