"""A short game played with the keyboard only, in both scenarios: Tab moves a visible focus
through the controls, Enter presses the focused one, number keys choose buildings, letters are
typed as key events, Escape goes back one level (the pause menu only on the week screen).
No mouse event is sent; every screen is reached and left by keys."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pygame_gui

from game.tools import driver as d


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    from matplotlib.figure import Figure

    import game.debrief

    # the debrief's charts are drawn and checked by the mouse playthrough; here only the keys matter
    monkeypatch.setattr(game.debrief, "population_figure", lambda s, size, dpi, lang=None: Figure((2, 2)))
    from game.app import App
    from game.title import TitleScreen

    a = App(lang="nl", weeks=2, households=40, seed=2)
    a.push(TitleScreen(a))
    d.frames(a)
    yield a
    pygame.quit()


def top(app) -> str:
    return type(app.top).__name__


def escape(app, expected: str) -> None:
    d.key(app, pygame.K_ESCAPE)
    assert top(app) == expected, f"Escape led to {top(app)}, not {expected}"


def enter(app, object_id: str, expected: str | None = None) -> None:
    d.press_focused(app, object_id)
    if expected is not None:
        assert top(app) == expected, f"{object_id} led to {top(app)}"


def type_keys(app, text: str) -> None:
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text])
    d.frames(app, 1)


def play_week_one(app) -> None:
    """The week screen, its pause menu, a building by its key, the post, a form; all by keys."""
    s = app.session
    escape(app, "PauseScreen")
    escape(app, "WeekScreen")
    week = app.top
    keys = week.number_keys()
    problems = s.status().problems
    target = next(c for c in s.counters() if set(c.domains) & set(problems) and not c.is_front_door)
    d.key(app, getattr(pygame, f"K_{keys[target.id].lower()}"))
    assert week.selected == target.id
    escape(app, "WeekScreen")
    assert week.selected is None, "Escape at a counter goes back to your affairs"
    d.key(app, getattr(pygame, f"K_{keys[target.id].lower()}"))
    enter(app, "visit", "WeekScreen")
    escape(app, "WeekScreen")
    d.key(app, pygame.K_m)
    assert top(app) == "InboxScreen"
    escape(app, "WeekScreen")
    enter(app, "apply_*", "WeekScreen")
    enter(app, "form_*", "FormScreen")
    form = app.top
    typed = "Iemand"
    type_keys(app, typed)  # the first open question has the focus
    first = next(form.inputs[k] for k in form.order if isinstance(form.inputs[k], pygame_gui.elements.UITextEntryLine))
    assert first.get_text() == typed
    stops = {
        d.focused_id(app) or id(app.focus.current)
        for _ in range(len(form.order) + 2)
        if d.key(app, pygame.K_TAB) is None
    }
    assert {"form_send", "form_cancel"} <= stops  # Tab reaches every question and both buttons
    escape(app, "WeekScreen")
    assert s.draft(form.app_id), "what was typed is kept as a draft"


def end_week(app, last: bool = False) -> None:
    d.key(app, pygame.K_e)
    assert top(app) == "WeekSummaryScreen"
    d.key(app, pygame.K_RETURN)
    if last:
        assert top(app) == "EpilogueScreen"
        d.frames(app, 3)  # the model runs on past the last week
        assert app.top.result is not None
        enter(app, "epilogue_continue", "DebriefScreen")
    else:
        assert top(app) == "WeekScreen"


def test_a_short_game_in_both_scenarios_by_keyboard_only(app):
    escape(app, "TitleScreen")  # the top level: nothing to go back to
    enter(app, "title_new", "SetupScreen")
    escape(app, "TitleScreen")
    enter(app, "title_new", "SetupScreen")
    enter(app, "households_40")
    enter(app, "scenario_siloed")
    enter(app, "setup_start", "WeekScreen")
    assert app.session.meta["households"] == 40 and app.session.meta["weeks"] == 2
    play_week_one(app)
    end_week(app)
    end_week(app, last=True)
    assert app.session.finished

    enter(app, "debrief_other", "WeekScreen")
    s = app.session
    assert s.meta["scenario"] == "integral"
    enter(app, "case_manager", "ConversationScreen")
    escape(app, "WeekScreen")
    assert not s.status().case_manager, "leaving the conversation changes nothing"
    enter(app, "case_manager", "ConversationScreen")
    enter(app, "keep_debt_total", "ConversationScreen")
    enter(app, "talk_done", "PlanScreen")
    assert s.status().case_manager and s.household.withholds == {"debt_total"}
    enter(app, "plan_budget", "PlanScreen")
    assert app.top.message[1]  # the model's answer, with its reason
    escape(app, "WeekScreen")
    enter(app, "cm_plan", "PlanScreen")
    escape(app, "WeekScreen")
    end_week(app)
    end_week(app, last=True)
    escape(app, "TitleScreen")
