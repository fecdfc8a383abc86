"""The installed packages import from any directory: no clash with python-i18n (pygame_gui's
dependency, also a top-level package called ``i18n``), and the simulation never needs pygame."""

from __future__ import annotations

import subprocess
import sys


def test_packages_import_outside_the_repository(tmp_path):
    code = (
        "import sys, player.session, workshop, loket.cli\n"
        "assert 'pygame' not in sys.modules, 'simulation/workshop/cli import pygame'\n"
        "import game.app, pygame_gui\n"
        "from loket_i18n import translator\n"
        "assert translator('session', 'en')('Deze vraag is verplicht.') == 'This question is required.'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
