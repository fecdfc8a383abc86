"""The debrief of a workshop: the slides to project (workshop/deck_slides.py), and a report
page of the room's plays against each other and against the simulated population, as PNG
charts, one self-contained HTML page (charts embedded) and CSV exports.  Each language has
its own file names (``slides-nl.html``, ``debrief-en.html``, ``same_player-en.png``), so one
language never overwrites the other.

The population is the simulated households of the same runs the players played
in (stored with each finished play), or, with ``population_seeds``, fresh
headless runs of the same scenarios.  Players are compared with simulated
households of their own household type.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pandas as pd
from babel.dates import format_datetime
from babel.numbers import format_decimal
from matplotlib.figure import Figure

from experiments.runner import ci_half
from loket_i18n.numbers import LOCALES
from reports.labels import label
from reports.scenario_style import SCENARIO_ORDER, scenario_colour

from . import N_, texts
from .store import Store

#: Outcomes of the room against the population.  Paperwork includes dealing with creditors; weeks
#: waiting are weeks with an application pending, shown next to the wait per application in a queue.
OUTCOMES = ("paperwork_hours", "visits", "fields_repeated", "documents_fetched", "weeks_waiting",
            "wait_per_application", "sanctions", "final_debt", "trust")
#: Outcomes per player who played both scenarios.
PAIRED = ("paperwork_hours", "fields_repeated", "final_debt", "stress")
COLOURS = {name: scenario_colour(name) for name in SCENARIO_ORDER}
POPULATION_COLOUR = "#8a8f98"
FIELD_KINDS = {"new": N_("nieuw gevraagd"), "again": N_("opnieuw gevraagd"), "prefilled": N_("al ingevuld")}
FIELD_COLOURS = {"new": "#f2b134", "again": "#b5482f", "prefilled": "#3c8d5a"}
DEFAULT_POPULATION_SEEDS = 3


class DeckError(Exception):
    """The deck cannot be made (no such workshop, no plays); the message says why."""


@dataclass
class Deck:
    html: Path
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # stored records left out, one line each
    slides: list[Path] = field(default_factory=list)  # the deck to project: HTML and PDF
    pages: list = field(default_factory=list)  # the slides as laid out (workshop.slide_layout.Page)


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def number(value: float, lang: str, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=LOCALES[lang])


def scenario_name(name: str, lang: str) -> str:
    return label(name, lang)


@lru_cache(maxsize=16)
def _scenario(name: str):
    """A scenario the room played, loaded once per deck (None when it cannot be loaded here)."""
    from simulation.loader import ScenarioError, load_scenario

    try:
        return load_scenario(name)
    except ScenarioError:
        return None


def persona_name(scenario: str, persona: str) -> str:
    """The persona's name in the scenario file, or its id when the file no longer has it."""
    sc = _scenario(scenario)
    found = sc.personas.get(persona) if sc is not None else None
    return found.name if found is not None else persona


def ordered(names) -> list[str]:
    names = list(dict.fromkeys(names))
    return [n for n in SCENARIO_ORDER if n in names] + sorted(n for n in names if n not in SCENARIO_ORDER)


# --------------------------------------------------------------------------- data


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
        raise DeckError(f"the stored plays give {what} = {value:g}, outside 1..{most:,}; "
                        "the database holds records this version did not make")
    return int(value)


def population(store: Store, code: str, room: pd.DataFrame, seeds: int,
               progress: Callable[[int, int], None] | None = None) -> tuple[pd.DataFrame, str]:
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
            rows.append({"scenario": name, "outcome": col, "room_mean": float(mine[col].mean()),
                         "room_n": int(mine[col].notna().sum()), "population_mean": mean,
                         "population_ci_low": max(mean - half, 0.0), "population_ci_high": mean + half,
                         "population_runs": len(per_run), "population_households": int(len(p))})
    return pd.DataFrame(rows)


def field_counts(entries: pd.DataFrame, plays: pd.DataFrame) -> pd.DataFrame:
    """Form fields per play from the journal: asked new, asked again, already filled in."""
    import json

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
        rows.append({"play_id": play_id, "new": len(data) - prefilled - again, "again": again,
                     "prefilled": prefilled})
    counts = pd.DataFrame(rows, columns=["play_id", "new", "again", "prefilled"])
    base = plays[["play_id", "player", "scenario"]]
    out = base.merge(counts, on="play_id", how="left")
    kinds = list(FIELD_KINDS)
    out[kinds] = out[kinds].astype(float).fillna(0.0)
    return out


# --------------------------------------------------------------------------- charts


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
            ax.scatter(x + rng.uniform(-0.07, 0.07, len(mine)), mine, color=scenario_colour(name),
                       alpha=0.7, s=28, zorder=3, label=t("spelers") if i == 0 else None)
            ax.hlines(mine.mean(), x - 0.13, x + 0.13, color="#1e2a38", lw=2, zorder=4)
            r = s.loc[name]
            lo, hi = r.population_ci_low, r.population_ci_high
            yerr = [[r.population_mean - lo], [hi - r.population_mean]] if not np.isnan(lo) else None
            ax.errorbar(i + 0.17, r.population_mean, yerr=yerr, fmt="D", color=POPULATION_COLOUR, capsize=4,
                        zorder=3, label=t("gesimuleerd") if i == 0 else None)
        ax.set_xticks(range(len(names)), [scenario_name(n, lang) for n in names])
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(_wrap(label(col, lang), 48), fontsize=10)
        ax.grid(alpha=0.3, axis="y")
    axes.flat[0].legend(fontsize=8, loc="best")
    fig.suptitle(t("De zaal tegenover gesimuleerde huishoudens van hetzelfde type "
                   "(punt = speler, streep = gemiddelde zaal, ruit = gesimuleerd met 95%-interval)"), fontsize=12)
    return fig


def paired_figure(room: pd.DataFrame, lang: str) -> Figure:
    """Players who played both scenarios: their own numbers, one line per player."""
    t = texts(lang)
    names = ordered(room.scenario)[:2]
    fig = _figure((14, 4.8))
    axes = fig.subplots(1, len(PAIRED))
    both = room[room.scenario.isin(names)].groupby(["player", "scenario"])[list(PAIRED)].mean()
    players = [p for p in both.index.get_level_values("player").unique()
               if all((p, n) in both.index for n in names)]
    for ax, col in zip(axes, PAIRED, strict=True):
        ends = []
        for p in players:
            ys = [both.loc[(p, n), col] for n in names]
            ax.plot(range(len(names)), ys, "-o", color="#4a5563", alpha=0.6)
            ends.append((ys[-1], p))
        for y, text in spread_labels(ends, ax):
            ax.annotate(text, (len(names) - 1, y), xytext=(6, 0), textcoords="offset points", fontsize=8,
                        va="center")
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
        ax.bar([scenario_name(n, lang) for n in names], vals, bottom=bottom, color=FIELD_COLOURS[kind],
               label=t(msg))
        for i, v in enumerate(vals):
            if v >= 1:
                ax.text(i, bottom[i] + v / 2, number(v, lang, 1), ha="center", va="center", fontsize=9)
        bottom += vals
    ax.set_ylabel(t("gegevens per spel (gemiddelde van de zaal)"))
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3, axis="y")
    ax.set_title(t("Formuliervragen die de spelers kregen"), fontsize=12)
    return fig


# --------------------------------------------------------------------------- the page

PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
 body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1e2a38; background: #f4f1ea;
        max-width: 1200px; margin: 0 auto; padding: 24px 32px; line-height: 1.45; }
 h1 { margin-bottom: 0; } .sub { color: #4a5563; margin-top: 4px; }
 section { background: white; border-radius: 10px; padding: 16px 24px; margin: 20px 0;
           box-shadow: 0 1px 2px rgba(0,0,0,.08); }
 img { max-width: 100%; height: auto; display: block; margin: 8px auto; }
 table { border-collapse: collapse; width: 100%; font-size: 14px; }
 th, td { border-bottom: 1px solid #d3d9df; padding: 5px 8px; text-align: right; }
 th:first-child, td:first-child, td.text { text-align: left; }
 th { background: #eef1f4; }
 .note { color: #4a5563; font-size: 13px; }
 .unfinished { color: #b5482f; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="sub">{{ subtitle }}</p>
<section>
<h2>{{ t_key_numbers }}</h2>
<table>
<tr><th>{{ t_outcome }}</th>{% for s in scenarios %}<th>{{ s.name }}: {{ t_room }} (n)</th>
<th>{{ s.name }}: {{ t_population }} [95%]</th>{% endfor %}</tr>
{% for row in key_rows %}<tr><td>{{ row.label }}</td>{% for c in row.cells %}<td>{{ c.room }} ({{ c.n }})</td>
<td>{{ c.simulated }}</td>{% endfor %}</tr>
{% endfor %}
</table>
<p class="note">{{ population_note }}</p>
</section>
{% for chart in charts %}<section>
<h2>{{ chart.title }}</h2>
<img alt="{{ chart.title }}" src="data:image/png;base64,{{ chart.data }}">
</section>
{% endfor %}
<section>
<h2>{{ t_plays }}</h2>
<table>
<tr>{% for h in play_head %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in play_rows %}<tr>{% for c in row.cells %}
<td class="{{ 'text' if loop.index <= 4 else '' }}">{{ c }}</td>{% endfor %}</tr>
{% endfor %}
</table>
<p class="note">{{ csv_note }}</p>
</section>
</body>
</html>
"""


def write_deck(code: str, out: Path, db_path: str | Path | None = None, lang: str = "nl",
               population_seeds: int = 0, progress: Callable[[int, int], None] | None = None,
               report: bool = True) -> Deck:
    """The slides (``slides-<lang>.html`` and ``.pdf``) and, with ``report``, the report page
    ``debrief-<lang>.html``, its PNG charts (``<chart>-<lang>.png``) and the CSV exports in ``csv/``."""
    from jinja2 import Environment

    from .deck_slides import write_slides

    t = texts(lang)
    with Store(db_path) as store:
        if not store.has_workshop(code):
            known = ", ".join(w["code"] for w in store.workshops()) or "-"
            raise DeckError(t("geen workshop '{code}' in {path} (wel: {known})")
                            .format(code=code, path=store.path, known=known))
        plays = store.plays(code)
        if not (plays.finished == 1).any():
            raise DeckError(t("workshop '{code}' heeft nog geen afgeronde spellen ({n} begonnen)")
                            .format(code=code, n=len(plays)))
        room = room_outcomes(plays)
        entries = store.entries(code)
        pop, source = population(store, code, room, population_seeds, progress)
        out.mkdir(parents=True, exist_ok=True)
        files = store.export_csv(out / "csv", code) if report else []
        problems = list(dict.fromkeys(store.problems))
    played = entries[entries.play_id.isin(set(room.play_id))]
    slides, pages = write_slides(out, room, played, pop, lang, code, _scenarios(room.scenario))
    if not report:
        return Deck(slides[0], [*slides], problems, slides=slides, pages=pages)
    summ = summary(room, pop)
    summ_path = out / "csv" / "room_vs_population.csv"
    summ.to_csv(summ_path, index=False)
    files.append(summ_path)
    fields = field_counts(entries, plays[plays.finished == 1])

    charts = []
    # Names are the players' own text: never read as maths ($...$) or LaTeX.
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        for name, title, fig in (
            ("room_vs_population", t("De zaal en de gesimuleerde bevolking"),
             room_vs_population_figure(room, summ, lang)),
            ("same_player", t("Kokers tegenover integraal, per speler"), paired_figure(room, lang)),
            ("form_fields", t("Formuliervragen"), fields_figure(fields, lang)),
        ):
            path = out / f"{name}-{lang}.png"
            fig.savefig(path, dpi=100)
            files.append(path)
            charts.append({"title": title, "data": base64.b64encode(path.read_bytes()).decode("ascii")})

    names = ordered(room.scenario)
    key_rows = []
    for col in OUTCOMES:
        cells = []
        for name in names:
            r = summ[(summ.scenario == name) & (summ.outcome == col)].iloc[0]
            pop_text = number(r.population_mean, lang)
            if not np.isnan(r.population_ci_low):
                pop_text += f" [{number(r.population_ci_low, lang)}; {number(r.population_ci_high, lang)}]"
            cells.append({"room": number(r.room_mean, lang), "n": int(r.room_n), "simulated": pop_text})
        key_rows.append({"label": label(col, lang), "cells": cells})
    play_head = [t("Speler"), t("Scenario"), t("Persona"), t("Afgerond"), *(label(c, lang) for c in OUTCOMES)]
    play_rows = []
    finished = set(room.play_id)
    rank = {name: i for i, name in enumerate(ordered(plays.scenario))}
    by_player = plays.assign(_rank=plays.scenario.map(rank)).sort_values(["player", "_rank", "started"], kind="stable")
    for _, p in by_player.iterrows():  # each player's plays together, siloed before integral
        done = p.play_id in finished
        vals = [number(_float(p[f"final.{c}"]), lang) if done and f"final.{c}" in p else "–" for c in OUTCOMES]
        play_rows.append({"cells": [p.player, scenario_name(p.scenario, lang), persona_name(p.scenario, p.persona),
                                    t("ja") if done else t("nee, onderbroken"), *vals]})
    runs = summ.groupby("scenario").population_runs.first().to_dict()
    note = {"stored": t("Gesimuleerd: de huishoudens uit dezelfde runs als de spelers, van hetzelfde "
                        "huishoudtype ({runs} runs)."),
            "headless": t("Gesimuleerd: dezelfde scenario's zonder spelers doorgerekend, huishoudens van "
                          "hetzelfde type ({runs} runs)."),
            "mixed": t("Gesimuleerd: opgeslagen runs van de spelers en, waar die ontbraken, dezelfde scenario's "
                       "zonder spelers doorgerekend ({runs} runs).")}[source]
    stamp = format_datetime(dt.datetime.now(dt.UTC), "long", locale=LOCALES[lang])
    html = Environment(autoescape=True).from_string(PAGE).render(
        lang=lang,
        title=t("Nabespreking workshop {code}").format(code=code),
        subtitle=t("{players} spelers, {plays} afgeronde spellen; gemaakt {when}")
        .format(players=room.player.nunique(), plays=len(room), when=stamp),
        t_key_numbers=t("Kerncijfers"), t_outcome=label("outcome", lang), t_room=t("zaal"),
        t_population=t("gesimuleerd"),
        scenarios=[{"name": scenario_name(n, lang)} for n in names], key_rows=key_rows,
        population_note=note.format(runs=", ".join(f"{scenario_name(k, lang)} {runs[k]}" for k in names)),
        charts=charts, t_plays=t("Alle spellen"), play_head=play_head, play_rows=play_rows,
        csv_note=t("Alle gegevens staan ook als CSV in de map csv/: spellen, regels van het logboek en "
                   "eindcijfers."),
    )
    page = out / f"debrief-{lang}.html"
    page.write_text(html, "utf-8")
    return Deck(page, [page, *slides, *files], problems, slides=slides, pages=pages)


def _scenarios(names) -> dict[str, object]:
    """The room's scenarios (for the names of schemes and creditors in explanations); missing ones left out."""
    found = {name: _scenario(name) for name in dict.fromkeys(names)}
    return {k: v for k, v in found.items() if v is not None}
