"""A one-page council brief (PDF and PNG, A4 portrait) for one package or a comparison of up to four.

What a council member takes to a committee meeting: the choices, the yearly totals for the
municipality in the budget lines a council recognises (transfers shown apart), crises avoided,
households helped or harmed, who gains, the main uncertainty, and one sentence per lever on why it
moves what it moves (workshop.council_why: measured in the run).  Black, white and greys only, with
hatching to tell the kinds of money apart, so it survives a black-and-white printer.  The page is
laid out from the top with measured text heights; when it would not fit, every font shrinks a step
and it is laid out again, so nothing runs off the page.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reports import public_cost as pc

from . import texts
from .council_run import Comparison
from .council_totals import LINES, Totals, between, line_label, money, municipality_totals, number, signed_money
from .council_why import lever_sentences
from .packages import PRECISION_NAMES
from .policy import levers
from .policy_charts import type_names

A4 = (8.27, 11.69)
MARGIN = 0.45  # inches
HATCH = {pc.SERVICES: "", pc.TRANSFER: "//", pc.CRISES: ".."}
GREYS = {pc.SERVICES: "0.25", pc.TRANSFER: "1.0", pc.CRISES: "0.7"}


@dataclass
class Page:
    """Everything the brief shows, computed once (before any layout)."""

    lang: str
    names: list[str]
    totals: dict[str, Totals]
    choices: dict[str, list[str]]
    why: list[str]
    gains: dict[str, str]
    uncertainty: str
    setting: str


def page_content(cmp: Comparison, lang: str = "nl") -> Page:
    t = texts(lang)
    p = cmp.plan
    totals = {name: municipality_totals(res, p.households) for name, res in cmp.results.items()}
    choices, why, seen = {}, [], set()
    for pkg in cmp.packages:
        res = cmp.results[pkg.name]
        known = levers(pkg.scenario)
        ch = p.changed[pkg.name]
        choices[pkg.name] = [
            f"{known[k].label.get(lang)}: {known[k].show(known[k].baseline, lang)} → {known[k].show(v, lang)}"
            for k, v in ch.items()
        ] or [t("niets veranderd (zoals nu)")]
        sentences = lever_sentences(res, known, lang)
        for k, s in zip([k for k in known if k in ch], sentences, strict=True):
            if k not in seen:  # one sentence per lever: measured in the first package that changes it
                seen.add(k)
                why.append(s + (f" [{pkg.name}]" if len(cmp.packages) > 1 else ""))
    gains = {name: who_gains(cmp.results[name], lang) for name in cmp.results}
    runs, hh = p.runs, p.run_households
    setting = t(
        "{n} huishoudens in de doelgroep, {years} jaar. Precisie {precision}: {runs} runs × {hh} "
        "gesimuleerde huishoudens × {weeks} weken, zelfde huishoudens en gebeurtenissen in elke variant."
    ).format(
        n=number(p.households, lang),
        years=p.years,
        precision=t(PRECISION_NAMES[p.precision]).lower(),
        runs=runs,
        hh=hh,
        weeks=p.weeks,
    )
    return Page(
        lang, [pkg.name for pkg in cmp.packages], totals, choices, why, gains, main_uncertainty(totals, lang), setting
    )


def who_gains(result, lang: str) -> str:
    """Household types whose crises or debt fell (or rose) surely, in words."""
    t = texts(lang)
    names = type_names(result, lang)
    bt = result.by_type
    better, worse = [], []
    for htype in sorted(bt.type.unique(), key=lambda k: names.get(k, k)):
        rows = bt[(bt.type == htype) & bt.outcome.isin(["crises", "final_debt"])]
        if (rows.difference_ci_high < 0).any():
            better.append(names.get(htype, htype))
        elif (rows.difference_ci_low > 0).any():
            worse.append(names.get(htype, htype))
    text = t("Beter af (minder crises of schuld, zeker): {types}.").format(types=", ".join(better) or t("geen type"))
    if worse:
        text += " " + t("Slechter af: {types}.").format(types=", ".join(worse))
    return text


def main_uncertainty(totals: dict[str, Totals], lang: str) -> str:
    """The line whose yearly difference has the widest spread, with that spread in words."""
    t = texts(lang)
    best = None
    for name, tot in totals.items():
        m = tot.money[(tot.money.year == 0) & (tot.money.line.isin(pc.KINDS))]
        for _, r in m.iterrows():
            width = r.high - r.low
            if width == width and (best is None or width > best[0]):
                best = (width, name, r)
    if best is None:
        return t("Met één run is de spreiding niet bekend: kies normaal of grondig.")
    _, name, r = best
    return t("Grootste onzekerheid: {line} bij '{name}': {between} (gemiddeld {d} per jaar).").format(
        line=line_label(r.line, lang).lower(),
        name=name,
        between=between(r.low, r.high, lambda x: signed_money(x, lang), lang),
        d=signed_money(r.difference, lang),
    )


# --------------------------------------------------------------------------- layout


class _Cursor:
    def __init__(self, fig: Figure, scale: float) -> None:
        self.fig, self.scale = fig, scale
        self.renderer = fig.canvas.get_renderer()
        self.y = 1 - MARGIN / A4[1]
        self.left = MARGIN / A4[0]
        self.width_in = A4[0] - 2 * MARGIN

    def text(
        self, s: str, size: float, weight: str = "normal", gap: float = 0.3, indent: float = 0.0, colour: str = "black"
    ) -> None:
        size *= self.scale
        chars = max(20, int((self.width_in - indent) * 72 / (size * (0.62 if weight == "bold" else 0.55))))
        wrapped = "\n".join(textwrap.fill(par, chars, break_long_words=False) for par in s.split("\n"))
        art = self.fig.text(
            self.left + indent / A4[0],
            self.y,
            wrapped,
            fontsize=size,
            weight=weight,
            va="top",
            ha="left",
            color=colour,
            linespacing=1.25,
        )
        h = art.get_window_extent(self.renderer).height / self.fig.dpi / A4[1]
        self.y -= h + gap * size / 72 / A4[1]

    def space(self, inches: float) -> None:
        self.y -= inches * self.scale / A4[1]

    def axes(self, height_in: float, left_in: float = 0.0, right_in: float = 0.0):
        """An axes of the full width below the cursor, less ``left_in`` inches kept free for its labels
        and ``right_in`` for the half of the last tick label that stands past the axes."""
        h = height_in * self.scale / A4[1]
        width = (self.width_in - left_in - right_in) / A4[0]
        ax = self.fig.add_axes((self.left + left_in / A4[0], self.y - h, width, h))
        self.y -= h
        return ax


def _table(cur: _Cursor, page: Page) -> None:
    t = texts(page.lang)
    names = page.names
    first = page.totals[names[0]]
    header = [t("Per jaar, gemiddeld; pakketten: verschil met zoals nu"), t("Zoals nu")] + names
    rows, bold = [], []
    for kind in pc.KINDS:
        for line, k in LINES:
            if k != kind:
                continue
            vals = [first.average(line).baseline] + [page.totals[n].average(line).difference for n in names]
            if all(abs(v) < 0.5 for v in vals):
                continue
            rows.append(
                ["   " + line_label(line, page.lang)]
                + [money(vals[0], page.lang)]
                + [signed_money(v, page.lang) for v in vals[1:]]
            )
            bold.append(False)
        r = [first.average(kind).baseline] + [page.totals[n].average(kind).difference for n in names]
        note = t(" (apart: geen kosten, geen besparing)") if kind == pc.TRANSFER else ""
        rows.append(
            [line_label(kind, page.lang) + note, money(r[0], page.lang)] + [signed_money(v, page.lang) for v in r[1:]]
        )
        bold.append(True)
    c = [first.crises_average().baseline] + [page.totals[n].crises_average().avoided for n in names]
    rows.append([t("Crises per jaar / vermeden"), number(c[0], page.lang)] + [number(v, page.lang) for v in c[1:]])
    bold.append(True)
    rows.append(
        [t("Huishoudens geholpen / slechter af"), "–"]
        + [
            f"{number(page.totals[n].helped[0], page.lang)} / {number(page.totals[n].harmed[0], page.lang)}"
            for n in names
        ]
    )
    bold.append(True)
    size = 7.2 * cur.scale
    row_h = size * 1.9 / 72
    first_w = 0.36 if len(names) > 2 else 0.46
    other = (1 - first_w) / (len(names) + 1)
    chars = [int(w * cur.width_in * 72 / (size * 0.62)) for w in [first_w] + [other] * (len(names) + 1)]
    labels = [textwrap.fill(h, c, break_long_words=True) for h, c in zip(header, chars, strict=True)]
    lines = max(h.count("\n") + 1 for h in labels)
    ax = cur.axes((len(rows) + 1 + 0.8 * (lines - 1)) * row_h / cur.scale)
    ax.axis("off")
    tab = ax.table(
        cellText=rows,
        colLabels=labels,
        loc="upper left",
        cellLoc="right",
        colLoc="right",
        colWidths=[first_w] + [other] * (len(names) + 1),
        bbox=(0, 0, 1, 1),
    )
    tab.auto_set_font_size(False)
    tab.set_fontsize(size)
    n_rows = len(rows) + 1 + 0.8 * (lines - 1)
    for (r, col), cell in tab.get_celld().items():
        cell.set_height((1 + 0.8 * (lines - 1) if r == 0 else 1) / n_rows)
        cell.set_edgecolor("0.6")
        cell.set_linewidth(0.4)
        if col == 0:
            cell.set_text_props(ha="left")
            cell._loc = "left"
        if r == 0 or (r > 0 and bold[r - 1]):
            cell.set_text_props(weight="bold")
        if r == 0:
            cell.set_facecolor("0.88")


def _chart(cur: _Cursor, page: Page) -> None:
    """Per package: the change a year in the three kinds, with the spread over runs (greys + hatches)."""
    t = texts(page.lang)
    ax = cur.axes(1.55, left_in=1.5, right_in=0.25)
    names = page.names
    y = np.arange(len(names))[::-1]
    h = 0.8 / len(pc.KINDS)
    for i, kind in enumerate(pc.KINDS):
        rows = [page.totals[n].average(kind) for n in names]
        d = np.array([r.difference for r in rows]) / 1e6
        lo = np.array([r.low for r in rows]) / 1e6
        hi = np.array([r.high for r in rows]) / 1e6
        err = np.nan_to_num(np.array([d - lo, hi - d]))
        ax.barh(
            y + (1 - i) * h,
            d,
            height=h,
            xerr=err,
            capsize=2,
            color=GREYS[kind],
            hatch=HATCH[kind],
            edgecolor="black",
            linewidth=0.6,
            error_kw={"elinewidth": 0.7},
            label=line_label(kind, page.lang),
        )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, [textwrap.fill(textwrap.shorten(n, 40), 20) for n in names], fontsize=7 * cur.scale)
    ax.tick_params(axis="x", labelsize=7 * cur.scale)
    ax.set_xlabel(
        t("miljoen euro per jaar, met uw keuzes min zoals nu; streepjes: 19 van de 20 runs"), fontsize=7 * cur.scale
    )
    ax.legend(fontsize=6.5 * cur.scale, loc="lower right", frameon=False)
    ax.grid(axis="x", color="0.85", lw=0.5)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    cur.space(0.45)


def draw(page: Page, scale: float = 1.0, dpi: int = 150) -> tuple[Figure, float]:
    """The page at a font scale; returns the figure and the height left at the bottom (figure fraction,
    negative when the content ran off the page)."""
    t = texts(page.lang)
    fig = Figure(figsize=A4, dpi=dpi)
    FigureCanvasAgg(fig)  # a renderer to measure text with
    fig.patch.set_facecolor("white")
    cur = _Cursor(fig, scale)
    title = t("Raadsbrief") + ": " + " / ".join(page.names)
    cur.text(title, 15, "bold", gap=0.2)
    cur.text(page.setting, 8, colour="0.2")
    cur.text(t("Keuzes"), 10.5, "bold", gap=0.15)
    for name in page.names:
        cur.text(f"{name}: " + "; ".join(page.choices[name]), 7.6, gap=0.15, indent=0.1)
    cur.space(0.05)
    cur.text(t("Wat het de gemeente per jaar kost en oplevert"), 10.5, "bold", gap=0.2)
    _table(cur, page)
    cur.space(0.12)
    _chart(cur, page)
    cur.text(t("In woorden"), 10.5, "bold", gap=0.15)
    from .council_totals import compact, sentences

    if len(page.names) == 1:
        name = page.names[0]
        cur.text(" ".join(sentences(page.totals[name], page.lang)) + " " + page.gains[name], 7.4, gap=0.25, indent=0.1)
    else:
        cur.text(
            t("Per jaar; tussen haakjes de marge waarbinnen 19 van de 20 runs vallen."),
            7.4,
            gap=0.15,
            indent=0.1,
            colour="0.25",
        )
        for name in page.names:
            cur.text(f"{name}: {compact(page.totals[name], page.lang)} {page.gains[name]}", 7.4, gap=0.2, indent=0.1)
    cur.text(page.uncertainty, 7.6, "bold", gap=0.3)
    cur.text(t("Waarom elke hendel beweegt wat hij beweegt (gemeten in deze doorrekening)"), 10.5, "bold", gap=0.15)
    for s in page.why or [t("Geen hendels veranderd.")]:
        cur.text("• " + s, 7.2, gap=0.15, indent=0.1)
    cur.space(0.05)
    cur.text(
        t(
            "Overdrachten (uitkeringen, toeslagen, maatwerkbudget) gaan naar huishoudens: geen kosten van de "
            "hulp en geen besparing. Geholpen: minder crises, of even veel crises en minstens € 250 minder "
            "schuld aan het eind. Bron: Loketdoolhof, een model; getallen zijn schattingen voor "
            "besluitvorming, geen begroting."
        ),
        6.6,
        colour="0.25",
    )
    return fig, cur.y - MARGIN / A4[1]


MIN_SCALE = 0.6


def layout(page: Page, dpi: int = 150) -> Figure:
    """The page at the largest font scale (down to 0.6) at which everything fits.  Text takes room about
    as the square of the scale (smaller letters, and more of them on a line), so the next try is
    estimated from how much ran over; then it steps down until it fits."""
    usable = 1 - 2 * MARGIN / A4[1]
    scale = 1.0
    fig, left = draw(page, scale, dpi)
    if left < 0:
        scale = max(MIN_SCALE, round(scale * (usable / (usable - left)) ** 0.5, 2))
        fig, left = draw(page, scale, dpi)
    while left < 0 and scale > MIN_SCALE:
        scale = max(MIN_SCALE, round(scale - 0.04, 2))
        fig, left = draw(page, scale, dpi)
    return fig


def write_brief(cmp: Comparison, out: Path, lang: str = "nl", stem: str = "brief") -> list[Path]:
    """``OUT/brief.pdf`` and ``OUT/brief.png`` (150 dpi) in the language."""
    return write_page(layout(page_content(cmp, lang)), out, stem)


def write_page(fig: Figure, out: Path, stem: str = "brief") -> list[Path]:
    """A laid-out page as PDF and PNG (150 dpi)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{stem}.pdf", out / f"{stem}.png"]
    fig.savefig(paths[0])
    fig.savefig(paths[1], dpi=150)
    return paths


def within_page(fig: Figure) -> bool:
    """Every text on the page lies inside it (for tests).  Tick labels of ticks outside an axis's view
    limits are left out: matplotlib keeps them (visible, with a place) but does not draw them."""
    fig.canvas.draw()  # axis labels and legends find their place when drawn
    renderer = fig.canvas.get_renderer()
    w, h = fig.bbox.width, fig.bbox.height
    undrawn = set()
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(limits), max(limits)
            slack = 1e-9 * (hi - lo)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - slack <= tick.get_loc() <= hi + slack:
                    undrawn.update((id(tick.label1), id(tick.label2)))
    for art in fig.findobj(
        lambda a: hasattr(a, "get_text") and a.get_visible() and a.get_text() and id(a) not in undrawn
    ):
        bb = art.get_window_extent(renderer)
        if bb.x0 < -1 or bb.y0 < -1 or bb.x1 > w + 1 or bb.y1 > h + 1:
            return False
    return True


__all__ = ["Page", "layout", "page_content", "write_brief", "write_page", "within_page"]
