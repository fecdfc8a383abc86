"""Scenario files: the bundled ones are valid and differ only in organisation; broken ones
give a message that names the file, the key path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.loader import ScenarioError, bundled_names, load_scenario, read_tree, resolve_path

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def test_bundled_scenarios_load():
    assert {"siloed", "integral"} <= set(bundled_names())
    for name in bundled_names():
        sc = load_scenario(name)
        assert sc.counters and sc.schemes and sc.personas


def test_siloed_and_integral_differ_only_in_how_help_is_organised():
    a = read_tree(resolve_path("siloed"))
    b = read_tree(resolve_path("integral"))
    differing = {k for k in set(a) | set(b) if a.get(k) != b.get(k)}
    assert differing == {"name", "title", "description", "listing", "organisation"}


def test_at_least_six_personas_with_both_languages():
    sc = load_scenario("siloed")
    assert len(sc.personas) >= 6
    for p in sc.personas.values():
        assert p.story.nl and p.story.en


def test_persona_bsns_pass_the_elfproef_and_a_wrong_one_is_refused(tmp_path):
    from simulation.answers import elfproef

    for p in load_scenario("siloed").personas.values():
        assert elfproef(p.facts["bsn"]), p.name
    with pytest.raises(ScenarioError, match=r"personas\.samira\.facts.*elfproef"):
        load_scenario("siloed", {"personas.samira.facts.bsn": "204518733"})


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, "utf-8")
    for dep in ("city.yaml",):
        (tmp_path / dep).write_text((SCENARIOS / dep).read_text("utf-8"), "utf-8")
    return p


def test_wrong_type_names_file_key_path_and_expectation(tmp_path):
    p = write(tmp_path, "extends: city.yaml\nname: mine\norganisation:\n  case_managers: {per_1000: lots}\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(p)
    msg = str(err.value)
    assert str(p) in msg
    assert "organisation.case_managers.per_1000" in msg
    assert "valid number" in msg and "lots" in msg


def test_the_old_absolute_staff_hours_key_says_what_replaced_it(tmp_path):
    p = write(tmp_path, "extends: city.yaml\nname: mine\ncounters:\n  schuldhulp:\n    staff_hours: 30\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(p)
    msg = str(err.value)
    assert "counters.schuldhulp" in msg and "staff_hours_per_1000" in msg and "1,000 households" in msg


def test_unknown_key_is_refused(tmp_path):
    p = write(tmp_path, "extends: city.yaml\nname: mine\norganisation:\n  ask_twice: true\n")
    with pytest.raises(ScenarioError, match=r"organisation\.ask_twice"):
        load_scenario(p)


def test_broken_yaml_names_the_line(tmp_path):
    p = write(tmp_path, "name: x\n  bad: [\n")
    with pytest.raises(ScenarioError, match=r"line 2"):
        load_scenario(p)


def test_reference_to_unknown_document_is_refused(tmp_path):
    tree = yaml.safe_load((SCENARIOS / "city.yaml").read_text("utf-8"))
    tree["schemes"]["huurtoeslag"]["documents"].append("paspoort_van_de_kat")
    p = tmp_path / "ref.yaml"
    p.write_text(yaml.safe_dump(tree, allow_unicode=True), "utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(p)
    assert "paspoort_van_de_kat" in str(err.value) and "schemes.huurtoeslag.documents" in str(err.value)


def test_empty_population_is_refused_with_its_key_path(tmp_path):
    from typer.testing import CliRunner

    from loket.cli import app

    tree = yaml.safe_load((SCENARIOS / "city.yaml").read_text("utf-8"))
    tree["population"] = {}  # the personas' types now point nowhere: only the cause is reported
    p = tmp_path / "empty.yaml"
    p.write_text(yaml.safe_dump(tree, allow_unicode=True), "utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(p)
    message = str(err.value)
    assert "population: needs at least one household type" in message and "personas" not in message
    r = CliRunner().invoke(app, ["validate", str(p)], terminal_width=400)
    assert r.exit_code == 2 and "population: needs at least one household type" in r.output, r.output
    assert r.output.count("\n") == 1 and "Traceback" not in r.output


def test_missing_file_lists_bundled_names():
    with pytest.raises(ScenarioError, match="siloed"):
        load_scenario("no_such_scenario")


def test_extends_loop_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", "utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", "utf-8")
    with pytest.raises(ScenarioError, match="loops"):
        load_scenario(tmp_path / "a.yaml")


@settings(max_examples=30, deadline=None)
@given(
    value=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-5, max_value=5),
        st.text(max_size=6),
        st.booleans(),
        st.none(),
    )
)
def test_any_override_value_is_either_accepted_or_explained(value):
    """Whatever a user types for a setting, the loader validates it or says why not; it never crashes."""
    try:
        sc = load_scenario("siloed", {"organisation.strictness_factor": value})
    except ScenarioError as exc:
        assert "organisation.strictness_factor" in str(exc)
    else:
        assert 0 <= sc.organisation.strictness_factor


POSTERIOR_HEAD = "kind: loketdoolhof calibration posterior\n"


def test_a_calibration_file_sets_the_calibrated_values(tmp_path):
    (tmp_path / "post.yaml").write_text(POSTERIOR_HEAD + "point:\n  behaviour.shame_scale: 2.5\n", "utf-8")
    p = write(tmp_path, "extends: city.yaml\nname: mine\ncalibration: post.yaml\n")
    assert load_scenario(p).behaviour.shame_scale == 2.5
    # a --set still wins over the calibration
    assert load_scenario(p, {"behaviour.shame_scale": 1.0}).behaviour.shame_scale == 1.0


@pytest.mark.parametrize(
    "body, expected",
    [
        ("kind: something else\npoint: {behaviour.shame_scale: 2}\n", "not a calibration posterior"),
        (POSTERIOR_HEAD + "point:\n  behaviour.shame_sclae: 2\n", "behaviour.shame_sclae"),
        (POSTERIOR_HEAD + "point:\n  behaviour.shame_scale: lots\n", "expected a number"),
    ],
)
def test_a_broken_calibration_file_is_named_with_what_is_wrong(tmp_path, body, expected):
    (tmp_path / "post.yaml").write_text(body, "utf-8")
    p = write(tmp_path, "extends: city.yaml\nname: mine\ncalibration: post.yaml\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(p)
    assert "post.yaml" in str(err.value) and expected in str(err.value)


def test_a_missing_calibration_file_is_named(tmp_path):
    p = write(tmp_path, "extends: city.yaml\nname: mine\ncalibration: nowhere.yaml\n")
    with pytest.raises(ScenarioError, match="calibration: nowhere.yaml"):
        load_scenario(p)
