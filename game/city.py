"""The neighbourhood map: counters as buildings (with their queues), the
player's home and the other households.  Click a building to go there.

Not a screen: the week screen owns a :class:`CityMap` and gives it a rectangle.
The static part (grass, roads, houses) is drawn once per size; the buildings and
queues are redrawn only when something on them changes.
"""

from __future__ import annotations

import math
import random

import pygame

from .art import counter_icon, icon
from .widgets import ACCENT, AMBER, GRASS, INK, LINE, MUTED, ROAD, WARN, WHITE, ellipsize, text

ICON = 64


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
    def __init__(self, scenario, lang: str, rect: pygame.Rect, households: int = 200) -> None:
        self.scenario = scenario
        self.lang = lang
        self.rect = pygame.Rect(rect)
        self.households = households
        self.counter_ids = list(scenario.counters)
        self.home_xy = home_spot([tuple(scenario.counters[c].map_xy) for c in self.counter_ids])
        self.queues: dict[str, int] = {}
        self.marks: dict[str, str] = {}  # counter -> short note (e.g. "open" application)
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
        r.center = self.point(tuple(self.scenario.counters[cid].map_xy))
        return r

    def counter_at(self, pos: tuple[int, int]) -> str | None:
        for cid in self.counter_ids:
            if self.building_rect(cid).inflate(16, 28).collidepoint(pos):
                return cid
        return None

    def label(self, cid: str) -> str:
        return self.scenario.counters[cid].label.get(self.lang)

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
            p = self.point(tuple(self.scenario.counters[cid].map_xy))
            p = (p[0] - r.x, p[1] - r.y)
            if self.scenario.counters[cid].travel_hours <= 0:
                continue  # a digital counter: no road, you go there online
            corner = (p[0], home[1])
            pygame.draw.line(s, ROAD, home, corner, 14)
            pygame.draw.line(s, ROAD, corner, p, 14)
        # the other households: small roofs, deterministic positions
        rng = random.Random(len(self.counter_ids) * 7919 + self.households)
        house = icon("house", 18)
        shown = min(self.households, 160)
        busy = [pygame.Rect(0, 0, ICON + 150, ICON + 60) for _ in range(len(self.counter_ids) + 1)]
        for b, xy in zip(busy, [tuple(self.scenario.counters[c].map_xy) for c in self.counter_ids] + [self.home_xy]):
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
        for cid in self.counter_ids:
            b = self.building_rect(cid).move(off)
            spec = self.scenario.counters[cid]
            s.blit(counter_icon(cid, ICON), b)
            q = self.queues.get(cid)
            if q is not None:
                # the queue: up to eight waiting figures and the number
                for i in range(min(q, 8)):
                    pygame.draw.circle(s, MUTED, (b.left - 6 - i * 7, b.bottom - 8), 3)
                badge = text(str(q), 16, WHITE, True)
                br = badge.get_rect(center=(b.right + 2, b.top + 4)).inflate(12, 4)
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
            if cid == self.player_at:
                pygame.draw.circle(s, AMBER, (b.right - 4, b.bottom - 10), 9)
                pygame.draw.circle(s, INK, (b.right - 4, b.bottom - 10), 9, 2)
        self._draw_labels(s, off)
        return s

    def _draw_labels(self, s: pygame.Surface, off: tuple[int, int]) -> None:
        """Name plates below each building, or above it when that spot is taken."""
        taken: list[pygame.Rect] = [self.building_rect(c).move(off) for c in self.counter_ids]
        home = pygame.Rect(0, 0, ICON, ICON + 26)
        home.midtop = self.point(self.home_xy)
        home.move_ip(off[0], off[1] - ICON // 2)
        taken.append(home)
        for cid in self.counter_ids:
            b = self.building_rect(cid).move(off)
            name = text(ellipsize(self.label(cid), 190, 16), 16, INK)
            below = name.get_rect(midtop=(b.centerx, b.bottom + 2)).inflate(8, 2)
            above = name.get_rect(midbottom=(b.centerx, b.top - 6)).inflate(8, 2)
            half = below.width // 2
            candidates = [below, above, below.move(half, 0), below.move(-half, 0), above.move(half, 0),
                          above.move(-half, 0), below.move(0, 22), above.move(0, -22)]
            others = [r for r in taken if r != b]
            bounds = s.get_rect()

            def overlap(rect: pygame.Rect) -> int:
                return sum(rect.clip(o).width * rect.clip(o).height for o in others)

            for c in candidates:
                c.clamp_ip(bounds)
            plate = min(candidates, key=lambda c: (overlap(c), candidates.index(c)))  # the least covered spot
            taken.append(plate)
            pygame.draw.rect(s, WHITE, plate, border_radius=4)
            pygame.draw.rect(s, LINE, plate, 1, border_radius=4)
            s.blit(name, name.get_rect(center=plate.center))

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
