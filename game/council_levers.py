"""The council screen's levers: a scrolling panel with, per lever of the scenario, its name, a slider
(with the value it stands at) or a switch, and a "?" that shows its explanation.

The screen (game.council.CouncilScreen) owns the lever values (``screen.levers``, ``screen.values``);
this module builds the widgets and turns moving a slider or pressing a switch into a new value,
which the screen keeps at once (``screen.remember()``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from .widgets import button, label

if TYPE_CHECKING:
    from .council import CouncilScreen

ROW = 60


class LeverPanel:
    """The levers inside ``rect``, one row of ``ROW`` pixels each, scrolled when they do not fit."""

    def __init__(self, screen: CouncilScreen, rect: pygame.Rect) -> None:
        self.screen = screen
        m, lang = screen.app.manager, screen.app.lang
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.sliders: dict[str, pygame_gui.elements.UIHorizontalSlider] = {}
        self.switches: dict[str, pygame_gui.elements.UIButton] = {}
        self.value_labels: dict[str, pygame_gui.elements.UILabel] = {}
        self.scroll = pygame_gui.elements.UIScrollingContainer(rect, m, allow_scroll_x=False)
        self.widgets.append(self.scroll)
        inner = rect.width - 24
        for i, (name, lv) in enumerate(screen.levers.items()):
            y = i * ROW
            self.widgets.append(
                label(m, pygame.Rect(0, y, inner, 24), lv.label.get(lang), "subtle", container=self.scroll, fit=True)
            )
            self.buttons[f"explain_{name}"] = button(
                m,
                pygame.Rect(inner - 34, y + 26, 34, 28),
                "?",
                "chosen" if screen.explaining == name else "secondary",
                container=self.scroll,
                object_id=f"council_explain_{name}",
            )
            if lv.is_switch:
                self._switch(name, pygame.Rect(0, y + 26, 130, 30))
            else:
                slider = pygame_gui.elements.UIHorizontalSlider(
                    pygame.Rect(0, y + 26, inner - 140, 28),
                    lv.position(screen.values[name]),
                    (0, lv.steps()),
                    m,
                    container=self.scroll,
                    click_increment=1,
                    object_id=f"#lever_{name}",
                )
                self.sliders[name] = slider
                self.widgets.append(slider)
                self.value_labels[name] = label(
                    m,
                    pygame.Rect(inner - 136, y + 26, 96, 28),
                    lv.show(screen.values[name], lang),
                    container=self.scroll,
                )
                self.widgets.append(self.value_labels[name])
        self.scroll.set_scrollable_area_dimensions((inner, len(screen.levers) * ROW))

    def _switch(self, name: str, rect: pygame.Rect) -> None:
        s = self.screen
        on = s.levers[name].is_on(s.values[name])
        self.switches[name] = button(
            s.app.manager,
            rect,
            s.levers[name].show(s.values[name], s.app.lang),
            "chosen" if on else "secondary",
            container=self.scroll,
            object_id=f"lever_{name}",
        )
        self.widgets.append(self.switches[name])

    def kill(self) -> None:
        for wdg in self.widgets + list(self.buttons.values()):
            wdg.kill()
        self.widgets, self.buttons = [], {}

    def handle(self, event: pygame.event.Event) -> bool:
        s = self.screen
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            name = next((k for k, sl in self.sliders.items() if sl is event.ui_element), None)
            if name is None:
                return False
            lv = s.levers[name]
            s.values[name] = lv.value_at(int(round(event.value)))
            self.value_labels[name].set_text(lv.show(s.values[name], s.app.lang))
            s.changed_since_run = s.run is not None
            s.remember()
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        name = next((k for k, b in self.switches.items() if b is event.ui_element), None)
        if name is not None:
            s.values[name] = s.levers[name].toggled(s.values[name])
            rect = self.switches[name].relative_rect.copy()
            self.switches[name].kill()
            self._switch(name, rect)
            s.changed_since_run = s.run is not None
            s.remember()
            return True
        key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
        if key is None:
            return False
        name = key.removeprefix("explain_")
        s.explaining = None if name == s.explaining else name
        s.on_resize()
        return True
