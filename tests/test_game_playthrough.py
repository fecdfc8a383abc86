"""A whole short game played through the real screens, in both scenarios, then the
debrief and the comparison: the numbers shown are the model's record of the player.

The "player" below only clicks buttons, clicks the map and types into form fields;
it reads the session only to decide what to click, the way a person reads the screen.
"""

from __future__ import annotations

import math
import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pygame_gui

import game  # noqa: F401
from game.tools import driver as d

WEEKS = 4
HOUSEHOLDS = 60


def fill_form(app, s) -> None:
    """Type the household's true facts into every open question; click yes/no answers; send."""
    d.answer_form(app, s)
    d.click(app, d.button(app, "form_send"))


def play_week(app, seen: dict) -> None:
    from game.forms import FormScreen
    from game.week import WeekScreen

    week = app.top
    assert isinstance(week, WeekScreen)
    s = week.session
    # the post
    if s.unread():
        d.click(app, d.button(app, "mail"))
        if "letter_open" in d.buttons(app):
            d.click(app, d.button(app, "letter_open"))
            seen["letters_read"] += 1
        d.click(app, d.button(app, "mail_back"))
    if d.button(app, "network").is_enabled:
        d.click(app, d.button(app, "network"))
    if "case_manager" in d.buttons(app):  # the first conversation (tell everything), then the plan
        d.click(app, d.button(app, "case_manager"))
        d.click(app, d.button(app, "talk_done"))
        d.click(app, d.button(app, "plan_back"))
    # go to a counter about a problem, found on the map
    problems = s.status().problems
    target = next((c for c in s.counters() if set(c.domains) & set(problems) and c.id not in seen["visited"]), None)
    if target is not None:
        d.mouse_click(app, week.map.building_rect(target.id).center)
        assert week.selected == target.id
        d.click(app, d.button(app, "visit"))
        seen["visited"].add(target.id)
        d.click(app, d.button(app, "back_overview"))
    # apply, fill in, fetch, hand in: as long as there is something to do and the buttons are there
    for _ in range(12):
        ids = d.buttons(app)
        nxt = (
            next((k for k in ids if k.startswith("form_")), None)
            or next((k for k in ids if k.startswith("doc_")), None)
            or next((k for k in ids if k.startswith("submit_")), None)
            or next((k for k in ids if k.startswith("apply_") and k not in seen["applied"]), None)
        )
        if nxt is None:
            break
        hours = s.status().hours_left
        d.click(app, d.button(app, nxt))
        if nxt.startswith("apply_"):
            seen["applied"].add(nxt)
        if isinstance(app.top, FormScreen):
            fill_form(app, s)
            seen["forms"] += 1
        assert isinstance(app.top, WeekScreen)
        if not app.message[0] and s.status().hours_left >= hours:
            break  # refused (no time left): on to the next week
    d.end_week(app)


def play_to_debrief(app, seen: dict):
    from game.debrief import DebriefScreen

    for _ in range(WEEKS):
        play_week(app, seen)
    assert isinstance(app.top, DebriefScreen)
    return app.top


def shown_texts(app) -> set[str]:
    return {el.text for el in app.manager.get_sprite_group().sprites() if isinstance(el, pygame_gui.elements.UILabel)}


def assert_debrief_is_the_model_record(app, debrief) -> None:
    from simulation.metrics import household_outcomes

    s = debrief.session
    record = next(r for r in household_outcomes(s.model) if r["household"] == s.household.hid)
    assert record == s.final_numbers()
    texts = shown_texts(app)
    compared = 0
    for row in debrief.rows:
        if row.key in record:
            assert math.isclose(row.values[0], float(record[row.key]), rel_tol=1e-9, abs_tol=1e-9), row.key
            compared += 1
        assert row.texts[0] in texts, f"{row.key}: {row.texts[0]} is on screen"
        assert any(t.rstrip("…") and row.label.startswith(t.rstrip("…")) for t in texts), f"{row.key} is named"
    assert compared >= 5


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    from game.app import App
    from game.title import TitleScreen

    a = App(lang="nl")
    a.push(TitleScreen(a))
    d.frames(a)
    yield a
    pygame.quit()


def test_play_both_scenarios_through_the_screens(app):
    from game.debrief import ComparisonScreen

    d.click(app, d.button(app, "title_new"))
    d.choose(app, "weeks", str(WEEKS))
    d.choose(app, "households", str(HOUSEHOLDS))
    d.click(app, d.button(app, "scenario_siloed"))
    d.click(app, d.button(app, "persona_samira"))
    d.click(app, d.button(app, "setup_start"))
    assert app.session.meta["weeks"] == WEEKS and app.session.meta["households"] == HOUSEHOLDS

    seen = {"visited": set(), "applied": set(), "forms": 0, "letters_read": 0}
    siloed = play_to_debrief(app, seen)
    assert siloed.session.finished and seen["forms"] >= 1 and seen["letters_read"] >= 1
    assert_debrief_is_the_model_record(app, siloed)
    assert siloed.session.final_numbers()["fields_supplied"] > 0

    d.click(app, d.button(app, "debrief_other"))
    assert app.session.meta["scenario"] == "integral" and app.session.meta["persona"] == "samira"
    seen = {"visited": set(), "applied": set(), "forms": 0, "letters_read": 0}
    integral = play_to_debrief(app, seen)
    assert_debrief_is_the_model_record(app, integral)
    assert set(app.plays) == {"siloed", "integral"}

    d.click(app, d.button(app, "debrief_compare"))
    assert isinstance(app.top, ComparisonScreen)
    texts = shown_texts(app)
    for row in app.top.rows:
        mine = [row.values[0], row.values[2]]  # "you" in siloed, "you" in integral
        expected = [app.plays[n].final_numbers().get(row.key) for n in ("siloed", "integral")]
        for got, want in zip(mine, expected):
            if want is not None:
                assert math.isclose(got, float(want), abs_tol=1e-9), row.key
        assert row.texts[0] in texts
    d.key(app, pygame.K_ESCAPE)  # back one level: the debrief
    assert type(app.top).__name__ == "DebriefScreen"
    d.click(app, d.button(app, "debrief_title"))
    assert "title_compare" in d.buttons(app)
