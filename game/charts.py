"""Debrief charts: matplotlib figures (Agg, no pyplot) and their conversion to pygame surfaces.

* :func:`population_figure` – the player's numbers against the distribution over the
  simulated households of the same run (histograms; households of the player's type
  highlighted; the player's value marked).
* :func:`comparison_figure` – the player's plays side by side (e.g. siloed vs integral):
  the player's value and the neighbourhood mean per scenario, for each headline outcome.
* :func:`to_surface` – a Figure as a ``pygame.Surface`` (FigureCanvasAgg, buffer_rgba,
  pygame.image.frombuffer).  The figures themselves need no pygame, so the same charts can be
  saved as PNG for a slide deck with ``fig.savefig(path)``.

Chart text: outcome names from reports.labels.label, the rest from the i18n domain "debrief".
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from loket_i18n import translator
from loket_i18n.numbers import decimal
from player import HOUSEHOLD_PUBLIC, N_
from reports.labels import HEADLINE as REPORT_HEADLINE
from reports.labels import label
from reports.scenario_style import scenario_colour

if TYPE_CHECKING:
    import pandas as pd
    import pygame

    from player import PlayerSession

#: The outcomes the debrief charts show, in this order: the reports' headline outcomes.
HEADLINE = REPORT_HEADLINE
#: The comparison chart in an area under SHORT_CHART_INCHES high shows these four of the headline
#: outcomes in one row (the table beside it has them all): two rows of eight plots left each only
#: a few pixels of bars under their titles.
SHORT_HEADLINE = ("paperwork_hours", "fields_repeated", "final_debt", "crises")
SHORT_CHART_INCHES = 3.2
#: Public money spent on one household, in three kinds never added up as if alike, and their sum
#: (PlayerSession.public_money; the one definition is simulation.outcomes.public_money).
PUBLIC_MONEY = HOUSEHOLD_PUBLIC
# Okabe-Ito colours, told apart with the common kinds of colour blindness (and a line, hatching or
# a label says it as well): you in vermillion, households like you in blue, all in light grey.
PLAYER = "#d55e00"
POPULATION = "#b8c2cc"
SAME_TYPE = "#0072b2"


#: Names the debrief gives outcomes where the registry's (simulation.outcomes, through reports.labels)
#: is too long for the table or not said to the player (translated in the "debrief" catalog).
#: Paperwork includes dealing with creditors; the next row says how much of it.
LABELS = {
    "paperwork_hours": N_("Uren papierwerk, incl. schuldeisers"),
    "debt_admin_hours": N_("waarvan met schuldeisers en deurwaarders"),
    "weeks_waiting": N_("Weken met aanvraag in behandeling"),
    "wait_per_application": N_("Weken in de wachtrij per aanvraag"),
    "fields_prefilled": N_("Gegevens al ingevuld (eenmalige uitvraag)"),
    "public_services": N_("Publiek, diensten: uw casemanager"),
    "public_transfers": N_("Publiek, overdrachten aan u"),
    "public_crises": N_("Publiek: kosten van uw crises"),
}


def outcome_label(key: str, lang: str) -> str:
    if key in LABELS:
        return translator("debrief", lang)(LABELS[key])
    return label(key, lang)


def with_public_money(rows: pd.DataFrame, session: PlayerSession) -> pd.DataFrame:
    """The outcome rows with the PUBLIC_MONEY columns."""
    out = rows.copy()
    money = [session.public_money(r) for r in rows.to_dict("records")]
    for key in PUBLIC_MONEY:
        out[key] = [m[key] for m in money]
    return out


def player_numbers(session: PlayerSession) -> dict[str, Any]:
    """session.final_numbers() plus PUBLIC_MONEY, the one record the debrief shows."""
    row = dict(session.final_numbers())
    row.update(session.public_money(row))
    return row


def _wrap(text: str, pixels: float) -> str:
    """Break a subplot title so it fits above its plot (about 7 pixels per character at 10 pt, and room
    for the plot's own margins)."""
    return textwrap.fill(text, width=max(10, int(pixels / 9.5)), break_long_words=False)


def _short(value: float, lang: str) -> str:
    if value != value:  # NaN: e.g. no application was taken up, so no wait per application
        return "–"
    if abs(value) >= 100 or value == round(value):
        return decimal(value, lang, "#,##0")
    return decimal(value, lang, "0.00" if abs(value) < 1 else "0.0")


def _pixels_to_inches(size: tuple[int, int], dpi: int) -> tuple[float, float]:
    return max(size[0], 200) / dpi, max(size[1], 150) / dpi


def population_figure(
    session: PlayerSession,
    size: tuple[int, int] = (800, 520),
    dpi: int = 100,
    lang: str | None = None,
    columns: tuple[str, ...] = HEADLINE,
) -> Figure:
    """Small multiples: one histogram per outcome over the simulated households, the player marked."""
    lang = lang or session.lang
    _ = translator("debrief", lang)
    pop = with_public_money(session.population_outcomes(), session)
    me = player_numbers(session)
    from workshop.peers import peers

    same, _basis = peers(pop, me)  # same type and situation, same run (like with like)
    fig = Figure(figsize=_pixels_to_inches(size, dpi), dpi=dpi, layout="constrained")
    ncols = min(4, len(columns))
    nrows = int(np.ceil(len(columns) / ncols))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, col in zip(axes, columns, strict=False):
        values = pop[col].astype(float).to_numpy()
        values = values[np.isfinite(values)]
        mine = float(me[col])  # NaN when it does not apply (no application taken up: no wait)
        points = np.append(values, mine) if np.isfinite(mine) else values
        lo, hi = (float(points.min()), float(points.max())) if points.size else (0.0, 1.0)
        if hi <= lo:
            hi = lo + 1.0
        bins = np.linspace(lo, hi, 16)
        if not points.size:  # e.g. the wait per application when no counter took an application up yet
            ax.text(
                0.5,
                0.5,
                _wrap(_("nog geen aanvraag in behandeling genomen"), size[0] / ncols * 80 / dpi),
                ha="center",
                va="center",
                fontsize=9,
                color="#4a5563",
                transform=ax.transAxes,
            )
            ax.set_xticks([])
            ax.set_yticks([])
        ax.hist(values, bins=bins, color=POPULATION, label=_("alle huishoudens"))
        ax.hist(
            same[col].astype(float).dropna().to_numpy(),
            bins=bins,
            color=SAME_TYPE,
            alpha=0.8,
            label=_("huishoudens zoals u"),
        )
        ax.axvline(
            mine if np.isfinite(mine) else lo,
            color=PLAYER,
            linewidth=2.5,
            label=_("u"),
            visible=bool(np.isfinite(mine)),
        )
        ax.set_title(
            _wrap(outcome_label(col, lang), size[0] / ncols * 100 / dpi)
            + "\n"
            + _("u: {value}").format(value=_short(mine, lang)),
            fontsize=10,
        )
        ax.tick_params(labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in axes[len(columns) :]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    fig.suptitle(
        _wrap(
            _("Uw uitkomsten tegenover de {n} gesimuleerde huishoudens in de wijk").format(n=len(pop)),
            size[0] * 100 / dpi,
        ),
        fontsize=11,
    )  # wrapped: the chart is less than half the window
    return fig


def comparison_figure(
    plays: Mapping[str, PlayerSession],
    size: tuple[int, int] = (900, 520),
    dpi: int = 100,
    lang: str | None = None,
    columns: tuple[str, ...] = HEADLINE,
) -> Figure:
    """Per outcome: for each play, the player's value (solid) and the neighbourhood mean (light)."""
    names = list(plays)
    lang = lang or (plays[names[0]].lang if names else "nl")
    _ = translator("debrief", lang)
    mine = {n: player_numbers(plays[n]) for n in names}
    from workshop.peers import peers

    def like_you(s: PlayerSession):
        return peers(with_public_money(s.population_outcomes(), s), player_numbers(s))[0][list(columns)]

    from workshop.peers import spread

    if size[1] / dpi < SHORT_CHART_INCHES:  # a short area (the large text size): four plots tall enough to read
        columns = tuple(c for c in columns if c in SHORT_HEADLINE) or columns
    means = {n: like_you(plays[n]).astype(float).apply(lambda c: spread(c).median) for n in names}
    fig = Figure(figsize=_pixels_to_inches(size, dpi), dpi=dpi, layout="constrained")
    ncols = min(4, len(columns))
    nrows = int(np.ceil(len(columns) / ncols))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    x = np.arange(len(names))
    for ax, col in zip(axes, columns, strict=False):
        values = []
        for i, n in enumerate(names):
            colour = scenario_colour(n)  # the same colour for a scenario whatever order it was played in
            values += [float(mine[n][col]), float(means[n][col])]
            ax.bar(x[i] - 0.2, values[-2], width=0.38, color=colour)
            ax.bar(x[i] + 0.2, values[-1], width=0.38, color=colour, alpha=0.35, hatch="//", edgecolor=colour)
        # The scenarios are told apart by colour (the legend): names under narrow plots ran together.
        ax.set_xticks([])
        ax.set_xlim(-0.6, len(names) - 0.4)  # the same places when a value is missing (NaN: no bar)
        finite = [v for v in values if v == v]
        if not finite or (min(finite) >= 0 and max(finite) == 0):
            ax.set_ylim(0, 1)  # all zero: no axis running to minus 0.05, and one tick, at 0
            ax.set_yticks([0])
        elif min(finite) >= 0:
            ax.set_ylim(bottom=0)
        ax.set_title(_wrap(outcome_label(col, lang), size[0] / ncols * 100 / dpi * 0.85), fontsize=10)
        ax.tick_params(axis="y", labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in axes[len(columns) :]:
        ax.set_visible(False)
    from matplotlib.patches import Patch

    legend = [Patch(color=scenario_colour(n), label=label(n, lang)) for n in names] + [
        Patch(color="#555555", label=_("u")),
        Patch(
            facecolor="#55555559", hatch="//", edgecolor="#555555", label=_("huishoudens zoals u (middelste waarde)")
        ),
    ]
    fig.legend(handles=legend, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    fig.suptitle(_wrap(_("Hetzelfde huishouden, anders georganiseerde hulp"), size[0] * 100 / dpi), fontsize=11)
    return fig


def to_surface(fig: Figure) -> pygame.Surface:
    """Render a figure with Agg into a pygame Surface of the figure's pixel size."""
    import pygame

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    buf = canvas.buffer_rgba()
    width, height = canvas.get_width_height()
    return pygame.image.frombuffer(bytes(buf), (width, height), "RGBA").copy()
