"""The game's screens without a display (SDL dummy driver): reachable, escapable,
resizable, resumable after a crash, translated; `loket play` refuses bad flags."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pygame_gui

from game.tools import driver as d

#: Words that are the same in Dutch and English (the catalog test allows them untranslated).
SAME_IN_BOTH = {"Week", "Stress"}


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def app(home):
    from game.app import App
    from game.title import TitleScreen

    a = App(lang="nl", weeks=3, households=40, seed=3)
    a.push(TitleScreen(a))
    d.frames(a)
    yield a
    pygame.quit()


def start_play(app, scenario="siloed", persona="samira"):
    d.click(app, d.button(app, "title_new"))
    d.click(app, d.button(app, f"scenario_{scenario}"))
    d.click(app, d.button(app, f"persona_{persona}"))
    d.click(app, d.button(app, "setup_start"))
    from game.week import WeekScreen

    assert isinstance(app.top, WeekScreen)
    return app.top


def escape_and_resume(app):
    """On the week screen Escape opens the pause menu; its Resume button (or Escape) returns to it."""
    from game.pause import PauseScreen

    before = app.top
    d.key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, PauseScreen)
    d.click(app, d.button(app, "pause_resume"))
    assert app.top is before
    d.key(app, pygame.K_ESCAPE)
    d.key(app, pygame.K_ESCAPE)  # Escape in the menu closes it too
    assert app.top is before


def escape_goes_back(app, below) -> None:
    """Everywhere else Escape goes back one level, to the screen below."""
    d.key(app, pygame.K_ESCAPE)
    assert app.top is below, f"Escape went to {type(app.top).__name__}"


def widgets_inside_window(app) -> list[str]:
    w, h = app.size
    out = []
    for el in app.manager.get_sprite_group().sprites():
        if (
            isinstance(el, (pygame_gui.elements.UIButton, pygame_gui.elements.UILabel, pygame_gui.elements.UITextBox))
            and el.visible
            and el.ui_container is app.manager.get_root_container()
        ):
            if not pygame.Rect(0, 0, w, h).contains(el.rect):
                out.append(f"{type(el).__name__} {el.rect}")
    return out


def test_every_screen_reachable_and_escapable(app):
    from game.forms import FormScreen
    from game.mail import InboxScreen
    from game.setup import SetupScreen

    title = app.top
    d.key(app, pygame.K_ESCAPE)
    assert app.top is title  # the top level: Escape does nothing
    d.click(app, d.button(app, "title_new"))
    assert isinstance(app.top, SetupScreen)
    escape_goes_back(app, title)
    d.click(app, d.button(app, "title_new"))
    d.click(app, d.button(app, "setup_back"))
    week = start_play(app)
    escape_and_resume(app)
    d.click(app, d.button(app, "mail"))
    assert isinstance(app.top, InboxScreen)
    escape_goes_back(app, week)
    sid = next(s.id for s in week.session.schemes() if s.can_apply and not s.unmet)
    d.click(app, d.button(app, f"apply_{sid}"))
    form_button = next(k for k in d.buttons(app) if k.startswith("form_"))
    d.click(app, d.button(app, form_button))
    assert isinstance(app.top, FormScreen)
    form = app.top
    entry = next(e for e in form.inputs.values() if isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_enabled)
    d.type_text(app, entry, "iets")
    escape_goes_back(app, week)
    d.click(app, d.button(app, form_button))
    kept = next(
        e for e in app.top.inputs.values() if isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_enabled
    )
    assert kept.get_text() == "iets", "what was typed survives leaving the form"
    d.click(app, d.button(app, "form_cancel"))
    assert app.top is week
    # save and back to the title: the unfinished play is offered
    d.key(app, pygame.K_ESCAPE)
    d.click(app, d.button(app, "pause_title"))
    d.click(app, d.button(app, "title_continue"))
    assert app.top is not week and type(app.top).__name__ == "WeekScreen" and app.top.session is week.session


def test_pause_menu_switches_language_and_quits(app):
    start_play(app)
    d.key(app, pygame.K_ESCAPE)
    d.click(app, d.button(app, "pause_language"))
    assert app.lang == "en" and d.button(app, "pause_resume").text == "Resume"
    d.click(app, d.button(app, "pause_resume"))
    assert d.button(app, "end_week").text == "End the week"
    assert app.session.lang == "en"
    assert all(c.name for c in app.session.counters())
    d.key(app, pygame.K_ESCAPE)
    d.click(app, d.button(app, "pause_quit"))
    assert not app.running


def test_resize_and_fullscreen_keep_the_layout(app):
    week = start_play(app)
    for size in ((1600, 900), (1280, 720), (1920, 1080)):
        app.resize(size)
        d.frames(app)
        assert app.size == size and app.manager.window_resolution == size
        assert widgets_inside_window(app) == []
        assert pygame.Rect(0, 0, *size).contains(week.map.rect)
        layout = week.layout()
        assert not layout["map"].colliderect(layout["flow"]) and not layout["log"].colliderect(layout["map"])
    app.resize((800, 500))  # smaller than the minimum: the window keeps 1280 x 720
    assert app.size == (1280, 720)
    d.key(app, pygame.K_F11)
    assert app.fullscreen
    d.key(app, pygame.K_F11)
    assert not app.fullscreen and app.size == (1280, 720)
    assert widgets_inside_window(app) == []


def test_setup_choices_reach_the_session(app):
    d.click(app, d.button(app, "title_new"))
    d.choose(app, "weeks", "4")
    d.click(app, d.button(app, "scenario_integral"))
    d.click(app, d.button(app, "persona_marco"))
    card = app.top.persona_card_html()
    assert "Marco" in card and "Schulden" in card
    d.click(app, d.button(app, "setup_start"))
    meta = app.session.meta
    assert (meta["scenario"], meta["persona"], meta["weeks"], meta["households"]) == ("integral", "marco", 4, 40)


def test_map_click_visits_a_counter(app):
    week = start_play(app)
    d.mouse_click(app, week.map.building_rect("wijkteam").center)
    assert week.selected == "wijkteam"
    hours = week.session.status().hours_left
    d.click(app, d.button(app, "visit"))
    assert app.message[0] and week.session.status().hours_left < hours
    assert week.session.log(), "the visit is in the log"


def test_form_shows_validation_messages_and_keeps_answers(app):
    week = start_play(app, persona="dennis")
    s = week.session
    sid = next(x.id for x in s.schemes() if x.can_apply and not x.unmet)
    d.click(app, d.button(app, f"apply_{sid}"))
    aid = next(a.id for a in s.applications() if a.open)
    d.click(app, d.button(app, f"form_{aid}"))
    form = app.top
    d.click(app, d.button(app, "form_send"))  # everything empty
    assert app.top is form and form.errors and form.message
    error_texts = {
        el.text for el in app.manager.get_sprite_group().sprites() if isinstance(el, pygame_gui.elements.UILabel)
    }
    assert any(msg in error_texts for msg in form.errors.values()), "the messages are shown"
    d.answer_form(app, s)
    d.click(app, d.button(app, "form_send"))
    assert app.top is week and app.message[0]
    assert next(a for a in s.applications() if a.id == aid).form_done


def test_resume_after_a_crash(home):
    """The process dies mid-play (no save call, no clean exit): the autosave brings the play back."""
    from game.app import App
    from game.title import TitleScreen

    a = App(lang="nl", weeks=3, households=40, seed=5)
    a.push(TitleScreen(a))
    week = start_play(a, persona="joyce")
    d.click(a, d.button(a, "network"))
    d.end_week(a)
    checksum, week_no = week.session.checksum(), week.session.week
    del a, week  # crash: nothing more is called
    pygame.quit()

    b = App(lang="nl")
    b.push(TitleScreen(b))
    d.frames(b)
    d.click(b, d.button(b, "title_continue"))
    assert b.session.week == week_no == 2 and b.session.checksum() == checksum
    assert type(b.top).__name__ == "WeekScreen"
    pygame.quit()


def test_catalog_is_complete():
    from game.tools.messages import msgids
    from loket_i18n import missing

    ids = msgids()
    assert len(ids) > 50
    assert set(missing("game", "en", ids)) <= SAME_IN_BOTH


@pytest.mark.parametrize(
    "args, text",
    [
        (["--lang", "de"], "--lang"),
        (["--weeks", "0"], "--weeks"),
        (["--households", "-1"], "--households"),
        (["--scenario", "nowhere"], "no such scenario"),
        (["--scenario", "siloed", "--persona", "nobody"], "unknown persona"),
        (["--player", "Ann"], "--workshop"),
        (["--workshop", "no spaces!"], "workshop code"),
        (["--resume"], "no unfinished game"),
    ],
)
def test_bad_play_flags_exit_2(home, args, text):
    from typer.testing import CliRunner

    from loket.cli import app as cli

    result = CliRunner().invoke(cli, ["play", *args])
    assert result.exit_code == 2, result.output
    assert text in result.output and "Traceback" not in result.output


def test_play_without_a_display_says_so_and_exits_2(home, monkeypatch):
    import sys

    from typer.testing import CliRunner

    from loket.cli import app as cli

    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for X11 / Wayland")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(cli, ["play", "--text-size", "large"])
    assert result.exit_code == 2, result.output
    assert "needs a display" in result.output and "xvfb-run" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["play", "--text-size", "huge"], env={"SDL_VIDEODRIVER": "dummy"})
    assert result.exit_code == 2 and "--text-size" in result.output


def test_closing_the_window_keeps_the_play(app):
    from player import PlayerSession

    week = start_play(app, persona="kees_ineke")
    d.end_week(app)
    path = week.session.autosave
    app.step([pygame.event.Event(pygame.QUIT)])
    assert not app.running
    info = PlayerSession.peek(path)
    assert info["week"] == 2 and not info["finished"]


def test_a_broken_save_gives_a_message_and_is_kept(app, home):
    from game.play import latest_unfinished

    start_play(app)
    d.key(app, pygame.K_ESCAPE)
    d.click(app, d.button(app, "pause_title"))
    path = latest_unfinished()
    text = path.read_text("utf-8")
    path.write_text(text.replace('"commands"', '"kommandos"'), "utf-8")  # damaged on disk
    app.session = None  # as after a restart: the play must come from the file
    d.click(app, d.button(app, "title_continue"))
    assert type(app.top).__name__ == "TitleScreen" and not app.message[0]
    boxes = [el for el in app.manager.get_sprite_group().sprites() if isinstance(el, pygame_gui.elements.UITextBox)]
    assert any(app.message[1] in el.html_text for el in boxes)  # wrapped in a box: the file name is not cut off
    assert path.with_suffix(".broken").read_text("utf-8") != text and "title_continue" not in d.buttons(app)


def test_a_workshop_play_is_recorded(home, monkeypatch):
    from game.app import App
    from game.title import TitleScreen
    from workshop.store import Store

    db = home / "ws.db"
    monkeypatch.setenv("LOKET_DB", str(db))
    a = App(lang="nl", weeks=2, households=30, workshop="TEST-1", player="Ann")
    a.push(TitleScreen(a))
    start_play(a, persona="dennis")
    d.click(a, d.button(a, "network"))
    d.end_week(a)
    d.end_week(a)
    assert type(a.top).__name__ == "DebriefScreen"
    with Store(db) as store:
        plays = store.plays("TEST-1")
        assert list(plays["player"]) == ["Ann"] and bool(plays["finished"].iloc[0])
        assert len(store.entries("TEST-1")) == len(a.session.journal)
    pygame.quit()


def test_screenshot_dir_saves_each_screen_once(home, tmp_path):
    from game.app import App
    from game.title import TitleScreen

    shots = tmp_path / "shots"
    a = App(lang="en", screenshot_dir=shots)
    a.push(TitleScreen(a))
    d.frames(a, 6)
    d.click(a, d.button(a, "title_new"))
    d.frames(a, 6)
    names = sorted(p.name for p in shots.glob("*.png"))
    assert names == ["01_title_en.png", "02_setup_en.png"]
    assert pygame.image.load(str(shots / names[0])).get_size() == a.size
    pygame.quit()


def test_integral_ask_once_fields_arrive_filled_in(app):
    """The second form in integral shows what the counters already know, filled in and marked as known."""
    from game.forms import FormScreen

    week = start_play(app, scenario="integral", persona="joyce")
    s = week.session
    prefilled_seen = []
    for sid in ("jeugdhulp", "schuldhulp"):
        if f"apply_{sid}" not in d.buttons(app):
            pytest.skip(f"{sid} is not offered to this household")
        d.click(app, d.button(app, f"apply_{sid}"))
        aid = next(a.id for a in s.applications() if a.scheme == sid)
        d.click(app, d.button(app, f"form_{aid}"))
        form = app.top
        assert isinstance(form, FormScreen)
        locked = [f for f in form.fields if f.prefilled is not None]
        prefilled_seen.append(len(locked))
        for f in locked:  # no field to type in: the answer, on a panel of its own, "al bekend"
            shown = form.inputs[f.id]
            assert isinstance(shown, pygame_gui.elements.UILabel) and "al bekend" in shown.text
            assert shown.text.startswith(str(f.prefilled)[:8])
        entries = [
            form.inputs[k] for k in form.order if isinstance(form.inputs[k], pygame_gui.elements.UITextEntryLine)
        ]
        assert entries[0].is_focused
        d.key(app, pygame.K_TAB)  # Tab moves through the open fields
        assert entries[1].is_focused and not entries[0].is_focused
        d.answer_form(app, s)
        d.click(app, d.button(app, "form_send"))
        assert app.top is week and app.message[0], app.message
        d.end_week(app)
    assert prefilled_seen[0] == 0 and prefilled_seen[1] > 0


def test_council_mode_is_reachable_and_escapable(app):
    from game.title import council_available

    if not council_available():
        pytest.skip("council mode (game/council.py) is not in this tree")
    from game.app import first_screen
    from game.council import CouncilScreen

    title = app.top
    d.click(app, d.button(app, "title_council"))
    assert isinstance(app.top, CouncilScreen)
    escape_goes_back(app, title)
    assert isinstance(first_screen(app, "council"), CouncilScreen)  # main(start="council")


def test_a_crash_in_the_loop_keeps_the_play_and_shows_no_traceback(home, monkeypatch, capsys):
    from game import app as app_module
    from game.play import latest_unfinished

    def broken_run(self):
        self.session.ask_network()
        raise RuntimeError("a bug in a screen")

    monkeypatch.setattr(app_module.App, "run", broken_run)
    code = app_module.main(lang="en", start="play", scenario="siloed", persona="marco", weeks=2, households=20)
    assert code == 1
    err = capsys.readouterr().err
    assert "Continue" in err and "Traceback" not in err
    assert "a bug in a screen" in (home / "crash.log").read_text("utf-8")
    assert latest_unfinished() is not None, "the play can be continued"


def open_form(app, week):
    """Apply for the first scheme on offer (once) and open its form; returns (form screen, app id)."""
    from game.forms import FormScreen

    s = week.session
    if not any(a.open for a in s.applications()):
        sid = next(x.id for x in s.schemes() if x.can_apply and not x.unmet)
        d.click(app, d.button(app, f"apply_{sid}"))
    aid = next(a.id for a in s.applications() if a.open)
    d.click(app, d.button(app, f"form_{aid}"))
    assert isinstance(app.top, FormScreen)
    return app.top, aid


def typed(form) -> dict[str, str]:
    return {
        k: e.get_text()
        for k, e in form.inputs.items()
        if isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_enabled and e.get_text()
    }


def test_typed_answers_are_never_lost(home):
    """Back without sending, the pause menu's title screen, closing the window and `--resume`:
    the form reopens with what was typed; sending it clears the draft, also in the save."""
    import json

    from game.app import App
    from game.title import TitleScreen

    a = App(lang="nl", weeks=3, households=40, seed=3)
    a.push(TitleScreen(a))
    week = start_play(a, persona="dennis")
    s = week.session
    form, aid = open_form(a, week)
    entries = [form.inputs[k] for k in form.order if isinstance(form.inputs[k], pygame_gui.elements.UITextEntryLine)]
    d.type_text(a, entries[0], "Dennis")
    d.type_text(a, entries[1], "123")
    yesno = next((f for f in form.fields if f.kind == "yesno" and f.prefilled is None), None)
    if yesno is not None:
        d.click(a, d.button(a, f"pick_{yesno.id}_1"))
        form = a.top
    want = typed(form)
    assert len(want) == 2
    # 1. back without sending: the week shows the form half done; it reopens filled in
    d.click(a, d.button(a, "form_cancel"))
    assert a.top is week and "Verder" in d.button(a, f"form_{aid}").text
    form, _ = open_form(a, week)
    assert typed(form) == want
    if yesno is not None:
        assert form.answers[yesno.id] == "nee" and d.button(a, f"pick_{yesno.id}_1") is not None
    # 2. Escape, save and to the title screen, continue: still there
    entries = [form.inputs[k] for k in form.order if isinstance(form.inputs[k], pygame_gui.elements.UITextEntryLine)]
    d.type_text(a, entries[2], "more")
    want = typed(form)
    d.key(a, pygame.K_ESCAPE)  # back to the week
    d.key(a, pygame.K_ESCAPE)  # the pause menu
    d.click(a, d.button(a, "pause_title"))
    d.click(a, d.button(a, "title_continue"))
    form, _ = open_form(a, a.top)
    assert typed(form) == want
    # 3. close the window while the form is open, as with typing half-way: the save holds the draft
    d.type_text(
        a,
        entries[2]
        if entries[2].alive()
        else [form.inputs[k] for k in form.order if isinstance(form.inputs[k], pygame_gui.elements.UITextEntryLine)][2],
        "typed before closing",
    )
    want = typed(form)
    path = s.autosave
    a.step([pygame.event.Event(pygame.QUIT)])
    assert not a.running
    assert json.loads(path.read_text("utf-8"))["drafts"][str(aid)].items() >= want.items()
    pygame.quit()
    # 4. a new process: `loket play --resume` (main(start="resume")) brings the form back as it was
    from game.play import latest_unfinished, load_session

    b = App(lang="nl")
    b.push(TitleScreen(b))
    b.resume_play(load_session(b, latest_unfinished()))
    form, _ = open_form(b, b.top)
    assert typed(form) == want
    if yesno is not None:
        assert form.answers[yesno.id] == "nee"
    # 5. sending the form clears the draft
    s2 = b.session
    d.answer_form(b, s2)
    d.click(b, d.button(b, "form_send"))
    assert type(b.top).__name__ == "WeekScreen" and b.message[0], b.message
    assert s2.drafts() == {} and json.loads(s2.autosave.read_text("utf-8"))["drafts"] == {}
    pygame.quit()


def test_the_time_bar_shows_what_the_week_has_now_and_family_help_as_an_extra(app):
    """Week 1 starts with a full bar ('5,2 / 5,2 uur'); the network hours are an extra until asked for;
    the overview says why the week has fewer hours than the persona card's usual hours."""
    from game.status import hours_text

    week = start_play(app)
    st = week.session.status()
    left, extra = week.status_bar.time_texts(st)
    own = hours_text("nl", st.hours_left)
    assert left == f"{own} / {own} uur" and st.network_hours > 0
    assert extra == f"+{hours_text('nl', st.network_hours)} uur via familie"
    lines = week.time_lines()
    card = week.session.scenario.personas["samira"].hours
    assert f"Normaal {hours_text('nl', card)} uur" in lines[0] and "stress" in lines[0]
    assert any("Familie helpt" in line for line in lines)
    d.click(app, d.button(app, "network"))
    st2 = week.session.status()
    left, extra = week.status_bar.time_texts(st2)
    total = hours_text("nl", st.hours_left + st.network_hours)
    assert left == f"{total} / {total} uur" and extra == ""
    assert not d.button(app, "network").is_enabled
    d.mouse_click(app, week.map.building_rect("schuldhulp").center)
    d.click(app, d.button(app, "visit"))
    left, _ = week.status_bar.time_texts(week.session.status())
    assert left.endswith(f" / {total} uur") and not left.startswith(total)


def test_map_names_are_whole_and_queue_badges_stay_off_other_buildings(app):
    """Every counter's name plate shows the whole name (in two lines when long) and covers no other
    building; a queue badge never sits on a neighbouring building, at both window sizes and languages."""
    from game.widgets import font

    week = start_play(app)
    for size in ((1280, 720), (1600, 900)):
        app.resize(size)
        for lang in ("nl", "en"):
            app.set_language(lang)
            d.frames(app)
            m = week.map
            assert m.lang == lang and m.rect == week.layout()["map"]
            buildings = {c: m.building_rect(c) for c in m.counter_ids}
            for cid, (plate, lines) in m.plates().items():
                shown = "".join(lines)
                assert "…" not in shown and shown.replace(" ", "") == m.label(cid).replace(" ", ""), shown
                assert all(font(16).size(line)[0] <= plate.width - 8 for line in lines)
                assert m.rect.contains(plate)
                others = [o for o, r in buildings.items() if o != cid and plate.colliderect(r)]
                assert others == [], f"the name of {cid} lies on {others}"
            badges: list = []
            for cid in m.counter_ids:
                badge = m.badge_rect(cid, 88, badges)
                badges.append(badge)
                others = [o for o, r in buildings.items() if o != cid and badge.colliderect(r)]
                assert others == [] and m.rect.contains(badge), f"the queue of {cid} lies on {others}"


def test_week_buttons_keep_their_price_and_place_whole(app):
    """A caption too long for its button gives way to a shorter one with the rest written under it."""
    week = start_play(app, persona="samira")
    s = week.session
    for sc in [x for x in s.schemes() if x.can_apply][:2]:
        d.click(app, d.button(app, f"apply_{sc.id}"))
    for lang in ("nl", "en"):
        app.set_language(lang)
        d.frames(app)
        captions = [b.text for b in week.flow.actions]
        texts = " ".join(el.text for el in week.flow.elements if isinstance(el, pygame_gui.elements.UILabel))
        assert captions and not [c for c in captions if "…" in c]
        for a in s.applications():
            for doc in a.documents_missing:
                caption = d.button(app, f"doc_{a.id}_{doc.id}").text
                shown = caption + " " + texts  # the caption, or the caption and its note
                where = ", ".join(n for _, n in doc.issuers)
                assert week.hours(doc.hours) in caption and doc.name in shown and where in shown
