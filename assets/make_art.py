"""Draw the game's flat icons with pygame and save them as PNG in assets/icons.

Run: ``.venv/bin/python assets/make_art.py``.  The drawings live in game/art.py;
the game draws them itself when the PNGs are missing, so this is optional.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame

from game.art import ICON_DIR, NAMES, draw


def main() -> None:
    pygame.init()
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        pygame.image.save(draw(name), str(ICON_DIR / f"{name}.png"))
        print(ICON_DIR / f"{name}.png")


if __name__ == "__main__":
    main()
