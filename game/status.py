"""The status bar: week, time left, money, debts, stress, trust, case manager.
Drawn once per change of the session's status (cached surface)."""

from __future__ import annotations

import pygame

from loket_i18n.numbers import hours as format_hours

from .widgets import ACCENT, AMBER, GOOD, INK, LINE, MUTED, WARN, WHITE, bar, money, text

HEIGHT = 64


def hours_text(lang: str, hours: float) -> str:
    return format_hours(hours, lang)


class StatusBar:
    def __init__(self, t, lang: str) -> None:
        self.t = t
        self.lang = lang
        self._key = None
        self._surface: pygame.Surface | None = None

    def draw(self, surface: pygame.Surface, status, width: int) -> None:
        key = (
            width,
            status.week,
            status.cash,
            status.debt_total,
            status.stress,
            status.trust,
            status.hours_left,
            status.hours_week,
            status.network_hours,
            status.case_manager,
            status.homeless,
            self.lang,
        )
        if key != self._key or self._surface is None:
            self._key = key
            self._surface = self._render(status, width)
        surface.blit(self._surface, (0, 0))

    def time_texts(self, st) -> tuple[str, str]:
        """('3,9 / 5,2 uur', '+1,3 uur via familie'): the hours left of what this week has now, and
        the network hours that can still be added (Familie helpt); '' when there are none."""
        t = self.t
        left = (
            f"{hours_text(self.lang, max(st.hours_left, 0.0))} / {hours_text(self.lang, max(st.hours_week, 0.0))} "
            f"{t('uur')}"
        )
        extra = (
            t("+{h} uur via familie").format(h=hours_text(self.lang, st.network_hours)) if st.network_hours > 0 else ""
        )
        return left, extra

    def _cell(self, s: pygame.Surface, x: int, title: str, value: str, colour=INK) -> int:
        s.blit(text(title, 16, MUTED), (x, 6))
        img = text(value, 22, colour, True)
        s.blit(img, (x, 28))
        return x + max(img.get_width(), text(title, 16, MUTED).get_width()) + 28

    def _meter(self, s: pygame.Surface, x: int, title: str, share: float, colour, value: str) -> int:
        s.blit(text(title, 16, MUTED), (x, 6))
        bar(s, pygame.Rect(x, 36, 110, 14), share, colour)
        s.blit(text(value, 16, INK, True), (x + 118, 32))
        return x + 118 + 44 + 22

    def _render(self, st, width: int) -> pygame.Surface:
        t = self.t
        s = pygame.Surface((width, HEIGHT))
        s.fill(WHITE)
        pygame.draw.line(s, LINE, (0, HEIGHT - 1), (width, HEIGHT - 1), 2)
        x = 16
        x = self._cell(s, x, t("Week"), f"{st.week} / {st.weeks}")
        share = st.hours_left / st.hours_week if st.hours_week > 0 else 0.0
        s.blit(text(t("Tijd over deze week"), 16, MUTED), (x, 6))
        bar(s, pygame.Rect(x, 36, 130, 14), max(0.0, min(1.0, share)), ACCENT if st.hours_left > 0 else WARN)
        left, extra = self.time_texts(st)
        img = text(left, 16, INK, True)
        s.blit(img, (x + 138, 32))
        x += 138 + img.get_width()
        if extra:
            more = text(extra, 16, MUTED)
            s.blit(more, (x + 10, 32))
            x += 10 + more.get_width()
        x += 28
        x = self._cell(s, x, t("Geld"), money(st.cash, self.lang), WARN if st.cash < 0 else INK)
        x = self._cell(s, x, t("Schulden"), money(st.debt_total, self.lang), WARN if st.debt_total > 0 else GOOD)
        stress_colour = WARN if st.stress > 0.6 else AMBER if st.stress > 0.3 else GOOD
        x = self._meter(s, x, t("Stress"), st.stress, stress_colour, f"{round(st.stress * 100)}%")
        x = self._meter(s, x, t("Vertrouwen"), st.trust, ACCENT, f"{round(st.trust * 100)}%")
        tags = []
        if st.case_manager:
            tags.append((t("Casemanager"), GOOD))
        if st.homeless:
            tags.append((t("Dakloos"), WARN))
        for tag, colour in tags:
            img = text(tag, 16, WHITE, True)
            r = img.get_rect(midleft=(x, HEIGHT // 2)).inflate(16, 8)
            if r.right > width - 8:
                break
            pygame.draw.rect(s, colour, r, border_radius=12)
            s.blit(img, img.get_rect(center=r.center))
            x = r.right + 10
        return s
