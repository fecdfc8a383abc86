"""The game's application object: one window, one pygame_gui manager, a stack
of screens (see game/screen.py), the frame loop, and the plays of this run.

Tests and the screenshot script drive the app without a real display:
``app = App(...); app.push(...); app.step([event, ...])`` advances one frame.
"""

from __future__ import annotations

import sys
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from loket_i18n import check_language, translator

from . import textsize
from .focus import FocusRing
from .screen import Screen
from .widgets import PAPER

MIN_SIZE = (1280, 720)
FPS = 60
#: Frames a new screen is shown before the automatic screenshot is taken (widgets settle).
SHOT_AFTER_FRAMES = 3
#: Keys that act (go back, press, end the week …): held down they act once, not with key repeat.
ACTION_KEYS = frozenset(
    (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_e, pygame.K_m, pygame.K_F11)
)
#: Without events the window is redrawn only this often (text cursor, tooltips).
IDLE_REDRAW_S = 0.1


class App:
    def __init__(
        self,
        lang: str = "nl",
        size: tuple[int, int] = MIN_SIZE,
        fullscreen: bool = False,
        screenshot_dir: str | Path | None = None,
        **options: Any,
    ) -> None:
        check_language(lang)
        clear_caches()  # rendered text and fonts of an earlier window are invalid after pygame.quit()
        pygame.display.init()  # no audio: the game is silent, and audio init fails on machines without sound
        pygame.font.init()
        pygame.key.set_repeat(400, 35)
        pygame.display.set_caption("Loketdoolhof")
        self.lang = lang
        self._t = translator("game", lang)
        self.options: dict[str, Any] = dict(options)
        self.fullscreen = False
        self._windowed_size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        self.window = pygame.display.set_mode(self._windowed_size, pygame.RESIZABLE)
        self._set_minimum_size()
        self.size = self.window.get_size()
        self.text_size = textsize.initial(options.pop("text_size", None))
        self.manager = self._new_manager()
        self.focus = FocusRing(self)
        self._held: set[int] = set()  # action keys down now (see ACTION_KEYS)
        self.stack: list[Screen] = []
        #: Finished plays of this run: scenario name -> PlayerSession (read by the debrief).
        self.plays: dict[str, Any] = {}
        #: The play in progress (a PlayerSession) or None.
        self.session: Any = None
        #: The last command's result (ok, message in the current language), shown on the week screen.
        self.message: tuple[bool, str] = (True, "")
        self.running = True
        self.clock = pygame.time.Clock()
        self.frame_ms: list[float] = []
        #: Draw every frame (screenshots, benchmarks); otherwise only after events or every IDLE_REDRAW_S.
        self.always_draw = False
        self._last_draw = 0.0
        self.screenshot_dir = Path(screenshot_dir) if screenshot_dir else None
        self._shot_state: tuple[int, str, tuple[int, int]] | None = None
        self._shot_frames = 0
        self._shot_count = 0
        #: The room this player sends to (room.client.RoomSender, see game/room_link.py) or None.
        self.room_sender: Any = None
        self.room_settings: dict[str, Any] = {}
        if fullscreen:
            self.toggle_fullscreen()

    def _new_manager(self) -> pygame_gui.UIManager:
        """The widget manager with the theme at the current text size."""
        textsize.apply(self.text_size)
        manager = pygame_gui.UIManager(self.size, theme_path=str(textsize.theme_file(self.text_size)))
        with warnings.catch_warnings():  # some of these the theme has loaded already
            warnings.simplefilter("ignore")
            manager.preload_fonts(
                [
                    {"name": "noto_sans", "point_size": textsize.scaled(size), "style": style}
                    for size in (16, 17, 18, 22, 28)
                    for style in ("regular", "bold", "italic")
                ]
            )
        return manager

    def set_text_size(self, size: str) -> None:
        """normal or large: every screen is rebuilt with the other theme and fonts; the choice is kept."""
        if size == self.text_size:
            return
        top = self.top
        if top is not None:
            top.keep_state()
            top.on_exit()
        self.text_size = size
        textsize.remember(size)
        clear_caches()
        self.manager = self._new_manager()
        wanted, shown = self.focus.wanted, self.focus.shown
        self.focus.forget()
        if top is not None:
            top.on_enter()
        self.focus.wanted, self.focus.shown = wanted, shown  # the focus stays on the same control

    # ------------------------------------------------------------------ language
    def t(self, msgid: str) -> str:
        return self._t(msgid)

    def tn(self, one: str, many: str, n: float) -> str:
        """The singular or the plural text for ``n`` (Dutch and English share the rule: one is singular)."""
        return self._t(one) if n == 1 else self._t(many)

    def set_language(self, lang: str) -> None:
        """Switch language; the top screen is rebuilt, the others rebuild when they return."""
        check_language(lang)
        self.lang = lang
        self._t = translator("game", lang)
        if self.session is not None:
            self.session.lang = lang
        if self.message[1]:  # the last message was in the other language: say it in this one
            self.message = (True, self.t("De taal is gewijzigd."))
        if self.stack:
            self.stack[-1].on_resize()

    # ------------------------------------------------------------------ the screen stack
    @property
    def top(self) -> Screen | None:
        return self.stack[-1] if self.stack else None

    def push(self, screen: Screen) -> None:
        self.focus.forget()
        if self.stack:
            self.stack[-1].on_exit()
        self.stack.append(screen)
        screen.on_enter()

    def pop(self) -> None:
        if not self.stack:
            return
        self.focus.forget()
        self.stack.pop().on_exit()
        if self.stack:
            self.stack[-1].on_enter()

    def replace(self, screen: Screen) -> None:
        self.focus.forget()
        if self.stack:
            self.stack.pop().on_exit()
        self.stack.append(screen)
        screen.on_enter()

    def reset(self, screen: Screen) -> None:
        """Empty the stack and show ``screen``."""
        if self.stack:
            self.stack[-1].on_exit()
        self.stack.clear()
        self.push(screen)

    def find(self, kind: type) -> Screen | None:
        return next((s for s in reversed(self.stack) if isinstance(s, kind)), None)

    # ------------------------------------------------------------------ plays
    def start_play(self, scenario: str, persona: str) -> None:
        """Start a new play and show its first week (see game/play.py)."""
        from .play import new_session

        self.save_session()
        self.session = new_session(self, scenario, persona)
        self.message = (True, "")
        self.options.update(scenario=scenario, persona=persona)
        self.show_week()

    def resume_play(self, session: Any) -> None:
        self.session = session
        self.options.update(scenario=session.info().scenario, persona=session.info().persona)
        if getattr(session, "finished", False):
            self.finish_play()
        else:
            self.show_week()

    def show_week(self) -> None:
        from .week import WeekScreen

        self.reset(WeekScreen(self, self.session))

    def finish_play(self) -> None:
        """The last week is over: keep the play and show the debrief."""
        from .debrief import DebriefScreen

        session = self.session
        self.save_session()
        self.plays[session.info().scenario] = session
        self.reset(DebriefScreen(self, session))

    def play_other(self, session: Any) -> None:
        """Play the same household in the other scenario (called by the debrief)."""
        from .play import other_scenario

        self.start_play(other_scenario(session.info().scenario), session.info().persona)

    def to_title(self) -> None:
        from .title import TitleScreen

        self.save_session()
        self.reset(TitleScreen(self))

    def save_session(self) -> bool:
        """Write the play in progress to its autosave file; never raises (a save must not crash the game).
        True when there was a play and it is saved."""
        path = getattr(self.session, "autosave", None)
        if path is None:
            return False
        try:
            for screen in self.stack:  # typed, unsent answers go into the save too
                screen.keep_state()
            self.session.save(path)
        except Exception as exc:
            print(f"warning: could not save the game: {exc}", file=sys.stderr)
            return False
        return True

    # ------------------------------------------------------------------ window
    def _set_minimum_size(self) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass

    def _resized(self, size: tuple[int, int]) -> None:
        size = (max(1, size[0]), max(1, size[1]))
        if size == self.size:
            return
        if not self.fullscreen:
            self._windowed_size = size
            self.window = pygame.display.get_surface() or self.window
        self.size = size
        self.manager.set_window_resolution(size)
        if self.stack:
            self.stack[-1].on_resize()

    def resize(self, size: tuple[int, int]) -> None:
        """Resize the window (what a user's drag does), keeping the minimum size."""
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._resized(self.window.get_size())

    def toggle_fullscreen(self) -> None:
        if self.fullscreen:
            self.fullscreen = False
            self.window = pygame.display.set_mode(self._windowed_size, pygame.RESIZABLE)
            self._set_minimum_size()
        else:
            self.fullscreen = True
            try:
                desktop = pygame.display.get_desktop_sizes()[0]
            except (pygame.error, IndexError):
                desktop = self.size
            self.window = pygame.display.set_mode(desktop, pygame.FULLSCREEN)
        self._resized(self.window.get_size())

    # ------------------------------------------------------------------ the frame
    def _dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self._resized(event.size)
            return
        if event.type == pygame.WINDOWSIZECHANGED:
            self._resized((event.x, event.y))
            return
        top = self.top
        if event.type == pygame.KEYUP:
            self._held.discard(event.key)
        if event.type == pygame.WINDOWFOCUSLOST:
            self._held.clear()  # its key releases go elsewhere
        if event.type == pygame.KEYDOWN and event.key in ACTION_KEYS:
            if event.key in self._held:
                return  # a key held down (or a late release under load) acts once, not again and again
            self._held.add(event.key)
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and top is not None:
            top.escape()
            return
        if (
            event.type == pygame.KEYDOWN
            and event.mod & pygame.KMOD_CTRL
            and top is not None
            and top.handle_shortcut(event)
        ):
            return
        if self.focus.handle(event):
            return
        used = self.manager.process_events(event)
        if not used and top is not None:
            top.handle_event(event)

    def step(self, events: list[pygame.event.Event] | None = None, dt: float = 1 / FPS) -> bool:
        """One frame: handle ``events`` plus those waiting in pygame's queue, update, draw.
        Returns False once the app has quit."""
        start = time.perf_counter()
        events_seen = False
        for event in list(events or []) + pygame.event.get():
            if not self.running:
                break
            events_seen = True
            self._dispatch(event)
        if not self.running:
            return False
        if self.room_sender is not None:
            from .room_link import follow

            follow(self)
        self.manager.update(dt)
        top = self.top
        if top is not None:
            top.update(dt)
        now = time.perf_counter()
        if events_seen or self.always_draw or now - self._last_draw >= IDLE_REDRAW_S:
            self.draw()  # nothing happened: no redraw, except a few times a second (cursor, tooltips)
            self._last_draw = now
        self.frame_ms.append((time.perf_counter() - start) * 1000)
        if len(self.frame_ms) > 2000:
            del self.frame_ms[:1000]
        self._auto_screenshot()
        return self.running

    def draw(self) -> None:
        self.window.fill(PAPER)
        if self.top is not None:
            self.top.draw(self.window)
        self.manager.draw_ui(self.window)
        self.focus.draw(self.window)
        if self.room_sender is not None:
            from .room_link import draw

            draw(self, self.window)
        pygame.display.flip()

    def run(self) -> None:
        while self.step(dt=self.clock.tick(FPS) / 1000):
            pass

    def quit(self) -> None:
        self.save_session()
        self.running = False

    # ------------------------------------------------------------------ screenshots
    def screenshot(self, path: str | Path) -> Path:
        self.draw()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.window, str(path))
        return path

    def _auto_screenshot(self) -> None:
        """With ``screenshot_dir`` set, save each screen shown (once per screen, language and size)."""
        if self.screenshot_dir is None or self.top is None:
            return
        state = (id(self.top), self.lang, self.size)
        if state != self._shot_state:
            self._shot_state, self._shot_frames = state, 0
            return
        self._shot_frames += 1
        if self._shot_frames == SHOT_AFTER_FRAMES:
            self._shot_count += 1
            name = type(self.top).__name__.removesuffix("Screen").lower() or "screen"
            self.screenshot(self.screenshot_dir / f"{self._shot_count:02d}_{name}_{self.lang}.png")


def clear_caches() -> None:
    from . import art, widgets

    widgets.font.cache_clear()
    widgets.text.cache_clear()
    art.icon.cache_clear()


def first_screen(app: App, start: str) -> Screen:
    if start == "council":
        from .council import CouncilScreen

        return CouncilScreen(app)
    from .title import TitleScreen

    return TitleScreen(app)


def main(lang: str = "nl", start: str = "title", **options: Any) -> int:
    """Open the window and play.  ``start``: title, council, play (scenario and persona
    from ``options``) or resume (the latest unfinished save).  Returns an exit code."""
    screenshot_dir = options.pop("screenshot_dir", None)
    fullscreen = bool(options.pop("fullscreen", False))
    room = options.pop("room", None)
    app = App(lang=lang, fullscreen=fullscreen, screenshot_dir=screenshot_dir, **options)
    try:
        if room is not None:
            from .room_link import start

            start(app, room)
        app.push(first_screen(app, start))
        if start == "play":
            app.start_play(options["scenario"], options["persona"])
        elif start == "resume":
            from .play import latest_unfinished, load_session

            path = latest_unfinished()
            session = load_session(app, path) if path is not None else None
            if session is not None:
                app.resume_play(session)
            elif path is not None:  # the save is set aside; the title screen says so
                app.reset(first_screen(app, "title"))
        app.run()
        return 0
    except KeyboardInterrupt:
        app.save_session()
        return 130
    except Exception:
        saved = app.save_session()
        details = traceback.format_exc()
        try:
            from userfiles.paths import home

            log = home() / "crash.log"
            log.write_text(details, encoding="utf-8")
            where = f"Details: {log}"
        except OSError:
            where = "Details: " + details.strip().splitlines()[-1]
        if saved:
            print(
                "Het spel is gestopt door een fout; je spel is bewaard (Verder spelen op het titelscherm). "
                f"/ The game stopped on an error; your game was saved (Continue on the title screen). {where}",
                file=sys.stderr,
            )
        else:
            print(
                "Het spel is gestopt door een fout; er was geen spel om te bewaren of het bewaren lukte niet. "
                f"/ The game stopped on an error; no game was saved. {where}",
                file=sys.stderr,
            )
        return 1
    finally:
        if app.room_sender is not None:
            from .room_link import stop

            stop(app)  # what is left is sent for a moment; the rest goes next time (it is all kept locally)
        pygame.quit()
