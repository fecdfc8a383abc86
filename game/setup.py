"""Start of a play: choose the scenario, the household (persona card), the length."""

from __future__ import annotations

import pygame
import pygame_gui

from .play import persona_ids, scenario, scenario_names
from .screen import Screen
from .widgets import button, escape_html, label, money, textbox

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
        self.widgets.append(label(m, pygame.Rect(left, 68, col, 30), t("1. Kies hoe de hulp is georganiseerd"),
                                  "big"))
        y = 104
        for name in scenario_names():
            sc = scenario(name)
            self.scenario_buttons[name] = button(m, pygame.Rect(left, y, col, 50), sc.title.get(lang),
                                                 "chosen" if name == self.scenario else "secondary",
                                                 tooltip=sc.description.get(lang), object_id=f"scenario_{name}")
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
            self.persona_buttons[pid] = button(m, r, sc.personas[pid].name,
                                               "chosen" if pid == self.persona else "secondary",
                                               object_id=f"persona_{pid}")
        card_x = left + col + 40
        card = pygame.Rect(card_x, 68, w - card_x - 40, h - 68 - 100)
        self.widgets.append(textbox(m, card, self.persona_card_html()))
        # length of the play and size of the neighbourhood
        by = h - 80
        weeks = str(self.app.options.get("weeks") or 6)
        hh = str(self.app.options.get("households") or 200)
        self.widgets.append(label(m, pygame.Rect(left, by - 34, 200, 30), t("Aantal weken")))
        self.weeks_menu = pygame_gui.elements.UIDropDownMenu(
            list(dict.fromkeys((*WEEK_CHOICES, weeks))), weeks, pygame.Rect(left, by, 200, 44), m,
            expansion_height_limit=300)
        self.widgets.append(label(m, pygame.Rect(left + 220, by - 34, 340, 30), t("Huishoudens in de wijk")))
        self.households_menu = pygame_gui.elements.UIDropDownMenu(
            list(dict.fromkeys((*HOUSEHOLD_CHOICES, hh))), hh, pygame.Rect(left + 220, by, 200, 44), m,
            expansion_height_limit=300)
        self.widgets += [self.weeks_menu, self.households_menu]
        self.back = button(m, pygame.Rect(w - 500, by, 200, 50), t("Terug"), "secondary", object_id="setup_back")
        self.start = button(m, pygame.Rect(w - 280, by, 240, 50), t("Start het spel"), "big",
                            object_id="setup_start")
        self.widgets += [self.back, self.start]

    def persona_card_html(self) -> str:
        t, lang = self.app.t, self.app.lang
        sc = scenario(self.scenario)
        p = sc.personas[self.persona]
        kind = sc.population[p.type].label.get(lang) if p.type in sc.population else ""
        parts = [f"<font size=5><b>{escape_html(p.name)}</b></font><br><i>{escape_html(kind)}</i><br><br>",
                 escape_html(p.story.get(lang)), "<br><br>"]
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
            facts.append(t("Tijd voor regelzaken: normaal {hours} uur per week; stress en zorg thuis maken dat "
                           "minder, familie en vrienden kunnen bijspringen").format(
                hours=f"{p.hours:g}".replace(".", "," if lang == "nl" else ".")))
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
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.weeks_menu:
                self.app.options["weeks"] = int(event.text)
            elif event.ui_element is self.households_menu:
                self.app.options["households"] = int(event.text)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.begin()
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        el = event.ui_element
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
