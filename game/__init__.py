"""Loketdoolhof, the game (pygame-ce + pygame_gui).  Start it with ``loket play``
or ``python -m game``; see game/app.py for the screen stack and game/screen.py
for the contract every screen follows."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no pygame banner in loket's output
