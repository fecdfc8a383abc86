"""A household's debts: open arrears that creditors collect, and debts under an arrangement.

Open debts (``Household.debts``) climb the collection ladder: reminder, collection
agency, bailiff, and for a creditor with a procedure an eviction or cut-off.
Debts under an arrangement (``Household.arranged``: a debt arrangement, a payment
plan, a plan the court imposed, a loan from the custom budget) are not collected;
the household pays them off from what is left over.  New arrears are always open
debts, even when older debts of the same creditor are under an arrangement, so an
arrangement never hides new arrears and a court plan never ends a creditor's
right to start a procedure again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from . import events as ev
from .policy import spend

if TYPE_CHECKING:
    from .household import Household
    from .model import CityModel


# slots: smaller objects (no per-object dict) and a misspelt field fails; no speed gain measured
@dataclass(slots=True)
class Debt:
    amount: float
    since_week: int
    stage: int = 0  # 0 arrears, 1 reminder, 2 collection agency, 3 bailiff
    procedure_week: int | None = None  # eviction or cut-off procedure started
    signalled: bool = False
    crisis_done: bool = False  # this debt has led to its eviction or cut-off (once per debt)


STAGE_LETTERS = {1: "reminder", 2: "collection", 3: "bailiff"}


class DebtsMixin:
    """The debt half of :class:`~simulation.household.Household` (its state lives in the
    household's attributes ``debts`` and ``arranged``).  It is only ever a part of a Household:
    collection, which sends letters, counts crises and goes to court, says so to the type checker
    (``cast``), the bookkeeping needs only the attributes declared here."""

    model: CityModel
    debts: dict[str, Debt]
    arranged: dict[str, Debt]
    last_new_debt_week: int

    # ------------------------------------------------------------------ amounts
    def total_debt(self) -> float:
        return sum(d.amount for d in self.debts.values()) + sum(d.amount for d in self.arranged.values())

    def debt_state(self) -> tuple[float, float, int]:
        """In one pass over the debts: the total (``total_debt()``), the debt that stress weighs
        (arranged debt counts ``behaviour.arranged_debt_stress_weight``) and the number of open
        debts at collection stage or beyond."""
        total = 0.0
        arrears = 0
        for d in self.debts.values():
            total += d.amount
            if d.stage >= 2:
                arrears += 1
        weighted = total
        if self.arranged:
            held = sum(d.amount for d in self.arranged.values())
            total += held
            weighted += held * self.model.behaviour.arranged_debt_stress_weight
        return total, weighted, arrears

    # ------------------------------------------------------------------ new debts and arrangements
    def add_debt(self, creditor: str, amount: float) -> None:
        """New arrears: always an open debt that the creditor collects."""
        if amount <= 0:
            return
        d = self.debts.get(creditor)
        w = self.model.week
        if d is None:
            self.debts[creditor] = Debt(amount, w)
            self.last_new_debt_week = w
        else:
            d.amount += amount

    def hold(self, creditor: str, amount: float) -> None:
        """A debt that starts under an arrangement (a loan from the custom budget)."""
        if amount <= 0:
            return
        d = self.arranged.get(creditor)
        if d is None:
            self.arranged[creditor] = Debt(amount, self.model.week)
        else:
            d.amount += amount

    def arrange(self, creditors: Iterable[str] | None = None) -> None:
        """Open debts (all, or those of ``creditors``) go under an arrangement: collection and
        procedures stop."""
        for name in list(self.debts if creditors is None else creditors):
            d = self.debts.pop(name, None)
            if d is None:
                continue
            d.procedure_week = None
            held = self.arranged.get(name)
            if held is None:
                self.arranged[name] = d
            else:
                held.amount += d.amount

    def release(self, creditors: Iterable[str] | None = None) -> None:
        """An arrangement ends without completing: its debts are open again and collection goes
        on where it stood."""
        for name in list(self.arranged if creditors is None else creditors):
            d = self.arranged.pop(name, None)
            if d is None:
                continue
            open_debt = self.debts.get(name)
            if open_debt is None:
                self.debts[name] = d
            else:
                open_debt.amount += d.amount
                open_debt.stage = max(open_debt.stage, d.stage)
                open_debt.since_week = min(open_debt.since_week, d.since_week)

    def remit_arranged(self) -> float:
        """A debt arrangement completes: what is left of the arranged debts is remitted."""
        remitted = sum(d.amount for d in self.arranged.values())
        self.arranged.clear()
        return remitted

    # ------------------------------------------------------------------ paying
    def offset(self, creditor: str, at_most: float) -> float:
        """A paying body keeps back up to ``at_most`` of a payment for an open debt owed to it
        (verrekening); returns what it kept.  It counts as an instalment."""
        d = self.debts.get(creditor)
        if d is None or at_most <= 0:
            return 0.0
        take = min(at_most, d.amount)
        self._repay(self.debts, creditor, d, take, self.model.behaviour.instalment_share)
        return take

    @staticmethod
    def _repay(book: dict[str, Debt], creditor: str, d: Debt, pay: float, instalment: float) -> None:
        """Pay ``pay`` off debt ``d`` of ``book``; a payment of at least ``instalment`` of it holds
        collection off a week; a debt paid off leaves the book."""
        if pay >= instalment * d.amount:
            d.since_week += 1
        d.amount -= pay
        if d.amount <= 0.01:
            del book[creditor]

    def _pay_debts(self, money: float, include_arranged: bool) -> float:
        """Pay open debts, those under an eviction or cut-off procedure first (the roof and the
        heating come first), then the most escalated, then (``include_arranged``) the arranged
        ones; return what is left."""
        instalment = self.model.behaviour.instalment_share
        for book in (self.debts, self.arranged) if include_arranged else (self.debts,):
            order = list(book.items())
            if len(order) > 1:
                order.sort(key=lambda kv: (kv[1].procedure_week is None, -kv[1].stage, kv[1].since_week))
            for creditor, d in order:
                if money <= 0:
                    return money
                pay = min(money, d.amount)
                self._repay(book, creditor, d, pay, instalment)
                money -= pay
        return money

    # ------------------------------------------------------------------ collection
    def _collection(self) -> None:
        if not self.debts:
            return
        h = cast("Household", self)
        m = self.model
        w = m.week
        creditors = m.creditors
        with_procedure = m.procedure_creditors
        signalling = m.support.signalling
        for name, d in list(self.debts.items()):
            spec = creditors[name]
            weeks = w - d.since_week
            stage = d.stage
            if stage < 3:  # a debt with the bailiff climbs no further
                if stage < 1 and weeks >= spec.reminder_weeks:
                    self._escalate(name, d, 1, 0.0)
                elif stage < 2 and weeks >= spec.collection_weeks:
                    fee = max(spec.collection_fee_min, spec.collection_fee_share * d.amount)
                    self._escalate(name, d, 2, fee)
                elif weeks >= spec.bailiff_weeks and d.amount >= spec.bailiff_min_amount:
                    first = not any(o.stage >= 3 for o in self.debts.values())
                    self._escalate(name, d, 3, spec.bailiff_fee)
                    if first:
                        m.crisis(h, "seizure")  # the household's income is seized from now on
            if name in with_procedure and not d.crisis_done:
                if d.procedure_week is not None and d.amount < spec.procedure_min_amount:
                    d.procedure_week = None  # paid down below the threshold: the procedure stops
                start = cast(int, spec.procedure_weeks)  # never None here (model.procedure_creditors)
                if d.procedure_week is None and weeks >= start and d.amount >= spec.procedure_min_amount:
                    d.procedure_week = w
                    m.letter(h, f"{spec.crisis}_notice", creditor=name, amount=round(d.amount))
                elif (
                    d.procedure_week is not None
                    and w - d.procedure_week >= spec.procedure_to_crisis_weeks
                    and not m.in_weeks(spec.no_crisis_weeks)
                ):
                    if h.rng_court.random() < spec.procedure_crisis_share:
                        h._procedure_crisis(name, d, spec.crisis)
                    else:  # the judge imposes a payment plan: no crisis now; new arrears start afresh
                        amount = d.amount
                        self.arrange([name])
                        m.letter(h, "payment_plan_imposed", creditor=name, amount=round(amount))
                        continue
            if name in signalling and not d.signalled:
                m.support.maybe_signal(h, name, d)

    def _escalate(self, creditor: str, d: Debt, stage: int, fee: float) -> None:
        h = cast("Household", self)
        d.stage = stage
        d.amount += fee
        m = self.model
        hours = m.mechanics.creditor_letter_hours
        if hours > 0:  # dealing with the letter, the call, the bailiff at the door: the household's paperwork
            spend(h, hours)
            m.log.add(self, "debt_admin_hours", hours)
        m.log.emit(m.week, self, ev.DEBT_ESCALATED, creditor=creditor, stage=stage, fee=round(fee))
        m.letter(h, STAGE_LETTERS[stage], creditor=creditor, amount=round(d.amount), fee=round(fee))
