"""A package's result as yearly totals for a municipality: the budget lines a council recognises,
crises avoided by kind, and households helped or harmed, each with the spread over runs in words.

The model runs a sample of households; its costs and counts per household and year are multiplied
by the number of households in the municipality's target group.  Public money keeps its three kinds
apart (reports/public_cost.py): services (the help itself), transfers (benefits, allowances and the
custom budget paid to households: neither a cost of the help nor a saving) and crises (by kind:
eviction, cut-off, seizure, health crisis, and shelter after an eviction).  No line of one kind is
ever netted against another.

The spread is stated as "between A and B, in 19 of 20 runs": a 95% prediction interval for one run
(t distribution over the runs, mean ± t·sd·√(1 + 1/n)), so it widens with fewer runs and with fewer
households per run, and shows how far one run of this size may land from the mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from reports import public_cost as pc
from reports.labels import label
from simulation.listing import baseline_scenario
from simulation.loader import load_scenario
from simulation.metrics import CRISES

from . import texts
from .policy import BASELINE, POLICY, PolicyResult

WEEKS_PER_YEAR = 52
SHELTER = "crisis_shelter"
ALL = "all"  # all kinds of crises together (a row of Totals.crises)
AVERAGE = 0  # the "year" of the rows that hold the average year over the horizon (per run, then over runs)
#: Crisis costs by kind: one line per kind of crisis (count × unit cost), then shelter weeks.
CRISIS_LINES = (*(f"crisis_{c}" for c in CRISES), SHELTER)
#: The budget lines in the order a council reads them, each with its kind.
LINES: tuple[tuple[str, str], ...] = (
    *((line, pc.SERVICES) for line in pc.PARTS[pc.SERVICES]),
    *((line, pc.TRANSFER) for line in pc.PARTS[pc.TRANSFER]),
    *((line, pc.CRISES) for line in CRISIS_LINES),
)
#: A household counts as helped (harmed) when it has fewer (more) crises by the horizon, or as many
#: crises and at least this much less (more) debt: a difference it would notice in its post.
MATERIAL_DEBT = 250.0


def interval(values: pd.Series | np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% prediction interval for one run (t over runs); the interval is NaN with one run."""
    v = pd.Series(values, dtype=float).dropna()
    n = len(v)
    mean = float(v.mean()) if n else float("nan")
    if n < 2:
        return mean, float("nan"), float("nan")
    half = _t975(n - 1) * float(v.std(ddof=1)) * math.sqrt(1 + 1 / n)
    return mean, mean - half, mean + half


@lru_cache(maxsize=64)
def _t975(df: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.975, df))


def _years(weeks: pd.Series) -> tuple[pd.Series, float]:
    """Year (1-based) of each week, 0 for the weeks after the last whole year (left out), and the
    factor that turns a run shorter than a year into a year."""
    n_weeks = int(weeks.max()) + 1
    if n_weeks < WEEKS_PER_YEAR:
        return pd.Series(1, index=weeks.index), WEEKS_PER_YEAR / n_weeks
    year = weeks // WEEKS_PER_YEAR + 1
    return year.where(year <= n_weeks // WEEKS_PER_YEAR, 0), 1.0


def per_household_year(result: PolicyResult) -> pd.DataFrame:
    """EUR per simulated household, per arm, seed, year and budget line (crisis lines by kind), and
    the number of crises of each kind per household (``n_crisis_…``)."""
    w = result.weekly.copy()
    costs = (
        result.manifest.get("crisis_unit_costs")
        or load_scenario(result.manifest.get("scenario") or baseline_scenario()).unit_costs.crisis.model_dump()
    )
    years, factor = _years(w.week)
    w["year"] = years
    w = w[w.year > 0]  # only whole years: a run of 130 weeks gives years 1 and 2
    for c in CRISES:
        w[f"n_crisis_{c}"] = w[f"crisis_{c}"]
        w[f"crisis_{c}"] = w[f"crisis_{c}"] * costs[c]
    w[SHELTER] = w[pc.CRISES] - sum(w[f"crisis_{c}"] for c in CRISES)
    cols = [line for line, _ in LINES] + [f"n_crisis_{c}" for c in CRISES]
    sums = w.groupby(["scenario", "seed", "year"])[cols].sum() * factor
    n = result.households.groupby(["scenario", "seed"]).size()
    return sums.div(n.reindex(sums.index.droplevel("year")).to_numpy(), axis=0)


@dataclass
class Totals:
    """Yearly totals of one package for a municipality; every frame has mean, low and high columns."""

    households: int
    years: int
    runs: int
    run_households: int
    #: line, kind, year, baseline, policy, difference, low, high: EUR a year for the municipality
    #: (year 1..H, and AVERAGE for the mean year over the horizon)
    money: pd.DataFrame
    crises: pd.DataFrame  # kind, year, baseline, policy, avoided, low, high: number of crises a year
    helped: tuple[float, float, float]  # households (mean, low, high) by the horizon
    harmed: tuple[float, float, float]

    def __post_init__(self) -> None:
        m, c = self.money[self.money.year == AVERAGE], self.crises[self.crises.year == AVERAGE]
        self._money = {r.line: r for _, r in m.iterrows()}
        self._crises = {r.kind: r for _, r in c.iterrows()}

    def average(self, line: str) -> pd.Series:
        """The average year of a line or kind: baseline, policy, difference, low, high."""
        return self._money[line]

    def crises_average(self, kind: str = ALL) -> pd.Series:
        return self._crises[kind]


def municipality_totals(result: PolicyResult, households: int) -> Totals:
    """Yearly totals for ``households`` target households; scales linearly with it."""
    per = per_household_year(result) * households
    rows, crises = [], []
    years = sorted(per.index.get_level_values("year").unique())
    average = per.groupby(level=["scenario", "seed"]).mean()
    for year in [*years, AVERAGE]:
        if year == AVERAGE:
            a, b = average.xs(BASELINE, level="scenario"), average.xs(POLICY, level="scenario")
        else:
            a = per.xs((BASELINE, year), level=("scenario", "year"))
            b = per.xs((POLICY, year), level=("scenario", "year"))
        for kind in pc.KINDS:
            lines = [line for line, k in LINES if k == kind]
            for line in (*lines, kind):
                va = a[lines].sum(axis=1) if line == kind else a[line]
                vb = b[lines].sum(axis=1) if line == kind else b[line]
                mean, lo, hi = interval(vb - va)
                rows.append(
                    {
                        "line": line,
                        "kind": kind,
                        "year": int(year),
                        "baseline": float(va.mean()),
                        "policy": float(vb.mean()),
                        "difference": mean,
                        "low": lo,
                        "high": hi,
                    }
                )
        for c in (*CRISES, ALL):
            cols = [f"n_crisis_{k}" for k in CRISES] if c == ALL else [f"n_crisis_{c}"]
            ca, cb = a[cols].sum(axis=1), b[cols].sum(axis=1)
            mean, lo, hi = interval(ca - cb)
            crises.append(
                {
                    "kind": c,
                    "year": int(year),
                    "baseline": float(ca.mean()),
                    "policy": float(cb.mean()),
                    "avoided": mean,
                    "low": lo,
                    "high": hi,
                }
            )
    helped, harmed = helped_harmed(result)
    n_runs = result.households.seed.nunique()
    run_households = int(result.households.groupby(["scenario", "seed"]).size().iloc[0])
    scale = lambda s: tuple(households * x for x in s)  # noqa: E731
    return Totals(
        households,
        len(years),
        n_runs,
        run_households,
        pd.DataFrame(rows),
        pd.DataFrame(crises),
        scale(helped),
        scale(harmed),
    )  # type: ignore[arg-type]


def helped_harmed(result: PolicyResult) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """Share of households helped and harmed by the horizon (same household, same seed, both arms)."""
    h = result.households
    cols = ["seed", "household", "crises", "final_debt"]
    pair = h[h.scenario == BASELINE][cols].merge(
        h[h.scenario == POLICY][cols], on=["seed", "household"], suffixes=("_a", "_b")
    )
    fewer = pair.crises_b < pair.crises_a
    more = pair.crises_b > pair.crises_a
    same = ~fewer & ~more
    pair["helped"] = fewer | (same & (pair.final_debt_b <= pair.final_debt_a - MATERIAL_DEBT))
    pair["harmed"] = more | (same & (pair.final_debt_b >= pair.final_debt_a + MATERIAL_DEBT))
    per = pair.groupby("seed")[["helped", "harmed"]].mean()
    return interval(per.helped), interval(per.harmed)


# --------------------------------------------------------------------------- words


def _locale(lang: str) -> str:
    return "en_GB" if lang == "en" else "nl_NL"


def number(v: float, lang: str = "nl", digits: int = 0) -> str:
    from babel.numbers import format_decimal

    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(v, digits) + 0.0, format=fmt, locale=_locale(lang))


def money(v: float, lang: str = "nl") -> str:
    """EUR in words a council reads: "€ 1,2 mln" / "€1.2 m", "€ 34.000" / "€34,000"."""
    if v != v:
        return "–"
    sign = "-" if v < -0.5 else ""
    a = abs(v)
    if a >= 1e6:
        body = number(a / 1e6, lang, 1) + (" mln" if lang != "en" else " m")
    else:
        body = number(round(a, -3) if a >= 1e4 else a, lang)
    return f"{sign}€ {body}" if lang != "en" else f"{sign}€{body}"


def between(lo: float, hi: float, fmt, lang: str = "nl") -> str:
    """ "tussen A en B, in 19 van de 20 runs" (or a note that one run gives no spread)."""
    t = texts(lang)
    if lo != lo or hi != hi:
        return t("één run: geen spreiding bekend")
    return t("tussen {lo} en {hi}, in 19 van de 20 runs").format(lo=fmt(lo), hi=fmt(hi))


def line_label(line: str, lang: str = "nl") -> str:
    return pc.short_label(line, lang) if line in pc.KINDS else label(line, lang)


def sentences(tot: Totals, lang: str = "nl") -> list[str]:
    """The headline of a package for a municipality, in words with its spread."""
    t = texts(lang)
    out = []
    for kind, msg in (
        (pc.SERVICES, t("Diensten (de hulp zelf): {d} per jaar ({between}).")),
        (
            pc.TRANSFER,
            t("Overdrachten aan huishoudens (geen kosten van de hulp, geen besparing): {d} per jaar ({between})."),
        ),
        (pc.CRISES, t("Kosten van crises: {d} per jaar ({between}).")),
    ):
        m = tot.average(kind)
        d, lo, hi = (float(m[c]) for c in ("difference", "low", "high"))
        out.append(msg.format(d=signed_money(d, lang), between=between(lo, hi, lambda x: signed_money(x, lang), lang)))
    c = tot.crises_average()
    out.append(
        t("Crises vermeden: {n} per jaar ({between}).").format(
            n=number(c.avoided, lang), between=between(c.low, c.high, lambda x: number(x, lang), lang)
        )
    )
    for (mean, lo, hi), msg in (
        (tot.helped, t("Huishoudens geholpen na {years} jaar: {n} ({between}).")),
        (tot.harmed, t("Huishoudens slechter af na {years} jaar: {n} ({between}).")),
    ):
        out.append(
            msg.format(
                years=tot.years,
                n=number(mean, lang),
                between=between(max(lo, 0.0), hi, lambda x: number(x, lang), lang),
            )
        )
    return out


def compact(tot: Totals, lang: str = "nl") -> str:
    """The same as :func:`sentences` in one line for a page with several packages: each figure a year with,
    in brackets, the range of 19 of 20 runs (the page says so once)."""
    t = texts(lang)

    def rng(lo: float, hi: float, fmt) -> str:
        return "" if lo != lo else f" ({fmt(lo)} {t('tot')} {fmt(hi)})"

    sm = lambda x: signed_money(x, lang)  # noqa: E731
    nm = lambda x: number(x, lang)  # noqa: E731
    parts = []
    for kind, name in (
        (pc.SERVICES, t("diensten")),
        (pc.TRANSFER, t("overdrachten (apart)")),
        (pc.CRISES, t("crisiskosten")),
    ):
        m = tot.average(kind)
        parts.append(f"{name} {sm(m.difference)}{rng(m.low, m.high, sm)}")
    c = tot.crises_average()
    parts.append(f"{t('crises vermeden')} {nm(c.avoided)}{rng(c.low, c.high, nm)}")
    for (mean, lo, hi), name in ((tot.helped, t("geholpen")), (tot.harmed, t("slechter af"))):
        parts.append(f"{name} {nm(mean)}{rng(max(lo, 0.0), hi, nm)}")
    return "; ".join(parts) + "."


def signed_money(v: float, lang: str = "nl") -> str:
    """ "+€ 1,2 mln" for more spending, "-€ 0,4 mln" for less."""
    s = money(v, lang)
    return s if s.startswith("-") or s == "–" else "+" + s
