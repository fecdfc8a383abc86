"""The comparison report: matplotlib charts and a Markdown table."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from experiments.runner import CompareResult
from loket_i18n.numbers import euro
from simulation.listing import comparison
from simulation.metrics import CRISES as CRISIS_KINDS

from . import public_cost as pc
from .labels import HEADLINE, label
from .scenario_style import scenario_colour


def arm_colours() -> tuple[str, str]:
    """The first and second arm's colours: those of the default comparison (simulation.listing)."""
    first, second = comparison()
    return scenario_colour(first), scenario_colour(second)


#: (weekly column, how it is shown): "level" as it is, "cumulative" summed per household over the weeks,
#: "per_1000" per 1,000 households each week.  The last row: the three kinds of public spending.
TRAJECTORIES = [
    ("mean_debt", "level"),
    ("mean_stress", "level"),
    ("mean_trust", "level"),
    ("crises", "cumulative"),
    ("paperwork_hours", "cumulative"),
    ("queued", "per_1000"),
    *((kind, "cumulative") for kind in pc.KINDS),
]
DISTRIBUTIONS = list(HEADLINE)
#: The crisis outcomes of a household, one per kind of crisis the model knows (simulation.metrics.CRISES).
CRISES = [f"crisis_{kind}" for kind in CRISIS_KINDS]
#: Colours of the lines of public spending: services in blues, transfers in ochres, crises in red.
PART_COLOURS = {
    "cost_staff": "#1f4e79",
    "cost_case_managers": "#2e75b6",
    "cost_breakthrough": "#7fb2e5",
    "cost_outreach": "#bdd7ee",
    "benefits": "#c9a227",
    "custom_budget": "#f1d67a",
    "crisis_costs": "#a93226",
}


def _band(values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over seeds with a 95% band (normal approximation over seeds)."""
    mean = values.mean(axis=1).to_numpy()
    n = values.shape[1]
    se = values.std(axis=1, ddof=1).to_numpy() / np.sqrt(n) if n > 1 else np.zeros_like(mean)
    return mean, mean - 1.96 * se, mean + 1.96 * se


def trajectories(res: CompareResult, path: Path, lang: str = "nl") -> Path:
    fig, axes = plt.subplots(3, 3, figsize=(14, 10.5), constrained_layout=True)
    cost_axes = []
    for ax, (col, how) in zip(axes.flat, TRAJECTORIES, strict=True):
        for colour, arm in zip(arm_colours(), res.labels, strict=True):
            w = res.weekly[res.weekly.scenario == arm]
            table = w.pivot(index="week", columns="seed", values=col)
            if how != "level":
                table = table.div(w.pivot(index="week", columns="seed", values="households"))
            if how == "cumulative":
                table = table.cumsum()
            elif how == "per_1000":
                table = table * 1000
            mean, lo, hi = _band(table)
            ax.plot(table.index, mean, color=colour, label=label(arm, lang))
            ax.fill_between(table.index, lo, hi, color=colour, alpha=0.2)
        note = {
            "level": "",
            "per_1000": f" ({label('per_1000', lang)})",
            "cumulative": f" ({label('per_household', lang)}, {label('cumulative', lang)})",
        }[how]
        ax.set_title(_wrap(label(col, lang) + note, 52), fontsize=11)
        ax.set_xlabel(label("week", lang))
        ax.grid(alpha=0.3)
        if how != "level":
            ax.set_ylim(bottom=0)
        if col in pc.KINDS:
            cost_axes.append(ax)
    for ax in cost_axes:  # each kind on its own scale; costs_and_crises.png puts them on one
        ax.set_ylabel(label("euro_per_household", lang))
    axes.flat[0].legend()
    fig.suptitle(label("trajectories_title", lang), fontsize=13)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def distributions(res: CompareResult, path: Path, lang: str = "nl") -> Path:
    fig, axes = plt.subplots(2, 4, figsize=(16, 7.5), constrained_layout=True)
    for ax, col in zip(axes.flat, DISTRIBUTIONS, strict=True):
        data = [res.households.loc[res.households.scenario == arm, col].dropna() for arm in res.labels]
        present = [i for i, d in enumerate(data) if len(d)]  # wait per application: NaN without applications
        if present:
            parts = ax.violinplot([data[i] for i in present], positions=[i + 1 for i in present], showmedians=True)
            for body, i in zip(parts["bodies"], present, strict=True):
                body.set_facecolor(arm_colours()[i])
                body.set_alpha(0.5)
        ax.set_xticks([1, 2], [label(a, lang) for a in res.labels])
        ax.set_xlim(0.4, 2.6)
        ax.set_title(_wrap(label(col, lang) + f" ({label('per_household', lang)})", 38), fontsize=11)
        ax.grid(alpha=0.3, axis="y")
    fig.suptitle(label("distributions_title", lang), fontsize=13)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def public_per_household(res: CompareResult) -> pd.DataFrame:
    """Per arm (rows): every line of public spending in EUR per household over the run, mean over seeds."""
    cols = [k for k, _ in pc.rows()]
    per_run = res.weekly.groupby(["scenario", "seed"])[cols + ["households"]].agg(
        {**{c: "sum" for c in cols}, "households": "first"}
    )
    return per_run[cols].div(per_run["households"], axis=0).groupby(level="scenario").mean()


def _euro(v: float, lang: str) -> str:
    return euro(v, lang)


def costs(res: CompareResult, path: Path, lang: str = "nl") -> Path:
    """Left: the three kinds of public spending side by side (services and transfers stacked by their
    lines), each arm its own bar, the total only as their sum above.  Right: crises per household."""
    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=(14, 6), constrained_layout=True, gridspec_kw={"width_ratios": [1.3, 1]}
    )
    per_home = public_per_household(res)
    arms = list(res.labels)
    centres = []
    for k, kind in enumerate(pc.KINDS):
        lines = pc.PARTS[kind] or (kind,)
        xs = [k * (len(arms) + 1) + i for i in range(len(arms))]
        centres.append(sum(xs) / len(xs))
        bottom = np.zeros(len(arms))
        for line in lines:
            vals = np.array([per_home.loc[a, line] for a in arms])
            ax1.bar(
                xs,
                vals,
                bottom=bottom,
                width=0.9,
                color=PART_COLOURS.get(line, "#888888"),
                edgecolor="white",
                linewidth=0.5,
                label=pc.short_label(line, lang),
            )
            bottom += vals
        for x, v in zip(xs, bottom, strict=True):
            ax1.annotate(
                _euro(v, lang), (x, v), ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points"
            )
    ax1.set_xticks(
        [k * (len(arms) + 1) + i for k in range(len(pc.KINDS)) for i in range(len(arms))],
        [label(a, lang) for _ in pc.KINDS for a in arms],
        fontsize=8,
    )
    groups = ax1.secondary_xaxis("bottom")
    groups.set_xticks(centres, ["\n\n" + pc.short_label(k, lang) for k in pc.KINDS], fontsize=11)
    groups.tick_params(length=0)
    totals = ", ".join(f"{label(a, lang)} {_euro(per_home.loc[a, pc.TOTAL], lang)}" for a in arms)
    ax1.set_title(label("cost_title", lang) + "\n" + f"{label('total_sum', lang)}: {totals}", fontsize=11)
    ax1.set_ylabel(label("euro_per_household", lang))
    ax1.legend(fontsize=8, loc="upper right")
    ax1.grid(alpha=0.3, axis="y")
    ax1.margins(y=0.12)
    crises = res.households.groupby(["scenario", "seed"])[CRISES].mean().groupby(level="scenario").mean()
    x = np.arange(len(CRISES))
    for i, (arm, colour) in enumerate(zip(res.labels, arm_colours(), strict=True)):
        ax2.bar(x + (i - 0.5) * 0.38, crises.loc[arm].to_numpy(), width=0.38, color=colour, label=label(arm, lang))
    ax2.set_xticks(x, [_wrap(label(c, lang), 12) for c in CRISES])
    ax2.set_title(label("crises_title", lang))
    ax2.set_ylabel(label("per_household", lang))
    ax2.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def markdown_table(res: CompareResult, lang: str = "nl", keys: list[str] | None = None) -> str:
    """The summary as a Markdown table: the outcomes ``keys`` (default: every outcome for households,
    i.e. all but public spending) in the summary's order."""
    a, b = res.labels
    head = (
        f"| {label('outcome', lang)} | {label(a, lang)} | {label(b, lang)} | "
        f"{label('difference', lang)} ({label(b, lang)} − {label(a, lang)}) |"
    )
    lines = [head, "|---|---:|---:|---:|"]

    def cell(row: pd.Series, key: str) -> str:
        m, lo, hi = row[f"{key}_mean"], row[f"{key}_ci_low"], row[f"{key}_ci_high"]
        if np.isnan(lo):
            return f"{m:,.2f}"
        return f"{m:,.2f} [{lo:,.2f}; {hi:,.2f}]"

    s = res.summary.set_index("outcome", drop=False)
    if keys is None:
        keys = [k for k in s.index if not pc.is_public(k)]
    for key in keys:
        row = s.loc[key]
        name = pc.row_label(key, lang) if pc.is_public(key) else label(key, lang)
        if key in pc.KINDS or key == pc.TOTAL:
            name = f"**{name}**"
        lines.append(f"| {name} | {cell(row, a)} | {cell(row, b)} | {cell(row, 'difference')} |")
    return "\n".join(lines)


def public_table(res: CompareResult, lang: str = "nl") -> str:
    """Public spending per household: services, transfers and crises, each with its lines, then their sum."""
    present = set(res.summary.outcome)
    return markdown_table(res, lang, [k for k, _ in pc.rows() if k in present])


def write_report(res: CompareResult, out: Path, lang: str = "nl") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    charts = [
        trajectories(res, out / "trajectories.png", lang),
        distributions(res, out / "distributions.png", lang),
        costs(res, out / "costs_and_crises.png", lang),
    ]
    m = res.manifest
    seeds = m["seeds"]
    text = [
        f"# {label('report_title', lang)}: {label(res.labels[0], lang)} / {label(res.labels[1], lang)}",
        "",
        f"{label('report_intro', lang)}",
        "",
        f"- {label('seeds', lang)}: {len(seeds)} ({seeds[0]}…{seeds[-1]})",
        f"- {label('households', lang)}: {int(res.households.groupby(['scenario', 'seed']).size().iloc[0])}",
        f"- {label('weeks', lang)}: {int(res.weekly.week.max()) + 1}",
        f"- {label('hashes', lang)}: " + ", ".join(f"{k} `{v['hash']}`" for k, v in m["scenarios"].items()),
        "",
        f"{label('table_note', lang)}",
        "",
        f"## {label('households_title', lang)}",
        "",
        markdown_table(res, lang),
        "",
        f"## {label('public_title', lang)}",
        "",
        f"{label('public_note', lang)}",
        "",
        public_table(res, lang),
        "",
        *[f"![{p.stem}]({p.name})" for p in charts],
        "",
    ]
    md = out / "report.md"
    md.write_text("\n".join(text), "utf-8")
    table = out / "summary.csv"
    res.summary.to_csv(table, index=False)
    return [md, table, *charts]
