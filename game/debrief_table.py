"""The frame the debrief and the comparison share (game/debrief.py): a title, a chart image, the
reasons from the record under it, a table of labels beside it, and a row of buttons.  The table
lays itself out so that nothing is cut off, at every window and text size."""

from __future__ import annotations

import pygame
import pygame_gui

from loket_i18n import translator

from . import widgets
from .charts import to_surface
from .debrief_rows import Row
from .screen import Screen
from .widgets import button, ellipsize, font, label, px, wrap
from .widgets import label as _label

MARGIN = 20
#: Rendered charts by (kind, session ids, size, dpi, language): finished plays do not change.
_CHARTS: dict[tuple, pygame.Surface] = {}
ROW_H = 26
#: Room a table cell keeps beside its text.
CELL_PAD = 14


class TableScreen(Screen):
    """Shared parts: a title, a chart image, a table of labels, a row of buttons."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.widgets: list = []
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.rows: list[Row] = []
        self.headers: list[str] = []
        self.top = 76  # below the title (_title: more when the line under it takes two)

    @property
    def _(self):
        return translator("debrief", self.app.lang)

    def on_exit(self) -> None:
        for w in self.widgets + list(self.buttons.values()):
            w.kill()
        self.widgets, self.buttons = [], {}

    def _layout(self) -> tuple[pygame.Rect, pygame.Rect, int]:
        w, h = self.app.size
        top, bottom = self.top, h - 74
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
        head = wrap(heading, width, 18)
        line_h, head_h = px(22), px(28)
        most = int(rect.height * 0.45) // line_h - len(head)
        shown: list[str] = []
        for ls in wrapped:
            if len(shown) + len(ls) > most:
                break
            shown += ls
        height = line_h * len(shown) + head_h * len(head) + 8
        y = rect.bottom - height + 4
        for line in head:
            self.widgets.append(label(self.app.manager, pygame.Rect(rect.x, y, rect.width, head_h), line, ""))
            y += head_h
        y -= line_h
        for line in shown:
            y += line_h
            self.widgets.append(label(self.app.manager, pygame.Rect(rect.x, y, rect.width, line_h), line, "subtle"))
        return pygame.Rect(rect.x, rect.y, rect.width, rect.height - height - 6)

    def _title(self, text: str, sub: str) -> None:
        """The title, and under it ``sub`` in as many lines as it needs (at the large text size two);
        sets ``top``, where the chart and the table begin."""
        w = self.app.size[0]
        m = self.app.manager
        head_h = max(40, font(28, bold=True).get_height())
        self.widgets.append(label(m, pygame.Rect(MARGIN, 8, w - 2 * MARGIN, head_h), text, "heading"))
        y, step = 8 + head_h, max(26, font(16).get_height())
        for line in wrap(sub, w - 2 * MARGIN - CELL_PAD, 16):
            self.widgets.append(label(m, pygame.Rect(MARGIN, y, w - 2 * MARGIN, step), line, "subtle"))
            y += step
        self.top = max(76, y + 2)

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
                    short = big.size(name)[0] + CELL_PAD - sum(need[g * span : (g + 1) * span])
                    for i in range(g * span, (g + 1) * span):
                        need[i] += max(0, short) // span + 1
            return need

        def label_lines(width: int, size: int, most: int) -> list[list[str]] | None:
            """Every outcome name in at most ``most`` lines of ``width`` pixels, or None."""
            out = [wrap(r.label, width, size) for r in self.rows]
            if all(len(ls) <= most and all(font(size).size(x)[0] <= width for x in ls) for ls in out):
                return out
            return None

        def plan(width: int):
            """The columns, names, headers and row height in ``width`` pixels, and the grid's height."""
            # the first layout in this order that shows every word: one-line names in the normal font,
            # with whole headers or headers in two lines, then names in two lines of the smaller font
            for whole, size, most in ((True, 18, 1), (False, 18, 1), (True, 16, 2), (False, 16, 2)):
                cols = columns(whole)
                first = width - sum(cols)
                lines = label_lines(first - 2 * CELL_PAD, size, most)
                if lines is not None:
                    break
            else:
                lines = [[ellipsize(r.label, first - 2 * CELL_PAD, 16)] for r in self.rows]
            if size == 18:  # room to spare goes to the number columns; the names keep what they need
                first = max((big.size(r.label)[0] for r in self.rows), default=150) + 2 * CELL_PAD
                spare = width - first - sum(cols)
                cols = [c + spare // max(n, 1) for c in cols]
            heads = [
                wrap(h, c - CELL_PAD, 18) if big.size(h)[0] > c - CELL_PAD else [h] for h, c in zip(self.headers, cols)
            ]
            head_h = 6 + px(26) * max((len(h) for h in heads), default=1)
            avail = rect.height - head_h - group_h
            two = sum(1 for ls in lines if len(ls) > 1)
            one = len(self.rows) - two
            row_h = px(ROW_H) + 10
            while row_h > floor and one * row_h + two * max(row_h, 2 * px(22) + 4) > avail:
                row_h -= 1
            content = head_h + group_h + one * row_h + two * max(row_h, 2 * px(22) + 4)
            return first, cols, lines, size, heads, head_h, row_h, content

        group_h = 30 if groups else 0
        floor = px(ROW_H) - 4  # rows shrink to fit down to this; at the large size never below their text
        if widgets.SCALE != 1.0:  # (widgets.label grows a rectangle lower than its text)
            floor = max(floor, big.get_height())
        first, cols, lines, size, heads, head_h, row_h, content = plan(rect.width)
        if content > rect.height + 2:  # it scrolls: the columns keep clear of the scroll bar
            rect = pygame.Rect(rect.x, rect.y, rect.width - 24, rect.height)
            first, cols, lines, size, heads, head_h, row_h, content = plan(rect.width)
        kind, line_h = ("", 0) if size == 18 else ("subtle", px(22))
        xs = [rect.x + first + sum(cols[:i]) for i in range(n)]
        y = rect.y
        if groups:
            span = n // len(groups)
            for g, name in enumerate(groups):
                width = sum(cols[g * span : (g + 1) * span])
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
            b = button(
                self.app.manager,
                pygame.Rect(x, bottom + 10, bw, 50),
                caption,
                "" if key != "title" else "secondary",
                tooltip=tip,
                object_id=f"debrief_{key}",
            )
            if not enabled:
                b.disable()
            self.buttons[key] = b
            x += bw + MARGIN

    def pressed(self, event: pygame.event.Event) -> str | None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        return next((k for k, b in self.buttons.items() if b is event.ui_element), None)
