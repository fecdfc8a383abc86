"""The council screen's Packages tab and settings: name and keep the lever choices, reopen them,
pick up to four to compare side by side, and write the one-page brief.

The screen (game.council.CouncilScreen) owns the state; this module builds and handles the widgets
of the tab, and of the municipality and precision settings under the levers.  Everything the
council member sets is kept in the user's council file (workshop.packages.PackageStore) as it
changes, so it survives closing the screen or the game.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from workshop import texts
from workshop.council_run import MAX_COMPARED
from workshop.packages import MAX_YEARS, PRECISION_NAMES, PRECISIONS, Package, PackageError, check_settings

from .widgets import INK, LINE, MUTED, WHITE, blit_lines, button, label, text, wrap

if TYPE_CHECKING:
    from .council import CouncilScreen

ROW = 40


class SettingsRow:
    """Households in the target group (typed), horizon in years (− / +), precision and engine."""

    def __init__(self, screen: CouncilScreen, x: int, y: int, width: int) -> None:
        self.screen = screen
        t, m = texts(screen.app.lang), screen.app.manager
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        half = width * 11 // 20  # the households' label is the longer one
        self.widgets.append(label(m, pygame.Rect(x, y, half - 4, 22), t("Aantal huishoudens"), "subtle", fit=True))
        self.widgets.append(label(m, pygame.Rect(x + half, y, width - half, 22), t("Looptijd"), "subtle", fit=True))
        self.entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x, y + 24, half - 12, 34),
            m,
            object_id="#council_households",
            initial_text=f"{screen.target_households}",
        )
        self.entry.set_allowed_characters("numbers")
        self.entry.set_text_length_limit(8)
        self.widgets.append(self.entry)
        self.buttons["years_down"] = button(
            m, pygame.Rect(x + half, y + 24, 40, 34), "−", "secondary", object_id="council_years_down"
        )
        self.years_label = label(
            m, pygame.Rect(x + half + 44, y + 24, width - half - 92, 34), t("{n} jaar").format(n=screen.years)
        )
        self.widgets.append(self.years_label)
        self.buttons["years_up"] = button(
            m, pygame.Rect(x + width - 40, y + 24, 40, 34), "+", "secondary", object_id="council_years_up"
        )
        w = (width - 96) // len(PRECISIONS)
        for i, key in enumerate(PRECISIONS):
            runs, hh = PRECISIONS[key]
            self.buttons[f"precision_{key}"] = button(
                m,
                pygame.Rect(x + i * w, y + 64, w - 6, 32),
                t(PRECISION_NAMES[key]),
                "chosen" if key == screen.precision else "secondary",
                object_id=f"council_precision_{key}",
                tooltip=t("{runs} runs × {hh} huishoudens").format(runs=runs, hh=hh),
            )
        self.buttons["engine"] = button(
            m,
            pygame.Rect(x + width - 90, y + 64, 90, 32),
            "Dask",
            "chosen" if screen.engine == "dask" else "secondary",
            object_id="council_engine",
            tooltip=t("Grondige runs op de Dask-engine (lokaal cluster)"),
        )

    def kill(self) -> None:
        for w in self.widgets + list(self.buttons.values()):
            w.kill()

    def handle(self, event: pygame.event.Event) -> bool:
        s = self.screen
        if (
            event.type in (pygame_gui.UI_TEXT_ENTRY_CHANGED, pygame_gui.UI_TEXT_ENTRY_FINISHED)
            and event.ui_element is self.entry
        ):
            raw = self.entry.get_text()
            try:
                s.target_households = check_settings(raw, s.years, s.precision, s.app.lang)[0]
                s.message = ""
            except PackageError as exc:
                s.message = str(exc)
            s.remember()
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
        if key is None:
            return False
        if key == "years_down":
            s.years = max(1, s.years - 1)
        elif key == "years_up":
            s.years = min(MAX_YEARS, s.years + 1)
        elif key.startswith("precision_"):
            s.precision = key.removeprefix("precision_")
        elif key == "engine":
            s.engine = "local" if s.engine == "dask" else "dask"
        s.remember()
        s.on_resize()
        return True


class PackagesTab:
    """Widgets of the Packages tab inside ``rect``."""

    def __init__(self, screen: CouncilScreen, rect: pygame.Rect) -> None:
        self.screen = screen
        t, m = texts(screen.app.lang), screen.app.manager
        self.rect = rect
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        x, y, w = rect.x + 20, rect.y + 16, rect.width - 40
        self.widgets.append(label(m, pygame.Rect(x, y - 4, w, 34), t("Uw keuzes bewaren als pakket"), "big"))
        self.name = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x, y + 32, w - 230, 36),
            m,
            object_id="#council_package_name",
            placeholder_text=t("naam, bijv. Wijkteam eerst"),
        )
        self.name.set_text_length_limit(40)
        self.widgets.append(self.name)
        self.buttons["save"] = button(
            m, pygame.Rect(x + w - 220, y + 32, 220, 36), t("Bewaren"), "", object_id="council_package_save"
        )
        y += 84
        names = screen.store.names()
        self.widgets.append(
            label(
                m,
                pygame.Rect(x, y, w, 24),
                t("Bewaarde pakketten: kies er tot {n} om naast elkaar te zetten").format(n=MAX_COMPARED)
                if names
                else t("Nog geen bewaarde pakketten."),
                "subtle",
            )
        )
        y += 28
        list_h = max(ROW, min(len(names), 8) * ROW)
        self.scroll = pygame_gui.elements.UIScrollingContainer(pygame.Rect(x, y, w, list_h), m, allow_scroll_x=False)
        self.widgets.append(self.scroll)
        inner = w - 24
        for i, name in enumerate(names):
            chosen = name in screen.selected
            self.buttons[f"pick:{name}"] = button(
                m,
                pygame.Rect(0, i * ROW, inner - 250, ROW - 6),
                ("• " if chosen else "") + name,
                "chosen" if chosen else "secondary",
                container=self.scroll,
                object_id=f"council_pick_{i}",
            )
            self.buttons[f"open:{name}"] = button(
                m,
                pygame.Rect(inner - 244, i * ROW, 120, ROW - 6),
                t("Openen"),
                "secondary",
                container=self.scroll,
                object_id=f"council_open_{i}",
            )
            self.buttons[f"delete:{name}"] = button(
                m,
                pygame.Rect(inner - 118, i * ROW, 118, ROW - 6),
                t("Weg"),
                "secondary",
                container=self.scroll,
                object_id=f"council_delete_{i}",
            )
        self.scroll.set_scrollable_area_dimensions((inner, len(names) * ROW))
        y += list_h + 12
        k = len(screen.selected)
        self.buttons["compare"] = button(
            m,
            pygame.Rect(x, y, (w - 12) // 2, 44),
            t("Naast elkaar doorrekenen ({k})").format(k=k),
            "big",
            object_id="council_compare",
        )
        self.buttons["brief"] = button(
            m,
            pygame.Rect(x + (w + 12) // 2, y, (w - 12) // 2, 44),
            t("Brief maken (PDF en PNG)"),
            "",
            object_id="council_brief",
        )
        if not 1 <= k <= MAX_COMPARED or screen.running:
            self.buttons["compare"].disable()
        if screen.comparison is None or screen.running or screen.brief_busy:
            self.buttons["brief"].disable()
        self.text_y = y + 56

    def kill(self) -> None:
        for wdg in self.widgets + list(self.buttons.values()):
            wdg.kill()

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.name:
            self.save()
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
        if key is None:
            return False
        s, t = self.screen, texts(self.screen.app.lang)
        what, _, name = key.partition(":")
        if what == "save":
            self.save()
            return True
        if what == "pick":
            if name in s.selected:
                s.selected.remove(name)
            elif len(s.selected) < MAX_COMPARED:
                s.selected.append(name)
            else:
                s.message = t("Kies hoogstens {n} pakketten.").format(n=MAX_COMPARED)
        elif what == "open":
            s.open_package(name)
        elif what == "delete":
            s.store.delete(name)
            if name in s.selected:
                s.selected.remove(name)
            s.message = t("Pakket '{name}' verwijderd.").format(name=name)
        elif what == "compare":
            s.start_compare()
        elif what == "brief":
            s.write_brief()
        s.remember()
        s.on_resize()
        return True

    def save(self) -> None:
        s, t = self.screen, texts(self.screen.app.lang)
        try:
            pkg = s.store.save(
                Package(self.name.get_text(), s.scenario, dict(s.values), s.target_households, s.years, s.precision),
                s.app.lang,
            )
        except PackageError as exc:
            s.message = str(exc)
        else:
            if pkg.name not in s.selected and len(s.selected) < MAX_COMPARED:
                s.selected.append(pkg.name)
            s.message = t("Pakket '{name}' bewaard.").format(name=pkg.name)
        s.remember()
        s.on_resize()

    def draw(self, surface: pygame.Surface) -> None:
        s = self.screen
        if s.message:
            blit_lines(surface, wrap(s.message, self.rect.width - 40, 17), (self.rect.x + 20, self.text_y), 17, INK)


def explanation(surface: pygame.Surface, area: pygame.Rect, lever, lang: str) -> None:
    """The lever's explanation from the scenario file, drawn into the chart area."""
    from reports.labels import label as outcome_label

    t = texts(lang)
    pygame.draw.rect(surface, WHITE, area, border_radius=10)
    pygame.draw.rect(surface, LINE, area, 1, border_radius=10)
    x, y, w = area.x + 30, area.y + 24, area.width - 60
    y = blit_lines(surface, wrap(lever.label.get(lang), w, 24, True), (x, y), 24, INK, True) + 10
    ex = lever.explain
    parts = (
        []
        if ex is None
        else [
            (t("Wat het is"), ex.what.get(lang)),
            (t("Wat het vraagt"), ex.takes.get(lang)),
            (t("Waar het vandaan komt"), ex.source.get(lang)),
        ]
    )
    if not parts:
        parts = [(t("Uitleg"), t("Het scenario geeft bij deze hendel geen uitleg."))]
    if lever.drives:
        parts.append((t("Werkt in het model via"), ", ".join(outcome_label(d, lang) for d in lever.drives)))
    now = t("nu in dit scenario")
    parts.append((t("Bereik"), f"{lever.range_text(lang)}; {now}: {lever.show(lever.baseline, lang)}"))
    for head, body in parts:
        y = blit_lines(surface, [head], (x, y), 18, INK, True)
        y = blit_lines(surface, wrap(body, w, 18), (x, y), 18, INK) + 12
    surface.blit(text(t("(A) = een aanname van het model, geen gemeten getal."), 15, MUTED), (x, area.bottom - 70))


def brief_async(screen: CouncilScreen, folder: Path) -> None:
    """Write the brief of the screen's comparison in a thread; the screen shows where it went."""
    from workshop.council_brief import write_brief

    cmp, lang = screen.comparison, screen.app.lang
    t = texts(lang)
    screen.brief_busy = True

    def work() -> None:
        try:
            stem = (
                "brief-"
                + "-".join("".join(c if c.isalnum() else "_" for c in n)[:20] for n in cmp.results)
                + f"-{lang}"
            )
            paths = write_brief(cmp, folder, lang, stem)
            screen.message = t("Brief geschreven: {pdf} (en {png}).").format(pdf=paths[0], png=paths[1].name)
        except Exception as exc:
            screen.message = t("Brief niet geschreven: {err}").format(err=exc)
        screen.brief_busy = False
        screen.needs_rebuild = True

    threading.Thread(target=work, name="council-brief", daemon=True).start()
