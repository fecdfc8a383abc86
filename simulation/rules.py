"""Named predicates that scenario rules refer to (``predicate: stable_income_weeks``).

Rules are data: a scenario names a predicate and a value.  This module holds
only the mechanisms that read a household's state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .household import Household

Predicate = Callable[["Household", float], bool]


def _has_fixed_address(h: Household, _: float) -> bool:
    return not h.homeless


def _stable_income_weeks(h: Household, weeks: float) -> bool:
    return h.model.week - h.income_changed_week >= weeks


def _income_below_norm(h: Household, factor: float) -> bool:
    return h.own_income() < h.norm() * (factor or 1.0)


def _rent_arrears_at_most(h: Household, euro: float) -> bool:
    d = h.debts.get(h.model.creditor_for["rent"])
    return d is None or d.amount <= euro


def _energy_arrears_above(h: Household, euro: float) -> bool:
    d = h.debts.get(h.model.creditor_for["energy"])
    return d is not None and d.amount > euro


def _rent_arrears_above(h: Household, euro: float) -> bool:
    return not _rent_arrears_at_most(h, euro)


def _has_children(h: Household, _: float) -> bool:
    return h.children > 0


def _has_care_need(h: Household, _: float) -> bool:
    return h.care_need and not h.care_relieved


def _has_youth_need(h: Household, _: float) -> bool:
    return h.youth_need and not h.youth_relieved


def _job_lost_within(h: Household, weeks: float) -> bool:
    return h.job_lost_week is not None and h.model.week - h.job_lost_week <= weeks


def _total_debt_above(h: Household, euro: float) -> bool:
    return h.total_debt() > euro


def _no_eviction_procedure(h: Household, _: float) -> bool:
    d = h.debts.get(h.model.creditor_for["rent"])
    return d is None or d.procedure_week is None


def _no_new_debts_weeks(h: Household, weeks: float) -> bool:
    return h.model.week - h.last_new_debt_week >= weeks


PREDICATES: dict[str, Predicate] = {
    "has_fixed_address": _has_fixed_address,
    "stable_income_weeks": _stable_income_weeks,
    "income_below_norm": _income_below_norm,
    "rent_arrears_at_most": _rent_arrears_at_most,
    "rent_arrears_above": _rent_arrears_above,
    "energy_arrears_above": _energy_arrears_above,
    "has_children": _has_children,
    "has_care_need": _has_care_need,
    "has_youth_need": _has_youth_need,
    "job_lost_within": _job_lost_within,
    "total_debt_above": _total_debt_above,
    "no_eviction_procedure": _no_eviction_procedure,
    "no_new_debts_weeks": _no_new_debts_weeks,
}
