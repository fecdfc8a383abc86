"""The household step computes some values once and hands them on (for speed).  These tests
check, every household-week, that a value handed on equals what the plain accessor gives."""

from __future__ import annotations

import pytest

from simulation.household import Household


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_values_handed_on_in_the_step_are_the_plain_ones(small_model, monkeypatch, name):
    """``_money`` returns the week's income, and the debts are summed once after the money;
    nothing later in the step may change either."""
    checked = []
    update_needs, stress = Household._update_needs, Household._stress

    def checked_update_needs(self, income, debt, norm):
        assert income == self.income()
        assert debt == self.total_debt()
        assert norm == self.norm()
        checked.append(1)
        return update_needs(self, income, debt, norm)

    def checked_stress(self, income, weighted_debt, arrears):
        assert self.stress_target(income, weighted_debt, arrears) == self.stress_target()
        return stress(self, income, weighted_debt, arrears)

    monkeypatch.setattr(Household, "_update_needs", checked_update_needs)
    monkeypatch.setattr(Household, "_stress", checked_stress)
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
