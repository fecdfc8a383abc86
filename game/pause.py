"""The pause menu: Escape opens it on the week screen, Escape (or Resume) closes it."""

from __future__ import annotations

import pygame
import pygame_gui

from .screen import Screen
from .widgets import INK, MUTED, WHITE, button, label, px, text


class PauseScreen(Screen):
    escape_opens_menu = False

    def on_enter(self) -> None:
        t, m = self.app.t, self.app.manager
        w, h = self.app.size
        bw, bh, gap = px(360), px(52), 14
        n = 6
        top = h // 2 - (n * (bh + gap)) // 2 + 30
        x = w // 2 - bw // 2
        self.panel_rect = pygame.Rect(x - 40, top - 100, bw + 80, n * (bh + gap) + 130)
        self.title = label(m, pygame.Rect(x, top - 80, bw, px(50)), t("Pauze"), "subtitle")
        other = "en" if self.app.lang == "nl" else "nl"
        rows = [
            ("resume", t("Verder"), ""),
            ("language", t("Taal: English") if other == "en" else t("Taal: Nederlands"), "secondary"),
            ("textsize", t("Tekst: groot") if self.app.text_size == "normal" else t("Tekst: normaal"), "secondary"),
            ("fullscreen", t("Volledig scherm aan/uit (F11)"), "secondary"),
            ("title", t("Opslaan en naar titelscherm"), "secondary"),
            ("quit", t("Opslaan en afsluiten"), "danger"),
        ]
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        for i, (key, caption, kind) in enumerate(rows):
            self.buttons[key] = button(
                m, pygame.Rect(x, top + i * (bh + gap), bw, bh), caption, kind, object_id=f"pause_{key}"
            )
        self.hint = t("Esc: verder spelen")

    def on_exit(self) -> None:
        self.title.kill()
        for b in self.buttons.values():
            b.kill()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        b = self.buttons
        if event.ui_element is b["resume"]:
            self.app.pop()
        elif event.ui_element is b["language"]:
            self.app.set_language("en" if self.app.lang == "nl" else "nl")
        elif event.ui_element is b["textsize"]:
            self.app.set_text_size("large" if self.app.text_size == "normal" else "normal")
        elif event.ui_element is b["fullscreen"]:
            self.app.toggle_fullscreen()
        elif event.ui_element is b["title"]:
            self.app.to_title()
        elif event.ui_element is b["quit"]:
            self.app.quit()
        else:
            return False
        return True

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((30, 42, 56, 90))
        surface.blit(shade, (0, 0))
        pygame.draw.rect(surface, WHITE, self.panel_rect, border_radius=12)
        pygame.draw.rect(surface, INK, self.panel_rect, 1, border_radius=12)
        hint = text(self.hint, 16, MUTED)
        surface.blit(hint, hint.get_rect(midbottom=(self.panel_rect.centerx, self.panel_rect.bottom - 10)))
