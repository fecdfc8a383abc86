"""Charts of council packages: the municipality's yearly totals, and packages side by side
(outcomes, costs and crises, who gains by household type).

Each function returns a matplotlib Figure, drawn into the council screen at the size it has.
Packages are told apart by grey level and hatching as well as colour, so the charts read in print.
"""

from __future__ import annotations

import textwrap

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.figure import Figure

from reports import public_cost as pc
from reports.labels import label

from . import texts
from .council_run import Comparison
from .council_totals import LINES, Totals, line_label, money, municipality_totals, number, sentences, signed_money
from .policy_charts import higher_is_better, type_names

#: One look per package (up to four): fill colour, hatch.
LOOKS = (("#1f6f8b", ""), ("#c9a227", "//"), ("#8a8f98", ".."), ("#3c3c3c", "xx"))
COMPARED = (
    "paperwork_hours",
    "fields_repeated",
    "sanctions",
    "weeks_waiting",
    "crises",
    "final_debt",
    "takeup",
    "stress",
)
GAINS = ("crises", "final_debt")


def better_note(outcome: str, t) -> str:
    """ "higher is better" or "lower is better", as the outcome registry has it."""
    return t("hoger is beter") if higher_is_better(outcome) else t("lager is beter")


def _fig(size, dpi) -> Figure:
    return Figure(figsize=size, dpi=dpi, layout="constrained")


def _wrap(s: str, width: int) -> str:
    return "\n".join(textwrap.wrap(s, max(8, width), break_long_words=False)) or s


def totals_of(cmp: Comparison) -> dict[str, Totals]:
    return {name: municipality_totals(res, cmp.plan.households) for name, res in cmp.results.items()}


def municipality_figure(
    cmp: Comparison, lang: str = "nl", size: tuple[float, float] = (13, 7), dpi: int = 100
) -> Figure:
    """A table of the budget lines a year for the municipality (one package: year by year; several:
    the average year of each), then the package(s) in words with the spread over runs."""
    t = texts(lang)
    totals = totals_of(cmp)
    names = list(totals)
    first = totals[names[0]]
    fig = _fig(size, dpi)
    ax_t, ax_w = fig.subplots(2, 1, height_ratios=[3, 2])
    ax_t.axis("off")
    ax_w.axis("off")
    if len(names) == 1:
        years = sorted(y for y in first.money.year.unique() if y > 0)
        header = (
            [t("Verschil per jaar"), t("Zoals nu (gem.)")]
            + [t("Jaar {y}").format(y=y) for y in years]
            + [t("Gemiddeld")]
        )

        def cells(line):
            m = first.money[first.money.line == line].set_index("year")
            return [money(m.loc[0, "baseline"], lang)] + [
                signed_money(m.loc[y, "difference"], lang) for y in [*years, 0]
            ]
    else:
        header = [t("Per jaar, gemiddeld"), t("Zoals nu")] + names

        def cells(line):
            return [money(first.average(line).baseline, lang)] + [
                signed_money(totals[n].average(line).difference, lang) for n in names
            ]

    rows, bold = [], []
    for kind in pc.KINDS:
        for line, k in LINES:
            if k == kind and any(
                abs(totals[n].average(line)[c]) > 0.5 for n in names for c in ("baseline", "difference")
            ):
                rows.append(["   " + line_label(line, lang)] + cells(line))
                bold.append(False)
        note = t(" (apart gehouden)") if kind == pc.TRANSFER else ""
        rows.append([line_label(kind, lang) + note] + cells(kind))
        bold.append(True)
    font = 9.0 if size[0] >= 9 else 8.0
    first = 0.3 if len(header) <= 5 else 0.36  # the line names need room next to many year columns
    tab = ax_t.table(
        cellText=rows,
        colLabels=[_wrap(h, 16) for h in header],
        loc="upper left",
        cellLoc="right",
        colLoc="right",
        colWidths=[first] + [(1 - first) / (len(header) - 1)] * (len(header) - 1),
        bbox=(0, 0, 1, 1),
    )
    tab.auto_set_font_size(False)
    tab.set_fontsize(font)
    for (r, c), cell in tab.get_celld().items():
        cell.set_edgecolor("#c8ccd2")
        if c == 0:
            cell._loc = "left"
            cell.set_text_props(ha="left")
        if r == 0 or bold[r - 1]:
            cell.set_text_props(weight="bold")
        if r == 0:
            cell.set_facecolor("#eef0f3")
    ax_t.set_title(
        _wrap(
            t(
                "Uw gemeente: {n} huishoudens in de doelgroep, met uw keuzes min zoals nu. Overdrachten "
                "gaan naar huishoudens: geen kosten van de hulp en geen besparing."
            ).format(n=number(cmp.plan.households, lang)),
            int(size[0] * 9),
        ),
        fontsize=font + 1.5,
        loc="left",
    )
    words = []
    for n in names:
        words.append((f"{n}: " if len(names) > 1 else "") + " ".join(sentences(totals[n], lang)))
    chars = int(size[0] * 72 / (font * 0.58))
    ax_w.text(
        0,
        1,
        "\n".join(_wrap(w, chars) for w in words),
        va="top",
        ha="left",
        fontsize=font,
        transform=ax_w.transAxes,
        linespacing=1.3,
    )
    return fig


def _bars(ax, values, lows, highs, names, ylabels):
    """Grouped horizontal bars: one group per row, one bar per package."""
    k = len(names)
    y = np.arange(len(ylabels))[::-1]
    h = 0.8 / k
    for i, name in enumerate(names):
        colour, hatch = LOOKS[i]
        d, lo, hi = (np.array(v[i], dtype=float) for v in (values, lows, highs))
        err = np.nan_to_num(np.abs(np.array([d - lo, hi - d])))
        ax.barh(
            y + (k - 1 - 2 * i) * h / 2,
            d,
            height=h,
            xerr=err,
            capsize=2,
            color=colour,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.5,
            label=name,
            error_kw={"elinewidth": 0.7},
        )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, ylabels)
    ax.grid(axis="x", alpha=0.3)


def compare_outcomes_figure(
    cmp: Comparison, lang: str = "nl", size: tuple[float, float] = (13, 6.5), dpi: int = 100
) -> Figure:
    """Each headline outcome: the difference per household against as-now for each package, 95% interval."""
    t = texts(lang)
    names = list(cmp.results)
    fig = _fig(size, dpi)
    axes = fig.subplots(2, 4)
    for ax, col in zip(axes.flat, COMPARED, strict=True):
        rows = [cmp.results[n].summary.set_index("outcome").loc[col] for n in names]
        _bars(
            ax,
            [[r.difference_mean] for r in rows],
            [[r.difference_ci_low] for r in rows],
            [[r.difference_ci_high] for r in rows],
            names,
            [""],
        )
        ax.set_yticks([])
        ax.set_title(_wrap(f"{label(col, lang)} ({better_note(col, t)})", int(size[0] * 2.4)), fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(names), fontsize=9)
    fig.suptitle(
        _wrap(
            t("Pakketten naast elkaar: verschil per huishouden met zoals nu (95%-interval over runs)"), int(size[0] * 9)
        ),
        fontsize=12,
    )
    return fig


def compare_balance_figure(
    cmp: Comparison, lang: str = "nl", size: tuple[float, float] = (13, 6), dpi: int = 100
) -> Figure:
    """Left: the change a year for the municipality in the three kinds of public money, per package.
    Right: crises avoided a year and households helped or harmed, per package."""
    t = texts(lang)
    totals = totals_of(cmp)
    names = list(totals)
    fig = _fig(size, dpi)
    ax1, ax2 = fig.subplots(1, 2)
    rows = {n: [totals[n].average(k) for k in pc.KINDS] for n in names}
    _bars(
        ax1,
        [[r.difference / 1e6 for r in rows[n]] for n in names],
        [[r.low / 1e6 for r in rows[n]] for n in names],
        [[r.high / 1e6 for r in rows[n]] for n in names],
        names,
        [_wrap(line_label(k, lang) + (t(" (apart gehouden)") if k == pc.TRANSFER else ""), 18) for k in pc.KINDS],
    )
    ax1.set_xlabel(
        _wrap(t("miljoen euro per jaar, met uw keuzes min zoals nu; streepjes: 19 van de 20 runs"), int(size[0] * 4)),
        fontsize=9,
    )
    ax1.set_title(
        _wrap(t("Publieke uitgaven per jaar in drie soorten (nooit verrekend)"), int(size[0] * 4.5)), fontsize=11
    )
    c = {n: totals[n].crises_average() for n in names}
    _bars(
        ax2,
        [[c[n].avoided, totals[n].helped[0], totals[n].harmed[0]] for n in names],
        [[c[n].low, totals[n].helped[1], totals[n].harmed[1]] for n in names],
        [[c[n].high, totals[n].helped[2], totals[n].harmed[2]] for n in names],
        names,
        [
            _wrap(s, 18)
            for s in (t("Crises vermeden per jaar"), t("Huishoudens geholpen"), t("Huishoudens slechter af"))
        ],
    )
    ax2.set_xlabel(t("huishoudens of crises in uw gemeente"), fontsize=9)
    ax2.set_title(_wrap(t("Crises en huishoudens"), int(size[0] * 4.5)), fontsize=11)
    ax2.legend(fontsize=9, loc="lower right")
    return fig


def compare_gains_figure(
    cmp: Comparison, lang: str = "nl", size: tuple[float, float] = (13, 6), dpi: int = 100
) -> Figure:
    """Who gains: per household type the difference in crises and in debt, per package."""
    t = texts(lang)
    names = list(cmp.results)
    first = cmp.results[names[0]]
    tnames = type_names(first, lang)
    types = sorted(first.by_type.type.unique(), key=lambda k: tnames.get(k, k))
    fig = _fig(size, dpi)
    axes = fig.subplots(1, len(GAINS), sharey=True)
    for ax, col in zip(axes, GAINS, strict=True):
        vals, lows, highs = [], [], []
        for n in names:
            bt = cmp.results[n].by_type
            r = bt[bt.outcome == col].set_index("type").reindex(types)
            vals.append(r.difference_mean.tolist())
            lows.append(r.difference_ci_low.tolist())
            highs.append(r.difference_ci_high.tolist())
        _bars(ax, vals, lows, highs, names, [_wrap(tnames.get(k, k), 24) for k in types])
        ax.set_title(_wrap(f"{label(col, lang)} ({better_note(col, t)})", int(size[0] * 3)), fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
    axes[-1].legend(fontsize=9, loc="lower right")
    fig.suptitle(
        _wrap(
            t("Wie wint: verschil per huishoudtype met zoals nu, per pakket (95%-interval over runs)"), int(size[0] * 9)
        ),
        fontsize=12,
    )
    return fig


COMPARE_CHARTS = {"outcomes": compare_outcomes_figure, "balance": compare_balance_figure, "gains": compare_gains_figure}
