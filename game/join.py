"""Joining a room from the title screen: the address and join code the facilitator shows, and
the player's name.  Joining runs in a thread (the window keeps drawing); once joined, the game
records and sends every play (game/room_link.py)."""

from __future__ import annotations

import threading
from typing import Any

import pygame
import pygame_gui

from .screen import Screen
from .widgets import button, label

FIELDS = ("room", "join", "player")


class JoinScreen(Screen):
    def __init__(self, app) -> None:
        super().__init__(app)
        o = app.options
        self.values = {"room": o.get("room_url", "http://"), "join": o.get("join", ""), "player": o.get("player", "")}
        self.error = ""
        self.busy = False
        self._result: dict[str, Any] | None = None
        self._failure: str | None = None

    def on_enter(self) -> None:
        t, m = self.app.t, self.app.manager
        w, _ = self.app.size
        self.widgets: list = []
        self.inputs: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        x, col = max(40, w // 2 - 360), 720
        self.widgets.append(label(m, pygame.Rect(x, 40, col, 44), t("Meedoen met een zaal"), "heading"))
        self.widgets.append(
            label(m, pygame.Rect(x, 90, col, 30), t("De trainer laat het adres en de aanmeldcode zien."), "subtle")
        )
        captions = {"room": t("Adres van de zaal"), "join": t("Aanmeldcode"), "player": t("Je naam")}
        y = 140
        for key in FIELDS:
            self.widgets.append(label(m, pygame.Rect(x, y, col, 28), captions[key]))
            entry = pygame_gui.elements.UITextEntryLine(
                pygame.Rect(x, y + 30, col, 44), m, object_id=f"#join_{key}", initial_text=self.values[key]
            )
            entry.set_text_length_limit(200 if key == "room" else 40)
            self.inputs[key] = entry
            y += 90
        self.join_button = button(
            m,
            pygame.Rect(x, y + 10, 300, 50),
            t("Verbinden…") if self.busy else t("Meedoen"),
            "big",
            object_id="join_go",
        )
        self.back_button = button(
            m, pygame.Rect(x + col - 200, y + 10, 200, 50), t("Terug"), "secondary", object_id="join_back"
        )
        if self.busy:
            self.join_button.disable()
        if self.error:
            self.widgets.append(label(m, pygame.Rect(x, y + 74, col, 32), self.error, "error"))
        self.inputs["player" if self.values["room"] != "http://" else "room"].focus()

    def on_exit(self) -> None:
        self.keep_state()
        for wdg in self.widgets + list(self.inputs.values()) + [self.join_button, self.back_button]:
            wdg.kill()

    def keep_state(self) -> None:
        for key, entry in getattr(self, "inputs", {}).items():
            if entry.alive():
                self.values[key] = entry.get_text()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED or (
            event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.join_button
        ):
            self.start_join()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back_button:
            self.app.pop()
            return True
        return False

    def start_join(self) -> None:
        if self.busy:
            return
        self.keep_state()
        if not all(self.values[k].strip() for k in FIELDS):
            self.error = self.app.t("Vul het adres, de aanmeldcode en je naam in.")
            self.on_resize()
            return
        self.busy, self.error = True, ""
        self.on_resize()
        room, code, name = (self.values[k].strip() for k in FIELDS)
        threading.Thread(target=self._join, args=(room, code, name), daemon=True).start()

    def _join(self, room: str, code: str, name: str) -> None:
        from room.client import RoomError, join

        try:
            self._result = join(room, code, name)
        except RoomError as exc:
            self._failure = str(exc)

    def update(self, dt: float) -> None:
        if not self.busy:
            return
        if self._failure is not None:
            self.busy, self.error, self._failure = (
                False,
                self.app.t("Meedoen lukte niet: {reason}").format(reason=self._failure),
                None,
            )
            self.on_resize()
        elif self._result is not None:
            from .room_link import start

            result, self._result = self._result, None
            self.app.options.update(room_url=result["url"], join=self.values["join"].strip())
            start(self.app, result)
            self.busy = False
            self.app.pop()
