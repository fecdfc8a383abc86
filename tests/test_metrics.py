"""Outcome measures: weekly aggregates and per-household outcomes tell the same story."""

from __future__ import annotations

import pytest

from experiments.runner import run
from simulation.metrics import FLOWS


@pytest.fixture(scope="module")
def result():
    return run("integral", seed=4, households=120, weeks=20)


def test_weekly_flows_add_up_to_household_totals(result):
    w, h = result.weekly, result.households
    for col in FLOWS:
        assert w[col].sum() == pytest.approx(h[col].sum(), rel=1e-9, abs=1e-9), col


def test_public_cost_is_the_sum_of_its_parts(result):
    w = result.weekly
    parts = w[
        [
            "cost_staff",
            "cost_case_managers",
            "cost_breakthrough",
            "cost_outreach",
            "benefits",
            "custom_budget",
            "crisis_costs",
        ]
    ]
    assert (parts.sum(axis=1) - w.public_cost).abs().max() < 1e-6
    assert (w.public_cost > 0).all()


def test_household_outcomes_are_in_range(result):
    h = result.households
    assert len(h) == 120
    # take-up is defined only for households entitled to something
    assert (h.takeup.isna() == (h.eligible_schemes == 0)).all()
    assert h.takeup.dropna().between(0, 1).all()
    assert h.trust.between(0, 1).all() and h.stress.between(0, 1).all()
    assert (h.final_debt >= 0).all()
    assert h.crises.equals(h[[c for c in h.columns if c.startswith("crisis_")]].sum(axis=1))
    assert h.paperwork_hours.sum() > 0 and h.visits.sum() > 0
