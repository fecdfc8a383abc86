"""Start of a play: choose the scenario, the household (persona card), the length."""

from __future__ import annotations

import pygame
import pygame_gui

from .play import persona_ids, scenario, scenario_names
from .screen import Screen
from .widgets import button, escape_html, label, money, px, textbox

WEEK_CHOICES = ("4", "6", "8", "10", "12", "16")
HOUSEHOLD_CHOICES = ("60", "200", "500")


class SetupScreen(Screen):
    def __init__(self, app) -> None:
        super().__init__(app)
        opts = app.options
        names = scenario_names()
        self.scenario = opts.get("scenario") if opts.get("scenario") in names else names[0]
        ids = persona_ids(self.scenario)
        self.persona = opts.get("persona") if opts.get("persona") in ids else ids[0]

    def on_enter(self) -> None:
        t, m, lang = self.app.t, self.app.manager, self.app.lang
        w, h = self.app.size
        self.widgets: list = []
        self.scenario_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.persona_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        left, col = 40, min(600, w // 2 - 60)
        self.widgets.append(label(m, pygame.Rect(left, 18, col, 44), t("Nieuw spel"), "heading"))
        self.widgets.append(label(m, pygame.Rect(left, 68, col, 30), t("1. Kies hoe de hulp is georganiseerd"), "big"))
        y = 104
        for name in scenario_names():
            sc = scenario(name)
            self.scenario_buttons[name] = button(
                m,
                pygame.Rect(left, y, col, 50),
                sc.title.get(lang),
                "chosen" if name == self.scenario else "secondary",
                tooltip=sc.description.get(lang),
                object_id=f"scenario_{name}",
            )
            y += 58
        sc = scenario(self.scenario)
        self.widgets.append(textbox(m, pygame.Rect(left, y, col, 96), escape_html(sc.description.get(lang))))
        y += 108
        self.widgets.append(label(m, pygame.Rect(left, y, col, 30), t("2. Kies een huishouden"), "big"))
        y += 36
        ids = persona_ids(self.scenario)
        pw = (col - 10) // 2
        for i, pid in enumerate(ids):
            r = pygame.Rect(left + (i % 2) * (pw + 10), y + (i // 2) * 50, pw, 44)
            self.persona_buttons[pid] = button(
                m,
                r,
                sc.personas[pid].name,
                "chosen" if pid == self.persona else "secondary",
                object_id=f"persona_{pid}",
            )
        card_x = left + col + 40
        by = h - px(80)
        choices_h = 2 * (px(32) + px(40)) + 16  # the two rows of choices below the card
        card = pygame.Rect(card_x, 68, w - card_x - 40, by - 68 - choices_h - 16)
        self.widgets.append(textbox(m, card, self.persona_card_html()))
        # length of the play and size of the neighbourhood: a row of choices each (no drop-down that
        # would open below the window's edge, and every choice is a Tab stop)
        self.choice_buttons: dict[object, tuple[str, int]] = {}
        weeks = str(self.app.options.get("weeks") or 6)
        hh = str(self.app.options.get("households") or 200)
        y = card.bottom + 12
        self.widgets.append(label(m, pygame.Rect(card_x, y, card.width, px(30)), t("Aantal weken")))
        self.choice_row("weeks", list(dict.fromkeys((*WEEK_CHOICES, weeks))), weeks, card_x, y + px(32), px(56))
        y += px(32) + px(40) + 8
        self.widgets.append(label(m, pygame.Rect(card_x, y, card.width, px(30)), t("Huishoudens in de wijk")))
        self.choice_row("households", list(dict.fromkeys((*HOUSEHOLD_CHOICES, hh))), hh, card_x, y + px(32), px(80))
        self.back = button(m, pygame.Rect(w - 500, by, 200, px(50)), t("Terug"), "secondary", object_id="setup_back")
        self.start = button(
            m, pygame.Rect(w - 280, by, 240, px(50)), t("Start het spel"), "big", object_id="setup_start"
        )
        self.widgets += [self.back, self.start]

    def focus_order(self) -> list:
        """Tab: the left column (how help is organised, the household), then the right (weeks, households),
        then start and back."""
        return [
            *self.scenario_buttons.values(),
            *self.persona_buttons.values(),
            *self.choice_buttons,
            self.start,
            self.back,
        ]

    def choice_row(self, option: str, values: list[str], current: str, x: int, y: int, width: int) -> None:
        for value in values:
            b = button(
                self.app.manager,
                pygame.Rect(x, y, width, px(40)),
                value,
                "chosen" if value == current else "secondary",
                object_id=f"{option}_{value}",
            )
            self.choice_buttons[b] = (option, int(value))
            self.widgets.append(b)
            x += width + 8

    def persona_card_html(self) -> str:
        t, lang = self.app.t, self.app.lang
        sc = scenario(self.scenario)
        p = sc.personas[self.persona]
        kind = sc.population[p.type].label.get(lang) if p.type in sc.population else ""
        parts = [
            f"<font size=5><b>{escape_html(p.name)}</b></font><br><i>{escape_html(kind)}</i><br><br>",
            escape_html(p.story.get(lang)),
            "<br><br>",
        ]
        facts = []
        if p.adults is not None:
            facts.append(f"{t('Volwassenen')}: {p.adults}")
        if p.children is not None:
            facts.append(f"{t('Kinderen')}: {p.children}")
        if p.employed_adults is not None:
            facts.append(f"{t('Werkend')}: {p.employed_adults}")
        if p.rent is not None:
            facts.append(f"{t('Huur')}: {money(p.rent, lang)} {t('per week')}")
        if p.savings is not None:
            facts.append(f"{t('Spaargeld')}: {money(p.savings, lang)}")
        if p.hours is not None:
            facts.append(
                t(
                    "Tijd voor regelzaken: normaal {hours} uur per week; stress en zorg thuis maken dat "
                    "minder, familie en vrienden kunnen bijspringen"
                ).format(hours=f"{p.hours:g}".replace(".", "," if lang == "nl" else "."))
            )
        if facts:
            parts.append("<br>".join(escape_html(f) for f in facts) + "<br><br>")
        if p.debts:
            parts.append(f"<b>{t('Schulden')}</b><br>")
            for cid, amount in p.debts.items():
                who = sc.creditors[cid].label.get(lang) if cid in sc.creditors else cid
                parts.append(f"{escape_html(who)}: {money(amount, lang)}<br>")
        return "".join(parts)

    def on_exit(self) -> None:
        for wdg in self.widgets + list(self.scenario_buttons.values()) + list(self.persona_buttons.values()):
            wdg.kill()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.begin()
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        el = event.ui_element
        if el in self.choice_buttons:
            option, value = self.choice_buttons[el]
            self.app.options[option] = value
            self.on_resize()
            return True
        for name, b in self.scenario_buttons.items():
            if b is el:
                self.scenario = name
                if self.persona not in persona_ids(name):
                    self.persona = persona_ids(name)[0]
                self.on_resize()
                return True
        for pid, b in self.persona_buttons.items():
            if b is el:
                self.persona = pid
                self.on_resize()
                return True
        if el is self.back:
            self.app.pop()
            return True
        if el is self.start:
            self.begin()
            return True
        return False

    def begin(self) -> None:
        self.app.start_play(self.scenario, self.persona)
