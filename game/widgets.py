"""Small helpers on top of pygame_gui and pygame: the palette, cached fonts,
wrapped text, and one-line constructors for the widgets every screen uses.
Not a toolkit: anything a widget can do, pygame_gui does."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from loket_i18n.numbers import euro

ASSETS = Path(__file__).resolve().parent.parent / "assets"
THEME = ASSETS / "theme.json"
_FONT_DIR = Path(pygame_gui.__file__).resolve().parent / "data"

# The flat palette (the same colours as assets/theme.json).  Signal colours are from the
# Okabe-Ito set, safe for the common kinds of colour blindness: good is blue, warning is
# vermillion, in between is orange (never red against green); a number or word says it too.
PAPER = (244, 241, 234)
INK = (30, 42, 56)
MUTED = (74, 85, 99)
LINE = (211, 217, 223)
ACCENT = (31, 111, 139)
ACCENT_DARK = (19, 74, 93)
WARN = (213, 94, 0)
GOOD = (0, 114, 178)
AMBER = (230, 159, 0)
#: The keyboard focus ring: dark outside, bright inside, visible on light and dark buttons.
FOCUS = (230, 159, 0)
#: Text size: 1.0 normal, LARGE for the large-text setting (game/textsize.py sets it).
LARGE = 1.25
SCALE = 1.0


def px(n: float) -> int:
    """A size in pixels at the current text size (fonts, line and row heights)."""
    return round(n * SCALE)


WHITE = (255, 255, 255)
GRASS = (214, 228, 205)
ROAD = (228, 224, 214)


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """Noto Sans (shipped with pygame_gui) so drawn text matches the widgets."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return pygame.font.Font(str(_FONT_DIR / name), px(size))


@lru_cache(maxsize=512)
def text(s: str, size: int = 18, colour: tuple[int, int, int] = INK, bold: bool = False) -> pygame.Surface:
    """A rendered line of text; cached, because most labels do not change between frames."""
    return font(size, bold).render(s, True, colour)


def wrap(s: str, width: int, size: int = 18, bold: bool = False) -> list[str]:
    """Split ``s`` into lines that fit ``width`` pixels."""
    f = font(size, bold)
    lines: list[str] = []
    for para in s.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}".strip()
            if f.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def ellipsize(s: str, width: int, size: int = 18, bold: bool = False) -> str:
    f = font(size, bold)
    if f.size(s)[0] <= width:
        return s
    while s and f.size(s + "…")[0] > width:
        s = s[:-1]
    return s + "…"


def blit_lines(
    surface: pygame.Surface,
    lines: list[str],
    pos: tuple[int, int],
    size: int = 18,
    colour: tuple[int, int, int] = INK,
    bold: bool = False,
    gap: int = 4,
) -> int:
    """Draw lines top-down; returns the y below the last line."""
    x, y = pos
    for line in lines:
        img = text(line, size, colour, bold)
        surface.blit(img, (x, y))
        y += img.get_height() + gap
    return y


def button(
    manager: pygame_gui.UIManager,
    rect: pygame.Rect,
    label: str,
    kind: str = "",
    tooltip: str | None = None,
    container=None,
    object_id: str | None = None,
) -> pygame_gui.elements.UIButton:
    """A button; ``kind`` is a theme class (secondary, chosen, danger, big)."""
    oid = ObjectID(class_id=f"@{kind}" if kind else None, object_id=f"#{object_id}" if object_id else None)
    return pygame_gui.elements.UIButton(rect, label, manager, container=container, tool_tip_text=tooltip, object_id=oid)


#: The theme's font size of each kind of label (assets/theme.json), to fit a label's height to it.
LABEL_SIZES = {
    "heading": (28, True),
    "title": (56, True),
    "subtle": (16, False),
    "error": (16, True),
    "big": (22, True),
    "subtitle": (22, True),
    "known": (18, True),
}


def elide(s: str, width: int, kind: str = "") -> str:
    """``s`` cut to fit ``width`` pixels in a label of ``kind``, ending in an ellipsis where it was cut."""
    size, bold = LABEL_SIZES.get(kind, (18, False))
    f = font(size, bold)
    room = width - 8  # the label's own padding
    if f.size(s)[0] <= room:
        return s
    while s and f.size(s.rstrip() + "…")[0] > room:
        s = s[:-1]
    return s.rstrip() + "…"


def label(
    manager: pygame_gui.UIManager, rect: pygame.Rect, s: str, kind: str = "", container=None, fit: bool = False
) -> pygame_gui.elements.UILabel:
    """A one-line label; a rectangle lower than its text (large text size) grows around its middle.
    ``fit``: a text wider than the rectangle is cut with an ellipsis instead of at a letter's edge."""
    if fit:
        s = elide(s, rect.width, kind)
    if SCALE != 1.0:  # large text: a rectangle made for the normal size grows around its middle
        size, bold = LABEL_SIZES.get(kind, (18, False))
        need = font(size, bold).get_height()
        if rect.height < need:
            rect = pygame.Rect(rect).inflate(0, need - rect.height)
    oid = ObjectID(class_id=f"@{kind}" if kind else None)
    return pygame_gui.elements.UILabel(rect, s, manager, container=container, object_id=oid)


def textbox(
    manager: pygame_gui.UIManager, rect: pygame.Rect, html: str, kind: str = "", container=None
) -> pygame_gui.elements.UITextBox:
    oid = ObjectID(class_id=f"@{kind}" if kind else None)
    return pygame_gui.elements.UITextBox(html, rect, manager, container=container, object_id=oid)


def escape_html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bar(surface: pygame.Surface, rect: pygame.Rect, share: float, colour: tuple[int, int, int]) -> None:
    """A flat progress bar for a share between 0 and 1."""
    pygame.draw.rect(surface, LINE, rect, border_radius=4)
    filled = rect.copy()
    filled.width = max(0, min(rect.width, round(rect.width * share)))
    if filled.width:
        pygame.draw.rect(surface, colour, filled, border_radius=4)


def money(amount: float, lang: str = "nl") -> str:
    """Whole euros the way each language writes them: € 1.800 (nl), €1,800 (en)."""
    return euro(amount, lang, space=False)


class Flow:
    """Lays out widgets top-down in a scrolling column: headings, wrapped text, buttons.
    ``actions`` maps each button to the function its press runs.  ``scroll`` (0..1) starts the
    column scrolled as far as it was before a rebuild (``position()`` of the old one)."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, scroll: float = 0.0) -> None:
        self.manager = manager
        self.rect = pygame.Rect(rect)
        self.scroll = pygame_gui.elements.UIScrollingContainer(self.rect, manager, allow_scroll_x=False)
        self.width = self.rect.width - 24  # room for the scroll bar
        self.y = 6
        self.actions: dict[object, object] = {}
        self.elements: list = []
        self._start = scroll

    def _place(self, height: int) -> pygame.Rect:
        self._end_row()
        r = pygame.Rect(4, self.y, self.width - 4, height)
        self.y += height
        return r

    def gap(self, h: int = 8) -> None:
        self._end_row()
        self.y += px(h)

    def heading(self, s: str, size: int = 22) -> None:
        kind, size = ("heading", 28) if size >= 26 else ("big", 22)
        for line in wrap(s, self.width - 8, size, True):
            self.elements.append(label(self.manager, self._place(px(size + 16)), line, kind, container=self.scroll))
        self.y += 2

    def text(self, s: str, kind: str = "", indent: int = 0) -> None:
        size = 16 if kind in ("subtle", "error", "known") else 18
        for line in wrap(s, self.width - 12 - indent, size, kind == "error"):
            r = self._place(px(size + 9))
            r.x += indent
            r.width -= indent
            self.elements.append(label(self.manager, r, line, kind, container=self.scroll))

    def button(
        self,
        s: str | list[str | tuple[str, str]],
        action,
        kind: str = "",
        tooltip: str | None = None,
        enabled: bool = True,
        height: int = 42,
        indent: int = 0,
        object_id: str | None = None,
        width: int | None = None,
    ):
        """A button.  ``s`` may be captions from the fullest to the shortest, each a text or
        (text, note): the first that fits is shown, its note (what that caption leaves out) written
        under the button.  A caption that does not fit at all is shortened, with the whole in the tooltip.
        With ``width`` buttons are set side by side in a row until the row is full."""
        options = [(c, "") if isinstance(c, str) else c for c in ([s] if isinstance(s, str) else s)]
        height = px(height)
        if width is not None:
            r = self._in_row(width, height)
        else:
            self._end_row()
            r = self._place(height)
            r.x += indent
            r.width -= indent
        f = font(18)
        chosen = next((i for i, (c, _) in enumerate(options) if f.size(c)[0] <= r.width - 20), len(options) - 1)
        s, note = options[chosen]
        shown = ellipsize(s, r.width - 20, 18)
        if tooltip is None and shown != s:
            tooltip = options[0][0]  # the whole text when it does not fit
        b = button(self.manager, r, shown, kind, tooltip=tooltip, container=self.scroll, object_id=object_id)
        if not enabled:
            b.disable()
        self.actions[b] = action
        self.elements.append(b)
        if width is None:
            self.y += 6
        if note:
            self.y -= 4
            self.text(note, "subtle", indent=indent + 8)
            self.y += 4
        return b

    _row: tuple[int, int] | None = None  # (x of the next button in the row, its height)

    def _in_row(self, width: int, height: int) -> pygame.Rect:
        if self._row is not None and self._row[0] + width > self.width:
            self._end_row()
        x = self._row[0] if self._row is not None else 4
        r = pygame.Rect(x, self.y, width, height)
        self._row = (x + width + 8, height)
        return r

    def _end_row(self) -> None:
        if self._row is not None:
            self.y += self._row[1] + 6
            self._row = None

    def widget(self, element, height: int) -> None:
        self._end_row()
        self.elements.append(element)
        self.y += height

    def finish(self) -> None:
        self._end_row()
        self.scroll.set_scrollable_area_dimensions((self.width, max(self.y + 10, 1)))
        bar = self.scroll.vert_scroll_bar
        if self._start > 0 and bar is not None:
            bar.set_scroll_from_start_percentage(self._start)
            offset = round(self._start * self.scroll.scrolling_height)
            inner = self.scroll.scrollable_container
            inner.set_relative_position((inner.relative_rect.x, -offset))

    def scroll_by(self, pages: float) -> None:
        """Scroll by a share of the visible height (arrow keys: a few lines, Page Up/Down: a page)."""
        bar = self.scroll.vert_scroll_bar
        total = self.scroll.scrolling_height
        if bar is None or total <= 0:
            return
        view = self.rect.height
        offset = min(max(0.0, bar.start_percentage * total + pages * view), max(0.0, total - view))
        bar.set_scroll_from_start_percentage(offset / total)
        inner = self.scroll.scrollable_container
        inner.set_relative_position((inner.relative_rect.x, -round(offset)))

    def scroll_key(self, key: int) -> bool:
        """Arrow keys and Page Up/Down scroll the column; True when the key was one of them."""
        step = {pygame.K_DOWN: 0.15, pygame.K_UP: -0.15, pygame.K_PAGEDOWN: 0.9, pygame.K_PAGEUP: -0.9}.get(key)
        if step is None:
            return False
        self.scroll_by(step)
        return True

    def position(self) -> float:
        """How far the column is scrolled (0 top .. 1), to start its successor there."""
        bar = self.scroll.vert_scroll_bar
        return float(bar.start_percentage) if bar is not None else 0.0

    def kill(self) -> None:
        self.scroll.kill()
