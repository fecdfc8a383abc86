"""The charts of a workshop's debrief page (workshop/deck.py), as matplotlib figures: the room
against the simulated population, the same player in both scenarios, and the form fields asked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from babel.numbers import format_decimal
from matplotlib.figure import Figure

from loket_i18n.numbers import LOCALES
from reports.labels import label
from reports.scenario_style import scenario_colour

from . import texts
from .deck_data import FIELD_KINDS, OUTCOMES, PAIRED, ordered

POPULATION_COLOUR = "#8a8f98"
FIELD_COLOURS = {"new": "#f2b134", "again": "#b5482f", "prefilled": "#3c8d5a"}


def number(value: float, lang: str, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=LOCALES[lang])


def scenario_name(name: str, lang: str) -> str:
    return label(name, lang)


def _figure(size: tuple[float, float]) -> Figure:
    return Figure(figsize=size, dpi=100, layout="constrained")


def room_vs_population_figure(room: pd.DataFrame, summ: pd.DataFrame, lang: str) -> Figure:
    t = texts(lang)
    fig = _figure((14, 10))
    axes = fig.subplots(3, 3)
    names = ordered(room.scenario)
    rng = np.random.default_rng(0)  # jitter of the players' dots only
    for ax, col in zip(axes.flat, OUTCOMES, strict=True):
        s = summ[summ.outcome == col].set_index("scenario")
        for i, name in enumerate(names):
            mine = room.loc[room.scenario == name, col].dropna()
            x = i - 0.17
            ax.scatter(
                x + rng.uniform(-0.07, 0.07, len(mine)),
                mine,
                color=scenario_colour(name),
                alpha=0.7,
                s=28,
                zorder=3,
                label=t("spelers") if i == 0 else None,
            )
            ax.hlines(mine.mean(), x - 0.13, x + 0.13, color="#1e2a38", lw=2, zorder=4)
            r = s.loc[name]
            lo, hi = r.population_ci_low, r.population_ci_high
            yerr = [[r.population_mean - lo], [hi - r.population_mean]] if not np.isnan(lo) else None
            ax.errorbar(
                i + 0.17,
                r.population_mean,
                yerr=yerr,
                fmt="D",
                color=POPULATION_COLOUR,
                capsize=4,
                zorder=3,
                label=t("gesimuleerd") if i == 0 else None,
            )
        ax.set_xticks(range(len(names)), [scenario_name(n, lang) for n in names])
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(_wrap(label(col, lang), 48), fontsize=10)
        ax.grid(alpha=0.3, axis="y")
    axes.flat[0].legend(fontsize=8, loc="best")
    fig.suptitle(
        t(
            "De zaal tegenover gesimuleerde huishoudens van hetzelfde type "
            "(punt = speler, streep = gemiddelde zaal, ruit = gesimuleerd met 95%-interval)"
        ),
        fontsize=12,
    )
    return fig


def paired_figure(room: pd.DataFrame, lang: str) -> Figure:
    """Players who played both scenarios: their own numbers, one line per player."""
    t = texts(lang)
    names = ordered(room.scenario)[:2]
    fig = _figure((14, 4.8))
    axes = fig.subplots(1, len(PAIRED))
    both = room[room.scenario.isin(names)].groupby(["player", "scenario"])[list(PAIRED)].mean()
    players = [p for p in both.index.get_level_values("player").unique() if all((p, n) in both.index for n in names)]
    for ax, col in zip(axes, PAIRED, strict=True):
        ends = []
        for p in players:
            ys = [both.loc[(p, n), col] for n in names]
            ax.plot(range(len(names)), ys, "-o", color="#4a5563", alpha=0.6)
            ends.append((ys[-1], p))
        for y, text in spread_labels(ends, ax):
            ax.annotate(text, (len(names) - 1, y), xytext=(6, 0), textcoords="offset points", fontsize=8, va="center")
        if players:
            means = [both.loc[[(p, n) for p in players], col].mean() for n in names]
            ax.plot(range(len(names)), means, "-D", color="#1e2a38", lw=3, label=t("gemiddelde"))
        ax.set_xticks(range(len(names)), [scenario_name(n, lang) for n in names])
        ax.set_xlim(-0.3, len(names) - 0.4)
        ax.set_title(_wrap(label(col, lang), 40), fontsize=10)
        ax.grid(alpha=0.3, axis="y")
    if not players:
        fig.text(0.5, 0.5, t("Nog niemand speelde beide scenario's."), ha="center", fontsize=14)
    else:
        axes[0].legend(fontsize=8)
    fig.suptitle(t("Dezelfde speler in beide scenario's ({n} spelers)").format(n=len(players)), fontsize=12)
    return fig


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def spread_labels(ends: list[tuple[float, str]], ax) -> list[tuple[float, str]]:
    """Names at the ends of lines, moved apart so they do not overlap; names at the same point join."""
    joined: dict[float, list[str]] = {}
    for y, name in ends:
        joined.setdefault(round(float(y), 6), []).append(name)
    items = sorted((y, ", ".join(sorted(ns))) for y, ns in joined.items())
    lo, hi = ax.get_ylim()
    gap = (hi - lo) * 0.045
    out: list[tuple[float, str]] = []
    for y, name in items:
        if out and y - out[-1][0] < gap:
            y = out[-1][0] + gap
        out.append((y, name))
    return out


def fields_figure(fields: pd.DataFrame, lang: str) -> Figure:
    """Form fields per play from the journal, by scenario."""
    t = texts(lang)
    fig = _figure((9, 4.8))
    ax = fig.subplots()
    names = ordered(fields.scenario)
    means = fields.groupby("scenario")[list(FIELD_KINDS)].mean().reindex(names).fillna(0)
    bottom = np.zeros(len(names))
    for kind, msg in FIELD_KINDS.items():
        vals = means[kind].to_numpy()
        ax.bar([scenario_name(n, lang) for n in names], vals, bottom=bottom, color=FIELD_COLOURS[kind], label=t(msg))
        for i, v in enumerate(vals):
            if v >= 1:
                ax.text(i, bottom[i] + v / 2, number(v, lang, 1), ha="center", va="center", fontsize=9)
        bottom += vals
    ax.set_ylabel(t("gegevens per spel (gemiddelde van de zaal)"))
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3, axis="y")
    ax.set_title(t("Formuliervragen die de spelers kregen"), fontsize=12)
    return fig
