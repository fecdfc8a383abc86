"""The household step computes some values once and hands them on (for speed).  These tests
check, every household-week, that a value handed on equals what the plain accessor gives."""

from __future__ import annotations

import pandas as pd
import pytest

from experiments.runner import run
from simulation.household import Household


def plain_step(self: Household) -> None:
    """The household's week written with the plain, readable accessors only."""
    m = self.model
    self.policy.act(self)
    self._life_events()
    if self.entitlements or m.provisions.automatic:
        m.provisions.week(self)
    self._money()
    self._collection()
    self._housing()
    income = self.income()
    current = self.problem_domains(income)
    for dom in current:
        self.need_since.setdefault(dom, m.week)
    for dom in [d for d in self.need_since if d not in current]:
        del self.need_since[dom]
    self.domains_now = current
    target = self.stress_target(income)
    rate = m.scenario.behaviour.stress_recovery
    self.stress += (target - self.stress) * rate * (2.0 if target > self.stress else 1.0)
    self.hours_left = min(self.hours_left, 0.0) + self.capacity()
    m.stats.add(self, income, self.total_debt(), self.norm())


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_the_fast_step_is_the_plain_step(monkeypatch, name):
    """Household.step hands values on and writes some accessors out; a run must be bit-identical
    to one whose households use the plain accessors (problem_domains, stress_target, capacity,
    income, total_debt, norm)."""
    fast = run(name, seed=4, households=150, weeks=40)
    monkeypatch.setattr(Household, "step", plain_step)
    plain = run(name, seed=4, households=150, weeks=40)
    pd.testing.assert_frame_equal(fast.weekly, plain.weekly, check_exact=True)
    pd.testing.assert_frame_equal(fast.households, plain.households, check_exact=True)


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_income_from_money_is_income(small_model, monkeypatch, name):
    """``_money`` returns the week's income; nothing later in the step may change it."""
    checked = []
    take_stock = Household._take_stock

    def checked_take_stock(self, income):
        assert income == self.income()
        checked.append(1)
        return take_stock(self, income)

    monkeypatch.setattr(Household, "_take_stock", checked_take_stock)
    model = small_model(name, households=150, seed=4)
    model.run(30)
    assert len(checked) == 150 * 30


def test_shuffle_is_random_shuffle():
    """The model's own shuffle draws the same numbers and gives the same permutation."""
    import random

    from simulation.streams import shuffle

    for seed in range(5):
        for n in (0, 1, 2, 3, 7, 64, 500, 2001):
            a, b = list(range(n)), list(range(n))
            ra, rb = random.Random(seed), random.Random(seed)
            ra.shuffle(a)
            shuffle(b, rb)
            assert a == b
            assert ra.getstate() == rb.getstate()


def test_activation_order_is_mesas(small_model):
    """The households are shuffled in the order of Mesa's AgentSet, as shuffle_do would."""
    from simulation.household import Household

    model = small_model("siloed", households=40, persona="samira")
    assert list(model.agents_by_type[Household]) == model.households


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_todo_is_the_applications_in_a_to_do_status(small_model, name):
    """Household.todo is kept up to date by Application.status; it must always be what looking
    through all the household's applications gives."""
    from simulation.paperwork import TO_DO

    model = small_model(name, households=150, seed=6, persona="samira")
    for _ in range(40):
        model.step()
        for h in model.households:
            assert h.todo == {a for a in h.applications.values() if a.status in TO_DO}
