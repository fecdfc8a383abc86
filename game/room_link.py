"""The game's link to a room (room/client.py): start the background sender, follow the room's
settings and show the facilitator's call to the debrief.  Nothing here waits for the network:
the sender's thread does the sending, the frame only reads what it found out."""

from __future__ import annotations

from typing import Any

import pygame

from .widgets import text

WATCHED = ("persona", "weeks", "seed")


def start(app, link: dict[str, Any]) -> None:
    """Send this player's plays to the room ``link`` (url, key, workshop, player, settings)."""
    from room.client import RoomSender
    from userfiles.paths import workshop_db

    stop(app)
    app.options.update(workshop=link["workshop"], player=link["player"])
    app.room_sender = RoomSender(
        link["url"], link["key"], link["workshop"], link["player"], workshop_db(), settings=link.get("settings")
    )
    app.room_settings = {}
    follow(app)


def listen(app, session: Any) -> None:
    """Wake the sender after each journal entry of ``session`` (the recorder writes it first)."""
    sender = getattr(app, "room_sender", None)
    if sender is not None:
        session.subscribe(sender.wake)
        sender.wake()


def follow(app) -> None:
    """Once a frame: the room's settings become the options of the next new play."""
    sender = getattr(app, "room_sender", None)
    if sender is None:
        return
    settings = sender.settings
    if settings == app.room_settings:
        return
    app.room_settings = dict(settings)
    for key in WATCHED:
        value = settings.get(key)
        if value not in (None, ""):
            app.options[key] = value


def in_debrief(app) -> bool:
    sender = getattr(app, "room_sender", None)
    return sender is not None and sender.settings.get("phase") == "debrief"


def draw(app, surface: pygame.Surface) -> None:
    """A strip along the top while the facilitator has called the room to the debrief (on the title
    screen in the place of its room line, clear of the language buttons)."""
    if not in_debrief(app):
        return
    from .title import TitleScreen

    w = surface.get_width()
    strip = pygame.Rect(20, 20, w - 460, 36) if isinstance(app.top, TitleScreen) else pygame.Rect(0, 0, w, 30)
    surface.fill((181, 72, 47), strip)
    msg = text(
        app.t("De trainer roept iedereen naar de nabespreking: rond je week af."), 18, (255, 255, 255), bold=True
    )
    surface.blit(msg, msg.get_rect(center=strip.center))


def stop(app) -> None:
    sender = getattr(app, "room_sender", None)
    if sender is not None:
        sender.stop()
        app.room_sender = None
