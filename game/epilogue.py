"""After your last week: the model runs on for your household to a horizon and tells what became
of what was started (session.epilogue: a copy of the model, the household now acting as the
simulated ones do).  The play and its debrief numbers are not changed by it.
"""

from __future__ import annotations

import pygame
import pygame_gui

from .screen import Screen
from .widgets import INK, LINE, WHITE, Flow, button, label, money, px, text

EVENT_LINES = 14


class EpilogueScreen(Screen):
    def __init__(self, app, session) -> None:
        super().__init__(app)
        self.session = session
        self.result = None
        self.flow: Flow | None = None
        self.widgets: list = []

    def on_enter(self) -> None:
        t, m = self.app.t, self.app.manager
        w, h = self.app.size
        self.panel = pygame.Rect(w // 2 - min(560, w // 2 - 20), 20, min(1120, w - 40), h - 40)
        self.widgets = [
            label(
                m,
                pygame.Rect(self.panel.x + 24, self.panel.y + 14, self.panel.width - 48, px(44)),
                t("Na uw laatste week"),
                "heading",
            )
        ]
        bottom = self.panel.bottom - px(50) - 20
        self.go_on = button(
            m,
            pygame.Rect(self.panel.right - px(360) - 20, bottom, px(360), px(50)),
            t("Naar de nabespreking"),
            "big",
            object_id="epilogue_continue",
        )
        self.widgets.append(self.go_on)
        self.app.focus.focus(self.go_on)
        if self.result is not None:
            top = self.panel.y + 14 + px(54)
            self.flow = Flow(m, pygame.Rect(self.panel.x + 20, top, self.panel.width - 40, bottom - top - 10))
            self.build(self.flow)
            self.flow.finish()

    def update(self, dt: float) -> None:
        if self.result is None and self._drawn:
            self.result = self.session.epilogue()  # a second or two: the screen says so meanwhile
            self.on_resize()

    _drawn = False

    def build(self, f: Flow) -> None:
        t, lang, e = self.app.t, self.app.lang, self.result
        f.text(
            t(
                "Uw spel stopte na week {weeks}. Het model rekent door tot week {horizon}: uw huishouden gaat "
                "verder zoals de gesimuleerde huishoudens, met wat u in gang zette."
            ).format(weeks=e.weeks_played, horizon=e.horizon),
            "subtle",
        )
        f.gap()
        f.heading(t("Wat nog liep toen u stopte"))
        for line in e.pending or [t("Geen lopende aanvragen.")]:
            f.text("• " + line, "subtle", indent=8)
        f.gap()
        f.heading(t("Wat er daarna gebeurde"))
        for week, line in e.events[:EVENT_LINES] or [(None, t("Niets wat een brief waard was."))]:
            f.text((f"• {t('Week')} {week}: " if week else "• ") + line, "subtle", indent=8)
        if len(e.events) > EVENT_LINES:
            f.text(t("… en nog {n} gebeurtenissen.").format(n=len(e.events) - EVENT_LINES), "subtle", indent=8)
        f.gap()
        f.heading(t("Waar uw huishouden uitkomt"))
        b, a = e.before, e.numbers
        f.text(
            t("Schulden: {a} na uw laatste week, {b} in week {horizon}.").format(
                a=money(b["final_debt"], lang), b=money(a["final_debt"], lang), horizon=e.horizon
            )
        )
        f.text(
            t("Crises (zoals uithuiszetting of afsluiting): {a}, daarna {b}.").format(
                a=int(b["crises"]), b=int(a["crises"])
            )
        )
        f.text(t("Toegekende regelingen: {a}, daarna {b}.").format(a=int(b["granted"]), b=int(a["granted"])))
        f.text(
            t("Stress: {a}% en {b}%; vertrouwen in instanties: {c}% en {d}%.").format(
                a=round(b["stress"] * 100),
                b=round(a["stress"] * 100),
                c=round(b["trust"] * 100),
                d=round(a["trust"] * 100),
            )
        )

    def on_exit(self) -> None:
        for wdg in self.widgets:
            wdg.kill()
        if self.flow is not None:
            self.flow.kill()
            self.flow = None

    def proceed(self) -> None:
        self.app.finish_play()

    def escape(self) -> None:
        self.proceed()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.go_on:
            self.proceed()
            return True
        return event.type == pygame.KEYDOWN and self.flow is not None and self.flow.scroll_key(event.key)

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, WHITE, self.panel, border_radius=12)
        pygame.draw.rect(surface, LINE, self.panel, 1, border_radius=12)
        if self.result is None:
            msg = text(self.app.t("Het model rekent door …"), 18, INK)
            surface.blit(msg, msg.get_rect(center=self.panel.center))
            self._drawn = True
