"""Checks of the model that do not tune it: invariants that must hold in any run, and the
direction in which a lever moves an outcome (same seeds, common random numbers)."""

from __future__ import annotations

import pytest

from simulation import events as ev
from simulation.paperwork import REPROOF


def role_scheme(m, role):
    return next(sid for sid, s in m.scenario.schemes.items() if s.role == role)


def creditor(m, role):
    return m.creditor_for[role]


# ---------------------------------------------------------------- debts under an arrangement
def test_a_debt_arrangement_completes_and_remits(small_model):
    m = small_model("siloed", households=5, persona="marco")
    h = m.player
    debt_help = role_scheme(m, "debt_help")
    before = h.total_debt()
    m.provisions.grant(h, debt_help)
    assert not h.debts and sum(d.amount for d in h.arranged.values()) == pytest.approx(before)
    ended = []
    m.log.watch(ev.ENDED, lambda week, hh, data: ended.append(data) if hh is h else None)
    duration = m.scenario.schemes[debt_help].duration_weeks
    for _ in range(duration + 1):
        h.debts.clear()  # a household that keeps up with its bills meanwhile (no new debts)
        m.step()
    completed = [d for d in ended if d["reason"] == "completed"]
    assert completed and completed[0]["remitted"] > 0
    assert not h.arranged and debt_help not in h.entitlements


def test_new_arrears_never_go_onto_a_debt_under_an_arrangement(small_model):
    m = small_model("siloed", households=5, persona="samira")
    h = m.player
    rent = creditor(m, "rent")
    h.arrange([rent])
    held = h.arranged[rent].amount
    h.add_debt(rent, 300.0)
    assert h.arranged[rent].amount == held
    assert h.debts[rent].amount == 300.0 and h.debts[rent].stage == 0


def test_a_court_plan_does_not_end_the_landlords_right_to_a_procedure(small_model):
    """After the court imposes a payment plan, new arrears start a new procedure."""
    m = small_model(
        "siloed", households=5, persona="samira", overrides={"creditors.landlord.procedure_crisis_share": 0.0}
    )  # the court always imposes a plan
    h = m.player
    rent = creditor(m, "rent")
    spec = m.scenario.creditors[rent]
    h.debts[rent].amount = spec.procedure_min_amount + 500
    notices = []
    m.log.watch(ev.LETTER, lambda week, hh, data: notices.append(data["letter"]) if hh is h else None)
    for _ in range(spec.procedure_weeks + spec.procedure_to_crisis_weeks + 4):
        h.cash = 0.0
        m.step()
    assert "payment_plan_imposed" in notices and rent in h.arranged
    h.add_debt(rent, spec.procedure_min_amount + 100)
    notices.clear()
    for _ in range(spec.procedure_weeks + 2):
        h.cash = 0.0
        m.step()
    assert "eviction_notice" in notices


def test_an_eligible_scheme_survives_a_successful_reproof(small_model):
    """A scheme that pays nothing itself (here local-tax remission) is not ended by a re-proof
    while the household still qualifies."""
    m = small_model("siloed", households=5, persona="samira")
    h = m.player
    remission = role_scheme(m, "tax_remission")
    assert m.paperwork.eligible(h, remission)
    m.provisions.grant(h, remission)
    app = m.paperwork.start(h, remission, REPROOF, deadline=m.week + 4)
    m.counters[app.counter_id]._decide(app)
    assert app.outcome == "continued" and remission in h.entitlements


def test_a_debt_arrangement_ends_on_new_debts_and_its_debts_are_collected_again(small_model):
    m = small_model("siloed", households=5, persona="marco")
    h = m.player
    debt_help = role_scheme(m, "debt_help")
    m.provisions.grant(h, debt_help)
    held = set(h.arranged)
    h.add_debt(creditor(m, "consumer"), 800.0)
    h.debts[creditor(m, "consumer")].stage = 2
    m.provisions.settle_change(h, debt_help)
    assert debt_help not in h.entitlements and not h.arranged and held <= set(h.debts)


def _arrangement_short_of_money(small_model, share):
    """Marco in a debt arrangement (with budget management or not) in a week in which his money
    does not cover his living costs and bills together, but does cover the bills."""
    from simulation.household_money import week_money

    m = small_model(
        "siloed", households=5, persona="marco", overrides={f"schemes.{_debt_help_id()}.budget_management": share}
    )
    h = m.player
    m.provisions.grant(h, role_scheme(m, "debt_help"))
    h.debts.clear()
    h.cash = -2000.0  # an unexpected cost paid last week
    week_money(h)
    return m, h


def _debt_help_id():
    from simulation import load_scenario

    sc = load_scenario("siloed")
    return next(sid for sid, s in sc.schemes.items() if s.role == "debt_help")


def test_budget_management_pays_the_bills_first_and_makes_no_new_debt(small_model):
    m, h = _arrangement_short_of_money(small_model, 1.0)
    assert h.budget_managed
    assert not h.debts  # rent, energy and insurance were paid; nothing was borrowed
    assert h.tally["went_without"] > 0  # the living money is what gave
    assert h.cash < 0  # last week's cost is paid back from later living money, not forgotten


def test_without_budget_management_the_same_week_leaves_bills_and_borrows(small_model):
    m, h = _arrangement_short_of_money(small_model, 0.0)
    assert not h.budget_managed
    assert h.debts  # arrears and consumer credit
    assert h.cash == 0.0


def test_budget_management_ends_with_the_arrangement(small_model):
    m = small_model(
        "siloed", households=5, persona="marco", overrides={f"schemes.{_debt_help_id()}.budget_management": 1.0}
    )
    h = m.player
    debt_help = role_scheme(m, "debt_help")
    m.provisions.grant(h, debt_help)
    assert h.budget_managed
    m.provisions.end(h, debt_help, "new_debts")
    assert not h.budget_managed


# ---------------------------------------------------------------- money and capacity
@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_benefits_paid_equal_benefits_received(small_model, name):
    m = small_model(name, households=200, seed=2)
    paid = 0.0
    for _ in range(40):
        m.step()
        paid += m.public["benefits"]
    assert paid > 0
    assert sum(h.benefits_received for h in m.households) == pytest.approx(paid, rel=1e-9)


def test_outreach_never_exceeds_its_capacity(small_model):
    m = small_model("integral", households=400, seed=3, overrides={"organisation.early_signals.visits_per_1000": 1.0})
    capacity = m.support.outreach_capacity
    visits = []
    for _ in range(60):
        before = m.log.total_tally[ev.OUTREACH] + m.log.week_tally[ev.OUTREACH]
        m.step()
        visits.append(m.log.total_tally[ev.OUTREACH] - before)
    assert sum(visits) > 0
    assert max(visits) <= capacity + 1  # a fraction of a visit carries over, never more
    assert sum(visits) <= capacity * 60 + 1
    assert m.log.total_tally[ev.SIGNAL] > sum(visits)  # signals waited their turn


def test_outreach_is_its_own_cost_not_case_manager_hours(small_model):
    m = small_model("integral", households=300, seed=3, overrides={"organisation.case_managers.per_1000": 0})
    cm = outreach = 0.0
    for _ in range(40):
        m.step()
        cm += m.public["case_manager_hours"]
        outreach += m.public["outreach_hours"]
    assert cm == 0 and outreach > 0


# ---------------------------------------------------------------- directions
def _total(model_factory, name, overrides, key, households=400, weeks=104, seeds=(1, 2, 3)):
    total = 0.0
    for seed in seeds:
        m = model_factory(name, households=households, seed=seed, overrides=overrides)
        m.run(weeks)
        total += m.log.total_tally[key]
    return total


def test_stricter_rules_give_more_sanctions(small_model):
    # 150 households, one year: strict gives about twice the sanctions of lenient on every pair of seeds
    # tried (1-2, 11-12, ... 41-42); with the factor ignored both arms are equal, and reversed it fails.
    size = {"households": 150, "weeks": 52, "seeds": (1, 2)}
    lenient = _total(small_model, "siloed", {"organisation.strictness_factor": 0.5}, ev.SANCTION, **size)
    strict = _total(small_model, "siloed", {"organisation.strictness_factor": 1.5}, ev.SANCTION, **size)
    assert strict > lenient


def test_higher_rent_gives_more_evictions(small_model):
    low = _total(small_model, "siloed", {"budget.rent_factor": 0.85}, "crisis_eviction")
    high = _total(small_model, "siloed", {"budget.rent_factor": 1.2}, "crisis_eviction")
    assert high > low


def test_early_signals_bring_households_to_a_case_manager(small_model):
    # An arrears signal leads to an outreach visit that opens a case before the household asks.  Their
    # effect on evictions is too small to measure at this size since households claim income support
    # (docs/validation.md, section 3), so the direction is checked on the mechanism's first effect.
    on = _total(small_model, "integral", None, ev.CASE_OPENED, households=300, weeks=52, seeds=(1, 2))
    off = _total(
        small_model,
        "integral",
        {"organisation.early_signals.enabled": False},
        ev.CASE_OPENED,
        households=300,
        weeks=52,
        seeds=(1, 2),
    )
    assert on > off


def test_lower_awareness_gives_more_non_take_up(small_model):
    def non_take_up(awareness):
        from simulation import load_scenario

        sc = load_scenario("siloed")
        over = {f"schemes.{sid}.awareness": awareness for sid, s in sc.schemes.items() if s.role == "allowance"}
        missing = eligible = 0
        for seed in (1, 2):  # 150 households: about 0.49 against 0.06 on every pair of seeds tried
            m = small_model("siloed", households=150, seed=seed, overrides=over)
            m.run(26)
            for h in m.households:
                for sid in over:
                    sid = sid.split(".")[1]
                    if m.paperwork.eligible(h, sid):
                        eligible += 1
                        missing += sid not in h.entitlements
        return missing / eligible

    assert non_take_up(0.5) > non_take_up(0.95)
