"""The household step computes some values once and hands them on (for speed).  These tests
check, every household-week, that a value handed on equals what the plain accessor gives."""

from __future__ import annotations

import pytest

from simulation.household import Household


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_income_from_money_is_income(small_model, monkeypatch, name):
    """``_money`` returns the week's income; nothing later in the step may change it."""
    checked = []
    plain = Household._update_needs

    def update_needs(self, income, *args):
        assert income == self.income()
        checked.append(1)
        return plain(self, income, *args)

    monkeypatch.setattr(Household, "_update_needs", update_needs)
    model = small_model(name, households=150, seed=4)
    model.run(30)
    assert len(checked) == 150 * 30
