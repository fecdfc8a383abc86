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

# The flat palette (the same colours as assets/theme.json).
PAPER = (244, 241, 234)
INK = (30, 42, 56)
MUTED = (74, 85, 99)
LINE = (211, 217, 223)
ACCENT = (31, 111, 139)
ACCENT_DARK = (19, 74, 93)
WARN = (181, 72, 47)
GOOD = (60, 141, 90)
AMBER = (242, 177, 52)
WHITE = (255, 255, 255)
GRASS = (214, 228, 205)
ROAD = (228, 224, 214)


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """Noto Sans (shipped with pygame_gui) so drawn text matches the widgets."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return pygame.font.Font(str(_FONT_DIR / name), size)


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


def blit_lines(surface: pygame.Surface, lines: list[str], pos: tuple[int, int], size: int = 18,
               colour: tuple[int, int, int] = INK, bold: bool = False, gap: int = 4) -> int:
    """Draw lines top-down; returns the y below the last line."""
    x, y = pos
    for line in lines:
        img = text(line, size, colour, bold)
        surface.blit(img, (x, y))
        y += img.get_height() + gap
    return y


def button(manager: pygame_gui.UIManager, rect: pygame.Rect, label: str, kind: str = "",
           tooltip: str | None = None, container=None, object_id: str | None = None) -> pygame_gui.elements.UIButton:
    """A button; ``kind`` is a theme class (secondary, chosen, danger, big)."""
    oid = ObjectID(class_id=f"@{kind}" if kind else None, object_id=f"#{object_id}" if object_id else None)
    return pygame_gui.elements.UIButton(rect, label, manager, container=container, tool_tip_text=tooltip,
                                        object_id=oid)


def label(manager: pygame_gui.UIManager, rect: pygame.Rect, s: str, kind: str = "", container=None
          ) -> pygame_gui.elements.UILabel:
    oid = ObjectID(class_id=f"@{kind}" if kind else None)
    return pygame_gui.elements.UILabel(rect, s, manager, container=container, object_id=oid)


def textbox(manager: pygame_gui.UIManager, rect: pygame.Rect, html: str, kind: str = "", container=None
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
    ``actions`` maps each button to the function its press runs."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect) -> None:
        self.manager = manager
        self.rect = pygame.Rect(rect)
        self.scroll = pygame_gui.elements.UIScrollingContainer(self.rect, manager, allow_scroll_x=False)
        self.width = self.rect.width - 24  # room for the scroll bar
        self.y = 6
        self.actions: dict[object, object] = {}
        self.elements: list = []

    def _place(self, height: int) -> pygame.Rect:
        r = pygame.Rect(4, self.y, self.width - 4, height)
        self.y += height
        return r

    def gap(self, h: int = 8) -> None:
        self.y += h

    def heading(self, s: str, size: int = 22) -> None:
        kind, size = ("heading", 28) if size >= 26 else ("big", 22)
        for line in wrap(s, self.width - 8, size, True):
            self.elements.append(label(self.manager, self._place(size + 16), line, kind, container=self.scroll))
        self.y += 2

    def text(self, s: str, kind: str = "", indent: int = 0) -> None:
        size = 16 if kind in ("subtle", "error") else 18
        for line in wrap(s, self.width - 12 - indent, size, kind == "error"):
            r = self._place(size + 9)
            r.x += indent
            r.width -= indent
            self.elements.append(label(self.manager, r, line, kind, container=self.scroll))

    def button(self, s: str | list[str | tuple[str, str]], action, kind: str = "", tooltip: str | None = None,
               enabled: bool = True, height: int = 42, indent: int = 0, object_id: str | None = None):
        """A button.  ``s`` may be captions from the fullest to the shortest, each a text or
        (text, note): the first that fits is shown, its note (what that caption leaves out) written
        under the button.  A caption that does not fit at all is shortened, with the whole in the tooltip."""
        options = [(c, "") if isinstance(c, str) else c for c in ([s] if isinstance(s, str) else s)]
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
        self.y += 6
        if note:
            self.y -= 4
            self.text(note, "subtle", indent=indent + 8)
            self.y += 4
        return b

    def widget(self, element, height: int) -> None:
        self.elements.append(element)
        self.y += height

    def finish(self) -> None:
        self.scroll.set_scrollable_area_dimensions((self.width, max(self.y + 10, 1)))

    def kill(self) -> None:
        self.scroll.kill()
