"""Allowances fall with income (a scheme's ``taper``) and are advances, settled after the year on
the actual income (``reconciliation``, simulation/reconcile.py).  Schemes are found by their
``reconciled`` flag, never by id."""

from __future__ import annotations

import pytest

from simulation import events as ev
from simulation.loader import ScenarioError
from simulation.provisions import taper_share

#: life events off, so a household's income stays where a test puts it
QUIET = {
    "life_events.job_loss": 0.0,
    "life_events.job_find": 0.0,
    "life_events.illness": 0.0,
    "life_events.separation": 0.0,
    "life_events.unexpected_cost": 0.0,
    "life_events.health_crisis_base": 0.0,
}


def quiet_model(small_model, drift=0.0, **more):
    overrides = {
        **QUIET,
        "reconciliation.week": 2,
        "reconciliation.income_drift": drift,
        "reconciliation.income_spread": 0.0,
        "reconciliation.min_clawback": 1.0,
        **more,
    }
    return small_model("siloed", households=3, seed=5, overrides=overrides)


def earner(m, income_to_norm: float):
    """Household 0 as a single adult without children, earning this multiple of its norm, with no
    entitlements; then granted every reconciled scheme it is eligible for."""
    h = m.households[0]
    for sid in list(h.entitlements):
        m.provisions.end(h, sid, "duration")
    h.advance_balance.clear()
    h.adults, h.children, h.employed_adults, h.pension, h.sick = 1, 0, 1, 0.0, False
    h.wage_per_worker = income_to_norm * h.norm()
    schemes = [sid for sid in sorted(m.provisions.reconciled) if m.paperwork.eligible(h, sid)]
    assert schemes, "the city has no reconciled scheme this household is eligible for"
    for sid in schemes:
        m.provisions.grant(h, sid)
    return h, schemes


def full_amount(m, sid: str) -> float:
    s = m.scenario.schemes[sid]
    return s.amount  # one adult, no children: per household and per adult are the same


def events_of(m, h, kind):
    out = []
    m.log.watch(kind, lambda week, hh, data: out.append(data) if hh is h else None)
    return out


def test_the_taper_is_full_below_zero_above_and_linear_between(small_model):
    taper = (1.0, 1.5, 1.0 / 0.5)
    assert taper_share(0.4, taper) == 1.0 and taper_share(1.0, taper) == 1.0
    assert taper_share(1.5, taper) == 0.0 and taper_share(3.0, taper) == 0.0
    assert taper_share(1.1, taper) == pytest.approx(0.8) and taper_share(1.25, taper) == pytest.approx(0.5)
    m = quiet_model(small_model)
    h, schemes = earner(m, 0.5)
    sid = next(s for s in schemes if m.scenario.schemes[s].taper is not None)
    spec = m.scenario.schemes[sid].taper
    ent = h.entitlements[sid]
    full = m.benefit_amount(h, ent)
    assert full == full_amount(m, sid) > 0
    middle = (spec.full_below + spec.zero_at) / 2
    for share, expected in ((spec.full_below * 0.9, 1.0), (middle, 0.5), (spec.zero_at + 0.1, 0.0)):
        h.wage_per_worker = share * h.norm()
        assert m.benefit_amount(h, ent) == pytest.approx(expected * full)
    # while a change is unreported the counter pays on the income it was told
    h.wage_per_worker = middle * h.norm()
    ent.change_week, ent.reported_income = 0, 0.5 * h.norm()
    assert m.benefit_amount(h, ent) == pytest.approx(full)
    assert m.benefit_amount(h, ent, actual=True) == pytest.approx(0.5 * full)


@pytest.mark.parametrize("drift, kind", [(0.1, ev.CLAWBACK), (-0.1, ev.BACKPAYMENT)])
def test_a_surprise_in_the_years_income_is_settled_after_the_year(small_model, drift, kind):
    """Wages 10% above the estimate: the advances were too high and the difference is clawed back
    (a debt to the scheme's creditor); 10% below: the rest is paid out."""
    m = quiet_model(small_model, drift=drift)
    h, schemes = earner(m, 1.2)
    settled = events_of(m, h, kind)
    other = events_of(m, h, ev.BACKPAYMENT if kind == ev.CLAWBACK else ev.CLAWBACK)
    m.run(52 + 2)
    assert not settled and not other  # nothing before the settlement week
    creditors = sorted({m.scenario.schemes[sid].creditor for sid in schemes})
    before = (h.cash, sum(h.debts[c].amount for c in creditors if c in h.debts))
    at_event = []
    m.log.watch(
        kind,
        lambda week, hh, data: (
            at_event.append((hh.cash, sum(hh.debts[c].amount for c in creditors if c in hh.debts))) if hh is h else None
        ),
    )
    m.step()  # week 2 of year 1: year 0 is settled, before the households' turns
    taper = m.scenario.schemes[schemes[0]].taper
    width = taper.zero_at - taper.full_below
    # wages of 1.2 norm turn out 1.2 x (1 + drift): the taper's share falls (rises) by that / width
    change = 1.2 * abs(drift) / width
    expected = {sid: 52 * full_amount(m, sid) * change for sid in schemes}
    assert {d["scheme"]: d["amount"] for d in settled} == {sid: round(v) for sid, v in expected.items()}
    assert all(d["year"] == 0 for d in settled) and not other
    cash, owed = at_event[-1]
    if kind == ev.CLAWBACK:  # a debt to the schemes' creditor, no cash
        assert (cash, owed - before[1]) == (before[0], pytest.approx(sum(expected.values())))
    else:  # cash, no debt
        assert (cash - before[0], owed) == (pytest.approx(sum(expected.values())), before[1])


def test_a_reported_change_is_not_clawed_back_twice(small_model):
    """An income rise reported late is clawed back when the counter learns it (settle_change); the
    final calculation then finds nothing more to claw back."""
    m = quiet_model(small_model)
    h, schemes = earner(m, 1.1)
    claws = events_of(m, h, ev.CLAWBACK)
    backs = events_of(m, h, ev.BACKPAYMENT)
    m.run(10)
    h.wage_per_worker = 1.3 * h.norm()
    for sid in schemes:
        h.entitlements[sid].change_week = m.week  # the change is not reported yet
    m.run(10)
    for sid in schemes:
        m.provisions.settle_change(h, sid)
    late = {sid: 10 * full_amount(m, sid) * (0.8 - 0.4) for sid in schemes}
    assert {d["scheme"]: d["amount"] for d in claws} == {sid: round(v) for sid, v in late.items()}
    m.run(52 - 20 + 3)  # past the settlement of year 0
    assert [d for d in claws if "year" in d] == [] and backs == []


def test_an_overpayment_left_when_an_allowance_ends_is_clawed_back_after_the_year(small_model):
    m = quiet_model(small_model)
    h, schemes = earner(m, 1.1)
    claws = events_of(m, h, ev.CLAWBACK)
    m.run(10)
    h.wage_per_worker = 1.3 * h.norm()
    for sid in schemes:
        h.entitlements[sid].change_week = m.week
    m.run(10)
    for sid in schemes:
        m.provisions.end(h, sid, "duration")  # ends before the change is settled
    assert claws == []
    m.run(52 - 20 + 3)
    overpaid = {sid: 10 * full_amount(m, sid) * (0.8 - 0.4) for sid in schemes}
    assert {d["scheme"]: d["amount"] for d in claws} == {sid: round(v) for sid, v in overpaid.items()}
    assert all(d["year"] == 0 for d in claws)


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_benefits_paid_equal_benefits_received_across_a_settlement(small_model, name):
    """Back-payments are benefits paid out like any other (integral's automatic allowances are
    advances too: they are settled as well)."""
    m = small_model(name, households=150, seed=2, overrides={"reconciliation.week": 1})
    paid = 0.0
    settled = []
    m.log.watch(ev.BACKPAYMENT, lambda week, hh, data: settled.append(data))
    m.log.watch(ev.CLAWBACK, lambda week, hh, data: settled.append(data) if "year" in data else None)
    for _ in range(54):
        m.step()
        paid += m.public["benefits"]
    assert any("year" in d for d in settled) and any(d["amount"] > 0 for d in settled)
    assert sum(h.benefits_received for h in m.households) == pytest.approx(paid, rel=1e-9)


def test_income_surprises_are_the_same_in_every_organisation(small_model):
    surprises = []
    for name in ("siloed", "integral"):
        m = small_model(name, households=40, seed=3)
        m.step()
        surprises.append([h.income_surprise for h in m.households])
    assert surprises[0] == surprises[1] and len(set(surprises[0])) == 40


@pytest.mark.parametrize(
    "key, value",
    [
        ("schemes.huurtoeslag.taper", {"full_below": 1.5, "zero_at": 1.5}),
        ("schemes.bijstand.taper", {"full_below": 1.0, "zero_at": 1.5}),
        ("schemes.bijstand.reconciled", True),
    ],
)
def test_a_taper_must_fall_and_is_for_weekly_amounts_only(small_model, key, value):
    with pytest.raises(ScenarioError, match="zero_at|weekly_amount"):
        small_model("siloed", overrides={key: value})


def test_the_same_seed_settles_the_same(small_model):
    def settlements():
        m = small_model("siloed", households=60, seed=7, overrides={"reconciliation.week": 0})
        out = []
        for kind in (ev.CLAWBACK, ev.BACKPAYMENT):
            m.log.watch(kind, lambda week, hh, data, kind=kind: out.append((week, hh.hid, kind, data["amount"])))
        m.run(53)
        return out

    first = settlements()
    assert any(week == 52 for week, *_ in first) and first == settlements()
