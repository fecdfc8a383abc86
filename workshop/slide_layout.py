"""Slides laid out once, drawn twice: the same boxes become HTML and PDF pages.

A slide is 1920 x 1080 pixels.  Every text is wrapped here, with the glyph
widths of the font the deck embeds (DejaVu Sans, shipped with matplotlib), so
the browser and the PDF show exactly the lines computed here and a test can
check that every text fits its box.  A text that does not fit at its size is
set smaller, down to a floor; below the floor its box is marked ``overflow``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib

W, H = 1920, 1080
MARGIN = 96
INK = "#1e2a38"
MUTED = "#4a5563"
PAPER = "#f7f5f0"
FONT_DIR = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
FONTS = {False: os.path.join(FONT_DIR, "DejaVuSans.ttf"), True: os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")}
LINE = 1.22  # line height, times the font size
#: Room kept at the end of each line for differences in how a browser places glyphs.
SLACK = 0.97


@lru_cache(maxsize=2)
def _font(bold: bool):
    from matplotlib.ft2font import FT2Font

    font = FT2Font(FONTS[bold])
    font.set_size(REFERENCE, 72)
    return font


REFERENCE = 100.0  # glyph advances are read once at this size and scaled


@lru_cache(maxsize=4096)
def _advance(ch: str, bold: bool) -> float:
    """A character's advance width at REFERENCE pixels (unhinted, as a browser scales it)."""
    from matplotlib.ft2font import LoadFlags

    glyph = _font(bold).load_char(ord(ch), flags=LoadFlags.NO_HINTING)
    return glyph.linearHoriAdvance / 65536.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in pixels of ``text`` at ``size`` pixels: the sum of the glyph advances.  Kerning, which a
    browser applies, only makes a line narrower, so a line measured here fits there."""
    return sum(_advance(ch, bold) for ch in text) * size / REFERENCE


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a word longer than a line is broken by characters."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if text_width(trial, size, bold) <= width * SLACK:
                line = trial
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width * SLACK and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, bold) > width * SLACK:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


@dataclass
class TextBox:
    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    size: float
    bold: bool = False
    colour: str = INK
    align: str = "left"
    overflow: bool = False
    role: str = "text"  # title, value, caption, line, note, number

    @property
    def line_h(self) -> float:
        return self.size * LINE

    def widest(self) -> float:
        return max((text_width(s, self.size, self.bold) for s in self.lines), default=0.0)

    def fits(self) -> bool:
        return (
            not self.overflow
            and self.widest() <= self.w + 0.5
            and len(self.lines) * self.line_h <= self.h + 0.5
            and self.x >= 0
            and self.y >= 0
            and self.x + self.w <= W
            and self.y + self.h <= H
        )


@dataclass
class Fill:
    x: float
    y: float
    w: float
    h: float
    colour: str
    radius: float = 0.0


@dataclass
class ChartBox:
    x: float
    y: float
    w: float
    h: float
    draw: Callable  # draw(fig, rect) with rect (left, bottom, width, height) in figure fractions
    alt: str = ""


@dataclass
class Page:
    boxes: list[TextBox] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    charts: list[ChartBox] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [" ".join(b.lines) for b in self.boxes]


def text_box(
    text: str,
    x: float,
    y: float,
    w: float,
    h: float,
    size: float,
    floor: float,
    bold: bool = False,
    colour: str = INK,
    align: str = "left",
    role: str = "text",
    grow: bool = False,
) -> TextBox:
    """Wrap ``text`` into the box at ``size``, smaller (to ``floor``) when it does not fit.
    With ``grow`` the box's height becomes what the lines need (at most ``h``)."""
    s = size
    while True:
        lines = wrap(text, w, s, bold)
        if len(lines) * s * LINE <= h or s <= floor:
            break
        s = max(floor, s - 2)
    box = TextBox(x, y, w, h, lines, s, bold, colour, align, role=role)
    box.overflow = len(lines) * s * LINE > h + 0.5
    if grow and not box.overflow:
        box.h = len(lines) * s * LINE
    return box
