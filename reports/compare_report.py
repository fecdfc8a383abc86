"""The comparison report: matplotlib charts and a Markdown table."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from simulation.runner import CompareResult  # noqa: E402

from .labels import label  # noqa: E402

COLOURS = ("#c0392b", "#2471a3")  # siloed red, integral blue

TRAJECTORIES = [
    ("mean_debt", False), ("mean_stress", False), ("mean_trust", False),
    ("crises", True), ("paperwork_hours", True), ("public_cost", True),
]
DISTRIBUTIONS = ["paperwork_hours", "fields_repeated", "weeks_waiting", "final_debt", "crises", "trust"]
COSTS = ["cost_staff", "cost_case_managers", "cost_breakthrough", "benefits", "custom_budget", "crisis_costs"]
CRISES = ["crisis_eviction", "crisis_cutoff", "crisis_seizure", "crisis_health"]


def _band(values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over seeds with a 95% band (normal approximation over seeds)."""
    mean = values.mean(axis=1).to_numpy()
    n = values.shape[1]
    se = values.std(axis=1, ddof=1).to_numpy() / np.sqrt(n) if n > 1 else np.zeros_like(mean)
    return mean, mean - 1.96 * se, mean + 1.96 * se


def trajectories(res: CompareResult, path: Path, lang: str = "nl") -> Path:
    fig, axes = plt.subplots(2, 3, figsize=(14, 7.5), constrained_layout=True)
    for ax, (col, cumulative) in zip(axes.flat, TRAJECTORIES, strict=True):
        for colour, arm in zip(COLOURS, res.labels, strict=True):
            w = res.weekly[res.weekly.scenario == arm]
            table = w.pivot(index="week", columns="seed", values=col)
            if col in ("crises", "paperwork_hours", "public_cost"):
                table = table.div(w.pivot(index="week", columns="seed", values="households"))
            if cumulative:
                table = table.cumsum()
            mean, lo, hi = _band(table)
            ax.plot(table.index, mean, color=colour, label=label(arm, lang))
            ax.fill_between(table.index, lo, hi, color=colour, alpha=0.2)
        title = label(col, lang) + (f" ({label('cumulative', lang)})" if cumulative else "")
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(label("week", lang))
        ax.grid(alpha=0.3)
    axes.flat[0].legend()
    fig.suptitle(label("trajectories_title", lang), fontsize=13)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def distributions(res: CompareResult, path: Path, lang: str = "nl") -> Path:
    fig, axes = plt.subplots(2, 3, figsize=(14, 7.5), constrained_layout=True)
    for ax, col in zip(axes.flat, DISTRIBUTIONS, strict=True):
        data = [res.households.loc[res.households.scenario == arm, col].dropna() for arm in res.labels]
        parts = ax.violinplot(data, showmedians=True)
        for body, colour in zip(parts["bodies"], COLOURS, strict=True):
            body.set_facecolor(colour)
            body.set_alpha(0.5)
        ax.set_xticks([1, 2], [label(a, lang) for a in res.labels])
        ax.set_title(label(col, lang) + f" ({label('per_household', lang)})", fontsize=11)
        ax.grid(alpha=0.3, axis="y")
    fig.suptitle(label("distributions_title", lang), fontsize=13)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def costs(res: CompareResult, path: Path, lang: str = "nl") -> Path:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5.5), constrained_layout=True)
    per_run = res.weekly.groupby(["scenario", "seed"])[COSTS + ["households"]].agg(
        {**{c: "sum" for c in COSTS}, "households": "first"})
    per_home = per_run[COSTS].div(per_run["households"], axis=0).groupby(level="scenario").mean()
    bottom = np.zeros(len(res.labels))
    palette = plt.get_cmap("tab10")
    for i, c in enumerate(COSTS):
        vals = np.array([per_home.loc[a, c] for a in res.labels])
        ax1.bar([label(a, lang) for a in res.labels], vals, bottom=bottom, label=label(c, lang), color=palette(i))
        bottom += vals
    ax1.set_title(label("cost_title", lang))
    ax1.set_ylabel(label("euro_per_household", lang))
    ax1.legend(fontsize=8)
    crises = res.households.groupby(["scenario", "seed"])[CRISES].mean().groupby(level="scenario").mean()
    x = np.arange(len(CRISES))
    for i, (arm, colour) in enumerate(zip(res.labels, COLOURS, strict=True)):
        ax2.bar(x + (i - 0.5) * 0.38, crises.loc[arm].to_numpy(), width=0.38, color=colour, label=label(arm, lang))
    ax2.set_xticks(x, [label(c, lang) for c in CRISES])
    ax2.set_title(label("crises_title", lang))
    ax2.set_ylabel(label("per_household", lang))
    ax2.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def markdown_table(res: CompareResult, lang: str = "nl") -> str:
    a, b = res.labels
    head = (f"| {label('outcome', lang)} | {label(a, lang)} | {label(b, lang)} | "
            f"{label('difference', lang)} ({label(b, lang)} − {label(a, lang)}) |")
    lines = [head, "|---|---:|---:|---:|"]

    def cell(row: pd.Series, key: str) -> str:
        m, lo, hi = row[f"{key}_mean"], row[f"{key}_ci_low"], row[f"{key}_ci_high"]
        if np.isnan(lo):
            return f"{m:,.2f}"
        return f"{m:,.2f} [{lo:,.2f}; {hi:,.2f}]"

    for _, row in res.summary.iterrows():
        lines.append(f"| {label(row['outcome'], lang)} | {cell(row, a)} | {cell(row, b)} | {cell(row, 'difference')} |")
    return "\n".join(lines)


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
        markdown_table(res, lang),
        "",
        *[f"![{p.stem}]({p.name})" for p in charts],
        "",
    ]
    md = out / "report.md"
    md.write_text("\n".join(text), "utf-8")
    table = out / "summary.csv"
    res.summary.to_csv(table, index=False)
    return [md, table, *charts]
