"""Sweeps: a tidy dataset, common random numbers across arms, resuming without redoing or losing runs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import experiments.sweep as sweep_module
from experiments.sweep import PartStore, SweepError, grid_arms, parse_values, plan, run_plan, sweep
from simulation.loader import ScenarioError

GRID = {"organisation.ask_once": [False, True], "organisation.case_managers.caseload": [10, 40]}
SMALL = {"seeds": 2, "households": 30, "weeks": 8, "workers": 1}


@pytest.fixture(scope="module")
def reference():
    return sweep("integral", GRID, **SMALL)


def test_tidy_columns_and_rows(reference):
    weekly, homes = reference
    ids = ["run", "arm", "scenario", "seed", *GRID]
    assert list(weekly.columns[: len(ids)]) == ids and list(homes.columns[: len(ids)]) == ids
    assert len(weekly) == 4 * 2 * 8 and len(homes) == 4 * 2 * 30
    assert weekly.groupby("run").size().eq(8).all() and homes.groupby("run").size().eq(30).all()
    arms = homes.groupby("arm")[list(GRID)].first()
    assert arms.to_dict("records") == grid_arms(GRID)
    assert homes["organisation.case_managers.caseload"].dtype.kind == "i"


def test_common_random_numbers_across_arms(reference):
    """Every arm meets the same households on the same seed; the arms differ in what happens to them."""
    _, homes = reference
    for _seed, same_seed in homes.groupby("seed"):
        start = {
            arm: df[["household", "type", "start_debt"]].reset_index(drop=True) for arm, df in same_seed.groupby("arm")
        }
        first = next(iter(start.values()))
        for df in start.values():
            pd.testing.assert_frame_equal(df, first, check_exact=True)
    per_arm = homes.groupby("arm").paperwork_hours.mean()
    assert per_arm.nunique() > 1


def test_folder_output_equals_memory_and_manifest_names_the_sweep(reference, tmp_path):
    weekly, homes = sweep("integral", GRID, out=tmp_path, **SMALL)
    pd.testing.assert_frame_equal(weekly, reference[0], check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "households.parquet"), reference[1], check_exact=True)
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert man["sweep"]["seeds"] == [0, 1] and man["sweep"]["keys"] == list(GRID)
    assert len(man["sweep"]["scenario"]["hash"]) == 16 and "mesa" in man["versions"]
    assert man["sweep"]["arms"]["arm1"]["overrides"] == {
        "organisation.ask_once": False,
        "organisation.case_managers.caseload": 40,
    }
    assert len({a["hash"] for a in man["sweep"]["arms"].values()}) == 4
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == sorted(man["runs"])


def test_interrupted_sweep_resumes_without_redoing_or_losing_runs(reference, tmp_path, monkeypatch):
    saved = []
    real_save = PartStore.save

    def save_then_die(self, job, result):
        if len(saved) == 3:
            raise KeyboardInterrupt
        real_save(self, job, result)
        saved.append(job.extra["run"])

    monkeypatch.setattr(PartStore, "save", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        sweep("integral", GRID, out=tmp_path, **SMALL)
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == sorted(saved)
    monkeypatch.setattr(PartStore, "save", real_save)

    ran = []
    real_run_each = sweep_module.run_each
    monkeypatch.setattr(
        sweep_module,
        "run_each",
        lambda jobs, *a, **k: (ran.extend(j.extra["run"] for j in jobs), real_run_each(jobs, *a, **k)),
    )
    weekly, homes = sweep("integral", GRID, out=tmp_path, **SMALL)
    assert len(ran) == 8 - 3 and not set(ran) & set(saved)
    pd.testing.assert_frame_equal(weekly, reference[0], check_exact=True)
    pd.testing.assert_frame_equal(homes, reference[1], check_exact=True)

    ran.clear()  # a finished sweep started again runs nothing
    sweep("integral", GRID, out=tmp_path, **SMALL)
    assert ran == []


def test_a_part_that_does_not_match_its_manifest_entry_is_run_again(tmp_path):
    p = plan("siloed", [{}], seeds=[3], households=20, weeks=4)
    run_plan(p, tmp_path, workers=1)
    marker = tmp_path / "parts" / "arm0-s3" / "run.json"
    marker.write_text(json.dumps({"arm": "arm0", "seed": 99, "hash": "x"}))
    assert not PartStore(tmp_path, p).done(p.jobs[0])
    run_plan(p, tmp_path, workers=1)
    assert json.loads(marker.read_text())["seed"] == 3


def test_a_folder_with_another_sweep_is_refused(tmp_path):
    sweep("siloed", {"organisation.discretion": [0.0, 0.2]}, seeds=1, households=20, weeks=4, workers=1, out=tmp_path)
    with pytest.raises(SweepError, match="holds a different sweep"):
        sweep(
            "siloed", {"organisation.discretion": [0.0, 0.3]}, seeds=1, households=20, weeks=4, workers=1, out=tmp_path
        )
    with pytest.raises(SweepError, match="holds a different sweep"):
        sweep(
            "siloed", {"organisation.discretion": [0.0, 0.2]}, seeds=2, households=20, weeks=4, workers=1, out=tmp_path
        )
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(SweepError, match="holds no sweep manifest"):
        sweep("siloed", seeds=1, households=20, weeks=4, workers=1, out=other)


def test_parse_values():
    assert parse_values("k", "0.1,0.5, 1") == [0.1, 0.5, 1]
    assert parse_values("k", "true,false") == [True, False]
    assert parse_values("k", "[1, 2],[3, 4]") == [[1, 2], [3, 4]]
    with pytest.raises(SweepError, match="k: no values after '='"):
        parse_values("k", " ")
    with pytest.raises(SweepError, match="an empty value"):
        parse_values("k", "1,,2")


def test_bad_keys_and_values_name_the_key():
    with pytest.raises(ScenarioError, match="unknown key path 'organisation.nope'"):
        plan("siloed", grid_arms({"organisation.nope": [1, 2]}), seeds=1)
    with pytest.raises(ScenarioError, match=r"organisation\.discretion: Input should be a valid number"):
        plan("siloed", grid_arms({"organisation.discretion": [0.1, "lots"]}), seeds=1)
    with pytest.raises(ScenarioError, match=r"organisation\.case_managers\.caseload: Input should be a valid integer"):
        plan("siloed", grid_arms({"organisation.case_managers.caseload": [2.5]}), seeds=1)
    with pytest.raises(SweepError, match="non-empty list"):
        grid_arms({"organisation.discretion": []})
    with pytest.raises(SweepError, match="seeds must be different whole numbers"):
        plan("siloed", [{}], seeds=[1, 1])
    with pytest.raises(SweepError, match="'households' is swept"):
        plan("siloed", grid_arms({"households": [10, 20]}), seeds=1, households=30)


def test_the_package_exposes_the_sweep_function():
    from experiments import sweep as from_package

    weekly, homes = from_package(
        "siloed", {"organisation.discretion": [0.0]}, seeds=[5], households=10, weeks=2, workers=1
    )
    assert set(weekly.seed) == {5} and len(homes) == 10
