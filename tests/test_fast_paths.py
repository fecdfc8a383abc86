"""The household step computes the week's income once and hands it on (for speed); the tests
check, every household-week, that what is handed on equals what the plain accessor gives, and
that the bookkeeping kept for speed (Household.todo) is what looking it up would give."""

from __future__ import annotations

import pytest

from simulation.household import Household


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_income_from_money_is_income(small_model, monkeypatch, name):
    """``week_money`` (simulation/household_money.py) returns the week's income and keeps the
    income the norm is measured against; nothing later in the step may change them."""
    checked = []
    take_stock = Household._take_stock

    def checked_take_stock(self, income):
        assert income == self.income()
        assert self.minimum_income == self.income_against_norm()  # what the norm is measured against
        checked.append(1)
        return take_stock(self, income)

    monkeypatch.setattr(Household, "_take_stock", checked_take_stock)
    model = small_model(name, households=150, seed=4)
    model.run(30)
    assert len(checked) == 150 * 30


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
