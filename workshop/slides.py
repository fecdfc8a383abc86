"""What a slide says (title, number tiles, lines, a chart, a note) and where it goes on 1920 x 1080.

One message per slide: the title is the message, in words; tiles give the
numbers behind it in large type, lines give the reasons, a chart shows the
whole distribution.  ``layout`` turns a :class:`Slide` into a
:class:`~workshop.slide_layout.Page` of boxes that the HTML and PDF writers draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .slide_layout import INK, MARGIN, MUTED, ChartBox, Fill, H, Page, TextBox, W, text_box

TITLE, TITLE_MIN = 64, 44
KICKER = 30
VALUE, VALUE_MIN = 96, 56
CAPTION, CAPTION_MIN = 34, 26
LINE_SIZE, LINE_MIN = 40, 30
NOTE, NOTE_MIN = 26, 22
GAP = 32


@dataclass
class Tile:
    value: str
    caption: str
    colour: str = INK


@dataclass
class Line:
    text: str
    colour: str = INK  # the bullet's colour (a scenario's colour when the line is about a scenario)


@dataclass
class Slide:
    title: str
    kicker: str = ""
    accent: str | None = None
    tiles: list[Tile] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    chart: Callable | None = None
    chart_alt: str = ""
    note: str = ""


def _tiles(tiles: list[Tile], top: float, bottom: float, page: Page) -> float:
    """Tiles in one row (up to 4) or two; every caption of a slide in one size.  Returns the y below them."""
    per_row = len(tiles) if len(tiles) <= 4 else (len(tiles) + 1) // 2
    rows = (len(tiles) + per_row - 1) // per_row
    width = (W - 2 * MARGIN - (per_row - 1) * GAP) / per_row
    height = min(300.0, (bottom - top - (rows - 1) * GAP) / rows)
    inner = width - 56
    value_h = VALUE * 1.22
    cap_h = height - 30 - value_h - 6 - 16
    values = [text_box(t.value, 0, 0, inner, value_h, VALUE, VALUE_MIN, bold=True) for t in tiles]
    captions = [text_box(t.caption, 0, 0, inner, cap_h, CAPTION, CAPTION_MIN) for t in tiles]
    value_size = min(b.size for b in values)
    cap_size = min(b.size for b in captions)
    y = top
    for r in range(rows):
        for i, tile in enumerate(tiles[r * per_row : (r + 1) * per_row]):
            x = MARGIN + i * (width + GAP)
            page.fills.append(Fill(x, y, width, height, "#ffffff", 18))
            page.fills.append(Fill(x, y, width, 12, tile.colour, 0))
            page.boxes.append(
                text_box(
                    tile.value,
                    x + 28,
                    y + 30,
                    inner,
                    value_h,
                    value_size,
                    value_size,
                    bold=True,
                    colour=tile.colour,
                    role="value",
                )
            )
            page.boxes.append(
                text_box(
                    tile.caption,
                    x + 28,
                    y + 30 + value_h + 6,
                    inner,
                    cap_h,
                    cap_size,
                    cap_size,
                    colour=INK,
                    role="caption",
                )
            )
        y += height + GAP
    return y


def _lines(lines: list[Line], top: float, bottom: float, page: Page) -> float:
    """The lines in one size, the largest at which they all fit; when even the smallest does not hold them
    all, the last ones (the least telling: lines come most telling first) are left off."""
    gap = 22
    width = W - 2 * MARGIN - 48
    for size in range(LINE_SIZE, LINE_MIN - 1, -2):
        boxes = [text_box(line.text, MARGIN + 48, 0, width, H, size, size, role="line", grow=True) for line in lines]
        if sum(b.h for b in boxes) + gap * (len(boxes) - 1) <= bottom - top:
            break
    y = top
    for line, box in zip(lines, boxes):
        if y + box.h > bottom and y > top:
            break
        box.y = y
        dot = box.size * 0.42
        page.fills.append(Fill(MARGIN + 6, y + box.line_h / 2 - dot / 2, dot, dot, line.colour, dot / 2))
        page.boxes.append(box)
        y += box.h + gap
    return y


def layout(slide: Slide, number: int, total: int) -> Page:
    page = Page()
    if slide.accent:
        page.fills.append(Fill(0, 0, 28, H, slide.accent))
    top = 48
    if slide.kicker:
        page.boxes.append(
            text_box(
                slide.kicker, MARGIN, top, W - 2 * MARGIN - 200, KICKER * 1.22, KICKER, 24, colour=MUTED, role="kicker"
            )
        )
    top += 56
    title = text_box(
        slide.title, MARGIN, top, W - 2 * MARGIN, 2 * TITLE * 1.22, TITLE, TITLE_MIN, bold=True, role="title", grow=True
    )
    page.boxes.append(title)
    page.boxes.append(
        text_box(
            f"{number}/{total}",
            W - MARGIN - 180,
            48,
            180,
            KICKER * 1.22,
            KICKER,
            24,
            colour=MUTED,
            align="right",
            role="number",
        )
    )
    y = title.y + title.h + 44
    bottom = H - 56
    if slide.note:
        note = text_box(
            slide.note, MARGIN, 0, W - 2 * MARGIN, 3 * NOTE * 1.22, NOTE, NOTE_MIN, colour=MUTED, role="note", grow=True
        )
        note.y = bottom - note.h
        page.boxes.append(note)
        bottom = note.y - 28
    if slide.tiles:
        share = 0.45 if (slide.lines or slide.chart) else 1.0
        y = _tiles(slide.tiles, y, y + (bottom - y) * share, page)
    if slide.lines:
        y = _lines(slide.lines, y, bottom if not slide.chart else y + (bottom - y) * 0.4, page)
    if slide.chart is not None and bottom - y > 200:
        page.charts.append(ChartBox(MARGIN, y, W - 2 * MARGIN, bottom - y, slide.chart, slide.chart_alt))
    return page


def overflowing(page: Page) -> list[TextBox]:
    """Text boxes whose lines do not fit (too wide, too many, or outside the slide)."""
    return [b for b in page.boxes if not b.fits()]
