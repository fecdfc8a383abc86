"""The numbers of the debrief and comparison tables: each outcome of the player's household
against simulated households like the player (workshop.peers), written as the table shows them.

Every number is ``session.final_numbers()`` (the model's own record of the household), or the
public money spent on the household in three kinds (PlayerSession.public_money: services,
transfers, crises, and their sum).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
from babel.numbers import format_decimal

from loket_i18n.numbers import LOCALES
from player import OUTCOMES
from workshop.peers import spread as peer_spread

from .charts import PUBLIC_MONEY, outcome_label, player_numbers, with_public_money

if TYPE_CHECKING:
    from player import PlayerSession

#: The household's outcomes, first in both tables.
OUTCOME_ROWS = (
    "paperwork_hours",
    "debt_admin_hours",
    "visits",
    "fields_repeated",
    "weeks_waiting",
    "wait_per_application",
    "final_debt",
    "crises",
    "trust",
)
#: Rows of the debrief table: the household's outcomes, what explains them, then public money.
TABLE = (
    *OUTCOME_ROWS,
    "stress",
    "sent_on",
    "rejections",
    "sanctions",
    "deadlines_missed",
    "granted",
    *PUBLIC_MONEY,
)
#: Rows of the comparison table: the household's outcomes, then public money.
COMPARISON = (*OUTCOME_ROWS, *PUBLIC_MONEY)
#: How the table writes a number, by the outcome's unit in the registry: euro without cents, shares
#: and 0-1 scales with two decimals, hours and the wait per application (a mean) with one, counts whole.
MONEY = {n for n, o in OUTCOMES.items() if o.unit == "EUR"}
SHARES = {n for n, o in OUTCOMES.items() if o.unit in ("share", "scale")}
HOURS = {n for n, o in OUTCOMES.items() if o.unit == "hours"} | {"wait_per_application"}


def fmt(key: str, value: Any, lang: str) -> str:
    """A number as the table shows it: euro without cents, shares and hours with decimals, counts whole."""
    v = float(value)
    loc = LOCALES.get(lang, "nl_NL")
    if v != v:  # NaN: not applicable
        return "–"
    if key in MONEY:
        return "€ " + format_decimal(round(v), format="#,##0", locale=loc)
    if key in SHARES:
        return format_decimal(v, format="0.00", locale=loc)
    if key in HOURS or v != round(v):
        return format_decimal(v, format="0.0", locale=loc)
    return format_decimal(v, format="#,##0", locale=loc)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: tuple[float, ...]
    texts: tuple[str, ...]


def row_label(key: str, lang: str) -> str:
    return outcome_label(key, lang)


def peer_group(session: PlayerSession) -> tuple[pd.DataFrame, str]:
    """The simulated households like the player (workshop.peers: same type, same situation, same run)."""
    from workshop.peers import peers

    return peers(with_public_money(session.population_outcomes(), session), player_numbers(session))


def _middle_half(key: str, values: pd.Series, lang: str) -> str:
    spread = peer_spread(values)
    if spread.n == 0:
        return "–"
    if not spread.varies:
        return fmt(key, spread.low, lang)
    low, high = fmt(key, spread.low, lang), fmt(key, spread.high, lang)
    return f"{low.removeprefix('€ ')}–{high.removeprefix('€ ')}"  # no euro signs: the column stays narrow


def debrief_rows(session: PlayerSession, lang: str, keys: tuple[str, ...] = TABLE) -> list[Row]:
    """(you, median of households like you, their 25th and 75th percentile) per outcome; for public
    money the means of households like you, so that the total is the sum of its three kinds as well."""
    me = player_numbers(session)
    same, _basis = peer_group(session)
    rows = []
    for k in keys:
        col = same[k].astype(float) if len(same) else pd.Series(dtype=float)
        if k in PUBLIC_MONEY:
            middle = float(col.mean()) if len(col) else float("nan")
            vals = (float(me[k]), middle, middle, middle)
            texts = (fmt(k, vals[0], lang), fmt(k, middle, lang), "")  # a mean: no spread (see the footnote)
        else:
            spread = peer_spread(col)
            vals = (float(me[k]), spread.median, spread.low, spread.high)
            texts = (fmt(k, vals[0], lang), fmt(k, spread.median, lang), _middle_half(k, col, lang))
        rows.append(Row(k, row_label(k, lang), vals, texts))
    return rows


def ordered_plays(plays: Mapping[str, PlayerSession]) -> dict[str, PlayerSession]:
    """The plays in the reports' scenario order (not the order played), so colours and columns stay put."""
    from reports.scenario_style import SCENARIO_ORDER

    rank = {n: i for i, n in enumerate(SCENARIO_ORDER)}
    return {n: plays[n] for n in sorted(plays, key=lambda n: (rank.get(n, len(rank)), str(n)))}


def comparison_rows(plays: Mapping[str, PlayerSession], lang: str, keys: tuple[str, ...] = COMPARISON) -> list[Row]:
    """Per outcome, for each play in order: (you, median of the households like you in that play's run;
    for public money their mean)."""
    mine = {n: player_numbers(s) for n, s in plays.items()}
    like = {n: peer_group(s)[0] for n, s in plays.items()}
    rows = []
    for k in keys:
        vals: list[float] = []
        for n in plays:
            col = like[n][k].astype(float)
            vals += [float(mine[n][k]), float(col.mean() if k in PUBLIC_MONEY else peer_spread(col).median)]
        rows.append(Row(k, row_label(k, lang), tuple(vals), tuple(fmt(k, v, lang) for v in vals)))
    return rows


def explanation_lines(session: PlayerSession, lang: str) -> list[str]:
    """What the play's own record says happened (workshop.explain), most telling first."""
    from workshop.explain import moments, play_facts

    facts = play_facts(session.journal, session.scenario, lang)
    return [f.text for f in moments(facts, most=6)]
