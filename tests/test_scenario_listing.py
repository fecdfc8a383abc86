"""How the bundled scenarios are listed comes from their files' ``listing:`` blocks
(simulation.listing), not from Python: a copy of the scenarios with renamed ids, other colours and
another order is listed, ordered, coloured, labelled and paired as its files say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulation import listing, loader
from simulation.loader import ScenarioError, load_scenario, scenario_hash

ROOT = Path(__file__).resolve().parent.parent
RENAMED = {"siloed": "today", "integral": "together"}


def copy_scenarios(folder: Path) -> Path:
    """The bundled scenarios in ``folder``: siloed -> today, integral -> together, order swapped,
    colours changed; the city and its calibration as they are."""
    for path in (ROOT / "scenarios").glob("*.yaml"):
        if path.stem not in RENAMED:
            shutil.copy(path, folder / path.name)
    swap = {"order: 1": "order: 2", "order: 2": "order: 1", "#c0392b": "#111111", "#2471a3": "#222222"}
    for old, new in RENAMED.items():
        text = (ROOT / "scenarios" / f"{old}.yaml").read_text("utf-8")
        text = re.sub(r"order: [12]|#c0392b|#2471a3", lambda m: swap[m.group(0)], text)
        text = re.sub(r"\b(siloed|integral)\b(?!\.yaml)", lambda m: RENAMED[m.group(1)], text)
        (folder / f"{new}.yaml").write_text(text, "utf-8")
    return folder


@pytest.fixture
def renamed(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(loader, "SCENARIO_DIR", copy_scenarios(tmp_path))
    return tmp_path


def test_the_bundled_listing_is_todays():
    assert listing.scenario_order()[:2] == ["siloed", "integral"]
    assert listing.baseline_scenario() == "siloed"
    assert listing.comparison() == ("siloed", "integral")
    assert listing.compared_with("integral") == "siloed"
    assert listing.listing_of("siloed").colour == "#c0392b" and listing.listing_of("integral").colour == "#2471a3"


def test_renamed_scenarios_are_listed_coloured_labelled_and_paired_by_their_files(renamed):
    from game.play import other_scenario, scenario_names
    from reports.compare_report import arm_colours
    from reports.labels import label
    from reports.scenario_style import scenario_colour, scenario_sort_key

    (renamed / "mytown.yaml").write_text("extends: today.yaml\nname: mytown\n", "utf-8")
    assert scenario_names() == ["together", "today", "mytown"]  # the files' order, then by name
    assert listing.baseline_scenario() == "today"  # role: baseline, whatever its place
    assert listing.comparison() == ("today", "together")
    assert other_scenario("together") == "today" and other_scenario("today") == "together"
    assert other_scenario("mytown") == "together"  # no listing: the first other scenario
    assert (scenario_colour("today"), scenario_colour("together")) == ("#111111", "#222222")
    assert arm_colours() == ("#111111", "#222222")
    assert scenario_colour("mytown") not in ("#111111", "#222222")
    assert sorted(["mytown", "today", "together"], key=scenario_sort_key) == ["together", "today", "mytown"]
    assert (label("today", "nl"), label("together", "en")) == ("Kokers", "Integral")
    assert label("mytown") == "mytown"
    # the listing describes its own file: a scenario that extends a listed one is not listed with it
    assert listing.listing_of("mytown") is None and load_scenario("mytown").listing is None
    assert load_scenario("today").listing.role == "baseline"


def test_the_listing_is_no_rule_of_the_world(renamed):
    """Colours and places do not change a scenario's hash, so saves stay resumable."""
    today = load_scenario("today")
    assert scenario_hash(today) == scenario_hash(today.model_copy(update={"listing": None}))


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("order: 1", "order: 2", "give each listed scenario its own place"),
        ('"#222222"', '"red"', "listing.colour"),
        ("compare_with: today", "compare_with: tomorrow", "unknown scenario 'tomorrow'"),
        ("role: alternative", "role: baseline", "'baseline' is held by today, together"),
        ("role: alternative", "role: main", "listing.role"),
    ],
)
def test_a_wrong_listing_is_refused_with_its_file_and_key(renamed, old, new, needle):
    path = renamed / "together.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(ScenarioError, match=re.escape(needle)):
        listing.scenario_order()


def test_validate_and_play_say_what_is_wrong_with_a_listing(renamed):
    from typer.testing import CliRunner

    from loket.cli import app

    path = renamed / "together.yaml"
    path.write_text(path.read_text("utf-8").replace("compare_with: today", "compare_with: tomorrow"), "utf-8")
    for args in (["validate", "together"], ["play", "--lang", "xx"]):  # the listing is checked first
        r = CliRunner().invoke(app, args, env={"SDL_VIDEODRIVER": "dummy"})
        assert r.exit_code == 2 and "unknown scenario 'tomorrow'" in r.output, (args, r.output)
        assert "Traceback" not in r.output
