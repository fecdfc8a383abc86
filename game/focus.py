"""Keyboard focus for every screen: Tab and Shift+Tab walk the controls of the top screen in
reading order (top to bottom, left to right, also inside scrolling panels, which scroll the
focused control into view); Enter or Space presses the focused button; a focused text field
takes the typing.  A ring is drawn around the focused control once the keyboard is used.

Screens need not do anything: the controls are the live pygame_gui buttons and text fields
(only the top screen has widgets, see game/screen.py).  A screen may give its own order by
defining ``focus_order() -> list[element]``.  After a screen rebuilds its widgets (most actions
do), the focus returns to the control with the same object id and caption, if it is still there.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIScrollingContainer, UITextEntryLine

from .widgets import FOCUS, INK

ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


def _scroller(element) -> UIScrollingContainer | None:
    """The scrolling panel an element lies in, if any (the panel's inner container holds it)."""
    panels = {
        id(el.scrollable_container): el
        for el in element.ui_manager.get_sprite_group().sprites()
        if isinstance(el, UIScrollingContainer)
    }
    root = element.ui_manager.get_root_container()
    container = element.ui_container
    while container is not None and container is not root:
        if id(container) in panels:
            return panels[id(container)]
        container = getattr(container, "ui_container", None)
    return None


def layout_position(element) -> tuple[int, int]:
    """Where an element lies on the page, scrolling undone (so the order does not change as a panel scrolls)."""
    x, y = element.rect.topleft
    panel = _scroller(element)
    if panel is not None:
        inner = panel.scrollable_container
        y = panel.rect.top + (element.rect.top - inner.rect.top)
    return x, y


def reading_order(elements: list) -> list:
    """Top to bottom in rows (a few pixels apart count as one row), left to right within a row;
    the controls of a scrolling panel come together, where the panel lies."""

    def key(el):
        x, y = layout_position(el)
        panel = _scroller(el)
        if panel is None:
            return (el.rect.top // 12, el.rect.left, 0, 0)
        return (panel.rect.top // 12, panel.rect.left, y // 12, x)

    return sorted(elements, key=key)


def scroll_into_view(element) -> None:
    """Scroll the panel holding ``element`` so that the element is wholly visible."""
    panel = _scroller(element)
    if panel is None or panel.vert_scroll_bar is None:
        return
    view = panel._view_container.rect
    inner = panel.scrollable_container
    offset = view.top - inner.rect.top  # how far the content is scrolled now
    top = element.rect.top - inner.rect.top
    bottom = top + element.rect.height
    if top - 8 < offset:
        offset = max(0, top - 8)
    elif bottom + 8 > offset + view.height:
        offset = bottom + 8 - view.height
    else:
        return
    total = max(1, inner.rect.height)
    panel.vert_scroll_bar.set_scroll_from_start_percentage(offset / total)
    inner.set_relative_position((inner.relative_rect.x, -offset))


class FocusRing:
    def __init__(self, app) -> None:
        self.app = app
        self.current = None
        #: (object id, caption) of the focused control, to find it again after a rebuild.
        self.wanted: tuple[str, str] | None = None
        #: The ring is shown after a key is used to move, hidden after a mouse click.
        self.shown = False

    # ------------------------------------------------------------------ which controls
    def controls(self) -> list:
        top = self.app.top
        custom = getattr(top, "focus_order", None)
        if custom is not None:
            items = [el for el in custom() if self._usable(el)]
            return items
        items = [
            el
            for el in self.app.manager.get_sprite_group().sprites()
            if isinstance(el, (UIButton, UITextEntryLine)) and self._usable(el) and not _is_part_of_widget(el)
        ]
        return reading_order(items)

    @staticmethod
    def _usable(el) -> bool:
        return el.alive() and el.visible and el.is_enabled

    @staticmethod
    def identity(el) -> tuple[str, str]:
        return el.most_specific_combined_id, getattr(el, "text", "") if isinstance(el, UIButton) else ""

    # ------------------------------------------------------------------ moving
    def focus(self, el, show: bool = True) -> None:
        manager = self.app.manager
        if isinstance(self.current, UITextEntryLine) and self.current is not el and self.current.alive():
            self.current.unfocus()
        self.current = el
        self.wanted = self.identity(el) if el is not None else None
        self.shown = show and el is not None
        if el is None:
            manager.set_focus_set(None)
            return
        if isinstance(el, UITextEntryLine):
            el.focus()
            manager.set_focus_set(el)
        else:
            manager.set_focus_set(None)
        scroll_into_view(el)

    def move(self, back: bool = False) -> None:
        items = self.controls()
        if not items:
            self.focus(None)
            return
        self.refresh()
        if self.current in items:
            i = (items.index(self.current) + (-1 if back else 1)) % len(items)
        else:
            i = len(items) - 1 if back else 0
        self.focus(items[i])

    def refresh(self) -> None:
        """After a rebuild the old control is gone: take its successor with the same identity."""
        if self.current is not None and self.current.alive():
            return
        self.current = None
        if self.wanted is None:
            return
        controls = self.controls()
        oid = self.wanted[0]
        same = [el for el in controls if self.identity(el) == self.wanted] or [
            el for el in controls if "#" in oid and el.most_specific_combined_id == oid
        ]  # its caption changed
        if same:
            el = self.current = same[0]
            if isinstance(el, UITextEntryLine) and self.shown:
                el.focus()
                self.app.manager.set_focus_set(el)

    def forget(self) -> None:
        """A new screen: nothing is focused until Tab is pressed."""
        self.current = None
        self.wanted = None
        self.shown = False

    # ------------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> bool:
        """Tab, Shift+Tab, and Enter/Space on a focused button.  True when the event was used."""
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.shown = False
            return False
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_TAB:
            self.move(back=bool(event.mod & pygame.KMOD_SHIFT))
            return True
        if event.key in ACTIVATE_KEYS:
            self.refresh()
            el = self.current
            if isinstance(el, UIButton) and self._usable(el) and self.shown:
                pygame.event.post(
                    pygame.event.Event(
                        pygame_gui.UI_BUTTON_PRESSED,
                        ui_element=el,
                        ui_object_id=el.most_specific_combined_id,
                        mouse_button=1,
                    )
                )
                return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        if not self.shown:
            return
        self.refresh()
        el = self.current
        if el is None or not self._usable(el):
            return
        r = el.rect.inflate(8, 8)
        panel = _scroller(el)
        if panel is not None:
            view = panel._view_container.rect
            if not view.colliderect(r):
                return
            surface.set_clip(view.inflate(6, 6))
        pygame.draw.rect(surface, INK, r.inflate(4, 4), 2, border_radius=9)
        pygame.draw.rect(surface, FOCUS, r, 4, border_radius=8)
        surface.set_clip(None)


def _is_part_of_widget(el) -> bool:
    """Buttons inside pygame_gui's own widgets (scroll bar arrows, drop-down parts) are not stops."""
    return getattr(el, "parent_element", None) is not None
