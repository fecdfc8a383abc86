"""Calibration by ABC-SMC on a toy task (tests/abc_toy.py): it finds the true region, is the
same on any number of workers, resumes to the same particles, and its settings file is checked."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from abc_toy import PRIORS, TARGETS, toy_spec

from experiments.calibration import NAN_PENALTY, calibrate, distance, pattern_distance, seed_mean, weighted_quantile
from experiments.calibration_config import CONFIG_PATH, CalibrationError, Target, load_config, targets_of
from experiments.calibration_output import install_posterior, load_posterior, particles_table, write

REPO = Path(__file__).resolve().parent.parent


class Stop(Exception):
    pass


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """An uninterrupted calibration in this process: 8 generations of 40 particles."""
    out = tmp_path_factory.mktemp("reference")
    return calibrate(toy_spec(generations=8), out, workers=1), out


def test_distance_on_hand_made_cases():
    t = Target("x", 10.0, 20.0)
    assert pattern_distance(15.0, t) == 0.0 and pattern_distance(10.0, t) == 0.0 and pattern_distance(20.0, t) == 0.0
    assert pattern_distance(5.0, t) == 0.5 and pattern_distance(40.0, t) == 2.0
    assert pattern_distance(math.nan, t) == NAN_PENALTY == pattern_distance(None, t)
    assert pattern_distance(math.inf, t) == NAN_PENALTY
    targets = [Target("x", 10.0, 20.0), Target("y", 0.0, 1.0), Target("z", 0.0, 1.0, "hold_out")]
    assert distance({"x": 15.0, "y": 0.5, "z": 99.0}, targets) == 0.0  # hold-out patterns do not count
    assert distance({"x": 25.0, "y": -1.0}, targets) == pytest.approx(math.sqrt((0.5**2 + 1.0**2) / 2))
    assert distance({"x": 15.0}, targets) == pytest.approx(math.sqrt(NAN_PENALTY**2 / 2))  # y missing: NaN
    assert seed_mean([{"x": 1.0, "y": None}, {"x": 3.0, "y": 2.0}]) == {"x": 2.0, "y": 2.0}
    assert math.isnan(seed_mean([{"x": None}, {"x": math.nan}])["x"])
    assert weighted_quantile(np.array([3.0, 1.0, 2.0]), np.array([0.2, 0.5, 0.3]), 0.5) == 1.0
    assert weighted_quantile(np.array([3.0, 1.0, 2.0]), np.array([0.2, 0.5, 0.3]), 0.6) == 2.0
    with pytest.raises(CalibrationError, match="no pattern has use: calibrate"):
        distance({}, [Target("z", 0.0, 1.0, "hold_out")])


def test_abc_smc_concentrates_in_the_true_region(reference):
    res, out = reference
    tol = [g.tolerance for g in res.generations]
    assert tol[0] == math.inf and all(b <= a for a, b in zip(tol[1:], tol[2:])) and tol[-1] < tol[1] / 3
    final = particles_table(res).query("generation == 7")
    w = final.weight.to_numpy()
    assert len(final) == 40 and w.sum() == pytest.approx(1.0)
    near = final["toy.a"].between(0.27, 0.43) & final["toy.b"].between(10**-0.03, 10**0.23)  # + 3 noise sd
    assert w[near.to_numpy()].sum() > 0.9
    prior_share = 0.1 * 0.2 / 2  # the true region's prior probability
    assert w[near.to_numpy()].sum() > 20 * prior_share
    files = write(res, out)
    post = load_posterior(out / "posterior.yaml")
    assert 0.28 < post.point["toy.a"] < 0.42 and 0.9 < post.point["toy.b"] < 1.7
    assert len(post.particles) == 40 and post.cost["runs"] == sum(g.runs for g in res.generations)
    by_id = {p.id: p for p in post.patterns}
    assert by_id["double"].use == "hold_out" and by_id["double"].share_inside > 0.8  # 2a: held out, still fits
    gens = pd.read_csv(out / "generations.csv")
    assert list(gens.columns[:4]) == ["generation", "tolerance", "accepted", "candidates"]
    assert (gens.runs > 0).all() and (gens.cpu_seconds >= 0).all() and (gens.wall_seconds > 0).all()
    assert pd.read_parquet(files[0]).equals(particles_table(res))
    dest = install_posterior(out / "posterior.yaml", out / "installed" / "calibration.yaml")
    assert load_posterior(dest).point == post.point
    (out / "broken.yaml").write_text("kind: something else\n")
    with pytest.raises(CalibrationError, match="not a calibration posterior"):
        load_posterior(out / "broken.yaml")


def test_the_posterior_table_says_what_each_pattern_is_used_for_in_the_chosen_language(reference):
    from rich.console import Console

    from loket.commands_calibrate import fit_table

    shown = {}
    for lang in ("nl", "en"):
        console = Console(width=200, record=True)
        console.print(fit_table(reference[0], lang))
        shown[lang] = console.export_text()
    assert "niveau (kalibratie)" in shown["nl"] and "dubbel (toetsing)" in shown["nl"]
    assert "level (calibration)" in shown["en"] and "double (hold-out)" in shown["en"]
    assert not any(raw in text for text in shown.values() for raw in ("(calibrate)", "(hold_out)"))


def test_workers_do_not_change_the_particles(reference, tmp_path):
    res, _ = reference
    two = calibrate(toy_spec(generations=3), tmp_path, workers=2)  # the first 3 generations of the 8
    pd.testing.assert_frame_equal(particles_table(two), particles_table(res).query("generation < 3"), check_exact=True)


def test_an_interrupted_calibration_resumes_to_the_same_particles_whatever_the_batch_size(reference, tmp_path):
    res, _ = reference
    seen = []

    def stop_after_400(record):
        seen.append(record)
        if len(seen) == 400:
            raise Stop

    with pytest.raises(Stop):
        calibrate(toy_spec(generations=8), tmp_path, workers=1, batch=5, on_evaluation=stop_after_400)
    log = tmp_path / "evaluations.jsonl"
    assert len(log.read_text().splitlines()) == 400
    with open(log, "a") as fh:
        fh.write('{"generation": 2, "candid')  # a line cut short by a kill
    again = []
    resumed = calibrate(toy_spec(generations=8), tmp_path, workers=1, on_evaluation=again.append)
    pd.testing.assert_frame_equal(particles_table(resumed), particles_table(res), check_exact=True)
    assert {(r["generation"], r["candidate"], r["replicate"]) for r in again}.isdisjoint(
        {(r["generation"], r["candidate"], r["replicate"]) for r in seen}
    )
    more = calibrate(toy_spec(generations=9), tmp_path, workers=1)  # more generations: an extension
    pd.testing.assert_frame_equal(particles_table(more).query("generation < 8"), particles_table(res))
    with pytest.raises(CalibrationError, match="holds another calibration.*settings"):
        calibrate(toy_spec(generations=8, quantile=0.3), tmp_path, workers=1)
    stopped = calibrate(toy_spec(generations=3, max_candidates=45), tmp_path / "few", workers=1)
    assert len(stopped.generations) == 1 and "generation 1: fewer than 40 of 45 candidates" in stopped.stopped
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.txt").write_text("x")
    with pytest.raises(CalibrationError, match="not empty and holds no calibration"):
        calibrate(toy_spec(), tmp_path / "other", workers=1)


def test_the_bundled_settings_validate():
    config = load_config(CONFIG_PATH)
    assert len(config.parameters) >= 5 and all(p.why_free for p in config.parameters)
    assert {p.scale for p in config.parameters} <= {"linear", "log"}


@pytest.mark.parametrize(
    "entry,message",
    [
        (
            {"key": "behaviour.nope", "low": 0, "high": 1, "why_free": "x"},
            r"parameters.0 \(behaviour.nope\).*unknown key path 'behaviour.nope'",
        ),
        (
            {"key": "behaviour.stigma_chance", "low": 0.5, "high": 0.1, "why_free": "x"},
            r"parameters.0: expected low < high",
        ),
        (
            {"key": "behaviour.stigma_chance", "low": 0, "high": 1, "scale": "log", "why_free": "x"},
            r"parameters.0: a log scale needs low > 0",
        ),
        ({"key": "behaviour.stigma_chance", "low": 0.1, "high": 0.2}, r"parameters.0.why_free: Field required"),
        (
            {"key": "behaviour.stigma_chance", "low": 0.1, "high": 3, "why_free": "x"},
            r"parameters.0 \(behaviour.stigma_chance\).*behaviour.stigma_chance: "
            r"Input should be less than or equal to 1",
        ),
        ({"key": "organisation.ask_once", "low": 0, "high": 1, "why_free": "x"}, r"a bool setting"),
    ],
)
def test_a_broken_settings_file_names_the_key(tmp_path, entry, message):
    import yaml

    path = tmp_path / "calibration.yaml"
    path.write_text(yaml.safe_dump({"settings": {"scenario": "siloed"}, "parameters": [entry]}))
    with pytest.raises(CalibrationError, match=message) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_patterns_become_targets():
    class Label:
        nl, en = "Wanbetalers", "Defaulters"

    class Pattern:
        id, low, high, use, label = "defaulters", 0.1, 0.2, "calibrate", Label()

    assert targets_of([Pattern()]) == [
        Target("defaulters", 0.1, 0.2, "calibrate", {"nl": "Wanbetalers", "en": "Defaulters"})
    ]
    Pattern.use = "hold_out"
    with pytest.raises(CalibrationError, match="no pattern has use: calibrate"):
        targets_of([Pattern()])
    assert PRIORS[1].bounds == (-1.0, 1.0) and TARGETS[0].id == "level"


def test_cli_without_the_patterns_module_gives_one_line(tmp_path):
    from typer.testing import CliRunner

    from loket.cli import app

    try:
        import experiments.patterns  # noqa: F401
    except ImportError:
        loket = Path(sys.executable).parent / "loket"
        r = subprocess.run(
            [str(loket), "calibrate", "--out", str(tmp_path / "c")],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
        assert r.returncode == 2, r.stderr
        assert "experiments.patterns" in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    r = CliRunner().invoke(app, ["calibrate", "--config", str(tmp_path / "none.yaml")])
    assert r.exit_code == 2 and "cannot be read" in r.output


def test_loket_calibrate_on_the_model_with_a_stand_in_for_the_patterns(tmp_path, monkeypatch):
    import fake_patterns
    import yaml
    from typer.testing import CliRunner

    from loket.cli import app

    monkeypatch.setitem(sys.modules, "experiments.patterns", fake_patterns)
    config = tmp_path / "calibration.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "settings": {
                    "scenario": "siloed",
                    "households": 10,
                    "weeks": 2,
                    "burn_in": 1,
                    "seeds": 1,
                    "population": 3,
                    "generations": 2,
                    "screen_trajectories": 2,
                },
                "parameters": [
                    {"key": "behaviour.stress_from_debt", "low": 0.2, "high": 1.2, "scale": "log", "why_free": "test"},
                    {"key": "organisation.case_managers.caseload", "low": 10, "high": 40, "why_free": "an integer"},
                ],
            }
        )
    )
    out = tmp_path / "cal"
    args = ["calibrate", "--config", str(config), "--out", str(out), "--workers", "1", "--lang", "en"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "Mean stress (calibration)" in r.output and "behaviour.stress_from_debt" in r.output
    post = load_posterior(out / "posterior.yaml")
    assert post.scenario["name"] == "siloed" and len(post.particles) == 3 and post.generations == 2
    assert type(post.point["organisation.case_managers.caseload"]) is int
    runs = len((out / "evaluations.jsonl").read_text().splitlines())
    assert CliRunner().invoke(app, args).exit_code == 0  # started again: nothing is run again
    assert len((out / "evaluations.jsonl").read_text().splitlines()) == runs
    assert load_posterior(out / "posterior.yaml") == post
    r = CliRunner().invoke(app, [*args, "--population", "4"])
    assert r.exit_code == 2 and "holds another calibration (different settings)" in r.output
    r = CliRunner().invoke(app, [*args, "--screen"])
    assert r.exit_code == 0, r.output
    table = pd.read_csv(out / "screening" / "screening.csv")
    assert len(table) == 2 * 3 and {"mu_star", "sigma", "mu_star_scaled"} <= set(table.columns)
    assert set(pd.read_csv(out / "screening" / "ranking.csv").parameter) == {
        "behaviour.stress_from_debt",
        "organisation.case_managers.caseload",
    }
    r = CliRunner().invoke(app, [*args, "--screen", "--install"])
    assert r.exit_code == 2 and "leave it out with --screen" in r.output
