"""The slide deck of a workshop: what the room did, from the records, one message per slide.

Slides: the room at a glance; the room in numbers per scenario; per key outcome
the players against simulated households like them (same type, same situation,
same run and weeks) with the whole distribution; per player the two scenarios
side by side with the reasons from the play's record, and the player's most
telling moments; the simulated neighbourhood at scale; minutes played (plays
clicked through are flagged); 3-5 discussion questions that follow from what
the room did.  ``write_slides`` writes ``slides-<lang>.html`` and ``slides-<lang>.pdf``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from babel.dates import format_date

from reports.labels import label
from reports.scenario_style import SCENARIO_ORDER, scenario_colour
from simulation.outcomes import OUTCOMES

from . import N_, texts
from .explain import Fact, count, euro, hours, moments, play_facts
from .peers import peers, spread
from .slide_charts import Column, distribution, minutes
from .slide_layout import INK, Page
from .slide_render import write_html, write_pdf
from .slides import Line, Slide, Tile, layout

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
#: Outcomes with a slide of their own: (outcome, whole number?).
SHOWN = (("paperwork_hours", False), ("fields_repeated", True), ("weeks_waiting", True))
#: Short names of outcomes for number tiles.
SHORT = {
    "paperwork_hours": N_("uur papierwerk"),
    "fields_repeated": N_("keer dezelfde vraag opnieuw"),
    "weeks_waiting": N_("weken met een aanvraag in behandeling"),
}
#: A gap between two records longer than this is a pause, not play.
IDLE_MINUTES = 5.0
#: A play with fewer real minutes than this per week played is flagged as clicked through.
CLICK_THROUGH_PER_WEEK = 1.0


def minutes_played(entries: pd.DataFrame) -> dict[str, float]:
    """Real minutes per play, from the times its records were written; pauses over IDLE_MINUTES left out."""
    out: dict[str, float] = {}
    if entries.empty:
        return out
    stamps = pd.to_datetime(entries["recorded"], errors="coerce", utc=True)
    for play_id, times in stamps.groupby(entries["play_id"]):
        t = times.dropna().sort_values()
        gaps = t.diff().dt.total_seconds().dropna() / 60
        out[str(play_id)] = float(gaps[gaps <= IDLE_MINUTES].sum())
    return out


def _order(names) -> list[str]:
    names = list(dict.fromkeys(names))
    return [n for n in SCENARIO_ORDER if n in names] + sorted(n for n in names if n not in SCENARIO_ORDER)


def _value(key: str, v: float, lang: str) -> str:
    if math.isnan(v):
        return "–"
    unit = OUTCOMES[key].unit if key in OUTCOMES else None
    if unit == "EUR":
        return euro(v, lang)
    if unit == "hours":
        return hours(v, lang)
    return count(v, lang)


class Builder:
    def __init__(
        self,
        room: pd.DataFrame,
        entries: pd.DataFrame,
        pop: pd.DataFrame,
        lang: str,
        code: str,
        scenarios: dict[str, object],
    ) -> None:
        self.room, self.pop, self.lang, self.code = room, pop, lang, code
        self.t = texts(lang)
        self.names = _order(room.scenario)
        self.colour = {n: scenario_colour(n) for n in self.names}
        self.sname = {n: label(n, lang) for n in self.names}
        self.minutes = minutes_played(entries)
        by_play = {pid: g.to_dict("records") for pid, g in entries.groupby("play_id")} if len(entries) else {}
        self.facts: dict[str, list[Fact]] = {
            r.play_id: play_facts(by_play.get(r.play_id, []), scenarios.get(r.scenario), lang)
            for r in room.itertuples()
        }
        self.like: dict[str, pd.DataFrame] = {}
        self.basis: dict[str, str] = {}  # per play: which simulated households it is held against
        for r in room.to_dict("records"):
            run = pop[pop["run"] == r["play_id"]] if "run" in pop else pop.iloc[0:0]
            if run.empty:  # a population run headless: households of the same scenario
                run = pop[pop["scenario"] == r["scenario"]]
            self.like[r["play_id"]], self.basis[r["play_id"]] = peers(run, r)

    # ------------------------------------------------------------------ slides
    def slides(self) -> list[Slide]:
        out = [self.opening(), self.room_numbers()]
        out += [self.outcome(key, whole) for key, whole in SHOWN]
        players = list(dict.fromkeys(self.room.sort_values("player", kind="stable").player))
        for p in players:
            mine = self.room[self.room.player == p]
            # a player of both scenarios: one slide with the reasons and moments from both records
            out.append(self.pair(p, mine) if len(set(mine.scenario)) >= 2 else self.moments(p, mine))
        out += [self.neighbourhood(), self.time_played(), self.questions()]
        return out

    def opening(self) -> Slide:
        t, room = self.t, self.room
        mins = [self.minutes.get(pid, float("nan")) for pid in room.play_id]
        weeks = pd.to_numeric(room.weeks, errors="coerce").dropna()
        return Slide(
            t("Wat deze zaal meemaakte in het loketdoolhof"),
            kicker=t("Workshop {code} · {date}").format(
                code=self.code, date=format_date(dt.date.today(), "long", locale=LOCALES[self.lang])
            ),
            tiles=[
                Tile(count(room.player.nunique(), self.lang), t("spelers"), INK),
                Tile(count(len(room), self.lang), t("afgeronde spellen"), INK),
                Tile(
                    count(float(np.nanmedian(mins)) if mins else 0, self.lang),
                    t("minuten per spel (middelste waarde)"),
                    INK,
                ),
                Tile(count(float(weeks.median()) if len(weeks) else 0, self.lang), t("weken per spel"), INK),
            ],
            lines=[
                Line(
                    t("{name}: {n} spellen").format(name=self.sname[n], n=count((room.scenario == n).sum(), self.lang)),
                    self.colour[n],
                )
                for n in self.names
            ],
        )

    def _mean(self, name: str, key: str) -> float:
        v = pd.to_numeric(self.room.loc[self.room.scenario == name, key], errors="coerce").dropna()
        return float(v.mean()) if len(v) else float("nan")

    def room_numbers(self) -> Slide:
        t, lang = self.t, self.lang
        tiles = []
        for key in ("paperwork_hours", "fields_repeated", "weeks_waiting"):
            for n in self.names:
                tiles.append(
                    Tile(_value(key, self._mean(n, key), lang), f"{self.sname[n]}: {t(SHORT[key])}", self.colour[n])
                )
        title = t("De zaal in cijfers")
        if len(self.names) >= 2:
            a, b = self.names[:2]
            diff = self._mean(b, "paperwork_hours") - self._mean(a, "paperwork_hours")
            if not math.isnan(diff) and abs(diff) >= 0.05:
                tpl = (
                    t("In {b} deed de zaal gemiddeld {x} uur minder papierwerk dan in {a}")
                    if diff < 0
                    else t("In {b} deed de zaal gemiddeld {x} uur méér papierwerk dan in {a}")
                )
                title = tpl.format(a=self.sname[a], b=self.sname[b], x=hours(abs(diff), lang))
        return Slide(
            title,
            kicker=t("De zaal in cijfers"),
            tiles=tiles,
            note=t("Gemiddelde per spel; uren met één decimaal, aantallen afgerond op hele getallen."),
        )

    def outcome(self, key: str, whole: bool) -> Slide:
        t, lang = self.t, self.lang
        cols = []
        for n in self.names:
            mine = self.room[self.room.scenario == n]
            sims = [self.like[pid][key] for pid in mine.play_id if key in self.like[pid]]
            values = pd.to_numeric(pd.concat(sims), errors="coerce").to_numpy(dtype=float) if sims else np.array([])
            players = [
                (r.player, float(v)) for r, v in zip(mine.itertuples(), pd.to_numeric(mine[key], errors="coerce"))
            ]
            cols.append(Column(self.sname[n], self.colour[n], values, players))
        sims = int(sum(c.simulated.size for c in cols))
        value = (lambda v: count(v, lang)) if whole else (lambda v: hours(v, lang))
        parts = []
        for c in cols:
            mine = [v for _p, v in c.players if not math.isnan(v)]
            if not mine:
                room = "–"
            elif value(min(mine)) == value(max(mine)):
                room = value(min(mine))
            else:  # a few players: their range says more than a middle value no one had
                room = t("{low} tot {high}").format(low=value(min(mine)), high=value(max(mine)))
            parts.append(
                t("{scenario}: spelers {room}, huishoudens zoals zij {sim}").format(
                    scenario=c.label, room=room, sim=value(spread(c.simulated).median) if c.simulated.size else "–"
                )
            )
        title = "; ".join(parts)
        bases = set(self.basis.values())
        if bases == {"type_situation"}:
            who = t("van hetzelfde type, in dezelfde situatie (ook hulp gezocht of, zoals de speler, niet)")
        elif bases <= {"type_situation", "situation"}:
            who = t(
                "in dezelfde situatie (ook hulp gezocht of, zoals de speler, niet), van hetzelfde type waar "
                "er genoeg waren"
            )
        else:
            who = t("van hetzelfde type (te weinig in dezelfde situatie om alleen die te nemen)")
        return Slide(
            title,
            kicker=t("{outcome}: spelers tegenover gesimuleerde huishoudens zoals zij (hun middelste waarde)").format(
                outcome=t(SHORT[key]).capitalize()
            ),
            chart=distribution(
                cols, t(SHORT[key]), t("gesimuleerd: middelste helft, streep = midden"), t("speler"), whole
            ),
            chart_alt=label(key, lang),
            note=t(
                "Vergeleken met {n} gesimuleerde huishoudens {who}, in dezelfde weken. Het blok: de "
                "middelste helft; de lijn: 8 van de 10; een stip: één speler."
            ).format(n=count(sims, lang), who=who),
        )

    def pair(self, player: str, mine: pd.DataFrame) -> Slide:
        t, lang = self.t, self.lang
        a, b = [n for n in self.names if n in set(mine.scenario)][:2]
        ra, rb = (mine[mine.scenario == n].iloc[-1] for n in (a, b))
        diff = float(rb.paperwork_hours) - float(ra.paperwork_hours)
        if abs(diff) < 0.05:
            title = t("{player}: evenveel papierwerk in {a} en {b}")
        elif diff < 0:
            title = t("{player}: {x} uur minder papierwerk in {b} dan in {a}")
        else:
            title = t("{player}: {x} uur méér papierwerk in {b} dan in {a}")
        tiles = [
            Tile(_value(k, float(r[k]), lang), f"{self.sname[n]}: {t(SHORT[k])}", self.colour[n])
            for k in ("paperwork_hours", "fields_repeated")
            for n, r in ((a, ra), (b, rb))
        ]
        reasons = []  # what took work away in b, then what cost work or harm in a, then in b; with weeks first
        for n, r, helps in ((b, rb, True), (a, ra, False), (b, rb, False)):
            for f in moments([f for f in self.facts.get(r.play_id, []) if f.helps == helps], most=4):
                if len(reasons) < 4:
                    reasons.append(Line(f"{self.sname[n]}: {f.text}", self.colour[n]))
        return Slide(
            title.format(player=player, a=self.sname[a], b=self.sname[b], x=hours(abs(diff), lang)),
            kicker=t("Dezelfde speler, hetzelfde huishouden, dezelfde buren"),
            accent=self.colour[b],
            tiles=tiles,
            lines=reasons or [Line(t("Het logboek van deze spellen noemt geen mechanisme."))],
            note=t("Elke reden komt uit het logboek van het model voor dit spel."),
        )

    def moments(self, player: str, mine: pd.DataFrame) -> Slide:
        t = self.t
        lines = []
        for r in mine.itertuples():
            for f in moments(self.facts.get(r.play_id, []), most=2 if len(mine) > 1 else 4):
                lines.append(
                    Line(f"{self.sname.get(r.scenario, r.scenario)}: {f.text}", self.colour.get(r.scenario, INK))
                )
        return Slide(
            t("{player}: de momenten die het spel bepaalden").format(player=player),
            kicker=t("Uit het logboek"),
            lines=lines[:4] or [Line(t("Geen bijzondere momenten in het logboek."))],
        )

    def neighbourhood(self) -> Slide:
        t, lang = self.t, self.lang
        tiles = []
        per_run = []
        for n in self.names:
            p = self.pop[self.pop.scenario == n]
            if p.empty:
                continue
            from .peers import sought_help

            helped = p[sought_help(p)]
            runs = max(p["run"].nunique(), 1) if "run" in p else 1
            per_run.append(len(p) / runs)
            crises = pd.to_numeric(p.get("crises", pd.Series(dtype=float)), errors="coerce").sum()
            sought = t("zocht hulp")
            paperwork = t("uur papierwerk van wie hulp zocht (middelste waarde)")
            per_1000 = t("crises per 1.000 huishoudens")
            tiles += [
                Tile(f"{count(100 * len(helped) / len(p), lang)}%", f"{self.sname[n]}: {sought}", self.colour[n]),
                Tile(
                    hours(spread(helped.paperwork_hours).median, lang) if len(helped) else "–",
                    f"{self.sname[n]}: {paperwork}",
                    self.colour[n],
                ),
                Tile(count(1000 * crises / len(p), lang), f"{self.sname[n]}: {per_1000}", self.colour[n]),
            ]
        return Slide(
            t("De gesimuleerde wijk: {n} huishoudens per spel, dezelfde regels").format(
                n=count(float(np.median(per_run)) if per_run else 0, lang)
            ),
            kicker=t("Op de schaal van een wijk"),
            tiles=tiles,
            note=t("Alle gesimuleerde huishoudens van de runs waarin de zaal speelde, dezelfde weken."),
        )

    def time_played(self) -> Slide:
        t, lang = self.t, self.lang
        cols, flagged, n = [], 0, 0
        for name in self.names:
            mine = self.room[self.room.scenario == name]
            players = []
            for r in mine.itertuples():
                m = self.minutes.get(r.play_id, float("nan"))
                players.append((r.player, m))
                weeks = pd.to_numeric(pd.Series([r.weeks]), errors="coerce").fillna(1).iloc[0]
                flagged += bool(not math.isnan(m) and m < CLICK_THROUGH_PER_WEEK * weeks)
                n += 1
            cols.append(Column(self.sname[name], self.colour[name], np.array([]), players))
        weeks = pd.to_numeric(self.room.weeks, errors="coerce").median()
        line = CLICK_THROUGH_PER_WEEK * (1 if math.isnan(weeks) else weeks)
        return Slide(
            t("{k} van de {n} spellen zijn doorgeklikt (minder dan 1 minuut per week)").format(
                k=count(flagged, lang), n=count(n, lang)
            ),
            kicker=t("Speeltijd"),
            chart=minutes(cols, line, t("minuten gespeeld"), t("grens doorklikken")),
            chart_alt=t("Speeltijd"),
            note=t("Echte minuten per spel, uit de tijden in het logboek; pauzes van meer dan 5 minuten tellen niet."),
        )

    def questions(self) -> Slide:
        t, lang = self.t, self.lang
        facts = [f for fs in self.facts.values() for f in fs]
        total = {k: sum(f.value for f in facts if f.key == k) for k in {f.key for f in facts}}
        found: list[str] = []
        if total.get("asked_again"):
            found.append(
                t(
                    "Samen vulden jullie {n} keer een gegeven opnieuw in. Welke vragen stelt uw eigen "
                    "organisatie dubbel, en wie zou ze kunnen delen?"
                ).format(n=count(total["asked_again"], lang))
            )
        if total.get("ask_once"):
            found.append(
                t(
                    "Met eenmalige uitvraag stonden {n} antwoorden al klaar. Wat is er nodig om dat bij u "
                    "te laten werken, en wat mag niet gedeeld worden?"
                ).format(n=count(total["ask_once"], lang))
            )
        if total.get("case_manager"):
            found.append(
                t(
                    "Casemanagers namen samen {h} uur papierwerk over. Wie betaalt die uren, en wat "
                    "levert het op aan kosten die wegvallen?"
                ).format(h=hours(total["case_manager"], lang))
            )
        passive = int((pd.to_numeric(self.room.get("applications", 0), errors="coerce").fillna(0) == 0).sum())
        if passive:
            found.append(
                t(
                    "{n} spellen eindigden zonder één aanvraag. Wat houdt mensen tegen om hulp te vragen "
                    "waar ze recht op hebben?"
                ).format(n=count(passive, lang))
            )
        if total.get("rejection") or total.get("sanction"):
            found.append(
                t(
                    "Er vielen {n} afwijzingen en sancties. Wat doet zo'n brief met het vertrouwen in de gemeente?"
                ).format(n=count(total.get("rejection", 0) + total.get("sanction", 0), lang))
            )
        if total.get("queue"):
            found.append(
                t(
                    "Aanvragen wachtten samen {n} weken in een wachtrij. Waar ontstaat de wachtrij, en wat "
                    "kost wachten een huishouden?"
                ).format(n=count(total["queue"], lang))
            )
        found.append(t("Wat zou u morgen anders doen aan uw eigen loket?"))
        return Slide(
            t("Om over te praten"), kicker=t("Vragen bij wat deze zaal deed"), lines=[Line(q) for q in found[:5]]
        )


def write_slides(
    out: Path,
    room: pd.DataFrame,
    entries: pd.DataFrame,
    pop: pd.DataFrame,
    lang: str,
    code: str,
    scenarios: dict[str, object],
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Path], list[Page]]:
    """``slides-<lang>.html`` and ``slides-<lang>.pdf`` in ``out``; returns the files and the laid-out pages."""
    t = texts(lang)
    slides = Builder(room, entries, pop, lang, code, scenarios).slides()
    pages = [layout(s, i + 1, len(slides)) for i, s in enumerate(slides)]
    title = t("Nabespreking workshop {code}").format(code=code)
    html = write_html(pages, out / f"slides-{lang}.html", title, lang)
    pdf = write_pdf(pages, out / f"slides-{lang}.pdf", title)
    return [html, pdf], pages
