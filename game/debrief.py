"""After a play: the debrief (your numbers against the neighbourhood of the same run) and the
comparison of your plays of different scenarios side by side.

* :class:`DebriefScreen` ``(app, session)`` – charts (game/charts.py) and a table of the player's
  numbers against simulated households like the player (workshop/peers.py: the same run, the same
  household type, the same situation: they sought help or, like the player, did not): their middle
  value and spread (the middle half); under the chart what the play's record says happened
  (workshop/explain.py).
  Buttons: play the other scenario (``app.play_other(session)``), the comparison
  (``ComparisonScreen`` over ``app.plays``, once two scenarios have been played), the title
  screen (``app.to_title()``).
* :class:`ComparisonScreen` ``(app, plays)`` – ``plays``: scenario name -> finished PlayerSession.

Every number shown is ``session.final_numbers()`` (the model's own record of the household),
or the public money spent on the household in three kinds (PlayerSession.public_money: services,
transfers, crises, and their sum); ``rows`` keeps them for tests and the workshop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pygame

from .charts import comparison_figure, outcome_label, population_figure
from .debrief_rows import (
    COMPARISON,
    TABLE,
    Row,
    comparison_rows,
    debrief_rows,
    explanation_lines,
    fmt,
    ordered_plays,
    peer_group,
    row_label,
)
from .debrief_table import CELL_PAD, TableScreen
from .widgets import label, px, wrap

if TYPE_CHECKING:
    from player import PlayerSession

#: The screens, and the table's rows and numbers (game/debrief_rows.py) under their old address.
__all__ = [
    "COMPARISON",
    "TABLE",
    "ComparisonScreen",
    "DebriefScreen",
    "Row",
    "comparison_rows",
    "debrief_rows",
    "explanation_lines",
    "fmt",
    "ordered_plays",
    "peer_group",
    "row_label",
]


class DebriefScreen(TableScreen):
    def __init__(self, app, session: PlayerSession) -> None:
        super().__init__(app)
        self.session = session

    def comparison_ready(self) -> bool:
        plays = getattr(self.app, "plays", {}) or {}
        return len(plays) >= 2

    def on_enter(self) -> None:
        _, s, lang = self._, self.session, self.app.lang
        info = s.info(lang)
        self._title(
            _("Nabespreking: {scenario}").format(scenario=info.title),
            (
                _("{persona}, {weeks} week, in een wijk van {n} gesimuleerde huishoudens (seed {seed})")
                if info.weeks == 1
                else _("{persona}, {weeks} weken, in een wijk van {n} gesimuleerde huishoudens (seed {seed})")
            ).format(persona=info.persona_name, weeks=info.weeks, n=info.households, seed=info.seed),
        )
        chart, table, bottom = self._layout()
        chart = self._explain(chart, _("Wat er gebeurde (uit het logboek van het model):"), explanation_lines(s, lang))
        self._chart(
            chart, ("population", info.session_id), lambda size, dpi: population_figure(s, size, dpi, lang=lang)
        )
        self.headers = [_("u"), _("zoals u*"), _("spreiding*")]
        self.rows = debrief_rows(s, lang)
        same, basis = peer_group(s)
        who = {
            "type_situation": _("uw type, zelfde situatie"),
            "situation": _("zelfde situatie, alle typen"),
            "type": _("uw type"),
            "all": _("de hele wijk"),
        }[basis]
        note = wrap(
            _(
                "* {n} gesimuleerde huishoudens zoals u ({who}), dezelfde weken; spreiding: de middelste "
                "helft; publiek geld: gemiddelde"
            ).format(n=len(same), who=who),
            table.width - CELL_PAD,
            16,
        )
        table.height -= px(22) * len(note) + 6  # the footnote goes below the table, whole
        y = self._table(table) + 4
        for line in note:
            self.widgets.append(label(self.app.manager, pygame.Rect(table.x, y, table.width, px(22)), line, "subtle"))
            y += px(22)
        ready = self.comparison_ready()
        self._buttons(
            bottom,
            [
                ("other", _("Speel het andere scenario"), True, None),
                ("compare", _("Vergelijking"), ready, None if ready else _("Speel eerst ook het andere scenario")),
                ("title", _("Titelscherm"), True, None),
            ],
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        key = self.pressed(event)
        if key == "other":
            self.app.play_other(self.session)
        elif key == "compare" and self.comparison_ready():
            self.app.push(ComparisonScreen(self.app, self.app.plays))
        elif key == "title":
            self.app.to_title()
        else:
            return False
        return True


class ComparisonScreen(TableScreen):
    def __init__(self, app, plays: Mapping[str, PlayerSession]) -> None:
        super().__init__(app)
        self.plays = ordered_plays(plays)

    def on_enter(self) -> None:
        _, lang = self._, self.app.lang
        names = list(self.plays)
        first = self.plays[names[0]] if names else None
        persona = first.info().persona_name if first else ""
        self._title(
            _("Vergelijking: hetzelfde huishouden, anders georganiseerde hulp"),
            _(
                "{persona} in {scenarios}. Verschillen komen uit de organisatie van de hulp: dezelfde "
                "seed, dezelfde buren, dezelfde levensgebeurtenissen."
            ).format(persona=persona, scenarios=", ".join(outcome_label(n, lang) for n in names)),
        )
        chart, table, bottom = self._layout()
        reasons = [
            f"{outcome_label(n, lang)}: {line}" for n in names for line in explanation_lines(self.plays[n], lang)[:3]
        ]
        chart = self._explain(chart, _("Waarom het verschilt (uit het logboek van het model):"), reasons)
        if names:
            key = ("comparison", *(self.plays[n].info().session_id for n in names))
            self._chart(chart, key, lambda size, dpi: comparison_figure(self.plays, size, dpi, lang=lang))
        self.headers = [h for _n in names for h in (_("u"), _("zoals u*"))]
        self.rows = comparison_rows(self.plays, lang)
        note = wrap(
            _(
                "* de middelste waarde van de gesimuleerde huishoudens zoals u in die run (zelfde "
                "situatie, zo mogelijk uw type); publiek geld: gemiddelde"
            ),
            table.width - CELL_PAD,
            16,
        )
        table.height -= px(22) * len(note) + 6  # the footnote goes below the table, whole
        y = self._table(table, groups=[outcome_label(n, lang) for n in names]) + 4
        for line in note:
            self.widgets.append(label(self.app.manager, pygame.Rect(table.x, y, table.width, px(22)), line, "subtle"))
            y += px(22)
        self._buttons(
            bottom,
            [
                ("back", _("Terug"), len(getattr(self.app, "stack", [])) > 1, None),
                ("title", _("Titelscherm"), True, None),
            ],
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        key = self.pressed(event)
        if key == "back":
            self.app.pop()
        elif key == "title":
            self.app.to_title()
        else:
            return False
        return True
