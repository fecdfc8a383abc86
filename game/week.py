"""The main play screen: one week of the player's household.

Left: the neighbourhood map (click a building) and the log of what happened and
why.  Top: the status bar.  Right: what you can do now — at the chosen counter,
or with your applications (game/week_panel.py) — and the buttons for post, family,
case manager and ending the week.  Every number comes from the PlayerSession.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from .city import CityMap
from .screen import Screen
from .status import HEIGHT as STATUS_HEIGHT
from .status import StatusBar
from .week_panel import ACTIONABLE, WeekPanel
from .widgets import Flow, button, escape_html, font, textbox

#: Keys that choose a building on the map, in the map's order (M and E are taken: post, end week).
MAP_KEYS = "1234567890qwrtyuiop"
LOG_LINES = 40


class WeekScreen(WeekPanel, Screen):
    escape_opens_menu = True

    def __init__(self, app, session) -> None:
        super().__init__(app)
        self.session = session
        self.selected: str | None = None  # a counter chosen on the map, or None: "my affairs"
        self.domain_choice: dict[str, str] = {}
        self.status_bar = StatusBar(app.t, app.lang)
        self.map: CityMap | None = None
        self._status = None
        self.flow: Flow | None = None
        self._flow_place: tuple[str | None, float] = (None, 0.0)  # (counter shown, scroll) kept across rebuilds

    # ------------------------------------------------------------------ helpers
    @property
    def s(self):
        return self.session

    def say(self, ok: bool, message: str) -> None:
        self.app.message = (ok, message)

    def run(self, command: str, *args: Any) -> Any:
        """Run a session command, show its message, rebuild the panel."""
        before = self.s.status() if command == "end_week" else None
        outcome = getattr(self.s, command)(*args)
        self.say(outcome.ok, outcome.message)
        if command == "end_week" and outcome.ok:
            from .summary import WeekSummaryScreen

            self.selected = None
            self.app.push(WeekSummaryScreen(self.app, self.s, before, outcome))  # then the next week or the debrief
            return outcome
        self.on_resize()
        return outcome

    # ------------------------------------------------------------------ layout
    def layout(self) -> dict[str, pygame.Rect]:
        w, h = self.app.size
        right_w = max(470, int(w * 0.37))
        top = STATUS_HEIGHT + 10
        log_h = max(140, int(h * 0.2))
        map_w = w - right_w - 36
        map_rect = pygame.Rect(12, top, map_w, h - top - log_h - 22)
        log_rect = pygame.Rect(12, map_rect.bottom + 10, map_w, h - map_rect.bottom - 22)
        rx = map_rect.right + 12
        msg_rect = pygame.Rect(rx, top, right_w, 112)
        buttons_h = 2 * 48 + 8
        flow_rect = pygame.Rect(rx, msg_rect.bottom + 8, right_w, h - msg_rect.bottom - 8 - buttons_h - 20)
        buttons_rect = pygame.Rect(rx, flow_rect.bottom + 10, right_w, buttons_h)
        return {"map": map_rect, "log": log_rect, "message": msg_rect, "flow": flow_rect, "buttons": buttons_rect}

    def on_enter(self) -> None:
        t, m, s = self.app.t, self.app.manager, self.s
        self.status_bar = StatusBar(t, self.app.lang)
        self.sync_language()
        rects = self.layout()
        self._status = s.status()
        counters = {c.id: c for c in s.counters()}
        self.counters = counters
        if self.map is None or self.map.lang != self.app.lang:
            self.map = CityMap(list(counters.values()), self.app.lang, rects["map"], s.info().households)
        self.map.set_rect(rects["map"])
        self.map.set_home_label(t("Thuis"))
        self.map.set_queues({cid: c.queue for cid, c in counters.items()})
        self.map.set_player_at(self.selected)
        self.map.set_marks(self.application_marks())
        self.map.set_keys(self.number_keys())
        self.widgets: list = []
        ok, message = self.app.message
        if not message:
            message = t("Klik op een gebouw om erheen te gaan, of werk aan uw aanvragen hiernaast.")
        colour = "#1E2A38" if ok else "#B5482F"
        self.message_box = textbox(m, rects["message"], f"<font color='{colour}'>{escape_html(message)}</font>")
        self.log_box = textbox(m, rects["log"], self.log_html())
        self.widgets += [self.message_box, self.log_box]
        place, scroll = self._flow_place
        self.flow = Flow(m, rects["flow"], scroll if place == self.selected else 0.0)
        if self.selected is None:
            self.build_overview()
        else:
            self.build_counter(counters[self.selected])
        self.flow.finish()
        self.build_buttons(rects["buttons"])

    def sync_language(self) -> None:
        """Keep the session's texts in the language the player chose."""
        if self.s.lang != self.app.lang:
            self.s.lang = self.app.lang

    def on_exit(self) -> None:
        for wdg in self.widgets:
            wdg.kill()
        if self.flow is not None:
            self._flow_place = (self.selected, self.flow.position())
            self.flow.kill()

    def escape(self) -> None:
        """Escape at a counter goes back to your affairs; on your affairs it opens the pause menu."""
        if self.selected is not None:
            self.deselect()
        else:
            super().escape()

    def number_keys(self) -> dict[str, str]:
        """The key that chooses each counter on the map: 1-9, 0, then letters that are no other shortcut."""
        return {cid: k.upper() for cid, k in zip(self.counters, MAP_KEYS)}

    def application_marks(self) -> dict[str, str]:
        """A small sign above a counter where one of your applications waits for you."""
        marks: dict[str, str] = {}
        for a in self.s.applications():
            if a.open and a.state in ACTIONABLE:
                marks[a.counter] = "!"
        return marks

    def log_html(self) -> str:
        t = self.app.t
        entries = self.s.log()[-LOG_LINES:]
        if not entries:
            return f"<b>{escape_html(t('Logboek'))}</b><br>{escape_html(t('Nog niets gebeurd.'))}"
        lines = [f"<b>{escape_html(t('Logboek'))}</b> ({escape_html(t('nieuwste boven'))})"]
        for e in reversed(entries):
            lines.append(f"<b>{escape_html(t('Week'))} {e.week}</b> · {escape_html(e.text)}")
        return "<br>".join(lines)

    # ------------------------------------------------------------------ bottom buttons
    def build_buttons(self, rect: pygame.Rect) -> None:
        t, m, s, st = self.app.t, self.app.manager, self.s, self._status
        half = (rect.width - 10) // 2
        r1 = pygame.Rect(rect.x, rect.y, half, 46)
        r2 = pygame.Rect(rect.x + half + 10, rect.y, half, 46)
        r3 = pygame.Rect(rect.x, rect.y + 54, half, 46)
        r4 = pygame.Rect(rect.x + half + 10, rect.y + 54, half, 46)
        unread = s.unread()
        self.mail_button = button(
            m,
            r1,
            t("Post ({n} nieuw)").format(n=unread) if unread else t("Post"),
            "" if unread else "secondary",
            object_id="mail",
        )
        if st.network_hours > 0:
            full = t("Familie helpt (+{h})").format(h=self.hours(st.network_hours))
            self.network_button = self.fitted_button(r2, full, t("Familie helpt"), "network")
        else:
            self.network_button = button(
                m,
                r2,
                t("Familie helpt"),
                "secondary",
                object_id="network",
                tooltip=t("Deze week is er geen hulp (meer) uit uw omgeving."),
            )
            self.network_button.disable()
        self.cm_mode = s.info().front_door is not None and not st.case_manager
        if self.cm_mode:
            self.cm_button = self.fitted_button(r3, t("Vraag een casemanager"), t("Casemanager"), "case_manager")
        else:
            self.cm_button = button(m, r3, t("Uw zaken"), "secondary", object_id="overview")
        last = st.week >= st.weeks
        caption = t("Laatste week afsluiten") if last else t("Week afsluiten")
        fits = font(22, True).size(caption)[0] <= r4.width - 24
        if not fits and font(18).size(caption)[0] > r4.width - 20:
            caption = t("Week afsluiten")  # large text: the short caption (the status bar says it is the last)
        self.end_button = button(m, r4, caption, "big" if fits else "", object_id="end_week")
        self.widgets += [self.mail_button, self.network_button, self.cm_button, self.end_button]

    def fitted_button(self, rect: pygame.Rect, caption: str, short: str, object_id: str):
        """A secondary button with ``caption``, or with ``short`` and the caption as its tooltip when it
        does not fit (large text)."""
        fits = font(18).size(caption)[0] <= rect.width - 20
        return button(
            self.app.manager,
            rect,
            caption if fits else short,
            "secondary",
            object_id=object_id,
            tooltip=None if fits else caption,
        )

    # ------------------------------------------------------------------ actions
    def select(self, cid: str | None) -> None:
        self.selected = cid
        self.on_resize()

    def deselect(self) -> None:
        self.select(None)

    def choose_domain(self, cid: str, domain: str) -> None:
        self.domain_choice[cid] = domain
        self.on_resize()

    def open_form(self, app_id: int) -> None:
        from .forms import FormScreen

        self.app.push(FormScreen(self.app, self.s, app_id))

    def open_conversation(self) -> None:
        from .casemanager import ConversationScreen

        self.app.push(ConversationScreen(self.app, self.s))

    def open_plan(self) -> None:
        from .casemanager import PlanScreen

        self.app.push(PlanScreen(self.app, self.s))

    def open_mail(self) -> None:
        from .mail import InboxScreen

        self.app.push(InboxScreen(self.app, self.s))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            action = self.flow.actions.get(el)
            if action is not None:
                action()
                return True
            if el is self.mail_button:
                self.open_mail()
            elif el is self.network_button:
                self.run("ask_network")
            elif el is self.cm_button:
                if self.cm_mode:
                    self.open_conversation()
                else:
                    self.deselect()
            elif el is self.end_button:
                self.run("end_week")
            else:
                return False
            return True
        if event.type == pygame.MOUSEMOTION and self.map is not None:
            self.map.handle_motion(event.pos)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.map is not None:
            cid = self.map.counter_at(event.pos) if self.map.rect.collidepoint(event.pos) else None
            if cid is not None:
                self.select(cid)
                return True
        if event.type == pygame.KEYDOWN:
            return self.handle_key(event)
        return False

    def handle_key(self, event: pygame.event.Event) -> bool:
        keys = {pygame.K_m: self.open_mail, pygame.K_e: lambda: self.run("end_week"), pygame.K_BACKSPACE: self.deselect}
        if event.key in keys:
            keys[event.key]()
            return True
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            return False
        if self.flow is not None and self.flow.scroll_key(event.key):  # arrows, Page Up/Down: the right panel
            return True
        name = pygame.key.name(event.key)
        name = name.strip("[]") if name.startswith("[") else name  # the number pad: "[1]"
        for cid, k in self.number_keys().items():
            if k.lower() == name:
                self.select(cid)
                return True
        return False

    # ------------------------------------------------------------------ drawing
    def draw(self, surface: pygame.Surface) -> None:
        self.status_bar.draw(surface, self._status, surface.get_width())
        if self.map is not None:
            self.map.draw(surface)
