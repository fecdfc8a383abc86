"""Simple flat art drawn with pygame: counter buildings, the player's home, a phone.

``assets/make_art.py`` saves these drawings as PNG files in ``assets/icons``; the
game loads the PNGs when they are there and draws the same picture otherwise.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from .widgets import ASSETS

ICON_DIR = ASSETS / "icons"
BASE = 96  # icons are drawn on a 96 x 96 canvas and scaled

WALL = {
    "townhall": (200, 190, 170),
    "office": (170, 196, 214),
    "house": (232, 160, 120),
    "desk": (186, 214, 178),
    "clinic": (236, 236, 236),
    "digital": (210, 206, 232),
    "home": (242, 177, 52),
}
ROOF = (90, 98, 110)
WINDOW = (250, 250, 245)
DOOR = (60, 70, 84)
OUTLINE = (30, 42, 56)

#: Which picture each counter of the bundled scenarios gets; unknown counters get an office.
COUNTER_ICONS = {
    "gemeente_balie": "townhall",
    "werk_inkomen": "townhall",
    "wijkteam": "desk",
    "toeslagen": "digital",
    "uwv": "digital",
    "schuldhulp": "office",
    "wmo_loket": "desk",
    "jeugd_loket": "desk",
    "woningcorporatie": "house",
    "energie": "digital",
    "huisarts": "clinic",
}
NAMES = tuple(WALL)


def _windows(s: pygame.Surface, rect: pygame.Rect, cols: int, rows: int) -> None:
    cw, ch = rect.width // cols, rect.height // rows
    for r in range(rows):
        for c in range(cols):
            w = pygame.Rect(rect.x + c * cw + 5, rect.y + r * ch + 5, cw - 10, ch - 10)
            pygame.draw.rect(s, WINDOW, w, border_radius=2)
            pygame.draw.rect(s, OUTLINE, w, 1, border_radius=2)


def draw(name: str) -> pygame.Surface:
    """The 96 x 96 picture ``name`` (one of NAMES)."""
    s = pygame.Surface((BASE, BASE), pygame.SRCALPHA)
    wall = WALL.get(name, WALL["office"])
    if name in ("house", "home"):
        body = pygame.Rect(18, 44, 60, 44)
        pygame.draw.rect(s, wall, body)
        pygame.draw.rect(s, OUTLINE, body, 2)
        pygame.draw.polygon(s, ROOF, [(10, 46), (48, 12), (86, 46)])
        pygame.draw.polygon(s, OUTLINE, [(10, 46), (48, 12), (86, 46)], 2)
        pygame.draw.rect(s, DOOR, (42, 62, 14, 26))
        _windows(s, pygame.Rect(22, 50, 18, 18), 1, 1)
        _windows(s, pygame.Rect(58, 50, 18, 18), 1, 1)
        if name == "home":
            pygame.draw.circle(s, (181, 72, 47), (48, 34), 7)  # a heart-ish dot: "you live here"
    elif name == "townhall":
        body = pygame.Rect(10, 40, 76, 48)
        pygame.draw.rect(s, wall, body)
        pygame.draw.rect(s, OUTLINE, body, 2)
        pygame.draw.polygon(s, ROOF, [(6, 42), (48, 16), (90, 42)])
        pygame.draw.polygon(s, OUTLINE, [(6, 42), (48, 16), (90, 42)], 2)
        for x in (18, 34, 58, 74):
            pygame.draw.rect(s, WINDOW, (x - 3, 48, 6, 40))
        pygame.draw.rect(s, DOOR, (42, 66, 12, 22))
        pygame.draw.line(s, OUTLINE, (48, 16), (48, 4), 2)
        pygame.draw.polygon(s, (181, 72, 47), [(48, 4), (62, 8), (48, 12)])
    elif name == "digital":
        screen = pygame.Rect(14, 20, 68, 46)
        pygame.draw.rect(s, OUTLINE, screen, border_radius=4)
        pygame.draw.rect(s, wall, screen.inflate(-8, -8), border_radius=2)
        pygame.draw.rect(s, OUTLINE, (6, 68, 84, 10), border_radius=3)
        for i in range(3):
            pygame.draw.rect(s, WINDOW, (24, 30 + i * 10, 48 - i * 12, 5))
        pygame.draw.circle(s, (31, 111, 139), (70, 56), 5)
    elif name == "clinic":
        body = pygame.Rect(14, 30, 68, 58)
        pygame.draw.rect(s, wall, body)
        pygame.draw.rect(s, OUTLINE, body, 2)
        pygame.draw.rect(s, (181, 72, 47), (42, 38, 12, 30))
        pygame.draw.rect(s, (181, 72, 47), (33, 47, 30, 12))
        pygame.draw.rect(s, DOOR, (40, 72, 16, 16))
    else:  # office, desk and anything else
        tall = name == "office"
        body = pygame.Rect(16, 12 if tall else 30, 64, 76 if tall else 58)
        pygame.draw.rect(s, wall, body)
        pygame.draw.rect(s, OUTLINE, body, 2)
        _windows(s, pygame.Rect(body.x + 4, body.y + 4, body.width - 8, body.height - 30), 3, 3 if tall else 2)
        pygame.draw.rect(s, DOOR, (40, 70, 16, 18))
        if not tall:
            pygame.draw.rect(s, (31, 111, 139), (10, 24, 76, 10))  # awning: a desk in the neighbourhood
    pygame.draw.line(s, OUTLINE, (2, 89), (94, 89), 3)
    return s


@lru_cache(maxsize=64)
def icon(name: str, size: int = 64) -> pygame.Surface:
    """The picture ``name`` at ``size`` pixels, from assets/icons if saved there."""
    path = ICON_DIR / f"{name}.png"
    img = None
    if path.exists():
        try:
            img = pygame.image.load(str(path))
        except pygame.error:
            img = None
    if img is None:
        img = draw(name)
    if pygame.display.get_surface() is not None:
        img = img.convert_alpha()
    return pygame.transform.smoothscale(img, (size, size)) if size != img.get_width() else img


def counter_icon(counter_id: str, size: int = 64) -> pygame.Surface:
    return icon(COUNTER_ICONS.get(counter_id, "office"), size)
