"""The debrief of a workshop: the slides to project (workshop/deck_slides.py), and a report
page of the room's plays against each other and against the simulated population, as PNG
charts (workshop/deck_charts.py, from the numbers of workshop/deck_data.py), one
self-contained HTML page (charts embedded) and CSV exports.  Each language has
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
from babel.dates import format_datetime

from loket_i18n.numbers import LOCALES
from reports.labels import label

from . import texts
from .deck_charts import fields_figure, number, paired_figure, room_vs_population_figure, scenario_name
from .deck_data import (
    OUTCOMES,
    PAIRED,
    DeckError,
    field_counts,
    ordered,
    population,
    room_outcomes,
    summary,
)
from .store import Store

#: The numbers and charts of the deck (workshop/deck_data.py, workshop/deck_charts.py) under their old address.
__all__ = [
    "OUTCOMES",
    "PAIRED",
    "Deck",
    "DeckError",
    "field_counts",
    "number",
    "ordered",
    "population",
    "room_outcomes",
    "summary",
    "write_deck",
]


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


def write_deck(
    code: str,
    out: Path,
    db_path: str | Path | None = None,
    lang: str = "nl",
    population_seeds: int = 0,
    progress: Callable[[int, int], None] | None = None,
    report: bool = True,
) -> Deck:
    """The slides (``slides-<lang>.html`` and ``.pdf``) and, with ``report``, the report page
    ``debrief-<lang>.html``, its PNG charts (``<chart>-<lang>.png``) and the CSV exports in ``csv/``."""
    from jinja2 import Environment

    from .deck_slides import write_slides

    t = texts(lang)
    with Store(db_path) as store:
        if not store.has_workshop(code):
            known = ", ".join(w["code"] for w in store.workshops()) or "-"
            raise DeckError(
                t("geen workshop '{code}' in {path} (wel: {known})").format(code=code, path=store.path, known=known)
            )
        plays = store.plays(code)
        if not (plays.finished == 1).any():
            raise DeckError(
                t("workshop '{code}' heeft nog geen afgeronde spellen ({n} begonnen)").format(code=code, n=len(plays))
            )
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
            (
                "room_vs_population",
                t("De zaal en de gesimuleerde bevolking"),
                room_vs_population_figure(room, summ, lang),
            ),
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
        play_rows.append(
            {
                "cells": [
                    p.player,
                    scenario_name(p.scenario, lang),
                    persona_name(p.scenario, p.persona),
                    t("ja") if done else t("nee, onderbroken"),
                    *vals,
                ]
            }
        )
    runs = summ.groupby("scenario").population_runs.first().to_dict()
    note = {
        "stored": t(
            "Gesimuleerd: de huishoudens uit dezelfde runs als de spelers, van hetzelfde huishoudtype ({runs} runs)."
        ),
        "headless": t(
            "Gesimuleerd: dezelfde scenario's zonder spelers doorgerekend, huishoudens van "
            "hetzelfde type ({runs} runs)."
        ),
        "mixed": t(
            "Gesimuleerd: opgeslagen runs van de spelers en, waar die ontbraken, dezelfde scenario's "
            "zonder spelers doorgerekend ({runs} runs)."
        ),
    }[source]
    stamp = format_datetime(dt.datetime.now(dt.UTC), "long", locale=LOCALES[lang])
    html = (
        Environment(autoescape=True)
        .from_string(PAGE)
        .render(
            lang=lang,
            title=t("Nabespreking workshop {code}").format(code=code),
            subtitle=t("{players} spelers, {plays} afgeronde spellen; gemaakt {when}").format(
                players=room.player.nunique(), plays=len(room), when=stamp
            ),
            t_key_numbers=t("Kerncijfers"),
            t_outcome=label("outcome", lang),
            t_room=t("zaal"),
            t_population=t("gesimuleerd"),
            scenarios=[{"name": scenario_name(n, lang)} for n in names],
            key_rows=key_rows,
            population_note=note.format(runs=", ".join(f"{scenario_name(k, lang)} {runs[k]}" for k in names)),
            charts=charts,
            t_plays=t("Alle spellen"),
            play_head=play_head,
            play_rows=play_rows,
            csv_note=t(
                "Alle gegevens staan ook als CSV in de map csv/: spellen, regels van het logboek en eindcijfers."
            ),
        )
    )
    page = out / f"debrief-{lang}.html"
    page.write_text(html, "utf-8")
    return Deck(page, [page, *slides, *files], problems, slides=slides, pages=pages)


def _scenarios(names) -> dict[str, object]:
    """The room's scenarios (for the names of schemes and creditors in explanations); missing ones left out."""
    found = {name: _scenario(name) for name in dict.fromkeys(names)}
    return {k: v for k, v in found.items() if v is not None}
