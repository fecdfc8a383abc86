"""Charts and tables of a policy comparison: outcomes against the baseline with 95%
intervals, costs against crises avoided, and who gains by household type.

Each chart is a function returning a matplotlib Figure, so the CLI saves it as a
PNG and the council screen draws it into the game at the size it has.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports import public_cost as pc
from reports.compare_report import CRISES
from reports.labels import label
from simulation.listing import baseline_scenario
from simulation.loader import load_scenario
from simulation.outcomes import OUTCOMES as REGISTRY

from . import N_, texts
from .policy import BASELINE, POLICY, PolicyResult, balance

COLOURS = {BASELINE: "#8a8f98", POLICY: "#1f6f8b"}
GOOD, BAD = "#0072b2", "#d55e00"  # Okabe-Ito blue and vermillion: safe with red-green colour blindness
#: Transfers are neither good nor bad in themselves (more benefits may be more take-up of rights).
TRANSFER_COLOUR, TOTAL_COLOUR = "#c9a227", "#1e2a38"
ARM_NAMES = {BASELINE: N_("Zoals nu"), POLICY: N_("Met uw keuzes")}
#: Outcomes on the first chart; which direction is better comes from the outcome registry.
OUTCOMES = (
    "paperwork_hours",
    "fields_repeated",
    "sanctions",
    "weeks_waiting",
    "wait_per_application",
    "crises",
    "final_debt",
    "takeup",
    "trust",
)
GAINS = ("crises", "final_debt", "paperwork_hours", "stress")


def higher_is_better(outcome: str) -> bool:
    """Whether more of the outcome is better (the outcome registry says; otherwise less is)."""
    info = REGISTRY.get(outcome)
    return info is not None and info.better == "higher"


def arm_name(arm: str, lang: str = "nl") -> str:
    return texts(lang)(ARM_NAMES[arm])


def type_names(result: PolicyResult, lang: str = "nl") -> dict[str, str]:
    """Household type id -> its label in the scenario file."""
    sc = load_scenario(result.manifest.get("scenario") or baseline_scenario())
    return {k: v.label.get(lang) for k, v in sc.population.items()}


def _figure(size: tuple[float, float], dpi: int) -> Figure:
    return Figure(figsize=size, dpi=dpi, layout="constrained")


def outcomes_figure(
    result: PolicyResult, lang: str = "nl", size: tuple[float, float] = (13, 6.5), dpi: int = 100
) -> Figure:
    """Each headline outcome: baseline and policy means per household, with 95% intervals over seeds."""
    t = texts(lang)
    s = result.summary.set_index("outcome")
    fig = _figure(size, dpi)
    axes = fig.subplots(3, 3)
    names = [arm_name(a, lang) for a in (BASELINE, POLICY)]
    width = size[0] / 3  # inches per panel: titles wrap to fit
    for ax, col in zip(axes.flat, OUTCOMES, strict=True):
        r = s.loc[col]
        means = [r[f"{a}_mean"] for a in (BASELINE, POLICY)]
        errs = np.array(
            [
                [r[f"{a}_mean"] - r[f"{a}_ci_low"] for a in (BASELINE, POLICY)],
                [r[f"{a}_ci_high"] - r[f"{a}_mean"] for a in (BASELINE, POLICY)],
            ]
        )
        errs = np.nan_to_num(errs)
        errs[0] = np.minimum(errs[0], np.nan_to_num(means))  # counts, amounts and shares: the interval starts at 0
        bars = ax.bar([0, 1], means, yerr=errs, capsize=4, color=[COLOURS[BASELINE], COLOURS[POLICY]])
        d, lo, hi = r["difference_mean"], r["difference_ci_low"], r["difference_ci_high"]
        better = (d > 0) == higher_is_better(col)
        sure = not np.isnan(lo) and (lo > 0 or hi < 0)
        colour = (GOOD if better else BAD) if sure else "#4a5563"
        ax.set_title(_wrap(label(col, lang), max(12, int(width * 11))), fontsize=10)
        ax.set_xticks([])
        ax.set_xlabel(t("verschil {d:+,.2f}").format(d=d) + f"\n[{lo:+,.2f}; {hi:+,.2f}]", fontsize=8, color=colour)
        top = float(np.nanmax([*means, 0.0])) + float(errs[1].max())
        ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(alpha=0.3, axis="y")
    fig.legend(bars, names, loc="outside lower center", ncols=2, fontsize=9)
    fig.suptitle(
        _wrap(t("Uitkomsten per huishouden: zoals nu en met uw keuzes (95%-interval over seeds)"), int(size[0] * 9)),
        fontsize=12,
        x=0.02,
        ha="left",
    )
    return fig


def balance_lines(result: PolicyResult) -> list[tuple[str, int]]:
    """(outcome, depth) of the cost chart: each kind of public spending with its lines that are not
    zero in both arms, then the total (reports.public_cost.rows)."""
    s = result.summary.set_index("outcome")
    return [(k, d) for k, d in pc.rows() if d == 0 or s.loc[k, [f"{BASELINE}_mean", f"{POLICY}_mean"]].abs().sum() > 0]


def balance_figure(
    result: PolicyResult, lang: str = "nl", size: tuple[float, float] = (13, 5.5), dpi: int = 100
) -> Figure:
    """Left: the change in public spending per household in three kinds, never netted: services (and
    their lines), transfers to households (and their lines), crises; then their sum.
    Right: crises per 1,000 households by kind in both arms."""
    t = texts(lang)
    s = result.summary.set_index("outcome")
    b = balance(result.summary)
    fig = _figure(size, dpi)
    wide = size[0] >= 10
    ax1, ax2 = fig.subplots(1, 2) if wide else fig.subplots(2, 1)
    chars = int(size[0] * (5 if wide else 9))  # characters that fit over a panel
    lines = balance_lines(result)
    parts = [k for k, _ in lines]
    diffs = [float(s.loc[c, "difference_mean"]) for c in parts]
    lows = [float(s.loc[c, "difference_ci_low"]) for c in parts]
    highs = [float(s.loc[c, "difference_ci_high"]) for c in parts]
    names = [pc.row_label(c, lang) if depth else pc.short_label(c, lang) for c, depth in lines]
    y = np.arange(len(parts))[::-1]
    colours = []
    for (c, depth), d in zip(lines, diffs, strict=True):
        kind = pc.kind_of(c)
        colour = TOTAL_COLOUR if c == pc.TOTAL else TRANSFER_COLOUR if kind == pc.TRANSFER else BAD if d > 0 else GOOD
        colours.append(colour + ("99" if depth else ""))  # the lines of a kind lighter than the kind
    err = np.nan_to_num(
        np.array(
            [[d - lo for d, lo in zip(diffs, lows, strict=True)], [hi - d for d, hi in zip(diffs, highs, strict=True)]]
        )
    )
    ax1.barh(y, diffs, xerr=err, capsize=3, color=colours, height=[0.5 if d else 0.8 for _, d in lines])
    ax1.set_yticks(y, names, fontsize=9)
    for tick, (_, depth) in zip(ax1.get_yticklabels(), lines, strict=True):
        tick.set_fontweight("normal" if depth else "bold")
    ax1.axvline(0, color="#1e2a38", lw=0.8)
    ax1.set_xlabel(
        _wrap(
            t(
                "EUR per huishouden over de hele looptijd (met uw keuzes min zoals nu). Overdrachten: "
                "geld naar huishoudens, geen kosten van de hulp en geen besparing."
            ),
            chars,
        ),
        fontsize=9,
    )
    ax1.set_title(_wrap(t("Publieke uitgaven in drie soorten: diensten, overdrachten, crises"), chars), fontsize=11)
    ax1.grid(alpha=0.3, axis="x")
    per_run = result.households.groupby(["scenario", "seed"])[list(CRISES)].mean() * 1000
    x = np.arange(len(CRISES))
    for i, arm in enumerate((BASELINE, POLICY)):
        vals = per_run.loc[arm]
        mean = vals.mean().to_numpy()
        n = len(vals)
        half = 1.96 * vals.std(ddof=1).to_numpy() / np.sqrt(n) if n > 1 else np.zeros_like(mean)
        half = np.nan_to_num(half)
        ax2.bar(
            x + (i - 0.5) * 0.38,
            mean,
            width=0.38,
            yerr=[np.minimum(half, mean), half],
            capsize=3,
            color=COLOURS[arm],
            label=arm_name(arm, lang),
        )
    ax2.set_xticks(x, [_wrap(label(c, lang), max(8, chars // 5)) for c in CRISES], fontsize=8 if not wide else 9)
    ax2.set_ylabel(t("per 1000 huishoudens"), fontsize=9)
    ax2.legend(fontsize=9)
    ax2.grid(alpha=0.3, axis="y")
    if b.crises_avoided_per_1000 > 0:
        headline = t(
            "{n:,.1f} crises minder per 1000 huishoudens; crisiskosten {change:+,.0f} EUR per huishouden"
        ).format(n=b.crises_avoided_per_1000, change=b.crisis_costs)
    else:
        headline = t("geen crises minder; crisiskosten {change:+,.0f} EUR per huishouden").format(change=b.crisis_costs)
    ax2.set_title(_wrap(t("Crises per 1000 huishoudens") + ": " + headline, chars), fontsize=10)
    fig.suptitle(t("Kosten tegenover vermeden crises"), fontsize=12)
    return fig


def gains_figure(result: PolicyResult, lang: str = "nl", size: tuple[float, float] = (13, 6), dpi: int = 100) -> Figure:
    """Who gains: the paired difference per household type, with 95% intervals over seeds."""
    t = texts(lang)
    names = type_names(result, lang)
    bt = result.by_type
    fig = _figure(size, dpi)
    axes = fig.subplots(1, len(GAINS), sharey=True)
    types = sorted(bt.type.unique(), key=lambda k: names.get(k, k))
    y = np.arange(len(types))[::-1]
    for ax, col in zip(axes, GAINS, strict=True):
        rows = bt[bt.outcome == col].set_index("type").reindex(types)
        d = rows.difference_mean.to_numpy()
        err = np.nan_to_num(np.array([d - rows.difference_ci_low.to_numpy(), rows.difference_ci_high.to_numpy() - d]))
        lo, hi = rows.difference_ci_low.to_numpy(), rows.difference_ci_high.to_numpy()
        sure = (lo > 0) | (hi < 0)  # the interval excludes 0; otherwise grey
        ax.barh(
            y,
            d,
            xerr=err,
            capsize=3,
            color=[(GOOD if v < 0 else BAD) if ok else "#8a8f98" for v, ok in zip(d, sure, strict=True)],
        )
        ax.axvline(0, color="#1e2a38", lw=0.8)
        ax.set_title(_wrap(label(col, lang), max(10, int(size[0] * 2.2))), fontsize=10)
        ax.grid(alpha=0.3, axis="x")
        ax.tick_params(axis="x", labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(3, symmetric=True))
    axes[0].set_yticks(y, [_wrap(names.get(k, k), 26) for k in types], fontsize=9)
    fig.suptitle(
        _wrap(
            t(
                "Wie wint: verschil per huishoudtype (met uw keuzes min zoals nu; "
                "groen = beter, rood = slechter, grijs = niet zeker)"
            ),
            int(size[0] * 9),
        ),
        fontsize=12,
    )
    return fig


def _wrap(s: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(s, width, break_long_words=False)) or s


CHARTS = {"outcomes": outcomes_figure, "balance": balance_figure, "gains": gains_figure}
CHART_TITLES = {"outcomes": N_("Uitkomsten"), "balance": N_("Kosten en crises"), "gains": N_("Wie wint")}


def markdown_table(result: PolicyResult, lang: str = "nl") -> str:
    """Every outcome for households, then public spending: each kind with its lines ("of which …"),
    then the total as their sum."""
    t = texts(lang)
    a, b = (arm_name(x, lang) for x in (BASELINE, POLICY))
    diff = t("Verschil [95%-interval]")
    lines = [f"| {label('outcome', lang)} | {a} | {b} | {diff} |", "|---|---:|---:|---:|"]
    s = result.summary.set_index("outcome", drop=False)
    keys = [k for k in s.index if not pc.is_public(k)] + [k for k, _ in pc.rows() if k in s.index]
    for key in keys:
        r = s.loc[key]
        name = pc.row_label(key, lang) if pc.is_public(key) else label(key, lang)
        if key in pc.KINDS or key == pc.TOTAL:
            name = f"**{name}**"
        lines.append(
            f"| {name} | {r['baseline_mean']:,.2f} | {r['policy_mean']:,.2f} | "
            f"{r['difference_mean']:+,.2f} [{r['difference_ci_low']:+,.2f}; "
            f"{r['difference_ci_high']:+,.2f}] |"
        )
    return "\n".join(lines)


def write_report(result: PolicyResult, out: Path, lang: str = "nl") -> list[Path]:
    """PNG charts, a Markdown page with the lever values and the table, and CSV tables."""
    t = texts(lang)
    out.mkdir(parents=True, exist_ok=True)
    charts = []
    for key, make in CHARTS.items():
        fig = make(result, lang)
        path = out / f"policy_{key}.png"
        fig.savefig(path, dpi=110)
        charts.append(path)
    m = result.manifest
    from .policy import levers

    known = levers(m["scenario"])
    lever_lines = [
        f"- {known[k].label.get(lang)}: {known[k].show(known[k].baseline, lang)} → **{known[k].show(v, lang)}**"
        for k, v in result.values.items()
    ] or ["- " + t("geen")]
    text = [
        "# " + t("Beleid doorrekenen") + f": {m['scenario']}",
        "",
        t(
            "Beide varianten draaiden op dezelfde seeds: dezelfde huishoudens en dezelfde levensgebeurtenissen. "
            "Verschillen komen alleen uit de gekozen hendels."
        ),
        "",
        "## " + t("Hendels"),
        *lever_lines,
        "",
        f"- {label('seeds', lang)}: {len(m['seeds'])}",
        f"- {label('households', lang)}: {int(result.households.groupby(['scenario', 'seed']).size().iloc[0])}",
        f"- {label('weeks', lang)}: {int(result.weekly.week.max()) + 1}",
        f"- {label('hashes', lang)}: " + ", ".join(f"{k} `{v['hash']}`" for k, v in m["scenarios"].items()),
        "",
        "## " + t("Kosten tegenover vermeden crises"),
        balance_text(result, lang),
        "",
        "## " + t("Uitkomsten"),
        markdown_table(result, lang),
        "",
        *[f"![{p.stem}]({p.name})" for p in charts],
        "",
    ]
    md = out / "policy.md"
    md.write_text("\n".join(text), "utf-8")
    return [md, *charts, *result.write_tables(out)]


def balance_text(result: PolicyResult, lang: str = "nl") -> str:
    """The change in public spending in its three kinds, their sum, and the crises avoided (per household
    over the whole run); transfers are said to be neither a cost of the help nor a saving."""
    t = texts(lang)
    b = balance(result.summary)
    text = t(
        "Per huishouden over de hele looptijd, met uw keuzes min zoals nu. Diensten (de hulp zelf): "
        "{services:+,.0f} EUR. Overdrachten aan huishoudens (uitkeringen, toeslagen, maatwerkbudget; geen "
        "kosten van de hulp en geen besparing): {transfers:+,.0f} EUR. Kosten van crises: {crises:+,.0f} EUR. "
        "Som van de drie: {total:+,.0f} EUR. Vermeden crises: {n:,.1f} per 1000 huishoudens "
        "[{lo:,.1f}; {hi:,.1f}]."
    ).format(
        services=b.services + 0.0,
        transfers=b.transfers + 0.0,
        crises=b.crisis_costs + 0.0,
        total=b.total + 0.0,
        n=b.crises_avoided_per_1000 + 0.0,
        lo=b.crises_avoided_low + 0.0,
        hi=b.crises_avoided_high + 0.0,
    )
    per = b.services_per_crisis_avoided
    if per == per and b.services > 0:
        text += " " + t("Extra diensten per vermeden crisis: {per:,.0f} EUR.").format(per=per)
    return text


def headline_rows(result: PolicyResult) -> pd.DataFrame:
    """The rows of the summary shown in the terminal table: the outcomes, then public spending in its
    three kinds and their sum."""
    keep = [*OUTCOMES, *pc.KINDS, pc.TOTAL]
    return result.summary.set_index("outcome").loc[keep].reset_index()
