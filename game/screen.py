"""The one contract every screen of the game follows.

The :class:`game.app.App` keeps a stack of screens.  Only the top screen gets
events, updates and draws; a screen builds its pygame_gui elements in
``on_enter`` and removes them in ``on_exit`` (so covering a screen with the
pause menu and popping back rebuilds it cleanly).

``app`` offers (see game/app.py):
    app.manager   pygame_gui.UIManager for all widgets
    app.t(msgid)  the game's translator (Dutch message id -> current language)
    app.lang      "nl" or "en"
    app.size      (width, height) of the window now
    app.push(screen), app.pop(), app.replace(screen)
    app.options   dict of start options (scenario, persona, seed, households, weeks, workshop …)

Nothing the player typed may be lost: a screen that holds such work keeps it in the session
(``keep_state``; the app calls it before it saves the play, e.g. when the window is closed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from .app import App


class Screen:
    """Base class: override what you need."""

    #: True only for the week screen: there Escape opens the pause menu; everywhere else it goes back.
    escape_opens_menu: bool = False

    def __init__(self, app: App) -> None:
        self.app = app

    def on_enter(self) -> None:
        """Build widgets.  Called when the screen becomes the top of the stack."""

    def on_exit(self) -> None:
        """Remove widgets.  Called when another screen covers or replaces this one."""

    def on_resize(self) -> None:
        """The window changed size: default rebuilds the widgets."""
        self.on_exit()
        self.on_enter()

    def keep_state(self) -> None:
        """Hand unsaved work the player did on this screen (typed form answers) to the session,
        so that it is saved with it.  Called before every save, also for covered screens."""

    def escape(self) -> None:
        """Escape: back one level (the screen below, or the title screen from a screen that is alone
        on the stack: debrief, council), or the pause menu where ``escape_opens_menu``."""
        if self.escape_opens_menu:
            from .pause import PauseScreen

            self.app.push(PauseScreen(self.app))
        elif len(self.app.stack) > 1:
            self.app.pop()
        else:
            self.app.to_title()

    def handle_shortcut(self, event: pygame.event.Event) -> bool:
        """A key pressed with Ctrl, before any widget sees it; True when used."""
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Return True when the event was used."""
        return False

    def update(self, dt: float) -> None:
        """Advance animations; ``dt`` in seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what is not a widget (the manager draws widgets afterwards)."""
