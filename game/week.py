"""The main play screen: one week of the player's household.

Left: the neighbourhood map (click a building) and the log of what happened and
why.  Top: the status bar.  Right: what you can do now — at the chosen counter,
or with your applications — and the buttons for post, family, case manager
and ending the week.  Every number comes from the PlayerSession.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from player import events as ev

from .city import CityMap
from .screen import Screen
from .status import HEIGHT as STATUS_HEIGHT
from .status import StatusBar, hours_text
from .widgets import Flow, button, escape_html, font, money, px, textbox

ACTIONABLE = ("draft", "waiting")
#: Keys that choose a building on the map, in the map's order (M and E are taken: post, end week).
MAP_KEYS = "1234567890qwrtyuiop"
LOG_LINES = 40


class WeekScreen(Screen):
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

    def hours(self, h: float) -> str:
        return f"{hours_text(self.app.lang, h)} {self.app.t('uur')}"

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

    # ------------------------------------------------------------------ right panel: overview
    def build_overview(self) -> None:
        t, f, st = self.app.t, self.flow, self._status
        f.heading(t("Uw zaken deze week"))
        self.build_time()
        if st.problem_names:
            f.text(t("Waar u mee zit: {problems}.").format(problems=", ".join(st.problem_names)))
        if st.debts:
            f.text(t("Schulden:"))
            for d in st.debts.values():
                f.text(f"  • {d.name}: {money(d.amount, self.app.lang)} ({d.stage_name})", "subtle")
        unread = self.s.unread()
        if unread:
            f.button(t("Post openen: {n} ongelezen").format(n=unread), self.open_mail, "secondary",
                     object_id="overview_mail")
        self.build_case_manager()
        apps = self.s.applications()
        open_apps = [a for a in apps if a.open]
        f.gap()
        f.heading(t("Uw aanvragen"))
        if not open_apps:
            f.text(t("Geen lopende aanvragen. Vraag bij een loket wat er voor u is."), "subtle")
        for a in open_apps:
            self.build_application(a)
        closed = [a for a in apps if not a.open][-4:]
        for a in closed:
            f.text(f"{a.scheme_name}: {a.state_name}", "subtle")
        schemes = [sc for sc in self.s.schemes() if sc.can_apply and not sc.unmet]
        unlikely = [sc for sc in self.s.schemes() if sc.can_apply and sc.unmet]
        if schemes:
            f.gap()
            f.heading(t("Regelingen die u kunt aanvragen"))
            for sc in schemes:
                names = {"scheme": sc.name, "counter": sc.counter_name}
                f.button([t("Aanvragen: {scheme} ({counter})").format(**names),
                          (t("Aanvragen: {scheme}").format(**names), t("bij {counter}").format(**names))],
                         lambda sid=sc.id: self.run("apply", sid), "secondary", object_id=f"apply_{sc.id}")
        if unlikely:  # known, but a condition is not met: not offered as a step (the counter would refuse)
            f.gap()
            f.text(t("Waarschijnlijk niet voor u, want u voldoet niet aan een voorwaarde:"), "subtle")
            for sc in unlikely:
                f.text(f"  • {sc.name}: {', '.join(sc.unmet)}", "subtle")
        others = [sc for sc in self.s.schemes() if not sc.can_apply and sc.state in ("granted", "automatic")]
        if others:
            f.gap()
            f.text(t("U krijgt: {schemes}.").format(schemes=", ".join(sc.name for sc in others)), "subtle")
        f.gap()
        f.text(t("Klik op een gebouw op de kaart, of toets het teken op het gebouw ({keys}).").format(
            keys=", ".join(self.number_keys().values())), "subtle")
        f.text(t("Toetsen: Tab en Enter bedienen alle knoppen, M post, E week afsluiten, Esc terug of menu, "
                 "F11 volledig scherm."), "subtle")

    def time_lines(self) -> list[str]:
        """Why this week has the hours it has: the persona's usual hours, what stress, care and last
        week's overtime took, and what family and friends add (the numbers of session.status())."""
        t, st = self.app.t, self._status
        lines = [t("Uw tijd deze week: {hours}.").format(hours=self.hours(max(st.hours_week, 0.0)))]
        lost = [(t("stress kost nu {h}"), st.hours_stress), (t("de zorg thuis kost {h}"), st.hours_care),
                (t("overuren van vorige week: {h}"), st.hours_overtime)]
        reasons = [msg.format(h=self.hours(h)) for msg, h in lost if h >= 0.05]
        if reasons:
            lines[0] += " " + t("Normaal {usual}; {reasons}.").format(usual=self.hours(st.hours_usual),
                                                                     reasons=", ".join(reasons))
        if st.network_used > 0:
            lines.append(t("Daarin zit {h} hulp van familie en vrienden.").format(h=self.hours(st.network_used)))
        if st.network_hours > 0:
            lines.append(t("Familie en vrienden kunnen nog {h} bijspringen: knop Familie helpt.").format(
                h=self.hours(st.network_hours)))
        return lines

    def build_time(self) -> None:
        for line in self.time_lines():
            self.flow.text(line, "subtle")

    def build_application(self, a) -> None:
        t, f, s = self.app.t, self.flow, self.s
        head = f"{a.scheme_name} — {a.counter_name}"
        f.text(head)
        state = f"{a.kind_name}: {a.state_name}"
        if a.deadline is not None:
            state += " · " + t("termijn: week {week}").format(week=a.deadline)
        if a.blocked_rule:
            state += " · " + t("vast op: {rule}").format(rule=s.rule_name(a.blocked_rule))
        f.text(state, "error" if a.deadline is not None or a.blocked_rule else "subtle")
        if a.state not in ACTIONABLE:
            f.gap(4)
            return
        if not a.form_done:
            done = len(set(s.draft(a.id)) & set(a.fields_to_fill))
            n = len(a.fields_to_fill)
            caption = self.app.tn("Verder invullen: {done} van {n} vraag", "Verder invullen: {done} van {n} vragen",
                                  n) if done else self.app.tn("Formulier invullen: {n} vraag",
                                                              "Formulier invullen: {n} vragen", n)
            f.button(caption.format(n=len(a.fields_to_fill), done=done) + f" ({self.hours(a.form_hours)})",
                     lambda aid=a.id: self.open_form(aid), indent=16, object_id=f"form_{a.id}")
        for d in a.documents_missing:
            where = ", ".join(dict.fromkeys(name for _, name in d.issuers)) or t("zelf")
            tip = t("Geblokkeerd: {rule}").format(rule=s.rule_name(d.blocked_by)) if d.blocked_by else None
            names = {"document": d.name, "where": where, "cost": self.hours(d.hours)}
            from_where = t("Te krijgen bij: {where}").format(**names)
            # the fullest caption that fits; what it leaves out is written under the button
            f.button([t("Ophalen: {document} ({where}, {cost})").format(**names),
                      (t("Ophalen: {document} ({cost})").format(**names), from_where),
                      (f"{d.name} ({names['cost']})", from_where),
                      (t("Ophalen ({cost})").format(**names),
                       t("{document}, te krijgen bij: {where}").format(**names))],
                     lambda aid=a.id, did=d.id: self.run("fetch_document", aid, did), "secondary", tooltip=tip,
                     indent=16, object_id=f"doc_{a.id}_{d.id}")
        if a.blocked_rule and self._status.case_manager and a.state == "draft":
            f.button(t("Vraag uw casemanager: leg de regel voor aan het doorbraakteam"),
                     lambda aid=a.id: self.run("ask_escalation", aid), "secondary", indent=16,
                     object_id=f"escalate_{a.id}")
        if a.form_done:
            f.button(t("Indienen bij {counter}").format(counter=a.counter_name) + f" ({self.hours(a.submit_hours)})",
                     lambda aid=a.id: self.run("submit", aid), indent=16, object_id=f"submit_{a.id}")
        f.gap(4)

    def build_case_manager(self) -> None:
        """Integral settings: the case manager who asks once and takes over the paperwork."""
        t, f, s, st = self.app.t, self.flow, self.s, self._status
        door = s.info().front_door
        if door is None:
            return
        f.gap()
        f.heading(t("Casemanager"))
        if st.case_manager:
            f.text(t("Uw casemanager vraagt alles één keer, vult formulieren met u in, haalt papieren op, kan het "
                     "maatwerkbudget inzetten en legt vastgelopen regels voor aan het doorbraakteam."), "subtle")
            kinds = (ev.CASE_OPENED, ev.BUDGET_SPENT, ev.ESCALATED, ev.OVERRULE, ev.WAIVED, ev.OUTREACH, ev.SIGNAL,
                     ev.CASE_CLOSED)
            recent = [e for e in s.log() if e.kind in kinds][-3:]
            for e in recent:
                f.text(f"{t('Week')} {e.week}: {e.text}", "subtle")
            f.button(t("Ons plan: wat er geregeld wordt en wat u kunt vragen"), self.open_plan, "secondary",
                     object_id="cm_plan")
        else:
            f.text(t("Bij {door} kunt u vragen om één vaste casemanager: eerst een gesprek, waarin u zelf "
                     "beslist wat u vertelt.").format(door=s.counter_name(door)), "subtle")

    # ------------------------------------------------------------------ right panel: a counter
    def build_counter(self, c) -> None:
        t, f, s = self.app.t, self.flow, self.s
        f.heading(c.name, 26)
        domains = ", ".join(c.domain_names) or t("geen eigen regelingen")
        f.text(t("Gaat over: {domains}").format(domains=domains), "subtle")
        wait = t("onbekend") if c.wait_weeks == float("inf") else hours_text(self.app.lang, c.wait_weeks)
        queue = self.app.tn("Wachtrij: {n} aanvraag", "Wachtrij: {n} aanvragen", c.queue).format(n=c.queue)
        if c.wait_weeks == float("inf"):
            queue += " " + t("(wachttijd onbekend)")
        else:
            queue += " " + self.app.tn("(ongeveer {weeks} week)", "(ongeveer {weeks} weken)",
                                       round(c.wait_weeks, 1)).format(weeks=wait)
        f.text(queue, "subtle")
        if c.digital:
            f.text(t("Dit loket werkt vooral digitaal."), "subtle")
        if c.is_front_door:
            f.text(t("Dit is de voordeur in de wijk: hier kijken ze naar al uw problemen tegelijk."), "subtle")
        f.gap()
        f.text(t("Mijn vraag gaat over:"))
        from player import DOMAIN_NAMES

        problems = self._status.problems
        default = self.domain_choice.get(c.id) or next(
            (d for d in problems if d in c.domains), problems[0] if problems else next(iter(DOMAIN_NAMES)))
        self.domain_choice.setdefault(c.id, default)
        chosen = self.domain_choice[c.id]
        # one button per life domain, the chosen one marked (reachable by Tab, unlike a drop-down)
        for d in DOMAIN_NAMES:
            name = s.domain_name(d)
            f.button(name, lambda dom=d: self.choose_domain(c.id, dom), "chosen" if d == chosen else "secondary",
                     height=36, width=max(px(120), font(18).size(name)[0] + 24), object_id=f"domain_{d}")
        f.gap(4)
        f.button(t("Ga erheen en stel uw vraag ({cost})").format(cost=self.hours(c.visit_hours)),
                 lambda: self.run("visit", c.id, self.domain_choice[c.id]), object_id="visit")
        f.button(t("Bel de hulplijn ({cost})").format(cost=self.hours(c.phone_hours)),
                 lambda: self.run("phone", c.id), "secondary", object_id="phone")
        here = [sc for sc in s.schemes() if sc.counter == c.id]
        if here:
            f.gap()
            f.heading(t("Regelingen hier"))
            for sc in here:
                if sc.can_apply:
                    f.button(t("Aanvragen: {scheme}").format(scheme=sc.name),
                             lambda sid=sc.id: self.run("apply", sid), "secondary", object_id=f"apply_{sc.id}")
                    if sc.unmet:
                        f.text(t("Voorwaarde die u niet haalt: {rules}").format(rules=", ".join(sc.unmet)),
                               "error", indent=8)
                else:
                    f.text(f"{sc.name}: {sc.state_name}", "subtle")
        apps = [a for a in s.applications() if a.open and a.counter == c.id]
        if apps:
            f.gap()
            f.heading(t("Uw aanvragen hier"))
            for a in apps:
                self.build_application(a)
        f.gap()
        f.button(t("Terug naar uw zaken"), self.deselect, "secondary", object_id="back_overview")

    # ------------------------------------------------------------------ bottom buttons
    def build_buttons(self, rect: pygame.Rect) -> None:
        t, m, s, st = self.app.t, self.app.manager, self.s, self._status
        half = (rect.width - 10) // 2
        r1 = pygame.Rect(rect.x, rect.y, half, 46)
        r2 = pygame.Rect(rect.x + half + 10, rect.y, half, 46)
        r3 = pygame.Rect(rect.x, rect.y + 54, half, 46)
        r4 = pygame.Rect(rect.x + half + 10, rect.y + 54, half, 46)
        unread = s.unread()
        self.mail_button = button(m, r1, t("Post ({n} nieuw)").format(n=unread) if unread else t("Post"),
                                  "" if unread else "secondary", object_id="mail")
        if st.network_hours > 0:
            caption = t("Familie helpt (+{h})").format(h=self.hours(st.network_hours))
            fits = font(18).size(caption)[0] <= r2.width - 20
            self.network_button = button(m, r2, caption if fits else t("Familie helpt"), "secondary",
                                         object_id="network", tooltip=None if fits else caption)
        else:
            self.network_button = button(m, r2, t("Familie helpt"), "secondary", object_id="network",
                                         tooltip=t("Deze week is er geen hulp (meer) uit uw omgeving."))
            self.network_button.disable()
        self.cm_mode = s.info().front_door is not None and not st.case_manager
        if self.cm_mode:
            caption = t("Vraag een casemanager")
            fits = font(18).size(caption)[0] <= r3.width - 20
            self.cm_button = button(m, r3, caption if fits else t("Casemanager"), "secondary",
                                    object_id="case_manager", tooltip=None if fits else caption)
        else:
            self.cm_button = button(m, r3, t("Uw zaken"), "secondary", object_id="overview")
        last = st.week >= st.weeks
        caption = t("Laatste week afsluiten") if last else t("Week afsluiten")
        fits = font(22, True).size(caption)[0] <= r4.width - 24
        if not fits and font(18).size(caption)[0] > r4.width - 20:
            caption = t("Week afsluiten")  # large text: the short caption (the status bar says it is the last)
        self.end_button = button(m, r4, caption, "big" if fits else "", object_id="end_week")
        self.widgets += [self.mail_button, self.network_button, self.cm_button, self.end_button]

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
        keys = {pygame.K_m: self.open_mail, pygame.K_e: lambda: self.run("end_week"),
                pygame.K_BACKSPACE: self.deselect}
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

