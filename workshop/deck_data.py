"""The numbers of a workshop's debrief (workshop/deck.py): the room's finished plays, the simulated
population to hold them against (the households of the same runs, or fresh headless runs of the
same scenarios), the summary per scenario and outcome with a 95% interval over runs, and the form
fields each play was asked from the journal.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pandas as pd

from experiments.runner import ci_half
from reports.scenario_style import SCENARIO_ORDER

from . import N_
from .store import Store

#: Outcomes of the room against the population.  Paperwork includes dealing with creditors; weeks
#: waiting are weeks with an application pending, shown next to the wait per application in a queue.
OUTCOMES = (
    "paperwork_hours",
    "visits",
    "fields_repeated",
    "documents_fetched",
    "weeks_waiting",
    "wait_per_application",
    "sanctions",
    "final_debt",
    "trust",
)
#: Outcomes per player who played both scenarios.
PAIRED = ("paperwork_hours", "fields_repeated", "final_debt", "stress")
FIELD_KINDS = {"new": N_("nieuw gevraagd"), "again": N_("opnieuw gevraagd"), "prefilled": N_("al ingevuld")}
DEFAULT_POPULATION_SEEDS = 3


class DeckError(Exception):
    """The deck cannot be made (no such workshop, no plays); the message says why."""


def ordered(names) -> list[str]:
    names = list(dict.fromkeys(names))
    return [n for n in SCENARIO_ORDER if n in names] + sorted(n for n in names if n not in SCENARIO_ORDER)


def room_outcomes(plays: pd.DataFrame) -> pd.DataFrame:
    """Finished plays: one row per play with player, scenario and the final numbers."""
    done = plays[plays.finished == 1]
    cols = {c: c.removeprefix("final.") for c in done.columns if c.startswith("final.")}
    out = done[["play_id", "player", "persona", "scenario", "households", "weeks", *cols]].rename(columns=cols)
    out = out.loc[:, ~out.columns.duplicated()].copy()
    for c in ("player", "persona", "scenario"):  # plain text, whatever was stored
        out[c] = out[c].map(lambda v: "" if v is None else str(v))
    for c in OUTCOMES + PAIRED:  # plays recorded before an outcome existed have none of it
        out[c] = pd.to_numeric(out[c], errors="coerce") if c in out else np.nan
    out["type"] = out["type"].map(lambda v: v if isinstance(v, str) else "") if "type" in out else ""
    return out.reset_index(drop=True)


def stored_size(values: pd.Series, what: str, most: int, how: str) -> int | None:
    """The households or weeks of the room's plays (median or mode); absurd stored values are refused."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if numbers.empty:
        return None
    value = float(numbers.median() if how == "median" else numbers.mode().iloc[0])
    if not 1 <= value <= most:
        raise DeckError(
            f"the stored plays give {what} = {value:g}, outside 1..{most:,}; "
            "the database holds records this version did not make"
        )
    return int(value)


def population(
    store: Store, code: str, room: pd.DataFrame, seeds: int, progress: Callable[[int, int], None] | None = None
) -> tuple[pd.DataFrame, str]:
    """Simulated households, one row each, with ``scenario`` and ``run`` (play id or seed)."""
    stored = store.populations(code) if seeds == 0 else pd.DataFrame()
    frames, source = [], "stored"
    if not stored.empty:
        stored = stored.merge(room[["play_id", "scenario"]], on="play_id")
        frames.append(stored.rename(columns={"play_id": "run"}))
    missing = [s for s in ordered(room.scenario) if stored.empty or s not in set(stored.scenario)]
    if missing:
        from experiments.runner import Job, load_scenario, run_jobs, scenario_data
        from simulation.loader import ScenarioError

        k = seeds or DEFAULT_POPULATION_SEEDS
        jobs = []
        for name in missing:
            mine = room[room.scenario == name]
            MAX_HOUSEHOLDS, MAX_WEEKS = 10_000, 104  # a play's limits (game/play.py)

            try:
                sc = load_scenario(name)
            except ScenarioError as exc:
                raise DeckError(f"the room played scenario {name[:80]!r}, which cannot be loaded here: {exc}") from None
            households = stored_size(mine.households, "households", MAX_HOUSEHOLDS, "median")
            weeks = stored_size(mine.weeks, "weeks", MAX_WEEKS, "mode")
            jobs += [Job(name, scenario_data(sc), s, households, weeks) for s in range(k)]
        _, homes = run_jobs(jobs, progress=progress)
        homes["run"] = homes.scenario + ":" + homes.seed.astype(str)
        frames.append(homes)
        source = "headless" if seeds or stored.empty else "mixed"
    pop = pd.concat(frames, ignore_index=True)
    for col in OUTCOMES:  # stored records are data of another laptop: numbers or nothing
        pop[col] = pd.to_numeric(pop[col], errors="coerce") if col in pop else np.nan
    if "type" not in pop:
        pop["type"] = ""
    return pop, source


def summary(room: pd.DataFrame, pop: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and outcome: the room's mean and n, and the mean of simulated households of the
    players' household types, with a 95% interval over runs."""
    rows = []
    for name in ordered(room.scenario):
        mine = room[room.scenario == name]
        types = set(mine["type"])
        p = pop[(pop.scenario == name) & (pop["type"].isin(types))]
        p = p.assign(**{c: np.nan for c in OUTCOMES if c not in p.columns})  # populations stored before it
        per_run = p.groupby("run")[list(OUTCOMES)].mean()
        for col in OUTCOMES:
            v = per_run[col].dropna()
            n = len(v)
            mean = float(v.mean()) if n else float("nan")
            half = ci_half(v)
            # Every outcome here is a count, an amount or a share: an interval does not go below 0.
            rows.append(
                {
                    "scenario": name,
                    "outcome": col,
                    "room_mean": float(mine[col].mean()),
                    "room_n": int(mine[col].notna().sum()),
                    "population_mean": mean,
                    "population_ci_low": max(mean - half, 0.0),
                    "population_ci_high": mean + half,
                    "population_runs": len(per_run),
                    "population_households": int(len(p)),
                }
            )
    return pd.DataFrame(rows)


def field_counts(entries: pd.DataFrame, plays: pd.DataFrame) -> pd.DataFrame:
    """Form fields per play from the journal: asked new, asked again, already filled in."""
    f = entries[entries.kind == "field"]
    rows = []
    for play_id, group in f.groupby("play_id"):
        data = []
        for d in group.data:
            try:
                value = json.loads(d)
            except (TypeError, ValueError, RecursionError):
                value = None
            data.append(value if isinstance(value, dict) else {})
        prefilled = sum(bool(d.get("prefilled")) for d in data)
        again = sum(bool(d.get("asked_before")) and not d.get("prefilled") for d in data)
        rows.append({"play_id": play_id, "new": len(data) - prefilled - again, "again": again, "prefilled": prefilled})
    counts = pd.DataFrame(rows, columns=["play_id", "new", "again", "prefilled"])
    base = plays[["play_id", "player", "scenario"]]
    out = base.merge(counts, on="play_id", how="left")
    kinds = list(FIELD_KINDS)
    out[kinds] = out[kinds].astype(float).fillna(0.0)
    return out
