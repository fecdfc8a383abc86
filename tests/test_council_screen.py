"""Council mode in the game (SDL dummy driver): levers as sliders and switches, a run in the
background while the frame loop keeps drawing, then charts in the screen.

No wall clock: a test holds the background run at a gate while it draws frames, then waits for the
run's thread itself (pytest-timeout guards a hang), so the outcome does not depend on the load."""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pygame_gui

from game.tools import driver as d


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    from game.app import App
    from game.council import CouncilScreen

    a = App(lang="nl", council_seeds=2, council_households=60, council_weeks=8, council_workers=2)
    a.push(CouncilScreen(a))
    d.frames(a)
    yield a
    pygame.quit()


@pytest.fixture
def gate(monkeypatch):
    """Background model runs wait until the test opens the gate (``gate.set()``)."""
    import experiments.runner

    opened = threading.Event()
    real = experiments.runner.run_jobs

    def held(*args, **kwargs):
        opened.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(experiments.runner, "run_jobs", held)
    return opened


def finish(app, screen) -> None:
    """Let the screen's background run end and show its result (no time limit of our own)."""
    screen.run.thread.join()
    for t in [t for t in threading.enumerate() if t.name == "council-charts"]:
        t.join()
    app.step()
    assert not screen.running


def test_the_screen_shows_every_lever_of_the_scenario(app):
    from workshop.policy import levers

    screen = app.top
    known = levers("siloed")
    assert set(screen.sliders) | set(screen.switches) == set(known)
    assert all(
        isinstance(screen.sliders[k], pygame_gui.elements.UIHorizontalSlider)
        for k, lv in known.items()
        if not lv.is_switch
    )
    assert screen.values == {k: lv.baseline for k, lv in known.items()}


def test_moving_a_lever_and_running_draws_the_charts(app, tmp_path, gate):
    screen = app.top
    d.mouse_click(app, screen.sliders["custom_budget"].right_button.rect.center)  # 0 -> 10
    d.click(app, screen.switches["ask_once"])
    assert app.top.values["custom_budget"] == 10 and app.top.values["ask_once"] is True
    d.click(app, d.button(app, "council_run"))
    screen = app.top
    assert screen.running and not d.button(app, "council_run").is_enabled
    for _ in range(12):  # the frame loop keeps drawing while the model runs
        assert app.step() and screen.running
    gate.set()
    finish(app, screen)
    assert screen.run.error is None and screen.result is not None
    assert screen.progress.current_progress == 100
    res = screen.result
    assert res.values == {"custom_budget": 10, "ask_once": True}
    s = res.summary.set_index("outcome")
    assert s.loc["fields_repeated", "policy_mean"] == 0 < s.loc["fields_repeated", "baseline_mean"]
    assert set(screen.charts) == {"outcomes", "balance", "gains", "municipality"}
    assert all(c.get_size() == screen.chart_rect.size for c in screen.charts.values())
    d.frames(app)
    # The chart is on the screen: the chart area is no longer one flat colour.
    shot = app.screenshot(tmp_path / "council.png")
    area = pygame.image.load(str(shot)).subsurface(screen.chart_rect.inflate(-40, -40))
    assert (
        len({area.get_at((x, y))[:3] for x in range(0, area.get_width(), 17) for y in range(0, area.get_height(), 17)})
        > 5
    )
    d.click(app, d.button(app, "council_tab_gains"))
    assert app.top.tab == "gains"
    # Run again: the same worker processes, the same seeds, the same numbers.
    pool = screen._pool
    d.click(app, d.button(app, "council_run"))
    finish(app, screen)
    assert screen._pool is pool and screen.result is not res
    pd.testing.assert_frame_equal(screen.result.summary, res.summary, check_exact=True)


def test_escape_goes_back_to_the_title_screen(app):
    from game.title import TitleScreen

    d.click(app, app.top.switches["early_signals"])
    d.key(app, pygame.K_ESCAPE)  # council mode is a level of its own: Escape leaves it, no pause menu
    assert isinstance(app.top, TitleScreen)


def test_switching_to_integral_loads_its_levers_and_english_works(app):
    d.click(app, d.button(app, "council_scenario_integral"))
    assert app.top.scenario == "integral" and app.top.values["ask_once"] is True
    app.set_language("en")
    d.frames(app)
    assert d.button(app, "council_run").text == "Run"


def test_title_screen_opens_council_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    from game.app import App
    from game.council import CouncilScreen
    from game.title import TitleScreen

    a = App(lang="nl")
    a.push(TitleScreen(a))
    d.frames(a)
    d.click(a, d.button(a, "title_council"))
    assert isinstance(a.top, CouncilScreen)
    pygame.quit()


def test_charts_follow_the_window_size_and_language(app):
    """A result is drawn again after a change of language or window size (no new model run)."""
    from workshop.council_run import plan_comparison, run_comparison
    from workshop.packages import Package

    screen = app.top
    plan = plan_comparison([Package("A", "siloed", {"ask_once": True})], 1000, 1, size=(1, 40, 4))
    screen.comparison = run_comparison(plan)
    screen.result = screen.comparison.results["A"]
    screen.charts_drawn_for = (screen.chart_rect.size, "nl")
    app.set_language("en")
    assert screen.charts_drawn_for == (screen.chart_rect.size, "en")
    app.resize((1500, 860))
    assert screen.chart_rect.width > 1500 - 600
    assert screen.charts_drawn_for == (screen.chart_rect.size, "en")
    for t in [t for t in threading.enumerate() if t.name == "council-charts"]:
        t.join()  # the redraws in the background
    app.step()
    assert set(screen.charts) == {"outcomes", "balance", "gains", "municipality"}
    assert all(c.get_size() == screen.chart_rect.size for c in screen.charts.values())


@pytest.mark.parametrize("text_size", ["normal", "large"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_top_buttons_show_their_captions_whole(app, lang, text_size):
    """The scenario buttons and the tabs: each caption fits its button in the theme's font, no two
    buttons overlap, and the lever panel and the chart area begin below them (a second row at the
    large text size)."""
    app.set_language(lang)
    app.set_text_size(text_size)
    d.frames(app)
    screen = app.top
    w, _h = app.size
    top = {k: b for k, b in screen.buttons.items() if k.startswith(("scenario_", "tab_"))}
    assert len(top) >= 2 + 5
    for key, b in top.items():
        assert b.font.get_rect(b.text).width <= b.rect.width - 8, (key, b.text, b.rect)
        assert b.rect.right <= w
    rects = list(top.values())
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.rect.colliderect(b.rect), (a.text, b.text)
    assert max(b.rect.bottom for k, b in top.items() if k.startswith("scenario_")) < screen.lever_top
    assert max(b.rect.bottom for k, b in top.items() if k.startswith("tab_")) < screen.chart_rect.top


@pytest.mark.parametrize("text_size", ["normal", "large"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_lever_names_and_settings_labels_fit_or_end_in_an_ellipsis(app, lang, text_size):
    """A label is never cut at a letter's edge or written over its neighbour: its text fits its
    rectangle in the theme's font, and a name too long for it ends in an ellipsis (the "?" beside
    each lever gives the whole explanation)."""
    import pygame_gui

    app.set_language(lang)
    app.set_text_size(text_size)
    d.frames(app)
    screen = app.top
    labels = [
        x
        for x in [*screen.lever_panel.widgets, *screen.settings.widgets]
        if isinstance(x, pygame_gui.elements.UILabel) and x.text
    ]
    assert len(labels) >= len(screen.levers) + 2
    for x in labels:
        assert x.font.get_rect(x.text).width <= x.rect.width, (x.text, x.rect)
    names = [x.text for x in labels]
    assert any(n.startswith(("Aantal huishoudens", "Number of households")) for n in names)
