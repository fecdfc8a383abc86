"""The final calculation of advances (the Dutch *definitieve berekening* of allowances).

A scheme with ``reconciled: true`` pays advances on the income its counter knows.  In each week
in which the advance may differ from what was due on the actual income, the money loop adds the
difference to the household's balance of the year (``Provisions.record_advance``; in all other
weeks it is 0 and nothing is done).  What was due includes the year's income surprise: wages that
turn out higher or lower than the estimate (flexible hours, a rise, a bonus), a share of the
wages drawn once per household and year (``reconciliation.income_drift`` and ``income_spread``).
In week ``reconciliation.week`` of the next year each scheme's balance is settled: an overpayment
above ``min_clawback`` is clawed back (a debt to the scheme's creditor, as for a late-reported
change), an underpayment above ``min_backpayment`` is paid out to the household.

A re-calculation of a reported change claws back what was paid too much on the old income
(``settle_change``); that part never enters the year's advances, so it is not clawed back twice.
If the entitlement ends before the change is settled, it enters them then (``Provisions.end``).
"""

from __future__ import annotations

from statistics import NormalDist
from typing import TYPE_CHECKING, cast

from . import events as ev
from .schema import Plain, Reconciliation
from .streams import uniform_rows

if TYPE_CHECKING:
    from .household import Household
    from .model import CityModel

#: weeks in the model's year (week 0 is the first week of January)
YEAR_WEEKS = 52


class Reconciler:
    def __init__(self, model: CityModel) -> None:
        self.model = model
        self.spec = cast(Reconciliation, Plain(model.scenario.reconciliation))
        self.active = bool(model.provisions.reconciled)

    def week(self) -> None:
        """At the start of a week, before the households' turns: a new year, a settlement day."""
        if not self.active:
            return
        m = self.model
        week_of_year = m.week % YEAR_WEEKS
        if week_of_year == 0:
            self.new_year(m.week // YEAR_WEEKS)
        if week_of_year == self.spec.week and m.week >= YEAR_WEEKS:
            self.settle(m.week // YEAR_WEEKS - 1)

    def new_year(self, year: int) -> None:
        """Last year's advances wait for their settlement; this year's income surprises are drawn,
        the same in every organisation (row ``hid`` of the year's stream is household ``hid``'s)."""
        m = self.model
        spec = self.spec
        rows = uniform_rows(len(m.households), 1, m.seed, "reconcile", year)
        normal = NormalDist(spec.income_drift, spec.income_spread)
        for h in m.households:
            h.advance_balance_last = h.advance_balance
            h.advance_balance = {}
            u = min(max(rows[h.hid][0], 1e-12), 1.0 - 1e-12)
            h.income_surprise = normal.inv_cdf(u) if spec.income_spread > 0 else spec.income_drift

    def settle(self, year: int) -> None:
        """The final calculation of ``year``: every household's advances of every reconciled scheme
        against what was due, ended entitlements included."""
        m = self.model
        spec = self.spec
        prov = m.provisions
        for h in m.households:
            if not h.advance_balance_last:
                continue
            last, h.advance_balance_last = h.advance_balance_last, {}
            for sid, owed in last.items():
                if -owed > spec.min_clawback:
                    prov.claw_back(h, sid, -owed, year=year)
                elif owed > spec.min_backpayment:
                    self.pay_back(h, sid, owed, year)

    def pay_back(self, h: Household, scheme_id: str, amount: float, year: int) -> None:
        """Too little was paid: the rest is paid out now (a transfer like any benefit)."""
        m = self.model
        h.cash += amount
        h.benefits_received += amount
        m.public["benefits"] += amount
        m.log.emit(m.week, h, ev.BACKPAYMENT, scheme=scheme_id, amount=round(amount), year=year)
        m.letter(h, "backpayment", scheme=scheme_id, amount=round(amount), year=year)
