"""Debrief and comparison screens: the numbers shown are the model's own record of the player's
household (session.final_numbers()); buttons call the app's play_other / to_title / comparison."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")

import pygame
import pygame_gui

from loket_i18n import missing
from player import PlayerSession

ROOT = Path(__file__).resolve().parent.parent


def play(scenario: str, lang: str = "nl") -> PlayerSession:
    s = PlayerSession.new(scenario, "samira", seed=1, households=40, weeks=3, lang=lang)
    s.visit("werk_inkomen" if scenario == "siloed" else "wijkteam", "debt")
    app = s.apply("wmo_ondersteuning").data.get("app_id")
    if app is not None:
        facts = s.household.facts()
        s.fill_form(app, {f.id: facts[s.scenario.fields[f.id].fact] for f in s.form(app) if f.prefilled is None})
    while not s.finished:
        s.end_week()
    return s


@pytest.fixture(scope="module")
def plays():
    return {"siloed": play("siloed"), "integral": play("integral")}


class StandInApp:
    """What the debrief needs of game.app.App, and a record of what it was asked to do."""

    def __init__(self, lang="nl", size=(1280, 720), plays=None, text_size="normal"):
        from game import textsize
        from game.app import clear_caches

        clear_caches()  # fonts cached by an earlier window are invalid after its pygame.quit()
        textsize.apply(text_size)
        pygame.display.init()
        pygame.font.init()
        self.window = pygame.display.set_mode(size)
        self.size = size
        self.lang = lang
        self.manager = pygame_gui.UIManager(size, theme_path=str(textsize.theme_file(text_size)))
        self.plays = dict(plays or {})
        self.stack: list = []
        self.calls: list = []

    def t(self, msgid):
        return msgid

    def push(self, screen):
        if self.stack:
            self.stack[-1].on_exit()
        self.stack.append(screen)
        screen.on_enter()

    def pop(self):
        self.stack.pop().on_exit()
        if self.stack:
            self.stack[-1].on_enter()

    def play_other(self, session):
        self.calls.append(("play_other", session))

    def to_title(self):
        self.calls.append(("to_title",))

    def frame(self):
        self.manager.update(0.02)
        self.window.fill((255, 255, 255))
        if self.stack:
            self.stack[-1].draw(self.window)
        self.manager.draw_ui(self.window)


def press(screen, key):
    event = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": screen.buttons[key]})
    return screen.handle_event(event)


def label_texts(screen):
    return [w.text for w in screen.widgets if isinstance(w, pygame_gui.elements.UILabel)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_debrief_shows_the_models_numbers_for_the_player(plays, lang):
    from game.charts import PUBLIC_MONEY
    from game.debrief import DebriefScreen, fmt

    s = plays["siloed"]
    app = StandInApp(lang, plays={"siloed": s})
    screen = DebriefScreen(app, s)
    app.push(screen)
    app.frame()
    from game.debrief import peer_group

    mine = s.final_numbers()
    like, _basis = peer_group(s)  # simulated households of the player's type and situation, same run
    assert 0 < len(like) < len(s.population_outcomes())
    assert set(like["type"]) == {mine["type"]}
    assert len(screen.rows) >= 10
    for row in screen.rows:
        expected = s.public_money(mine)[row.key] if row.key in PUBLIC_MONEY else mine[row.key]
        assert row.values[0] == pytest.approx(float(expected), nan_ok=True)
        col = like[row.key].astype(float)
        if row.key in PUBLIC_MONEY:  # public money: means, so the total is the sum of the three
            assert row.values[1] == pytest.approx(float(col.mean()))
        else:  # the middle value and the middle half of the households like the player
            import numpy as np

            v = col.dropna().to_numpy()
            want = tuple(np.percentile(v, [50, 25, 75], method="inverted_cdf")) if v.size else (np.nan,) * 3
            assert row.values[1:] == pytest.approx(want, nan_ok=True)  # values households really had
        assert row.texts[0] == fmt(row.key, expected, lang)
    texts = label_texts(screen)
    for row in screen.rows:
        assert row.texts[0] in texts
    images = [w for w in screen.widgets if isinstance(w, pygame_gui.elements.UIImage)]
    assert len(images) == 1 and images[0].rect.width > 500
    w, h = app.size
    assert all(
        0 <= e.rect.left and e.rect.right <= w and 0 <= e.rect.top and e.rect.bottom <= h
        for e in screen.widgets + list(screen.buttons.values())
    )
    heading = texts[0]
    assert s.scenario.title.get(lang) in heading


def test_debrief_buttons_call_the_app(plays):
    from game.debrief import ComparisonScreen, DebriefScreen

    s = plays["siloed"]
    app = StandInApp(plays={"siloed": s})
    screen = DebriefScreen(app, s)
    app.push(screen)
    assert not screen.buttons["compare"].is_enabled  # only one scenario played yet
    assert press(screen, "other") and app.calls[-1] == ("play_other", s)
    assert press(screen, "title") and app.calls[-1] == ("to_title",)
    app.plays = dict(plays)
    app.pop()
    app.push(DebriefScreen(app, plays["integral"]))
    screen = app.stack[-1]
    assert screen.buttons["compare"].is_enabled
    assert press(screen, "compare") and isinstance(app.stack[-1], ComparisonScreen)
    assert press(app.stack[-1], "back") and app.stack[-1] is screen


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_comparison_shows_both_plays_side_by_side(plays, lang):
    from game.charts import PUBLIC_MONEY
    from game.debrief import COMPARISON, ComparisonScreen

    app = StandInApp(lang, size=(1600, 900), plays=plays)
    screen = ComparisonScreen(app, plays)
    app.push(screen)
    app.frame()
    assert [r.key for r in screen.rows] == list(COMPARISON)
    import numpy as np

    from game.debrief import peer_group

    assert list(screen.plays) == ["siloed", "integral"]  # the reports' order, whatever order was played
    for row in screen.rows:
        for i, name in enumerate(screen.plays):
            s = plays[name]
            mine = s.final_numbers()
            like = peer_group(s)[0][row.key].astype(float)
            if row.key in PUBLIC_MONEY:
                you, middle = s.public_money(mine)[row.key], like.mean()
            else:
                v = like.dropna().to_numpy()
                you, middle = mine[row.key], (np.percentile(v, 50, method="inverted_cdf") if v.size else np.nan)
            assert row.values[2 * i] == pytest.approx(float(you), nan_ok=True)
            assert row.values[2 * i + 1] == pytest.approx(float(middle), nan_ok=True)
    texts = label_texts(screen)
    assert {"Kokers", "Integraal"} <= set(texts) if lang == "nl" else {"Siloed", "Integral"} <= set(texts)
    assert press(screen, "title") and app.calls[-1] == ("to_title",)


def test_screens_rebuild_on_resize_and_language(plays):
    from game.debrief import DebriefScreen

    app = StandInApp(plays=plays)
    screen = DebriefScreen(app, plays["integral"])
    app.push(screen)
    nl = label_texts(screen)
    app.lang = "en"
    app.size = (1600, 900)
    app.manager.set_window_resolution(app.size)
    screen.on_resize()
    en = label_texts(screen)
    fresh = DebriefScreen(app, plays["integral"])
    fresh.on_enter()
    assert en == label_texts(fresh) and nl != en  # rebuilt in English, nothing of the Dutch one left
    fresh.on_exit()
    image = next(w for w in screen.widgets if isinstance(w, pygame_gui.elements.UIImage))
    assert image.rect.width > 650  # 44% of the window (the rest is the table with three number columns)


def test_charts_mark_the_players_value_and_render_to_a_surface(plays):
    from game.charts import HEADLINE, comparison_figure, player_numbers, population_figure, to_surface

    s = plays["siloed"]
    fig = population_figure(s, (800, 500))
    me = player_numbers(s)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == len(HEADLINE)
    for ax, col in zip(axes, HEADLINE, strict=True):
        if me[col] == me[col]:  # the wait per application is NaN when no application was taken up
            assert ax.lines[0].get_xdata()[0] == pytest.approx(float(me[col]))
    pygame.display.init()
    surface = to_surface(fig)
    assert surface.get_size() == (800, 500)
    colours = {surface.get_at((x, y))[:3] for x in range(0, 800, 7) for y in range(0, 500, 7)}
    assert len(colours) > 5  # the histograms and the player's line were drawn
    fig = comparison_figure(plays, (900, 500), lang="en")
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights[0] == pytest.approx(plays["siloed"].final_numbers()["paperwork_hours"])
    assert heights[2] == pytest.approx(plays["integral"].final_numbers()["paperwork_hours"])
    assert sum(ax.get_visible() for ax in fig.axes) == len(HEADLINE)
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert {"Siloed", "Integral"} <= legend  # the scenarios are named in the legend, not under each plot


def test_a_short_comparison_chart_shows_four_readable_plots(plays):
    """The area the comparison screen leaves the chart at the large text size (about 536 x 270): four
    plots in one row, each with room for its bars, instead of eight plots a few pixels high."""
    from game.charts import SHORT_HEADLINE, comparison_figure, outcome_label

    fig = comparison_figure(plays, (536, 270), lang="en")
    fig.canvas.draw()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title().replace("\n", " ") for ax in axes] == [outcome_label(c, "en") for c in SHORT_HEADLINE]
    assert all(ax.get_window_extent().height > 60 for ax in axes)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_public_money_is_shown_in_three_kinds_and_their_sum(plays, lang):
    """Services, transfers and crises each have a row; the one total is labelled as their sum and is
    their sum, for the player and for the neighbourhood (means), in both screens."""
    from game.debrief import ComparisonScreen, DebriefScreen

    app = StandInApp(lang, size=(1600, 900), plays=plays)
    for screen in (DebriefScreen(app, plays["integral"]), ComparisonScreen(app, plays)):
        app.push(screen)
        rows = {r.key: r for r in screen.rows}
        kinds = ("public_services", "public_transfers", "public_crises")
        assert all(k in rows for k in kinds) and "household_public_cost" in rows
        assert [r.key for r in screen.rows][-4:] == [*kinds, "household_public_cost"]  # the total under its parts
        total = rows["household_public_cost"]
        for i, value in enumerate(total.values):
            assert value == pytest.approx(sum(rows[k].values[i] for k in kinds))
        assert total.label == {"nl": "Publiek totaal: som van de drie", "en": "Public total: sum of the three"}[lang]
        assert ("overdrachten" if lang == "nl" else "transfers") in rows["public_transfers"].label
    s = plays["integral"]
    mine = dict(s.final_numbers())
    money = s.public_money(mine)
    uc = s.scenario.unit_costs  # the one definition, written out: case manager time, what it got, its crises
    crises = sum(mine[f"crisis_{k}"] * getattr(uc.crisis, k) for k in ("eviction", "cutoff", "seizure", "health"))
    assert money["household_public_cost"] == pytest.approx(
        mine["contact_hours"] * uc.case_manager_hour + mine["benefits_received"] + mine["budget_received"] + crises
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "nl",
            {
                "paperwork_hours": "incl. schuldeisers",
                "debt_admin_hours": "waarvan met schuldeisers",
                "weeks_waiting": "Weken met aanvraag in behandeling",
                "wait_per_application": "Weken in de wachtrij per aanvraag",
            },
        ),
        (
            "en",
            {
                "paperwork_hours": "incl. creditors",
                "debt_admin_hours": "of which dealing with creditors",
                "weeks_waiting": "Weeks with an application pending",
                "wait_per_application": "Weeks in a queue per application",
            },
        ),
    ],
)
def test_waiting_and_paperwork_are_labelled_for_what_they_count(plays, lang, words):
    from game.debrief import DebriefScreen

    app = StandInApp(lang, plays=plays)
    screen = DebriefScreen(app, plays["integral"])
    app.push(screen)
    rows = {r.key: r for r in screen.rows}
    for key, text in words.items():
        assert text in rows[key].label
    keys = [r.key for r in screen.rows]
    assert keys.index("debt_admin_hours") == keys.index("paperwork_hours") + 1  # the part under the whole
    assert keys.index("wait_per_application") == keys.index("weeks_waiting") + 1
    mine = plays["integral"].final_numbers()
    assert rows["debt_admin_hours"].values[0] == pytest.approx(mine["debt_admin_hours"])
    assert mine["debt_admin_hours"] <= mine["paperwork_hours"]


def test_debrief_catalog_is_complete():
    from babel.messages.extract import extract_from_file

    ids = set()
    for f in ("game/charts.py", "game/debrief.py"):
        ids |= {m[1] for m in extract_from_file("python", str(ROOT / f), keywords={"_": None, "N_": None})}
    assert len(ids) > 15
    assert missing("debrief", "en", sorted(ids)) == []


def test_the_real_app_finishes_a_play_into_the_debrief(plays, tmp_path, monkeypatch):
    """game.app.App: the last week over -> the debrief, with the play kept in app.plays."""
    monkeypatch.setenv("LOKET_HOME", str(tmp_path))
    from game.app import App
    from game.debrief import DebriefScreen

    app = App(lang="nl")
    app.session = plays["siloed"]
    app.finish_play()
    assert isinstance(app.top, DebriefScreen) and app.plays["siloed"] is plays["siloed"]
    assert app.step()
    assert app.top.rows[0].values[0] == pytest.approx(plays["siloed"].final_numbers()["paperwork_hours"])


def cut_off_labels(screen) -> list[str]:
    """Labels whose text does not fit their rectangle in the theme's font, or that end in '…'."""
    out = []
    for w in screen.widgets:
        if not isinstance(w, pygame_gui.elements.UILabel) or not w.text:
            continue
        width, height = w.font.get_rect(w.text).size
        room = w.rect.width - 2 * w.text_horiz_alignment_padding
        if "…" in w.text or width > room or height > w.rect.height:
            out.append(f"{w.text!r}: {width}x{height} in {room}x{w.rect.height}")
    return out


@pytest.fixture
def normal_text_afterwards():
    yield
    from game import textsize
    from game.app import clear_caches

    textsize.apply("normal")
    clear_caches()


UIScrolling = pygame_gui.elements.UIScrollingContainer


def under_a_scroll_bar(screen) -> list[str]:
    """Labels of a scrolling table that reach under its scroll bar."""
    out = []
    for panel in screen.widgets:
        bar = getattr(panel, "vert_scroll_bar", None)
        if not isinstance(panel, pygame_gui.elements.UIScrollingContainer) or bar is None:
            continue
        for w in screen.widgets:
            if isinstance(w, pygame_gui.elements.UILabel) and w.ui_container is panel.scrollable_container:
                if w.rect.right > bar.rect.left:
                    out.append(f"{w.text!r}: right edge {w.rect.right} > scroll bar at {bar.rect.left}")
    return out


@pytest.mark.parametrize("text_size", ["normal", "large"])
@pytest.mark.parametrize("size", [(1280, 720), (1600, 900)])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_table_text_is_cut_off(plays, lang, size, text_size, normal_text_afterwards):
    """Column headers, outcome names and the footnote fit whole, in both languages, window sizes and
    text sizes; a table that scrolls keeps its columns clear of the scroll bar."""
    from game.debrief import ComparisonScreen, DebriefScreen

    app = StandInApp(lang, size=size, plays=plays, text_size=text_size)
    for screen in (DebriefScreen(app, plays["siloed"]), ComparisonScreen(app, plays)):
        app.push(screen)
        app.frame()
        assert cut_off_labels(screen) == [], type(screen).__name__
        assert under_a_scroll_bar(screen) == [], type(screen).__name__
        texts = " ".join(label_texts(screen))
        for row in screen.rows:
            assert all(word in texts for word in row.label.split()), row.label
        scrolled = [p.scrollable_container for p in screen.widgets if hasattr(p, "scrollable_container")]
        shown = [w for w in screen.widgets if getattr(w, "ui_container", None) not in scrolled]  # not what scrolls
        bottom = max(w.rect.bottom for w in shown if isinstance(w, pygame_gui.elements.UILabel | UIScrolling))
        assert bottom <= min(b.rect.top for b in screen.buttons.values()), "the table stays above the buttons"
        labels = [w for w in screen.widgets if isinstance(w, pygame_gui.elements.UILabel)]
        for i, a in enumerate(labels):  # no two labels of the table overlap (what scrolls is clipped by its panel)
            for b in labels[i + 1 :]:
                if a.ui_container is b.ui_container:
                    assert not a.rect.colliderect(b.rect), (a.text, b.text)
