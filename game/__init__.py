"""Loketdoolhof, the game (pygame-ce + pygame_gui).  Start it with ``loket play``
or ``python -m game``; see game/app.py for the screen stack and game/screen.py
for the contract every screen follows."""

from . import bootstrap  # noqa: F401 - before anything imports pygame_gui
