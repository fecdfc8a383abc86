"""The calibration's point estimate (experiments/calibration_point.py) on the toy task: the best of
the closest final particles run again, chosen on the calibration patterns alone, the same on any
number of workers, stored so that a restart runs nothing again, and written to posterior.yaml."""

from __future__ import annotations

import dataclasses

import pytest
from abc_toy import TARGETS, toy_spec

from experiments.calibration import calibrate, distance
from experiments.calibration_config import Target
from experiments.calibration_output import load_posterior, posterior_data, write
from experiments.calibration_point import POINT_DIR, choose_point, weighted_median
from simulation.scenario_file import read_yaml


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration")
    return calibrate(toy_spec(generations=4, point_top=6, point_seeds=3), out, workers=1), out


def test_the_point_is_the_closest_particle_when_run_again(result, tmp_path):
    res, _ = result
    choice = choose_point(res, tmp_path, workers=1)
    final = res.final.particles
    closest = sorted(range(len(final)), key=lambda i: (final[i].distance, i))[:6]
    assert sorted(r["particle"] for r in choice.rows) == sorted(closest)
    again = [r["distance"] for r in choice.rows]
    assert again == sorted(again) and choice.particle == choice.rows[0]["particle"]
    assert choice.params == final[choice.particle].params
    assert again[0] == pytest.approx(distance(choice.rows[0]["values"], TARGETS))
    assert len(choice.seeds) == 3 and len(set(choice.seeds)) == 3
    # the fresh seeds are not the particle's own: its values differ from the calibration's
    assert any(r["distance"] != r["calibration_distance"] for r in choice.rows)
    assert 0.27 < choice.params["toy.a"] < 0.43 and 10**-0.03 < choice.params["toy.b"] < 10**0.23


def test_the_choice_does_not_depend_on_workers_and_a_restart_runs_nothing(result, tmp_path):
    res, _ = result
    one = choose_point(res, tmp_path / "one", workers=1)
    two = choose_point(res, tmp_path / "two", workers=2)
    assert one.rows == two.rows and one.params == two.params
    log = tmp_path / "one" / POINT_DIR / "evaluations.jsonl"
    lines = log.read_text().splitlines()
    assert len(lines) == 6 * 3
    assert choose_point(res, tmp_path / "one", workers=1).rows == one.rows
    assert log.read_text().splitlines() == lines


def test_hold_out_patterns_never_choose(result, tmp_path):
    """Moving a hold-out pattern's range (so that every particle misses it) changes nothing."""
    res, _ = result
    moved = [dataclasses.replace(t, low=50.0, high=60.0) if t.use == "hold_out" else t for t in TARGETS]
    assert all(isinstance(t, Target) for t in moved)
    other = dataclasses.replace(res, spec=dataclasses.replace(res.spec, targets=moved))
    a = choose_point(res, tmp_path / "a", workers=1)
    b = choose_point(other, tmp_path / "b", workers=1)
    assert [r["particle"] for r in a.rows] == [r["particle"] for r in b.rows] and a.params == b.params
    assert [r["distance"] for r in a.rows] == [r["distance"] for r in b.rows]
    # ...while moving a calibration pattern's range does change the distances
    shifted = [dataclasses.replace(t, low=t.low + 0.05, high=t.high + 0.05) if t.id == "level" else t for t in TARGETS]
    c = choose_point(
        dataclasses.replace(res, spec=dataclasses.replace(res.spec, targets=shifted)), tmp_path / "c", workers=1
    )
    assert [r["distance"] for r in c.rows] != [r["distance"] for r in a.rows]


def test_point_top_zero_keeps_the_weighted_median(result, tmp_path):
    res, _ = result
    median_spec = dataclasses.replace(res.spec, settings=res.spec.settings.model_copy(update={"point_top": 0}))
    choice = choose_point(dataclasses.replace(res, spec=median_spec), tmp_path, workers=1)
    assert choice.params == weighted_median(res) and choice.particle is None and choice.rows == []
    assert not (tmp_path / POINT_DIR).exists()
    assert posterior_data(res)["point"] == weighted_median(res)


def test_the_posterior_file_carries_the_choice(result, tmp_path):
    res, _ = result
    choice = choose_point(res, tmp_path, workers=1)
    write(res, tmp_path, choice)
    post = load_posterior(tmp_path / "posterior.yaml")
    assert post.point == choice.params and post.median == weighted_median(res)
    assert (
        post.point_choice["particle"] == choice.particle and "6 closest final particles" in post.point_choice["method"]
    )
    assert [r["particle"] for r in post.point_choice["candidates"]] == [r["particle"] for r in choice.rows]
    read_yaml(tmp_path / "posterior.yaml")  # a scenario can name it: every number within the scenario limits
