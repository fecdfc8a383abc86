"""A household's money in a week (the hot part of ``Household.step``): income in, living costs
and bills out, seizure under a bailiff, arrears when the bills cannot be paid, and what is left
paid off the debts.  A function of the household rather than a method, so that household.py stays
a readable size; it reads and writes the household's state as a method would."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .household import Household
    from .schema import CreditorRole


def week_money(h: Household) -> float:
    """Income in, costs out, bills and debts.  Returns the week's income as ``income()``
    reports it (benefits before any sanction cut): each benefit amount is computed once."""
    m = h.model
    b = m.budget
    w = m.week
    wage = h.wage_income()
    income = wage
    benefits = 0.0  # _benefit_income(), in the same order
    topup = 0.0  # income support: with own income, what the norm is measured against
    seizable = wage  # wages, wage replacement and income support; allowances are beslagvrij
    ents = h.entitlements
    if ents:
        # The scheme tables and bound methods are read into locals once: this loop runs for every
        # entitlement every household-week (a few attribute look-ups saved each time; well under 1%).
        prov = m.provisions
        amount = prov.benefit_amount
        paying = prov.paying  # other schemes pay nothing: adding their 0.0 changes no sum
        paying_now = h._paying
        offsets = prov.offsets
        wage_replacing = prov.wage_replacing
        topups = prov.income_topups
        reconciled = prov.reconciled
        norm = h.norm()
        own = h.own_income()  # wages and wage replacement
        # The income the final calculation of advances will find (simulation/reconcile.py): with the
        # year's surprise in the wages; only if it can change what a taper gives is each week recorded.
        actual = own + h.income_surprise * (wage - h.pension)
        surprised = actual != own and (own if own > actual else actual) > prov.taper_floor * norm
        # Running sums are kept in locals and added to in the same order as before,
        # so every float comes out the same.
        received = h.benefits_received
        public = m.public
        paid_out = public["benefits"]  # the public purse's benefits this week so far
        for sid, ent in ents.items():
            if sid in paying and paying_now(ent):
                paid = amount(h, ent, False, own, norm)
                if sid not in wage_replacing:
                    benefits += paid
                    if sid in topups:
                        topup += paid
                if paying[sid][0] != "weekly_amount":
                    seizable += paid
                due = paid  # what was due on this week's own income, as far as the counter knew
                if ent.suspended_until >= w:
                    paid *= 1.0 - ent.suspended_share
                received += paid
                paid_out += paid
                if ent.change_week is not None and not ent.automatic:
                    due = amount(h, ent, True, own, norm)
                    over = max(0.0, paid - due)
                    ent.overpaid += over
                    if sid in reconciled:
                        prov.record_advance(h, ent, paid - over, due, own, actual, norm)
                elif surprised and sid in reconciled:
                    prov.record_advance(h, ent, paid, due, own, actual, norm)
                if sid in offsets and h.debts:  # the paying body keeps back what it is owed
                    creditor, share = offsets[sid]
                    paid -= h.offset(creditor, paid * share)
                income += paid
        h.benefits_received = received
        public["benefits"] = paid_out
    else:
        own = wage
    h.minimum_income = own + topup
    income += b.child_benefit_per_child * h.children
    living = b.living_per_adult * h.adults + b.living_per_child * h.children
    taxes = 0.0 if "local_taxes" in h.cost_reductions else b.local_taxes
    fixed = h._fixed_costs - b.local_taxes + taxes
    rent = 0.0 if h.homeless else h.rent
    # The week's balance: income less living costs and the bills due, before any seizure
    # (what the social-minimum pattern reads; negative when the household falls short).
    h.balance = income - living - rent - fixed
    seized = 0.0
    for d in h.debts.values():
        if d.stage >= 3:
            # Under a bailiff: the beslagvrije voet is the free share of the seizable income up to
            # the norm; income above the norm is seized whole.  Allowances and child benefit are
            # never seized.
            seized = max(0.0, min(income, seizable - b.seizure_free_share * min(seizable, h.norm())))
            income -= seized
            break
    total_bills = rent + fixed
    if h.budget_managed:
        _managed_bills_first(h, income, living, rent, fixed, taxes)
    else:
        # Bills: rent, energy, insurance.  A household that cannot pay them goes without first
        # (up to a share of its living costs); what still cannot be paid becomes arrears.
        short_before_cuts = total_bills + living - h.cash - income
        if short_before_cuts > 0:
            cut = min(short_before_cuts, living * m.behaviour.living_cut_share)
            living -= cut
            m.log.add(h, "went_without", cut)
        h.cash += income - living
        if h.cash >= total_bills:
            h.cash -= total_bills
        else:
            extra = max(0.0, -h.cash)  # living costs not covered: consumer credit
            _arrears(h, total_bills - max(h.cash, 0.0), rent, fixed, taxes)
            if extra > 0:
                h.add_debt(m.creditor_for["consumer"], extra)
    if seized > 0:
        h._pay_debts(seized, include_arranged=False)
    surplus = h.cash - m.behaviour.cash_buffer
    if surplus > 0 and (h.debts or h.arranged):
        h.cash -= surplus - h._pay_debts(surplus, include_arranged=True)
    return own + benefits


def _arrears(h: Household, short: float, rent: float, fixed: float, taxes: float) -> None:
    """Bills that cannot be paid become arrears.  Households pay the rent first and let the
    insurer, then the local taxes wait first.  Leaves the household with no cash."""
    b = h.model.budget
    creditor_for = h.model.creditor_for
    h.cash = 0.0
    bills: tuple[tuple[CreditorRole, float], ...] = (
        ("insurance", fixed - b.energy - taxes),
        ("municipality", taxes),
        ("energy", b.energy),
        ("rent", rent),
    )
    for role, bill in bills:
        unpaid = min(bill, short)
        short -= unpaid
        if unpaid > 0:
            h.add_debt(creditor_for[role], unpaid)


def _managed_bills_first(h: Household, income: float, living: float, rent: float, fixed: float, taxes: float) -> None:
    """Budget management (budgetbeheer) during a debt arrangement: the budget manager receives the
    income, pays rent, energy, insurance and taxes first, and the household lives on what is left
    (NVVK: budget management makes sure the bills are paid).  It cannot borrow, so a shortfall in
    living money is gone without (the food bank), not a new debt; only bills the income cannot
    cover become arrears."""
    total_bills = rent + fixed
    owed = min(h.cash, 0.0)  # an unexpected cost already spent: paid back from later living money
    pot = income + max(h.cash, 0.0)
    if pot >= total_bills:
        h.cash = pot - total_bills + owed
        spent = min(living, max(h.cash, 0.0))
        h.cash -= spent
    else:
        _arrears(h, total_bills - pot, rent, fixed, taxes)
        h.cash = owed
        spent = 0.0
    if living > spent:
        h.model.log.add(h, "went_without", living - spent)
