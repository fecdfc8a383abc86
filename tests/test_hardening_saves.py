"""Issue #12: save files are named safely and a save that cannot be loaded never crashes the game."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stub_app import StubApp

from player import PlayerSession


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LOKET_DB", raising=False)
    return tmp_path / "home"


@pytest.mark.parametrize(
    ("scenario", "persona"),
    [
        ("siloed", "../../../escaped"),
        ("some/path/city.yaml", "samira"),
        ("/abs/x.yaml", "a/b\\c"),
        ("siloed", "\u00e9\u00e9n \u2603"),
        ("..", ".."),
    ],
)
def test_save_names_stay_in_the_saves_folder(home, scenario, persona):
    from game.play import autosave_path
    from userfiles.paths import saves_dir

    path = autosave_path(scenario, persona)
    assert path.parent == saves_dir() and path.suffix == ".json"
    assert set(path.stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert autosave_path(scenario, persona + "x").name != path.name  # the hash tells them apart


def test_a_game_of_a_scenario_path_is_found_by_resume(home, tmp_path):
    from game.play import autosave_path, latest_unfinished

    mine = tmp_path / "sub" / "mine.yaml"
    mine.parent.mkdir()
    mine.write_text("extends: siloed.yaml\n")
    s = PlayerSession.new(str(mine), "samira", households=20, weeks=3, autosave=autosave_path(str(mine), "samira"))
    s.end_week()
    assert latest_unfinished() == s.autosave


def broken_save(home: Path) -> Path:
    """A save that parses (and peeks as unfinished) but does not load: its persona is unknown."""
    from game.play import autosave_path

    s = PlayerSession.new("siloed", "samira", households=20, weeks=3, autosave=autosave_path("siloed", "samira"))
    data = json.loads(s.autosave.read_text("utf-8"))
    data["meta"]["persona"] = "nobody"
    s.autosave.write_text(json.dumps(data), "utf-8")
    return s.autosave


def test_resume_of_a_save_that_does_not_load_starts_the_title_screen(home, monkeypatch, capsys):
    from game import app as app_module
    from game.play import latest_unfinished

    path = broken_save(home)
    assert latest_unfinished() == path
    shown = []
    monkeypatch.setattr(app_module.App, "run", lambda self: shown.append(type(self.top).__name__))
    assert app_module.main(lang="en", start="resume") == 0
    assert shown == ["TitleScreen"]
    assert not path.exists() and path.with_suffix(".broken").exists()
    err = capsys.readouterr().err
    assert "was saved" not in err and "could not load" in err


def test_a_save_with_absurd_sizes_is_set_aside_at_once(home):
    """Found by the save property test: a save edited to a huge neighbourhood hung --resume."""
    import time

    from game.play import autosave_path, load_session

    s = PlayerSession.new("siloed", "samira", households=20, weeks=3, autosave=autosave_path("siloed", "samira"))
    data = json.loads(s.autosave.read_text("utf-8"))
    data["meta"]["households"] = 10**12
    s.autosave.write_text(json.dumps(data), "utf-8")
    app = StubApp()
    start = time.monotonic()
    assert load_session(app, s.autosave) is None
    assert time.monotonic() - start < 10 and not app.message[0]
    assert s.autosave.with_suffix(".broken").exists()
