"""Sensitivity analysis: parameters checked against the schema, integer keys get integers, indices per outcome."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.sensitivity import (
    SensitivityError,
    analyse,
    arms_of,
    check_outcomes,
    make_param,
    parse_param,
    run_outcomes,
    schema_type,
)
from experiments.sweep import sweep
from simulation.loader import ScenarioError


def test_schema_type_follows_models_dicts_and_tuples():
    assert schema_type("organisation.case_managers.caseload") is int
    assert schema_type("organisation.discretion") is float
    assert schema_type("organisation.ask_once") is bool
    assert schema_type("counters.wijkteam.strictness") is float
    assert schema_type("population.single.children.1") is int
    assert schema_type("schemes.anything.duration_weeks") is int  # Optional[int]


def test_parameter_mistakes_are_named():
    with pytest.raises(SensitivityError, match="expects KEY.PATH=low:high"):
        parse_param("organisation.discretion=0.5")
    with pytest.raises(SensitivityError, match="must be numbers"):
        parse_param("organisation.discretion=a:b")
    with pytest.raises(SensitivityError, match="empty range 0.5:0.1"):
        make_param("siloed", "organisation.discretion", 0.5, 0.1)
    with pytest.raises(ScenarioError, match="unknown key path 'organisation.nope'.*known at this level"):
        make_param("siloed", "organisation.nope", 0, 1)
    with pytest.raises(SensitivityError, match="a bool setting"):
        make_param("siloed", "organisation.ask_once", 0, 1)
    with pytest.raises(SensitivityError, match="integer setting; expected whole numbers"):
        make_param("siloed", "organisation.case_managers.caseload", 1.5, 30)
    with pytest.raises(ScenarioError, match="organisation.discretion: Input should be less than or equal to 1"):
        make_param("siloed", "organisation.discretion", 0, 3)
    with pytest.raises(SensitivityError, match="unknown outcome"):
        check_outcomes(["happiness"])


def test_integer_keys_get_integer_values():
    params = [
        make_param("integral", "organisation.case_managers.caseload", 10, 40),
        make_param("integral", "organisation.discretion", 0, 0.6),
    ]
    arms = arms_of(np.array([[17.6, 0.25], [10.2, 0.5]]), params)
    assert arms == [
        {"organisation.case_managers.caseload": 18, "organisation.discretion": 0.25},
        {"organisation.case_managers.caseload": 10, "organisation.discretion": 0.5},
    ]
    assert all(type(a["organisation.case_managers.caseload"]) is int for a in arms)


def test_run_outcomes_summarise_each_run():
    weekly, homes = sweep("siloed", seeds=1, households=20, weeks=4, workers=1)
    got = run_outcomes(weekly, homes, ["paperwork_hours", "mean_debt", "public_cost"])
    assert got.loc["arm0-s0", "paperwork_hours"] == pytest.approx(homes.paperwork_hours.mean())
    assert got.loc["arm0-s0", "mean_debt"] == weekly.mean_debt.iloc[-1]
    assert got.loc["arm0-s0", "public_cost"] == pytest.approx(weekly.public_cost.sum() / 20)


@pytest.mark.parametrize("method,samples,rows", [("morris", 3, 3 * 3), ("sobol", 4, 4 * 4)])
def test_analyse_writes_index_table_samples_and_chart(tmp_path, method, samples, rows):
    params = [
        make_param("integral", "organisation.case_managers.caseload", 10, 40),
        make_param("integral", "organisation.discretion", 0, 0.6),
    ]
    res = analyse(
        "integral",
        params,
        method,
        samples=samples,
        seeds=1,
        households=30,
        weeks=6,
        outcomes=["paperwork_hours", "crises"],
        out=tmp_path,
        workers=1,
    )
    assert len(res.samples) == rows  # Morris: (k+1) x N points; Sobol without 2nd order: (k+2) x N
    assert list(res.table.outcome.unique()) == ["paperwork_hours", "crises"]
    assert list(res.table.parameter[:2]) == [p.key for p in params]
    for path in res.write(tmp_path):
        assert path.stat().st_size > 0
    assert pd.read_csv(tmp_path / "sensitivity.csv").shape[0] == 4
    homes = pd.read_parquet(tmp_path / "runs" / "households.parquet")
    assert homes["organisation.case_managers.caseload"].dtype.kind == "i"
    assert homes.groupby("arm").size().eq(30).all()
    if method == "morris":
        assert (res.table.mu_star >= 0).all() and res.table.mu_star.notna().all()
    with (
        pytest.raises(SensitivityError, match="power of 2")
        if method == "sobol"
        else pytest.raises(SensitivityError, match="at least 2")
    ):
        analyse(
            "integral",
            params,
            method,
            samples=3 if method == "sobol" else 1,
            seeds=1,
            households=10,
            weeks=2,
            workers=1,
        )
