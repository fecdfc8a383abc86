"""What happened this week: shown after "end the week", before the next week (or the debrief).

Money, debts, stress, trust and next week's hours before and after, with the model's reasons
(income this week, the cash the household keeps before the rest goes to debts, the log of the
week's events) and the new post.  Every number comes from the session; nothing is decided here.
Enter, Space or Escape goes on.
"""

from __future__ import annotations

import pygame
import pygame_gui

from .screen import Screen
from .widgets import LINE, WHITE, Flow, button, label, money, px

LINES = 12


class WeekSummaryScreen(Screen):
    def __init__(self, app, session, before, outcome) -> None:
        super().__init__(app)
        self.session = session
        self.before = before  # session.status() before the week ended
        self.outcome = outcome  # the end_week Outcome: data["letters"], data["log"]
        self.week_done = before.week

    def on_enter(self) -> None:
        t, m, s = self.app.t, self.app.manager, self.session
        w, h = self.app.size
        self.panel = pygame.Rect(w // 2 - min(520, w // 2 - 20), 20, min(1040, w - 40), h - 40)
        self.title = label(
            m,
            pygame.Rect(self.panel.x + 24, self.panel.y + 14, self.panel.width - 48, px(44)),
            t("Week {week} is voorbij: wat er gebeurde").format(week=self.week_done),
            "heading",
        )
        bottom = self.panel.bottom - px(50) - 20
        self.flow = Flow(
            m,
            pygame.Rect(
                self.panel.x + 20,
                self.title.rect.bottom + 8,
                self.panel.width - 40,
                bottom - self.title.rect.bottom - 16,
            ),
        )
        self.build(self.flow)
        self.flow.finish()
        caption = t("Na uw laatste week") if s.finished else t("Verder naar week {week}").format(week=s.week)
        self.go_on = button(
            m, pygame.Rect(self.panel.right - 380, bottom, 360, px(50)), caption, "big", object_id="summary_continue"
        )
        self.app.focus.focus(self.go_on)

    def build(self, f: Flow) -> None:
        t, s, lang = self.app.t, self.session, self.app.lang
        a, b = self.before, s.status()
        f.heading(t("Uw huishouden"))
        f.text(
            t("Geld: van {a} naar {b}; inkomen deze week {income}.").format(
                a=money(a.cash, lang), b=money(b.cash, lang), income=money(b.income_week, lang)
            )
        )
        buffer = s.scenario.behaviour.cash_buffer
        if b.debt_total > 0 and abs(b.cash - buffer) < 1:  # why the money stays at the same amount
            f.text(
                t("U houdt {buffer} achter de hand; wat u meer overhoudt, gaat naar uw schulden.").format(
                    buffer=money(buffer, lang)
                ),
                "subtle",
                indent=16,
            )
        f.text(t("Schulden: van {a} naar {b}.").format(a=money(a.debt_total, lang), b=money(b.debt_total, lang)))
        f.text(
            t("Stress: van {a}% naar {b}%; vertrouwen in instanties: van {c}% naar {d}%.").format(
                a=round(a.stress * 100), b=round(b.stress * 100), c=round(a.trust * 100), d=round(b.trust * 100)
            )
        )
        if not s.finished:
            f.text(
                t("Tijd voor papierwerk volgende week: {h} uur.").format(
                    h=f"{b.hours_week:.1f}".replace(".", "," if lang == "nl" else ".")
                )
            )
        letters = self.outcome.data.get("letters") or []
        f.gap()
        f.heading(self.app.tn("{n} nieuwe brief", "{n} nieuwe brieven", len(letters)).format(n=len(letters)))
        from .mail import letter_subject

        for item in s.mail()[len(s.mail()) - len(letters) :]:
            f.text("• " + letter_subject(s, item), "subtle", indent=8)
        log = [e for e in (self.outcome.data.get("log") or []) if e.get("text")]
        f.gap()
        f.heading(t("Wat er gebeurde en waarom"))
        if not log:
            f.text(t("Geen nieuws deze week."), "subtle")
        for e in log[-LINES:]:
            f.text("• " + e["text"], "subtle", indent=8)
        if len(log) > LINES:
            f.text(t("Het hele logboek staat op het weekscherm."), "subtle")

    def on_exit(self) -> None:
        self.title.kill()
        self.flow.kill()
        self.go_on.kill()

    def proceed(self) -> None:
        if self.session.finished:  # what became of it after the last week, then the debrief
            from .epilogue import EpilogueScreen

            self.app.replace(EpilogueScreen(self.app, self.session))
        else:
            self.app.pop()

    def escape(self) -> None:
        self.proceed()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.go_on:
            self.proceed()
            return True
        if event.type == pygame.KEYDOWN and self.flow.scroll_key(event.key):
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.proceed()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, WHITE, self.panel, border_radius=12)
        pygame.draw.rect(surface, LINE, self.panel, 1, border_radius=12)
