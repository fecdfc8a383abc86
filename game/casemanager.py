"""Working with the case manager in the integral city: the first conversation (what you tell)
and the shared plan (what is arranged, what is left to you, the custom budget and the
breakthrough team).  The session's player API decides everything (player/integral.py);
these screens show its views and run its commands.  Escape goes back without changing anything.
"""

from __future__ import annotations

import pygame
import pygame_gui

from .forms import YESNO
from .screen import Screen
from .widgets import LINE, WHITE, Flow, button, escape_html, label, px, textbox


class _Panel(Screen):
    """A white panel with a title, a scrolling column and buttons at the bottom."""

    title_text = ""

    def __init__(self, app, session) -> None:
        super().__init__(app)
        self.session = session
        self.message: tuple[bool, str] = (True, "")
        self.flow: Flow | None = None
        self._scroll = 0.0

    def on_enter(self) -> None:
        m = self.app.manager
        w, h = self.app.size
        self.panel = pygame.Rect(w // 2 - min(560, w // 2 - 20), 20, min(1120, w - 40), h - 40)
        self.widgets: list = [
            label(
                m,
                pygame.Rect(self.panel.x + 24, self.panel.y + 14, self.panel.width - 48, px(44)),
                self.title(),
                "heading",
            )
        ]
        top = self.panel.y + 14 + px(50)
        ok, text = self.message
        if text:
            colour = "#1E2A38" if ok else "#B34700"
            self.widgets.append(
                textbox(
                    m,
                    pygame.Rect(self.panel.x + 20, top, self.panel.width - 40, px(84)),
                    f"<font color='{colour}'>{escape_html(text)}</font>",
                )
            )
            top += px(84) + 8
        bottom = self.panel.bottom - px(50) - 20
        self.flow = Flow(m, pygame.Rect(self.panel.x + 20, top, self.panel.width - 40, bottom - top - 10), self._scroll)
        self.build(self.flow)
        self.flow.finish()
        self.buttons(bottom)

    def title(self) -> str:
        return ""

    def build(self, f: Flow) -> None:
        raise NotImplementedError

    def buttons(self, y: int) -> None:
        raise NotImplementedError

    def on_exit(self) -> None:
        if self.flow is not None:
            self._scroll = self.flow.position()
            self.flow.kill()
        for wdg in self.widgets:
            wdg.kill()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and self.flow is not None:
            action = self.flow.actions.get(event.ui_element) or self.actions.get(event.ui_element)
            if action is not None:
                action()
                return True
        return event.type == pygame.KEYDOWN and self.flow is not None and self.flow.scroll_key(event.key)

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, WHITE, self.panel, border_radius=12)
        pygame.draw.rect(surface, LINE, self.panel, 1, border_radius=12)


class ConversationScreen(_Panel):
    """The first conversation at the front door: for every sensitive fact, tell it or keep it back."""

    def __init__(self, app, session) -> None:
        super().__init__(app, session)
        self.withhold = {v.fact for v in session.sensitive_facts() if v.told is False}

    def title(self) -> str:
        door = self.session.scenario.organisation.front_door
        return self.app.t("Gesprek bij {door}").format(door=self.session.counter_name(door))

    def build(self, f: Flow) -> None:
        t = self.app.t
        f.text(
            t(
                "De casemanager wil uw hele situatie kennen, zodat hij alles één keer vraagt en uw papieren "
                "met u regelt. U beslist zelf wat u vertelt."
            )
        )
        f.text(
            t(
                "Wat u voor u houdt, kan de casemanager niet invullen: formulieren die erom vragen, zijn dan "
                "niet volledig (brieven met een termijn, vertraging, soms een afwijzing)."
            ),
            "subtle",
        )
        f.gap()
        yes_no = dict(zip(("ja", "nee"), YESNO[self.app.lang]))
        for v in self.session.sensitive_facts():
            f.text(f"{v.label}: {yes_no.get(v.value, v.value)}")
            kept = v.fact in self.withhold
            f.button(
                t("Vertellen"),
                lambda x=v.fact: self.choose(x, False),
                "secondary" if kept else "chosen",
                height=36,
                width=px(160),
                object_id=f"tell_{v.fact}",
            )
            f.button(
                t("Liever niet"),
                lambda x=v.fact: self.choose(x, True),
                "chosen" if kept else "secondary",
                height=36,
                width=px(160),
                object_id=f"keep_{v.fact}",
            )
            f.gap(6)

    def choose(self, fact: str, keep: bool) -> None:
        (self.withhold.add if keep else self.withhold.discard)(fact)
        self.on_resize()

    def buttons(self, y: int) -> None:
        t, m = self.app.t, self.app.manager
        self.back = button(
            m, pygame.Rect(self.panel.x + 20, y, px(220), px(50)), t("Terug"), "secondary", object_id="talk_back"
        )
        self.done = button(
            m,
            pygame.Rect(self.panel.right - px(360) - 20, y, px(360), px(50)),
            t("Gesprek afronden"),
            "big",
            object_id="talk_done",
        )
        self.widgets += [self.back, self.done]
        self.actions = {self.back: self.app.pop, self.done: self.finish}

    def finish(self) -> None:
        s = self.session
        told = s.tell_case_manager(sorted(self.withhold))
        message = told.message
        if not s.status().case_manager:
            asked = s.ask_case_manager()
            message = f"{asked.message} {told.message}" if asked.ok else asked.message
        self.app.message = (True, message)
        below = self.app.stack[-2] if len(self.app.stack) > 1 else None
        if isinstance(below, PlanScreen):  # talked again from the plan: back to it
            below.message = (True, message)
            self.app.pop()
            return
        plan = PlanScreen(self.app, s)
        plan.message = (True, message)
        self.app.replace(plan)


class PlanScreen(_Panel):
    """The shared plan: what the case manager arranges, what is left to you, and what you can ask."""

    def title(self) -> str:
        return self.app.t("Ons plan")

    def build(self, f: Flow) -> None:
        t, s = self.app.t, self.session
        plan = s.plan()
        if not plan.case_manager:
            f.text(t("U heeft (nog) geen casemanager."), "subtle")
        f.heading(t("Wat uw casemanager regelt"))
        for line in plan.arranging or [t("Nu niets: er loopt geen aanvraag.")]:
            f.text("• " + line, "subtle", indent=8)
        f.gap()
        f.heading(t("Wat u zelf nog doet"))
        for line in plan.own_tasks or [t("Niets meer deze week.")]:
            f.text("• " + line, "subtle", indent=8)
        f.button(t("Gesprek: wat u vertelt"), self.talk, "secondary", object_id="plan_talk")
        if plan.case_manager:
            f.gap()
            f.heading(t("Wat u kunt vragen"))
            f.text(
                t("Maatwerkbudget: u kreeg tot nu toe {got} van hoogstens {most}.").format(
                    got=_money(plan.budget_received, self.app.lang), most=_money(plan.budget_max, self.app.lang)
                ),
                "subtle",
            )
            f.button(
                t("Vraag het maatwerkbudget"),
                lambda: self.run("ask_custom_budget"),
                "secondary",
                object_id="plan_budget",
            )
            for aid, scheme, rule in plan.stuck:
                f.button(
                    t("{scheme}: leg de regel voor aan het doorbraakteam").format(scheme=scheme),
                    lambda a=aid: self.run("ask_escalation", a),
                    "secondary",
                    object_id=f"plan_escalate_{aid}",
                )
                f.text(t("Vast op: {rule}").format(rule=s.rule_name(rule)), "subtle", indent=16)

    def run(self, command: str, *args) -> None:
        outcome = getattr(self.session, command)(*args)
        self.message = (outcome.ok, outcome.message)
        self.app.message = self.message
        self.on_resize()

    def talk(self) -> None:
        self.app.push(ConversationScreen(self.app, self.session))

    def buttons(self, y: int) -> None:
        t, m = self.app.t, self.app.manager
        self.back = button(
            m,
            pygame.Rect(self.panel.right - px(300) - 20, y, px(300), px(50)),
            t("Terug naar de week"),
            "big",
            object_id="plan_back",
        )
        self.widgets.append(self.back)
        self.actions = {self.back: self.app.pop}


def _money(amount: float, lang: str) -> str:
    from .widgets import money

    return money(amount, lang)
