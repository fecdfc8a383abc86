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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import pygame
import pygame_gui
from babel.numbers import format_decimal

from loket_i18n import translator
from loket_i18n.numbers import LOCALES
from player import OUTCOMES
from workshop.peers import spread as peer_spread

from .charts import (
    PUBLIC_MONEY,
    comparison_figure,
    outcome_label,
    player_numbers,
    population_figure,
    to_surface,
    with_public_money,
)
from .screen import Screen
from .widgets import button, ellipsize, font, label, px, wrap
from .widgets import label as _label

if TYPE_CHECKING:
    from player import PlayerSession

#: Rows of the debrief table: the household's outcomes, what explains them, then public money.
TABLE = ("paperwork_hours", "debt_admin_hours", "visits", "fields_repeated", "weeks_waiting", "wait_per_application",
         "final_debt", "crises", "trust", "stress", "sent_on", "rejections", "sanctions", "deadlines_missed",
         "granted", *PUBLIC_MONEY)
#: Rows of the comparison table.
COMPARISON = ("paperwork_hours", "debt_admin_hours", "visits", "fields_repeated", "weeks_waiting",
              "wait_per_application", "final_debt", "crises", "trust", *PUBLIC_MONEY)
#: How the table writes a number, by the outcome's unit in the registry: euro without cents, shares
#: and 0-1 scales with two decimals, hours and the wait per application (a mean) with one, counts whole.
MONEY = {n for n, o in OUTCOMES.items() if o.unit == "EUR"}
SHARES = {n for n, o in OUTCOMES.items() if o.unit in ("share", "scale")}
HOURS = {n for n, o in OUTCOMES.items() if o.unit == "hours"} | {"wait_per_application"}
MARGIN = 20
#: Rendered charts by (kind, session ids, size, dpi, language): finished plays do not change.
_CHARTS: dict[tuple, pygame.Surface] = {}
ROW_H = 26
#: Room a table cell keeps beside its text.
CELL_PAD = 14


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


class _TableScreen(Screen):
    """Shared parts: a title, a chart image, a table of labels, a row of buttons."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.rows: list[Row] = []
        self.headers: list[str] = []

    @property
    def _(self):
        return translator("debrief", self.app.lang)

    def on_exit(self) -> None:
        for w in self.widgets + list(self.buttons.values()):
            w.kill()
        self.widgets, self.buttons = [], {}

    def _layout(self) -> tuple[pygame.Rect, pygame.Rect, int]:
        w, h = self.app.size
        top, bottom = 76, h - 74
        chart_w = int((w - 3 * MARGIN) * 0.44)  # the table has three number columns
        chart = pygame.Rect(MARGIN, top, chart_w, bottom - top - 10)
        table = pygame.Rect(chart.right + MARGIN, top, w - chart.right - 2 * MARGIN, bottom - top - 10)
        return chart, table, bottom

    def _explain(self, rect: pygame.Rect, heading: str, lines: list[str]) -> pygame.Rect:
        """The reasons from the record under the chart: a heading and one wrapped line each, at the
        bottom of ``rect`` (at most 45% of it); returns what is left of ``rect`` for the chart."""
        if not lines:
            return rect
        width = rect.width - CELL_PAD
        wrapped = [wrap("• " + text, width, 16) for text in lines]
        most = int(rect.height * 0.45) // 22 - 1
        shown: list[str] = []
        for ls in wrapped:
            if len(shown) + len(ls) > most:
                break
            shown += ls
        height = 22 * len(shown) + 28 + 8
        y = rect.bottom - height + 4
        self.widgets.append(label(self.app.manager, pygame.Rect(rect.x, y, rect.width, 28), heading, ""))
        y += 6
        for line in shown:
            y += 22
            self.widgets.append(label(self.app.manager, pygame.Rect(rect.x, y, rect.width, 22), line, "subtle"))
        return pygame.Rect(rect.x, rect.y, rect.width, rect.height - height - 6)

    def _title(self, text: str, sub: str) -> None:
        w = self.app.size[0]
        m = self.app.manager
        self.widgets.append(label(m, pygame.Rect(MARGIN, 8, w - 2 * MARGIN, 40), text, "heading"))
        self.widgets.append(label(m, pygame.Rect(MARGIN, 48, w - 2 * MARGIN, 26), sub, "subtle"))

    def _dpi(self) -> int:
        """Chart text grows with the window (100 dpi at the minimum window size)."""
        w, h = self.app.size
        return round(100 * max(1.0, min(w / 1280, h / 720)))

    def _chart(self, rect: pygame.Rect, key: tuple, make) -> None:
        key = (*key, rect.size, self._dpi(), self.app.lang)
        surface = _CHARTS.get(key)
        if surface is None:
            surface = to_surface(make(rect.size, self._dpi()))
            _CHARTS[key] = surface
            while len(_CHARTS) > 6:  # a few sizes and languages of the last plays
                _CHARTS.pop(next(iter(_CHARTS)))
        self.widgets.append(pygame_gui.elements.UIImage(rect, surface, self.app.manager))

    def _table(self, rect: pygame.Rect, groups: list[str] | None = None) -> int:
        """A grid of labels: the first column the outcome, then one column per header;
        ``groups`` (optional) label each run of equally many columns above the headers.
        Nothing is cut off: number columns are as wide as their header and numbers need, a header
        that does not fit takes two lines, and so does an outcome name (in the smaller font).
        The grid lies in a scrolling panel of ``rect`` (it scrolls only when it does not fit, e.g. at
        the large text size).  Returns the y below the table (at most ``rect.bottom``)."""
        m = self.app.manager
        panel = pygame_gui.elements.UIScrollingContainer(rect, m, allow_scroll_x=False)
        self.widgets.append(panel)
        origin = rect.topleft
        if 6 + px(26) + len(self.rows) * (px(ROW_H) - 4) > rect.height:  # it will scroll: room for the bar
            rect = pygame.Rect(rect.x, rect.y, rect.width - 24, rect.height)

        def label(manager, r: pygame.Rect, text: str, kind: str = ""):
            return _label(manager, r.move(-origin[0], -origin[1]), text, kind, container=panel)
        n = len(self.headers)
        big = font(18)
        values = [max((big.size(r.texts[i])[0] for r in self.rows), default=0) for i in range(n)]

        def columns(whole_headers: bool) -> list[int]:
            """Number columns as wide as their numbers and header (or the header's longest word)."""
            words = [[h] if whole_headers else h.split() for h in self.headers]
            need = [max([values[i], *(big.size(x)[0] for x in words[i])]) + CELL_PAD for i in range(n)]
            if groups:
                span = n // len(groups)
                for g, name in enumerate(groups):
                    short = big.size(name)[0] + CELL_PAD - sum(need[g * span:(g + 1) * span])
                    for i in range(g * span, (g + 1) * span):
                        need[i] += max(0, short) // span + 1
            return need

        def label_lines(width: int, size: int, most: int) -> list[list[str]] | None:
            """Every outcome name in at most ``most`` lines of ``width`` pixels, or None."""
            out = [wrap(r.label, width, size) for r in self.rows]
            if all(len(ls) <= most and all(font(size).size(x)[0] <= width for x in ls) for ls in out):
                return out
            return None

        # the first layout in this order that shows every word: one-line names in the normal font,
        # with whole headers or headers in two lines, then names in two lines of the smaller font
        for whole, size, most in ((True, 18, 1), (False, 18, 1), (True, 16, 2), (False, 16, 2)):
            cols = columns(whole)
            first = rect.width - sum(cols)
            lines = label_lines(first - 2 * CELL_PAD, size, most)
            if lines is not None:
                break
        else:
            lines = [[ellipsize(r.label, first - 2 * CELL_PAD, 16)] for r in self.rows]
        if size == 18:  # room to spare goes to the number columns; the names keep what they need
            first = max((big.size(r.label)[0] for r in self.rows), default=150) + 2 * CELL_PAD
            spare = rect.width - first - sum(cols)
            cols = [c + spare // max(n, 1) for c in cols]
        kind, line_h = ("", 0) if size == 18 else ("subtle", px(22))
        heads = [wrap(h, c - CELL_PAD, 18) if big.size(h)[0] > c - CELL_PAD else [h]
                 for h, c in zip(self.headers, cols)]
        head_h = 6 + px(26) * max((len(h) for h in heads), default=1)
        group_h = 30 if groups else 0
        avail = rect.height - head_h - group_h
        two = sum(1 for ls in lines if len(ls) > 1)
        one = len(self.rows) - two
        row_h = px(ROW_H) + 10
        while row_h > px(ROW_H) - 4 and one * row_h + two * max(row_h, 2 * px(22) + 4) > avail:
            row_h -= 1
        xs = [rect.x + first + sum(cols[:i]) for i in range(n)]
        y = rect.y
        if groups:
            span = n // len(groups)
            for g, name in enumerate(groups):
                width = sum(cols[g * span:(g + 1) * span])
                self.widgets.append(label(m, pygame.Rect(xs[g * span], y, width, 30), name, "centered"))
            y += group_h
        for x, c, head in zip(xs, cols, heads):
            top = y + (head_h - px(26) * len(head)) // 2
            for k, line in enumerate(head):
                self.widgets.append(label(m, pygame.Rect(x, top + px(26) * k, c, px(26)), line, "centered"))
        y += head_h
        for row, ls in zip(self.rows, lines):
            h = row_h if len(ls) == 1 else max(row_h, 2 * px(22) + 4)
            if not line_h:
                self.widgets.append(label(m, pygame.Rect(rect.x, y, first, h), ls[0], kind))
            else:
                top = y + (h - line_h * len(ls)) // 2
                for k, line in enumerate(ls):
                    self.widgets.append(label(m, pygame.Rect(rect.x, top + line_h * k, first, line_h), line, kind))
            for x, c, text in zip(xs, cols, row.texts):
                self.widgets.append(label(m, pygame.Rect(x, y, c, h), text, "centered"))
            y += h
        content = y - rect.y
        # rows fill the rectangle to its last pixel at the normal size: no scroll bar for a pixel or two
        panel.set_scrollable_area_dimensions((rect.width - 24, content if content > rect.height + 2 else rect.height))
        return min(y, rect.bottom)

    def _buttons(self, bottom: int, specs: list[tuple[str, str, bool, str | None]]) -> None:
        w = self.app.size[0]
        bw = min(320, (w - (len(specs) + 1) * MARGIN) // len(specs))
        x = w - MARGIN - len(specs) * (bw + MARGIN) + MARGIN
        for key, caption, enabled, tip in specs:
            b = button(self.app.manager, pygame.Rect(x, bottom + 10, bw, 50), caption, "" if key != "title" else
                       "secondary", tooltip=tip, object_id=f"debrief_{key}")
            if not enabled:
                b.disable()
            self.buttons[key] = b
            x += bw + MARGIN

    def pressed(self, event: pygame.event.Event) -> str | None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        return next((k for k, b in self.buttons.items() if b is event.ui_element), None)


class DebriefScreen(_TableScreen):
    def __init__(self, app, session: PlayerSession) -> None:
        super().__init__(app)
        self.session = session

    def comparison_ready(self) -> bool:
        plays = getattr(self.app, "plays", {}) or {}
        return len(plays) >= 2

    def on_enter(self) -> None:
        _, s, lang = self._, self.session, self.app.lang
        info = s.info(lang)
        self._title(_("Nabespreking: {scenario}").format(scenario=info.title),
                    (_("{persona}, {weeks} week, in een wijk van {n} gesimuleerde huishoudens (seed {seed})")
                     if info.weeks == 1 else
                     _("{persona}, {weeks} weken, in een wijk van {n} gesimuleerde huishoudens (seed {seed})")).format(
                        persona=info.persona_name, weeks=info.weeks, n=info.households, seed=info.seed))
        chart, table, bottom = self._layout()
        chart = self._explain(chart, _("Wat er gebeurde (uit het logboek van het model):"),
                              explanation_lines(s, lang))
        self._chart(chart, ("population", info.session_id),
                    lambda size, dpi: population_figure(s, size, dpi, lang=lang))
        self.headers = [_("u"), _("zoals u*"), _("spreiding*")]
        self.rows = debrief_rows(s, lang)
        same, basis = peer_group(s)
        who = {"type_situation": _("uw type, zelfde situatie"), "situation": _("zelfde situatie, alle typen"),
               "type": _("uw type"), "all": _("de hele wijk")}[basis]
        note = wrap(_("* {n} gesimuleerde huishoudens zoals u ({who}), dezelfde weken; spreiding: de middelste "
                      "helft; publiek geld: gemiddelde").format(n=len(same), who=who), table.width - CELL_PAD, 16)
        table.height -= 22 * len(note) + 6  # the footnote goes below the table, whole
        y = self._table(table) + 4
        for line in note:
            self.widgets.append(label(self.app.manager, pygame.Rect(table.x, y, table.width, 22), line, "subtle"))
            y += 22
        ready = self.comparison_ready()
        self._buttons(bottom, [
            ("other", _("Speel het andere scenario"), True, None),
            ("compare", _("Vergelijking"), ready, None if ready else _("Speel eerst ook het andere scenario")),
            ("title", _("Titelscherm"), True, None),
        ])

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


class ComparisonScreen(_TableScreen):
    def __init__(self, app, plays: Mapping[str, PlayerSession]) -> None:
        super().__init__(app)
        self.plays = ordered_plays(plays)

    def on_enter(self) -> None:
        _, lang = self._, self.app.lang
        names = list(self.plays)
        first = self.plays[names[0]] if names else None
        persona = first.info().persona_name if first else ""
        self._title(_("Vergelijking: hetzelfde huishouden, anders georganiseerde hulp"),
                    _("{persona} in {scenarios}. Verschillen komen uit de organisatie van de hulp: dezelfde "
                      "seed, dezelfde buren, dezelfde levensgebeurtenissen.").format(
                        persona=persona, scenarios=", ".join(outcome_label(n, lang) for n in names)))
        chart, table, bottom = self._layout()
        reasons = [f"{outcome_label(n, lang)}: {line}" for n in names
                   for line in explanation_lines(self.plays[n], lang)[:3]]
        chart = self._explain(chart, _("Waarom het verschilt (uit het logboek van het model):"), reasons)
        if names:
            key = ("comparison", *(self.plays[n].info().session_id for n in names))
            self._chart(chart, key, lambda size, dpi: comparison_figure(self.plays, size, dpi, lang=lang))
        self.headers = [h for _n in names for h in (_("u"), _("zoals u*"))]
        self.rows = comparison_rows(self.plays, lang)
        note = wrap(_("* de middelste waarde van de gesimuleerde huishoudens zoals u in die run (zelfde "
                      "situatie, zo mogelijk uw type); publiek geld: gemiddelde"), table.width - CELL_PAD, 16)
        table.height -= 22 * len(note) + 6  # the footnote goes below the table, whole
        y = self._table(table, groups=[outcome_label(n, lang) for n in names]) + 4
        for line in note:
            self.widgets.append(label(self.app.manager, pygame.Rect(table.x, y, table.width, 22), line, "subtle"))
            y += 22
        self._buttons(bottom, [
            ("back", _("Terug"), len(getattr(self.app, "stack", [])) > 1, None),
            ("title", _("Titelscherm"), True, None),
        ])

    def handle_event(self, event: pygame.event.Event) -> bool:
        key = self.pressed(event)
        if key == "back":
            self.app.pop()
        elif key == "title":
            self.app.to_title()
        else:
            return False
        return True
