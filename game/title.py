"""The title screen: new game, continue an unfinished save, council mode, language, quit."""

from __future__ import annotations

import importlib.util

import pygame
import pygame_gui

from .art import icon
from .screen import Screen
from .widgets import MUTED, button, escape_html, label, text, textbox


def council_available() -> bool:
    try:
        return importlib.util.find_spec("game.council") is not None
    except (ImportError, ValueError):
        return False


class TitleScreen(Screen):
    def on_enter(self) -> None:
        from .play import latest_unfinished

        t, m = self.app.t, self.app.manager
        w, h = self.app.size
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        cx = w // 2
        self.widgets.append(label(m, pygame.Rect(cx - 400, 60, 800, 80), "Loketdoolhof", "title"))
        self.widgets.append(
            label(m, pygame.Rect(cx - 500, 140, 1000, 40), t("Een huishouden in het doolhof van loketten"), "subtitle")
        )
        self.save_path = latest_unfinished()
        rows = []
        if self.save_path is not None:
            rows.append(("continue", t("Verder spelen"), ""))
        rows.append(("new", t("Nieuw spel"), "" if self.save_path is None else "secondary"))
        if len(self.app.plays) >= 2:
            rows.append(("compare", t("Vergelijking van je spellen"), "secondary"))
        if council_available():
            rows.append(("council", t("Gemeenteraad"), "secondary"))
        if self.app.room_sender is None:
            rows.append(("join", t("Meedoen met een zaal"), "secondary"))
        rows.append(("quit", t("Afsluiten"), "secondary"))
        bw, bh, gap = 420, 54, 14
        y = max(338, h // 2 - 20)
        for i, (key, caption, kind) in enumerate(rows):
            self.buttons[key] = button(
                m,
                pygame.Rect(cx - bw // 2, y + i * (bh + gap), bw, bh),
                caption,
                kind or "big",
                object_id=f"title_{key}",
            )
        self.buttons["nl"] = button(
            m,
            pygame.Rect(w - 390, 16, 180, 44),
            "Nederlands",
            "chosen" if self.app.lang == "nl" else "secondary",
            object_id="lang_nl",
        )
        self.buttons["en"] = button(
            m,
            pygame.Rect(w - 200, 16, 180, 44),
            "English",
            "chosen" if self.app.lang == "en" else "secondary",
            object_id="lang_en",
        )
        large = self.app.text_size == "large"
        self.buttons["textsize"] = button(
            m,
            pygame.Rect(w - 390, 68, 370, 44),
            t("Tekst: normaal") if large else t("Tekst: groot"),
            "secondary",
            object_id="title_textsize",
        )
        self.hint = t("Tab: volgende knop · Enter: kiezen · F11: volledig scherm")
        if self.save_path is not None:
            from .play import save_summary

            summary = save_summary(self.app, self.save_path)
            if summary:
                r = self.buttons["continue"].relative_rect
                self.widgets.append(label(m, pygame.Rect(cx - 400, r.y - 30, 800, 28), summary, "centered"))
        ok, message = self.app.message
        if message and not ok:  # may name a file: a wide box above the key help, wrapped rather than cut off
            self.widgets.append(textbox(m, pygame.Rect(20, h - 112, w - 40, 60), escape_html(message), "error"))
        elif self.app.room_sender is not None:
            o = self.app.options
            self.widgets.append(
                label(
                    m,
                    pygame.Rect(20, 20, w - 440, 36),
                    t("In zaal {code} als {name}").format(code=o.get("workshop", ""), name=o.get("player", "")),
                    "centered",
                )
            )
            if self.app.room_sender.notice:  # the room is full (room/client.py): the player should know
                note = t("De zaal is vol en neemt je spel niet meer aan; het wordt gewoon op deze laptop bewaard.")
                self.widgets.append(textbox(m, pygame.Rect(20, h - 112, w - 40, 60), escape_html(note), "error"))

    def on_exit(self) -> None:
        for wdg in self.widgets + list(self.buttons.values()):
            wdg.kill()

    def escape(self) -> None:
        """The title screen is the top level: Escape does nothing here (Quit is a button)."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            first = self.buttons.get("continue") or self.buttons["new"]  # Enter: the first (highlighted) choice
            event = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=first)
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
        if key == "new":
            from .setup import SetupScreen

            self.app.push(SetupScreen(self.app))
        elif key == "continue":
            from .play import load_session

            current = self.app.session
            if current is not None and not current.finished and current.autosave == self.save_path:
                self.app.resume_play(current)  # still in memory: no need to replay the save
                return True
            session = load_session(self.app, self.save_path)
            if session is not None:
                self.app.resume_play(session)
            else:
                self.on_resize()  # the message says why; the file is kept aside
        elif key == "compare":
            from .debrief import ComparisonScreen

            self.app.push(ComparisonScreen(self.app, self.app.plays))
        elif key == "join":
            from .join import JoinScreen

            self.app.push(JoinScreen(self.app))
        elif key == "council":
            from .council import CouncilScreen

            self.app.push(CouncilScreen(self.app))
        elif key in ("nl", "en"):
            self.app.set_language(key)
        elif key == "textsize":
            self.app.set_text_size("normal" if self.app.text_size == "large" else "large")
        elif key == "quit":
            self.app.quit()
        else:
            return False
        return True

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        names = ("townhall", "office", "house", "desk", "clinic", "office", "townhall")
        step = 120
        x0 = w // 2 - (len(names) * step) // 2 + 12
        for i, name in enumerate(names):
            surface.blit(icon(name, 96), (x0 + i * step, 200))
        hint = text(self.hint, 16, MUTED)
        surface.blit(hint, hint.get_rect(midbottom=(w // 2, h - 14)))
