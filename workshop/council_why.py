"""One sentence per lever on why it moves what it moves, from the run itself.

Each lever declares in the scenario (``levers.NAME.drives``) the outcomes its mechanism writes:
the household tallies and lines of public spending the model's code changes when the lever is set
(ask once: data items asked again and filled in; early signals: home visits and their cost; …).
The sentence reports how much each of those moved in this run, per household and year, with
whether the 95% interval over runs excludes zero, so what it says is measured, not claimed.
"""

from __future__ import annotations

import pandas as pd

from reports.labels import label
from simulation.metrics import FLOWS, SERVICE_COSTS, TRANSFERS
from simulation.outcomes import OUTCOMES

from . import texts
from .council_totals import number
from .policy import BASELINE, POLICY, LeverInfo, PolicyResult

#: Outcomes counted over the run (a flow): reported per year; the others are states at the horizon.
_FLOW = set(FLOWS) | {
    "crises",
    "budget_received",
    "benefits_received",
    *SERVICE_COSTS,
    *TRANSFERS,
    "cost_services",
    "transfers",
    "crisis_costs",
    "public_cost",
    "staff_hours",
    "case_manager_hours",
    "breakthrough_hours",
    "outreach_hours",
}


def per_run(result: PolicyResult, outcomes: list[str]) -> pd.DataFrame:
    """Per arm and seed, the mean per household of each outcome: household columns averaged, weekly
    lines (public spending) summed and divided by the households."""
    h = result.households
    own = [o for o in outcomes if o in h.columns]
    weekly = [o for o in outcomes if o not in h.columns]
    per = h.groupby(["scenario", "seed"])[own].mean()
    if weekly:
        n = h.groupby(["scenario", "seed"]).size()
        per = per.join(result.weekly.groupby(["scenario", "seed"])[weekly].sum().div(n, axis=0))
    return per


def moved(result: PolicyResult, outcome: str, runs: pd.DataFrame | None = None) -> tuple[float, float, float]:
    """Policy minus baseline of one outcome, per household (and per year for a flow): mean and 95%
    interval over runs (the paired difference per seed, t over seeds).  ``runs``: :func:`per_run`."""
    years = max(1.0, (int(result.weekly.week.max()) + 1) / 52)
    per = (runs if runs is not None and outcome in runs.columns else per_run(result, [outcome]))[outcome]
    diff = (per.xs(POLICY, level="scenario") - per.xs(BASELINE, level="scenario")).dropna()
    if outcome in _FLOW:
        diff = diff / years
    from experiments.runner import ci_half

    mean = float(diff.mean())
    half = ci_half(diff)
    return mean, mean - half, mean + half


def _amount(v: float, outcome: str, lang: str) -> str:
    import math

    digits = 0 if abs(v) >= 100 or v == 0 else min(4, max(1, 1 - math.floor(math.log10(abs(v)))))
    s = number(abs(v), lang, digits)
    return (
        ("+" if v >= 0 else "−")
        + ("€ " if is_money(outcome) and lang != "en" else "€" if is_money(outcome) else "")
        + s
    )


def is_money(outcome: str) -> bool:
    """An amount in euro, by the outcome registry's unit."""
    info = OUTCOMES.get(outcome)
    return info is not None and info.unit == "EUR"


def why(lever: LeverInfo, value, result: PolicyResult, changed: dict[str, LeverInfo], lang: str = "nl") -> str:
    """ "Ask once (off → on): works in the model through data items asked again −3.1 per household a
    year (sure); …"; ``changed``: the package's other changed levers (named when they drive the same)."""
    t = texts(lang)
    drives = list(lever.drives[:3])
    head = f"{lever.label.get(lang)} ({lever.show(lever.baseline, lang)} → {lever.show(value, lang)})"
    if not drives:
        return head + ": " + t("het scenario noemt niet welke uitkomsten dit mechanisme schrijft.")
    runs = per_run(result, drives)
    moves = {d: moved(result, d, runs) for d in drives}
    if all(abs(m[0]) < 1e-9 for m in moves.values()):
        return (
            head
            + ": "
            + t("veranderde in deze doorrekening niets aan wat dit mechanisme schrijft ({outcomes}).").format(
                outcomes=", ".join(label(d, lang).lower() for d in drives)
            )
        )
    parts = []
    for d in drives:
        mean, lo, hi = moves[d]
        sure = lo == lo and (lo > 0 or hi < 0)
        end = "" if d in _FLOW else " " + t("(aan het eind)")
        parts.append(
            f"{label(d, lang)[:1].lower()}{label(d, lang)[1:]} {_amount(mean, d, lang)}{end} "
            + (t("(zeker)") if sure else t("(niet zeker)"))
        )
    shared = sorted(
        o.label.get(lang) for name, o in changed.items() if name != lever.name and set(o.drives) & set(drives)
    )
    text = head + ": " + t("werkt in het model via, per huishouden per jaar,") + " " + "; ".join(parts)
    if shared:
        text += " " + t("(samen met: {others})").format(others=", ".join(shared))
    return text + "."


def lever_sentences(result: PolicyResult, known: dict[str, LeverInfo], lang: str = "nl") -> list[str]:
    """One sentence per lever changed in the package, in the scenario's lever order."""
    changed = {k: known[k] for k in known if k in result.values}
    return [why(lv, result.values[k], result, changed, lang) for k, lv in changed.items()]


def frame(result: PolicyResult, known: dict[str, LeverInfo]) -> pd.DataFrame:
    """Every driven outcome of the changed levers with its measured move (for tests and CSV)."""
    rows = []
    for k in result.values:
        for d in known[k].drives if k in known else ():
            mean, lo, hi = moved(result, d)
            rows.append({"lever": k, "outcome": d, "difference": mean, "low": lo, "high": hi})
    return pd.DataFrame(rows)
