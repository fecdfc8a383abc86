"""The neighbourhood map: counters as buildings (with their queues), the
player's home and the other households.  Click a building to go there.

Not a screen: the week screen owns a :class:`CityMap` and gives it a rectangle.
The static part (grass, roads, houses) is drawn once per size; the buildings and
queues are redrawn only when something on them changes.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

import pygame

from .art import counter_icon, icon
from .widgets import ACCENT, AMBER, GRASS, INK, LINE, MUTED, ROAD, WARN, WHITE, ellipsize, font, px, text

if TYPE_CHECKING:
    from player import CounterView

ICON = 64
#: A name plate's line is at most this wide; a longer name takes two lines.
PLATE_W = 180
PLATE_LINE = 20
#: A plate may touch something else by this many square pixels (a corner of a badge).
TOUCH = 100


def plate_lines(name: str, width: int | None = None, size: int = 16, split: bool = False) -> list[str]:
    """A counter's name in one line, or (too wide, or ``split``) in two where the longer line is
    shortest (after a space or a slash: 'Belastingdienst/' 'Toeslagen'); only a single word too
    long is shortened."""
    f = font(size)
    width = px(PLATE_W) if width is None else width
    if f.size(name)[0] <= width and not split:
        return [name]
    cuts = [i + 1 for i, ch in enumerate(name) if ch in " /" and 0 < i < len(name) - 1]
    best = None
    for i in cuts:
        parts = [name[:i].rstrip(), name[i:].lstrip()]
        widest = max(f.size(x)[0] for x in parts)
        if best is None or widest < best[0]:
            best = (widest, parts)
    if best is None:
        return [ellipsize(name, width, size)]
    return [x if f.size(x)[0] <= width else ellipsize(x, width, size) for x in best[1]]


def home_spot(spots: list[tuple[float, float]]) -> tuple[float, float]:
    """Where the player's home goes: the free grid point farthest from every counter."""
    best, best_d = (0.5, 0.35), -1.0
    for gx in range(2, 19):
        for gy in range(2, 19):
            p = (gx / 20, gy / 20)
            d = min((math.dist(p, s) for s in spots), default=1.0)
            if d > best_d:
                best, best_d = p, d
    return best


class CityMap:
    def __init__(self, counters: list[CounterView], lang: str, rect: pygame.Rect, households: int = 200) -> None:
        """``counters``: the session's counter views (names in ``lang``), in the scenario's order."""
        self.counters = {c.id: c for c in counters}
        self.lang = lang
        self.rect = pygame.Rect(rect)
        self.households = households
        self.counter_ids = list(self.counters)
        self.home_xy = home_spot([tuple(self.counters[c].map_xy) for c in self.counter_ids])
        self.queues: dict[str, int] = {}
        self.marks: dict[str, str] = {}  # counter -> short note (e.g. "open" application)
        self.keys: dict[str, str] = {}  # counter -> the number key that chooses it
        self.player_at: str | None = None
        self.hover: str | None = None
        self._static: pygame.Surface | None = None
        self._frame: pygame.Surface | None = None

    # ------------------------------------------------------------------ state
    def set_rect(self, rect: pygame.Rect) -> None:
        if pygame.Rect(rect) != self.rect:
            self.rect = pygame.Rect(rect)
            self._static = self._frame = None

    def set_queues(self, queues: dict[str, int]) -> None:
        if queues != self.queues:
            self.queues = dict(queues)
            self._frame = None

    def set_marks(self, marks: dict[str, str]) -> None:
        if marks != self.marks:
            self.marks = dict(marks)
            self._frame = None

    def set_keys(self, keys: dict[str, str]) -> None:
        if keys != self.keys:
            self.keys = dict(keys)
            self._frame = None

    def set_player_at(self, cid: str | None) -> None:
        if cid != self.player_at:
            self.player_at = cid
            self._frame = None

    def point(self, xy: tuple[float, float]) -> tuple[int, int]:
        pad = ICON // 2 + 8
        x = self.rect.x + pad + xy[0] * (self.rect.width - 2 * pad)
        y = self.rect.y + pad + xy[1] * (self.rect.height - 2 * pad - 24)
        return round(x), round(y)

    def building_rect(self, cid: str) -> pygame.Rect:
        r = pygame.Rect(0, 0, ICON, ICON)
        r.center = self.point(tuple(self.counters[cid].map_xy))
        return r

    def badge_rect(self, cid: str, queue: int | None = None, taken: list[pygame.Rect] | None = None) -> pygame.Rect:
        """Where the queue badge of a building goes: at its top right corner, or on another side
        when that spot lies on a neighbouring building (a badge must not seem to belong to it)."""
        b = self.building_rect(cid)
        size = text(str(self.queues.get(cid, 0) if queue is None else queue), 16, WHITE, True).get_size()
        others = [self.building_rect(c) for c in self.counter_ids if c != cid] + list(taken or [])
        bounds = self.rect
        spots = [
            (b.right + 2, b.top + 8),
            (b.right + 10, b.centery),
            (b.left - 14, b.top + 4),
            (b.left - 14, b.centery),
            (b.centerx, b.top - 12),
        ]
        first = None
        for spot in spots:
            r = pygame.Rect((0, 0), size).inflate(12, 4)
            r.center = spot
            r.clamp_ip(bounds)
            first = first or r
            if r.collidelist(others) < 0:
                return r
        return first

    def counter_at(self, pos: tuple[int, int]) -> str | None:
        for cid in self.counter_ids:
            if self.building_rect(cid).inflate(16, 28).collidepoint(pos):
                return cid
        return None

    def label(self, cid: str) -> str:
        return self.counters[cid].name

    # ------------------------------------------------------------------ events
    def handle_motion(self, pos: tuple[int, int]) -> bool:
        """Track the building under the mouse; True when that changed (the screen must be redrawn)."""
        cid = self.counter_at(pos) if self.rect.collidepoint(pos) else None
        if cid != self.hover:
            self.hover = cid
            return True
        return False

    # ------------------------------------------------------------------ drawing
    def _draw_static(self) -> pygame.Surface:
        r = self.rect
        s = pygame.Surface(r.size)
        s.fill(GRASS)
        local = pygame.Rect(0, 0, r.width, r.height)
        home = self.point(self.home_xy)
        home = (home[0] - r.x, home[1] - r.y)
        # roads from the home to every counter, drawn as flat grey paths
        for cid in self.counter_ids:
            p = self.point(tuple(self.counters[cid].map_xy))
            p = (p[0] - r.x, p[1] - r.y)
            if self.counters[cid].travel_hours <= 0:
                continue  # a digital counter: no road, you go there online
            corner = (p[0], home[1])
            pygame.draw.line(s, ROAD, home, corner, 14)
            pygame.draw.line(s, ROAD, corner, p, 14)
        # the other households: small roofs, deterministic positions
        rng = random.Random(len(self.counter_ids) * 7919 + self.households)
        house = icon("house", 18)
        shown = min(self.households, 160)
        busy = [pygame.Rect(0, 0, ICON + 150, ICON + 60) for _ in range(len(self.counter_ids) + 1)]
        for b, xy in zip(busy, [tuple(self.counters[c].map_xy) for c in self.counter_ids] + [self.home_xy]):
            p = self.point(xy)
            b.center = (p[0] - r.x, p[1] - r.y + 14)
        placed = 0
        for _ in range(shown * 4):
            if placed >= shown:
                break
            spot = pygame.Rect(rng.randint(8, r.width - 26), rng.randint(8, r.height - 26), 18, 18)
            if spot.collidelist(busy) >= 0:
                continue
            s.blit(house, spot)
            placed += 1
        pygame.draw.rect(s, LINE, local, 1)
        return s

    def _draw_frame(self) -> pygame.Surface:
        if self._static is None:
            self._static = self._draw_static()
        s = self._static.copy()
        r = self.rect
        off = (-r.x, -r.y)
        home = pygame.Rect(0, 0, ICON, ICON)
        home.center = self.point(self.home_xy)
        home.move_ip(off)
        s.blit(icon("home", ICON), home)
        note = text(self._home_label, 16, INK, True)
        s.blit(note, note.get_rect(midtop=(home.centerx, home.bottom + 2)))
        if self.player_at is None:
            pygame.draw.circle(s, AMBER, (home.right - 4, home.top + 6), 9)
            pygame.draw.circle(s, INK, (home.right - 4, home.top + 6), 9, 2)
        badges: list[pygame.Rect] = []
        for cid in self.counter_ids:
            b = self.building_rect(cid).move(off)
            spec = self.counters[cid]
            s.blit(counter_icon(cid, ICON), b)
            q = self.queues.get(cid)
            if q is not None:
                # the queue: up to eight waiting figures and the number
                for i in range(min(q, 8)):
                    pygame.draw.circle(s, MUTED, (b.left - 6 - i * 7, b.bottom - 8), 3)
                badge = text(str(q), 16, WHITE, True)
                br = self.badge_rect(cid, q, badges)
                badges.append(br)
                br = br.move(off)
                pygame.draw.rect(s, WARN if q >= 10 else ACCENT, br, border_radius=10)
                s.blit(badge, badge.get_rect(center=br.center))
            if spec.travel_hours <= 0:
                at = text("@", 16, ACCENT, True)
                s.blit(at, at.get_rect(center=(b.left + 6, b.top + 6)))
            mark = self.marks.get(cid)
            if mark:
                m = text(mark, 16, WHITE, True)
                mr = m.get_rect(center=(b.left + 6, b.top + 8)).inflate(12, 4)
                mr.clamp_ip(s.get_rect())
                pygame.draw.rect(s, AMBER, mr, border_radius=6)
                s.blit(m, m.get_rect(center=mr.center))
            key = self.keys.get(cid)
            if key:  # the number key that goes there, in a dark disc at the bottom left
                k = text(key, 16, WHITE, True)
                centre = (b.left + 10, b.bottom - 10)
                pygame.draw.circle(s, INK, centre, max(k.get_width(), k.get_height()) // 2 + 3)
                s.blit(k, k.get_rect(center=centre))
            if cid == self.player_at:
                pygame.draw.circle(s, AMBER, (b.right - 4, b.bottom - 10), 9)
                pygame.draw.circle(s, INK, (b.right - 4, b.bottom - 10), 9, 2)
        self._draw_labels(s, off, badges)
        return s

    def plates(self, badges: list[pygame.Rect] | None = None) -> dict[str, tuple[pygame.Rect, list[str]]]:
        """Each counter's name plate (in window coordinates) and its lines: below the building,
        or where it covers the least of the buildings, the queue badges, the home and other plates."""
        if badges is None:
            badges = []
            for cid in self.counter_ids:
                if self.queues.get(cid) is not None:
                    badges.append(self.badge_rect(cid, None, badges))
        taken: list[pygame.Rect] = [self.building_rect(c) for c in self.counter_ids] + list(badges)
        home = pygame.Rect(0, 0, ICON, ICON + 26)
        home.midtop = self.point(self.home_xy)
        home.move_ip(0, -ICON // 2)
        taken.append(home)
        out: dict[str, tuple[pygame.Rect, list[str]]] = {}
        f = font(16)
        buildings = len(self.counter_ids)
        for cid in self.counter_ids:
            b = self.building_rect(cid)
            name = self.label(cid)
            one = plate_lines(name)
            variants = [one] + ([plate_lines(name, split=True)] if len(one) == 1 and " " in name.strip() else [])
            candidates: list[tuple[pygame.Rect, list[str]]] = []
            for lines in variants:  # in one line where it fits, else in two
                size = (max(f.size(x)[0] for x in lines) + 8, px(PLATE_LINE) * len(lines) + 4)
                below = pygame.Rect((0, 0), size)
                below.midtop = (b.centerx, b.bottom + 2)
                above = pygame.Rect((0, 0), size)
                above.midbottom = (b.centerx, b.top - 6)
                half = max(0, below.width // 2 - ICON // 4)  # shifted, a plate still covers its building's middle
                for c in (
                    below,
                    above,
                    below.move(half, 0),
                    below.move(-half, 0),
                    above.move(half, 0),
                    above.move(-half, 0),
                    below.move(0, 22),
                    above.move(0, -22),
                ):
                    c.clamp_ip(self.rect)
                    candidates.append((c, lines))

            def overlap(rect: pygame.Rect) -> int:
                """Covered area; a building (also its own) counts three times, a badge twice."""
                weights = [3] * buildings + [2] * len(badges) + [3] + [1] * (len(taken) - buildings - len(badges) - 1)
                return sum(w * rect.clip(o).width * rect.clip(o).height for w, o in zip(weights, taken))

            # the first spot that covers (next to) nothing, else the least covered one
            plate, lines = next(
                (c for c in candidates if overlap(c[0]) <= TOUCH),
                min(candidates, key=lambda c: (overlap(c[0]), candidates.index(c))),
            )
            taken.append(plate)
            out[cid] = (plate, lines)
        return out

    def _draw_labels(self, s: pygame.Surface, off: tuple[int, int], badges: list[pygame.Rect]) -> None:
        """Name plates below each building, or above it when that spot is taken."""
        for plate, lines in self.plates(badges).values():
            plate = plate.move(off)
            pygame.draw.rect(s, WHITE, plate, border_radius=4)
            pygame.draw.rect(s, LINE, plate, 1, border_radius=4)
            top = plate.centery - px(PLATE_LINE) * len(lines) // 2
            for i, line in enumerate(lines):
                img = text(line, 16, INK)
                s.blit(img, img.get_rect(midtop=(plate.centerx, top + px(PLATE_LINE) * i)))

    _home_label = "Thuis"

    def set_home_label(self, label: str) -> None:
        if label != self._home_label:
            self._home_label = label
            self._frame = None

    def draw(self, surface: pygame.Surface) -> None:
        if self._frame is None:
            self._frame = self._draw_frame()
        surface.blit(self._frame, self.rect)
        if self.hover is not None:  # drawn over the cached map: hovering costs no re-render
            pygame.draw.rect(surface, ACCENT, self.building_rect(self.hover).inflate(8, 8), 3, border_radius=8)
