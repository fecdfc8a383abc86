"""Council mode: the scenario's policy levers as sliders and switches (each with its explanation),
the municipality (households in the target group, horizon in years) and the precision, a Run button,
and the outcomes against the baseline drawn as charts, with the yearly totals for the municipality.
Lever choices are kept as named packages and compared side by side (game.council_packages); what the
council member sets survives closing the screen (workshop.packages.PackageStore).

The levers come from the scenario file (workshop.policy.levers), so a
municipality that adds a lever to its file gets a slider.  A run is the baseline
and the changed scenario on the same seeds; the model runs in worker processes
(a background thread waits for them), so the frame loop keeps drawing and the
progress bar moves.  The charts are the ones ``loket policy`` saves
(workshop.policy_charts), rendered at the size of the chart area.
"""

from __future__ import annotations

import os
import threading
import weakref
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pygame
import pygame_gui

from player import ScenarioError, comparison
from workshop import N_, texts
from workshop.council_run import Comparison, plan_comparison
from workshop.packages import (
    DEFAULT_TARGET,
    DEFAULT_YEARS,
    PRECISION_NAMES,
    PRECISIONS,
    Package,
    PackageError,
    PackageStore,
    check_settings,
)
from workshop.policy import LeverInfo, PolicyResult, levers

from .council_levers import LeverPanel
from .council_outcomes import PercentBar, PolicyRun, draw_outcomes, render_charts
from .council_packages import PackagesTab, SettingsRow, brief_async, explanation
from .screen import Screen
from .widgets import LINE, MUTED, WHITE, button, font, label, text

#: Options that fix the size of a council run instead of the precision and horizon (tests, demos).
RUN_OPTIONS = ("council_seeds", "council_households", "council_weeks")
SETTINGS_H = 104  # the municipality and precision settings under the levers
TAB_TITLES = {"municipality": N_("Uw gemeente"), "packages": N_("Pakketten")}
CURRENT = "current"  # the name of the screen's own, unsaved choices in a run
PANEL = 470
MARGIN = 24


class CouncilScreen(Screen):
    def __init__(self, app, scenario: str | None = None) -> None:
        super().__init__(app)
        self.store = PackageStore()
        kept = self.store.current
        choices = comparison()  # the baseline and the scenario it is compared with (their files' listing)
        self.scenario = scenario or app.options.get("council_scenario") or kept.get("scenario") or choices[0]
        if self.scenario not in choices:
            self.scenario = choices[0]
        self.run: PolicyRun | None = None
        self.comparison: Comparison | None = None
        self.result: PolicyResult | None = None
        self.charts: dict[str, pygame.Surface] = {}
        #: (size, language) of the charts drawn or being drawn; None before the first result.
        self.charts_drawn_for: tuple[tuple[int, int], str] | None = None
        self.tab = "outcomes"
        self.lever_top = 108  # below the scenario buttons (on_enter: lower when they take two rows)
        self.message = ""
        self.changed_since_run = False
        self._pool: ProcessPoolExecutor | None = None
        self.explaining: str | None = None  # the lever whose explanation is shown
        self.brief_busy, self.needs_rebuild = False, False
        self.message = self.store.warning
        try:
            self.target_households, self.years, self.precision = check_settings(
                kept.get("households", DEFAULT_TARGET),
                kept.get("years", DEFAULT_YEARS),
                kept.get("precision", "normal"),
            )
        except PackageError:
            self.target_households, self.years, self.precision = DEFAULT_TARGET, DEFAULT_YEARS, "normal"
        self.engine = "dask" if kept.get("engine") == "dask" else "local"
        self.selected: list[str] = [n for n in kept.get("selected", []) if n in self.store.names()][:4]
        self._load_levers()
        if kept.get("scenario") == self.scenario and isinstance(kept.get("levers"), dict):
            self._apply_levers(kept["levers"])

    # ------------------------------------------------------------------ state
    def _load_levers(self) -> None:
        self.levers: dict[str, LeverInfo] = levers(self.scenario)
        self.values: dict[str, Any] = {k: lv.baseline for k, lv in self.levers.items()}

    def _apply_levers(self, values: dict[str, Any]) -> None:
        """Kept or reopened lever values; a value the scenario no longer allows stays as the scenario has it."""
        for name, value in values.items():
            if name in self.levers:
                try:
                    self.values[name] = self.levers[name].check(value, self.app.lang)
                except ScenarioError:
                    pass

    def remember(self) -> None:
        """Keep what is set on the screen in the user's council file (it survives closing the screen)."""
        try:
            self.store.remember(
                scenario=self.scenario,
                levers=dict(self.values),
                households=self.target_households,
                years=self.years,
                precision=self.precision,
                engine=self.engine,
                selected=list(self.selected),
            )
        except PackageError as exc:
            self.message = str(exc)

    def keep_state(self) -> None:
        self.remember()

    def run_size(self) -> tuple[int, int, int]:
        """Runs, households per run and weeks: the precision and the horizon, unless options fix them."""
        o = self.app.options
        if any(o.get(k) for k in RUN_OPTIONS):
            runs, households = PRECISIONS[self.precision]
            return (
                int(o.get("council_seeds") or runs),
                int(o.get("council_households") or households),
                int(o.get("council_weeks") or self.years * 52),
            )
        runs, households = PRECISIONS[self.precision]
        return runs, households, self.years * 52

    def open_package(self, name: str) -> None:
        t = texts(self.app.lang)
        try:
            pkg = self.store.load(name, self.app.lang)
        except PackageError as exc:
            self.message = str(exc)
            return
        if pkg.scenario != self.scenario and pkg.scenario in comparison():
            self.scenario = pkg.scenario
        self._load_levers()
        self._apply_levers(pkg.levers)
        self.target_households, self.years, self.precision = pkg.households, pkg.years, pkg.precision
        self.changed_since_run = self.run is not None
        self.message = t("Pakket '{name}' geopend: de hendels staan zoals bewaard.").format(name=name)

    def changed(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if v != self.levers[k].baseline}

    @property
    def sliders(self) -> dict[str, pygame_gui.elements.UIHorizontalSlider]:
        return self.lever_panel.sliders

    @property
    def switches(self) -> dict[str, pygame_gui.elements.UIButton]:
        return self.lever_panel.switches

    @property
    def running(self) -> bool:
        return self.run is not None and self.result is None and self.run.error is None

    # ------------------------------------------------------------------ widgets
    def on_enter(self) -> None:
        t, m = texts(self.app.lang), self.app.manager
        w, h = self.app.size
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.widgets.append(label(m, pygame.Rect(MARGIN, 10, PANEL, 44), t("Gemeenteraad"), "heading"))
        top = 108
        for name, rect in button_rows(
            {name: scenario_title(name, self.app.lang) for name in comparison()}, MARGIN, 58, PANEL, 38
        ).items():
            self.buttons[f"scenario_{name}"] = button(
                m,
                rect,
                scenario_title(name, self.app.lang),
                "chosen" if name == self.scenario else "secondary",
                object_id=f"council_scenario_{name}",
            )
            top = max(top, rect.bottom + 12)
        self.lever_top = top
        bottom = h - 150 - SETTINGS_H
        self.lever_panel = LeverPanel(self, pygame.Rect(MARGIN, top, PANEL, bottom - top))
        self.settings = SettingsRow(self, MARGIN, h - 146 - SETTINGS_H, PANEL)
        self.buttons["run"] = button(
            m, pygame.Rect(MARGIN, h - 140, 214, 48), t("Doorrekenen"), "big", object_id="council_run"
        )
        self.buttons["reset"] = button(
            m,
            pygame.Rect(MARGIN + 226, h - 140, PANEL - 226, 48),
            t("Alles zoals nu"),
            "secondary",
            object_id="council_reset",
        )
        self.progress = PercentBar(pygame.Rect(MARGIN, h - 82, PANEL, 30), m)
        self.progress.set_current_progress(100 if self.result is not None else 0)
        self.widgets.append(self.progress)
        x0 = MARGIN * 2 + PANEL
        from workshop.policy_charts import CHART_TITLES

        titles = {k: t(msg) for k, msg in {**CHART_TITLES, **TAB_TITLES}.items()}
        chart_top = 68
        for key, rect in button_rows(titles, x0, 16, w - x0 - MARGIN, 40, stretch=False).items():
            self.buttons[f"tab_{key}"] = button(
                m,
                rect,
                titles[key],
                "chosen" if key == self.tab else "secondary",
                object_id=f"council_tab_{key}",
            )
            chart_top = max(chart_top, rect.bottom + 12)
        self.chart_rect = pygame.Rect(x0, chart_top, w - x0 - MARGIN, h - chart_top - MARGIN)
        self.packages_tab = PackagesTab(self, self.chart_rect) if self.tab == "packages" else None
        if self.explaining is not None:
            self.buttons["explain_close"] = button(
                m,
                pygame.Rect(self.chart_rect.right - 150, self.chart_rect.bottom - 56, 130, 40),
                t("Sluiten"),
                "secondary",
                object_id="council_explain_close",
            )
        self._sync_buttons()
        self._charts_fit()

    def _charts_fit(self) -> None:
        """After a resize or a change of language: draw the charts of the result again."""
        if self.result is not None and self.charts_drawn_for not in (None, (self.chart_rect.size, self.app.lang)):
            self._redraw_charts()

    def on_exit(self) -> None:
        for wdg in self.widgets + list(self.buttons.values()):
            wdg.kill()
        self.widgets, self.buttons = [], {}
        self.lever_panel.kill()
        self.settings.kill()
        if self.packages_tab is not None:
            self.packages_tab.kill()
            self.packages_tab = None
        self.remember()

    def _sync_buttons(self) -> None:
        for key in ("run", "reset", "scenario_siloed", "scenario_integral"):
            b = self.buttons.get(key)
            if b is not None:
                b.disable() if self.running else b.enable()

    # ------------------------------------------------------------------ events
    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.settings.handle(event) or (self.packages_tab is not None and self.packages_tab.handle(event)):
            return True
        if self.lever_panel.handle(event):
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
        if key is None:
            return False
        if key == "run":
            self.start_run()
        elif key == "reset":
            self._load_levers()
            self.remember()
            self.on_resize()
        elif key.startswith("scenario_"):
            self.scenario = key.removeprefix("scenario_")
            self._load_levers()
            self.result, self.comparison, self.charts, self.run, self.charts_drawn_for = None, None, {}, None, None
            self.remember()
            self.on_resize()
        elif key.startswith("tab_"):
            self.tab, self.explaining = key.removeprefix("tab_"), None
            self.on_resize()
        elif key == "explain_close":
            self.explaining = None
            self.on_resize()
        return True

    def start_run(self) -> None:
        if self.running:
            return
        t = texts(self.app.lang)
        package = Package(
            t("Met uw keuzes"), self.scenario, dict(self.values), self.target_households, self.years, self.precision
        )
        self._start([package])

    def start_compare(self) -> None:
        """Run the chosen saved packages side by side (with the screen's municipality and precision)."""
        if self.running:
            return
        try:
            packages = [self.store.load(n, self.app.lang) for n in self.selected]
        except PackageError as exc:
            self.message = str(exc)
            return
        self.tab = "outcomes"
        self._start(packages)

    def _start(self, packages: list[Package]) -> None:
        t = texts(self.app.lang)
        try:
            p = plan_comparison(
                packages, self.target_households, self.years, self.precision, self.app.lang, size=self.run_size()
            )
        except ScenarioError as exc:
            self.message = str(exc)
            return
        self.result, self.comparison, self.charts, self.message, self.changed_since_run = None, None, {}, "", False
        self.explaining = None
        engine = "dask" if self.engine == "dask" and self.precision == "thorough" else "local"
        self.run = PolicyRun(
            p, self.chart_rect.size, self.app.lang, self.worker_pool() if engine == "local" else None, engine
        )
        self.message = t("Rekenen…")
        self.remember()
        self.on_resize()

    def write_brief(self) -> None:
        from userfiles.paths import briefs_dir

        if self.comparison is not None and not self.brief_busy:
            brief_async(self, briefs_dir())

    def worker_pool(self) -> ProcessPoolExecutor | None:
        """Worker processes for the model, started at the first run and kept for the next ones
        (shut down when the screen is gone).  None with one worker: the run stays in its thread."""
        workers = max(1, min(os.cpu_count() or 1, int(self.app.options.get("council_workers") or 8)))
        if workers == 1:
            return None
        if self._pool is None:
            from experiments.jobs import process_pool

            self._pool = process_pool(workers)  # spawned: nothing of pygame or SDL is copied into it
            weakref.finalize(self, self._pool.shutdown, wait=False, cancel_futures=True)
        return self._pool

    def _redraw_charts(self) -> None:
        """Charts of the same result at a new size or in another language, drawn in the background."""
        result, size, lang = self.comparison, self.chart_rect.size, self.app.lang
        assert result is not None
        self.charts_drawn_for = (size, lang)

        def work() -> None:
            charts = render_charts(result, size, lang)
            if self.charts_drawn_for == (size, lang) and self.comparison is result:  # not overtaken by a newer draw
                self.charts = charts

        threading.Thread(target=work, name="council-charts", daemon=True).start()

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        if self.needs_rebuild:
            self.needs_rebuild = False
            self.on_resize()
        run = self.run
        if run is None:
            return
        if self.result is None and run.error is None:
            share = run.done / run.total if run.total else 0.0
            if run.stage == "charts":
                share = 1.0
            self.progress.set_current_progress(100 * share)
        if run.finished and self.result is None:
            if run.error is not None:
                self.message = run.error
            else:
                self.comparison, self.charts, self.message = run.result, run.charts, ""
                self.result = next(iter(run.result.results.values()))
                self.charts_drawn_for = (run.chart_size, run.lang)
                self.progress.set_current_progress(100)
                self._charts_fit()
            self.on_resize()

    def draw(self, surface: pygame.Surface) -> None:
        t = texts(self.app.lang)
        top = self.lever_top - 4
        panel = pygame.Rect(MARGIN - 8, top, PANEL + 16, self.app.size[1] - top - 150 - SETTINGS_H + 8)
        pygame.draw.rect(surface, WHITE, panel, border_radius=10)
        pygame.draw.rect(surface, LINE, panel, 1, border_radius=10)
        seeds, households, weeks = self.run_size()
        info = t("{precision}: {seeds} runs × {households} huishoudens × {weeks} weken").format(
            precision=t(PRECISION_NAMES[self.precision]), seeds=seeds, households=households, weeks=weeks
        )
        surface.blit(text(info, 15, MUTED), (MARGIN, self.app.size[1] - 44))
        area = self.chart_rect
        if self.explaining is not None:
            explanation(surface, area, self.levers[self.explaining], self.app.lang)
            return
        pygame.draw.rect(surface, WHITE, area, border_radius=10)
        pygame.draw.rect(surface, LINE, area, 1, border_radius=10)
        if self.packages_tab is not None:
            self.packages_tab.draw(surface)
            return
        draw_outcomes(surface, self, area)


def button_rows(
    captions: dict[str, str], x: int, y: int, width: int, height: int, stretch: bool = True
) -> dict[str, pygame.Rect]:
    """Buttons side by side, each as wide as its caption needs in the button font (whole, at any text
    size), in as many rows of ``width`` as they take; ``stretch`` fills each row's width (equal
    widths when every caption fits in them)."""
    gap, f = 8, font(18)
    pad = 28 if sum(f.size(c)[0] + 28 + gap for c in captions.values()) - gap <= width else 16  # one row if it can
    need = {key: min(width, f.size(caption)[0] + pad) for key, caption in captions.items()}
    rows: list[list[str]] = [[]]
    for key in captions:
        if rows[-1] and sum(need[k] + gap for k in rows[-1]) + need[key] > width:
            rows.append([])
        rows[-1].append(key)
    out = {}
    for r, row in enumerate(rows):
        spare = width - sum(need[k] for k in row) - gap * (len(row) - 1)
        equal = (width - gap * (len(row) - 1)) // len(row)
        left = x
        for key in row:
            if not stretch:
                w = need[key]
            else:  # equally wide when every caption fits so
                w = equal if all(need[k] <= equal for k in row) else need[key] + spare // len(row)
            out[key] = pygame.Rect(left, y + r * (height + gap), w, height)
            left += w + gap
    return out


def scenario_title(name: str, lang: str) -> str:
    try:
        from game.play import scenario

        return scenario(name).title.get(lang)
    except (ScenarioError, ImportError):
        return name
