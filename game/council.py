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

from player import ScenarioError
from workshop import N_, texts
from workshop.council_run import Comparison, ComparisonPlan, assemble_comparison, plan_comparison
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

from .council_packages import PackagesTab, SettingsRow, brief_async, explanation
from .screen import Screen
from .widgets import INK, LINE, MUTED, WHITE, blit_lines, button, font, label, text, wrap

SCENARIOS = ("siloed", "integral")
#: Options that fix the size of a council run instead of the precision and horizon (tests, demos).
RUN_OPTIONS = ("council_seeds", "council_households", "council_weeks")
ROW = 60
SETTINGS_H = 104  # the municipality and precision settings under the levers
TAB_TITLES = {"municipality": N_("Uw gemeente"), "packages": N_("Pakketten")}
CURRENT = "current"  # the name of the screen's own, unsaved choices in a run
PANEL = 470
MARGIN = 24


class PolicyRun:
    """One background run: worker processes for the model, a thread that collects and draws the charts.
    The screen reads ``done``, ``total``, ``stage``, ``result``, ``charts`` and ``error`` every frame."""

    def __init__(self, p: ComparisonPlan, chart_size: tuple[int, int], lang: str,
                 pool: ProcessPoolExecutor | None, engine: str = "local") -> None:
        self.plan, self.chart_size, self.lang, self.pool, self.engine = p, chart_size, lang, pool, engine
        self.done, self.total = 0, len(p.jobs)
        self.stage = "model"
        self.result: Comparison | None = None
        self.charts: dict[str, pygame.Surface] = {}
        self.error: str | None = None
        self.thread = threading.Thread(target=self._work, name="council-run", daemon=True)
        self.thread.start()

    @property
    def finished(self) -> bool:
        return not self.thread.is_alive()

    def _work(self) -> None:
        from experiments.runner import run_jobs

        def progress(done: int, total: int) -> None:
            self.done = done

        try:
            if self.engine == "dask":
                from workshop.council_run import run_comparison

                result = run_comparison(self.plan, engine="dask", workers=os.cpu_count() or 1, progress=progress)
            else:
                # On the screen's pool, or in this thread without one; rows in job order either way.
                weekly, homes = run_jobs(self.plan.jobs, progress=progress, pool=self.pool)
                result = assemble_comparison(self.plan, weekly, homes)
            self.stage = "charts"
            self.charts = render_charts(result, self.chart_size, self.lang)
            self.result = result
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"


def render_charts(cmp: Comparison, size: tuple[int, int], lang: str) -> dict[str, pygame.Surface]:
    """The charts as surfaces of ``size`` pixels (game.charts.to_surface): one package's policy charts,
    or the packages side by side; and the municipality's yearly totals."""
    from workshop.council_charts import COMPARE_CHARTS, municipality_figure
    from workshop.policy_charts import CHARTS

    from .charts import to_surface

    dpi = max(100, min(160, size[0] // 8))  # a large chart area gets larger text, not more of it
    inches = (max(size[0], 300) / dpi, max(size[1], 200) / dpi)
    out = {"municipality": to_surface(municipality_figure(cmp, lang, size=inches, dpi=dpi))}
    if len(cmp.results) == 1:
        result = next(iter(cmp.results.values()))
        out.update({key: to_surface(make(result, lang, size=inches, dpi=dpi)) for key, make in CHARTS.items()})
    else:
        out.update({key: to_surface(make(cmp, lang, size=inches, dpi=dpi)) for key, make in COMPARE_CHARTS.items()})
    return out


class PercentBar(pygame_gui.elements.UIProgressBar):
    """A progress bar that reads "40 %"."""

    def status_text(self) -> str:
        return f"{self.current_progress:.0f} %"


class CouncilScreen(Screen):
    def __init__(self, app, scenario: str | None = None) -> None:
        super().__init__(app)
        self.store = PackageStore()
        kept = self.store.current
        self.scenario = scenario or app.options.get("council_scenario") or kept.get("scenario") or "siloed"
        if self.scenario not in SCENARIOS:
            self.scenario = "siloed"
        self.run: PolicyRun | None = None
        self.comparison: Comparison | None = None
        self.result: PolicyResult | None = None
        self.charts: dict[str, pygame.Surface] = {}
        #: (size, language) of the charts drawn or being drawn; None before the first result.
        self.charts_drawn_for: tuple[tuple[int, int], str] | None = None
        self.tab = "outcomes"
        self.message = ""
        self.changed_since_run = False
        self._pool: ProcessPoolExecutor | None = None
        self.explaining: str | None = None  # the lever whose explanation is shown
        self.brief_busy, self.needs_rebuild = False, False
        self.message = self.store.warning
        try:
            self.target_households, self.years, self.precision = check_settings(
                kept.get("households", DEFAULT_TARGET), kept.get("years", DEFAULT_YEARS),
                kept.get("precision", "normal"))
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
            self.store.remember(scenario=self.scenario, levers=dict(self.values), households=self.target_households,
                                years=self.years, precision=self.precision, engine=self.engine,
                                selected=list(self.selected))
        except PackageError as exc:
            self.message = str(exc)

    def keep_state(self) -> None:
        self.remember()

    def run_size(self) -> tuple[int, int, int]:
        """Runs, households per run and weeks: the precision and the horizon, unless options fix them."""
        o = self.app.options
        if any(o.get(k) for k in RUN_OPTIONS):
            runs, households = PRECISIONS[self.precision]
            return (int(o.get("council_seeds") or runs), int(o.get("council_households") or households),
                    int(o.get("council_weeks") or self.years * 52))
        runs, households = PRECISIONS[self.precision]
        return runs, households, self.years * 52

    def open_package(self, name: str) -> None:
        t = texts(self.app.lang)
        try:
            pkg = self.store.load(name, self.app.lang)
        except PackageError as exc:
            self.message = str(exc)
            return
        if pkg.scenario != self.scenario and pkg.scenario in SCENARIOS:
            self.scenario = pkg.scenario
        self._load_levers()
        self._apply_levers(pkg.levers)
        self.target_households, self.years, self.precision = pkg.households, pkg.years, pkg.precision
        self.changed_since_run = self.run is not None
        self.message = t("Pakket '{name}' geopend: de hendels staan zoals bewaard.").format(name=name)

    def changed(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if v != self.levers[k].baseline}

    @property
    def running(self) -> bool:
        return self.run is not None and self.result is None and self.run.error is None

    # ------------------------------------------------------------------ widgets
    def on_enter(self) -> None:
        t, m = texts(self.app.lang), self.app.manager
        w, h = self.app.size
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.sliders: dict[str, pygame_gui.elements.UIHorizontalSlider] = {}
        self.switches: dict[str, pygame_gui.elements.UIButton] = {}
        self.value_labels: dict[str, pygame_gui.elements.UILabel] = {}
        self.widgets.append(label(m, pygame.Rect(MARGIN, 10, PANEL, 44), t("Gemeenteraad"), "heading"))
        for i, name in enumerate(SCENARIOS):
            self.buttons[f"scenario_{name}"] = button(
                m, pygame.Rect(MARGIN + i * (PANEL // 2), 58, PANEL // 2 - 8, 38), scenario_title(name, self.app.lang),
                "chosen" if name == self.scenario else "secondary", object_id=f"council_scenario_{name}")
        top = 108
        bottom = h - 150 - SETTINGS_H
        self.scroll = pygame_gui.elements.UIScrollingContainer(
            pygame.Rect(MARGIN, top, PANEL, bottom - top), m, allow_scroll_x=False)
        self.widgets.append(self.scroll)
        inner = PANEL - 24
        for i, (name, lv) in enumerate(self.levers.items()):
            y = i * ROW
            self.widgets.append(label(m, pygame.Rect(0, y, inner, 24), lv.label.get(self.app.lang), "subtle",
                                      container=self.scroll))
            self.buttons[f"explain_{name}"] = button(
                m, pygame.Rect(inner - 34, y + 26, 34, 28), "?", "chosen" if self.explaining == name else "secondary",
                container=self.scroll, object_id=f"council_explain_{name}")
            if lv.is_switch:
                self._switch(name, pygame.Rect(0, y + 26, 130, 30))
            else:
                slider = pygame_gui.elements.UIHorizontalSlider(
                    pygame.Rect(0, y + 26, inner - 140, 28), lv.position(self.values[name]), (0, lv.steps()), m,
                    container=self.scroll, click_increment=1, object_id=f"#lever_{name}")
                self.sliders[name] = slider
                self.widgets.append(slider)
                self.value_labels[name] = label(m, pygame.Rect(inner - 136, y + 26, 96, 28),
                                                lv.show(self.values[name], self.app.lang), container=self.scroll)
                self.widgets.append(self.value_labels[name])
        self.scroll.set_scrollable_area_dimensions((inner, len(self.levers) * ROW))
        self.settings = SettingsRow(self, MARGIN, h - 146 - SETTINGS_H, PANEL)
        self.buttons["run"] = button(m, pygame.Rect(MARGIN, h - 140, 214, 48), t("Doorrekenen"), "big",
                                     object_id="council_run")
        self.buttons["reset"] = button(m, pygame.Rect(MARGIN + 226, h - 140, PANEL - 226, 48),
                                       t("Alles zoals nu"), "secondary", object_id="council_reset")
        self.progress = PercentBar(pygame.Rect(MARGIN, h - 82, PANEL, 30), m)
        self.progress.set_current_progress(100 if self.result is not None else 0)
        self.widgets.append(self.progress)
        x0 = MARGIN * 2 + PANEL
        from workshop.policy_charts import CHART_TITLES

        titles = {k: t(msg) for k, msg in {**CHART_TITLES, **TAB_TITLES}.items()}
        room = w - x0 - MARGIN - 8 * (len(titles) - 1)  # tabs as wide as their titles, shrunk to fit together
        need = {k: font(18).size(title)[0] + 28 for k, title in titles.items()}
        shrink = min(1.0, room / sum(need.values()))
        x = x0
        for key, title in titles.items():
            tab_w = min(240, int(need[key] * shrink))
            self.buttons[f"tab_{key}"] = button(m, pygame.Rect(x, 16, tab_w, 40), title,
                                                "chosen" if key == self.tab else "secondary",
                                                object_id=f"council_tab_{key}")
            x += tab_w + 8
        self.chart_rect = pygame.Rect(x0, 68, w - x0 - MARGIN, h - 68 - MARGIN)
        self.packages_tab = PackagesTab(self, self.chart_rect) if self.tab == "packages" else None
        if self.explaining is not None:
            self.buttons["explain_close"] = button(
                m, pygame.Rect(self.chart_rect.right - 150, self.chart_rect.bottom - 56, 130, 40), t("Sluiten"),
                "secondary", object_id="council_explain_close")
        self._sync_buttons()
        self._charts_fit()

    def _charts_fit(self) -> None:
        """After a resize or a change of language: draw the charts of the result again."""
        if self.result is not None and self.charts_drawn_for not in (None, (self.chart_rect.size, self.app.lang)):
            self._redraw_charts()

    def _switch(self, name: str, rect: pygame.Rect) -> None:
        on = self.levers[name].is_on(self.values[name])
        self.switches[name] = button(self.app.manager, rect, self.levers[name].show(self.values[name], self.app.lang),
                                     "chosen" if on else "secondary", container=self.scroll,
                                     object_id=f"lever_{name}")
        self.widgets.append(self.switches[name])

    def on_exit(self) -> None:
        for wdg in self.widgets + list(self.buttons.values()):
            wdg.kill()
        self.widgets, self.buttons = [], {}
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
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            name = next((k for k, s in self.sliders.items() if s is event.ui_element), None)
            if name is None:
                return False
            lv = self.levers[name]
            self.values[name] = lv.value_at(int(round(event.value)))
            self.value_labels[name].set_text(lv.show(self.values[name], self.app.lang))
            self.changed_since_run = self.run is not None
            self.remember()
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        name = next((k for k, b in self.switches.items() if b is event.ui_element), None)
        if name is not None:
            self.values[name] = self.levers[name].toggled(self.values[name])
            rect = self.switches[name].relative_rect.copy()
            self.switches[name].kill()
            self._switch(name, rect)
            self.changed_since_run = self.run is not None
            self.remember()
            return True
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
        elif key.startswith("explain_"):
            name = key.removeprefix("explain_")
            self.explaining = None if name in ("close", self.explaining) else name
            self.on_resize()
        return True

    def start_run(self) -> None:
        if self.running:
            return
        t = texts(self.app.lang)
        package = Package(t("Met uw keuzes"), self.scenario, dict(self.values), self.target_households, self.years,
                          self.precision)
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
            p = plan_comparison(packages, self.target_households, self.years, self.precision, self.app.lang,
                                size=self.run_size())
        except ScenarioError as exc:
            self.message = str(exc)
            return
        self.result, self.comparison, self.charts, self.message, self.changed_since_run = None, None, {}, "", False
        self.explaining = None
        engine = "dask" if self.engine == "dask" and self.precision == "thorough" else "local"
        self.run = PolicyRun(p, self.chart_rect.size, self.app.lang,
                             self.worker_pool() if engine == "local" else None, engine)
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
        panel = pygame.Rect(MARGIN - 8, 104, PANEL + 16, self.app.size[1] - 104 - 150 - SETTINGS_H + 8)
        pygame.draw.rect(surface, WHITE, panel, border_radius=10)
        pygame.draw.rect(surface, LINE, panel, 1, border_radius=10)
        seeds, households, weeks = self.run_size()
        info = t("{precision}: {seeds} runs × {households} huishoudens × {weeks} weken").format(
            precision=t(PRECISION_NAMES[self.precision]), seeds=seeds, households=households, weeks=weeks)
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
        chart = self.charts.get(self.tab)
        if chart is not None:
            surface.blit(chart, chart.get_rect(center=area.center))
            if self.changed_since_run:
                note = text(t("U heeft hendels verschoven: druk op Doorrekenen voor nieuwe uitkomsten."), 16, INK,
                            True)
                box = note.get_rect(midbottom=(area.centerx, area.bottom - 8)).inflate(16, 8)
                pygame.draw.rect(surface, (242, 177, 52), box, border_radius=6)
                surface.blit(note, note.get_rect(center=box.center))
            return
        if self.running:
            assert self.run is not None
            lines = [t("Het model rekent: {done} van {total} runs klaar.").format(done=self.run.done,
                                                                                 total=self.run.total)]
            if self.run.stage == "charts":
                lines = [t("Grafieken tekenen…")]
        elif self.message:
            lines = wrap(self.message, area.width - 60, 18)
        else:
            lines = wrap(t("Verschuif de hendels links en druk op Doorrekenen. Het model rekent het scenario "
                           "zoals het nu is en met uw keuzes door, op dezelfde huishoudens en dezelfde "
                           "levensgebeurtenissen. Zo komt elk verschil uit uw keuzes, met een 95%-interval "
                           "over de seeds."), area.width - 60, 20)
        blit_lines(surface, lines, (area.x + 30, area.y + 30), 20 if not self.message else 18)


def scenario_title(name: str, lang: str) -> str:
    try:
        from game.play import scenario

        return scenario(name).title.get(lang)
    except (ScenarioError, ImportError):
        return name
