"""The outcomes side of the council screen: a run of the model in worker processes, collected by a
thread that then draws the charts; the progress bar that shows how far it is; and what the chart
area shows (a chart, or what the model is doing, or how to start).  The screen
(game.council.CouncilScreen) reads the run's state every frame, so the frame loop keeps drawing."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from workshop import texts
from workshop.council_run import Comparison, ComparisonPlan, assemble_comparison

from .widgets import INK, blit_lines, text, wrap

if TYPE_CHECKING:
    from .council import CouncilScreen


class PolicyRun:
    """One background run: worker processes for the model, a thread that collects and draws the charts.
    The screen reads ``done``, ``total``, ``stage``, ``result``, ``charts`` and ``error`` every frame."""

    def __init__(
        self,
        p: ComparisonPlan,
        chart_size: tuple[int, int],
        lang: str,
        pool: ProcessPoolExecutor | None,
        engine: str = "local",
    ) -> None:
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


def draw_outcomes(surface: pygame.Surface, screen: CouncilScreen, area: pygame.Rect) -> None:
    """The chart of the chosen tab (with a note when levers moved since the run), or else what the
    model is doing, the last message, or how to start."""
    t = texts(screen.app.lang)
    chart = screen.charts.get(screen.tab)
    if chart is not None:
        surface.blit(chart, chart.get_rect(center=area.center))
        if screen.changed_since_run:
            note = text(t("U heeft hendels verschoven: druk op Doorrekenen voor nieuwe uitkomsten."), 16, INK, True)
            box = note.get_rect(midbottom=(area.centerx, area.bottom - 8)).inflate(16, 8)
            pygame.draw.rect(surface, (242, 177, 52), box, border_radius=6)
            surface.blit(note, note.get_rect(center=box.center))
        return
    if screen.running:
        assert screen.run is not None
        lines = [
            t("Het model rekent: {done} van {total} runs klaar.").format(done=screen.run.done, total=screen.run.total)
        ]
        if screen.run.stage == "charts":
            lines = [t("Grafieken tekenen…")]
    elif screen.message:
        lines = wrap(screen.message, area.width - 60, 18)
    else:
        lines = wrap(
            t(
                "Verschuif de hendels links en druk op Doorrekenen. Het model rekent het scenario "
                "zoals het nu is en met uw keuzes door, op dezelfde huishoudens en dezelfde "
                "levensgebeurtenissen. Zo komt elk verschil uit uw keuzes, met een 95%-interval "
                "over de seeds."
            ),
            area.width - 60,
            20,
        )
    blit_lines(surface, lines, (area.x + 30, area.y + 30), 20 if not screen.message else 18)
