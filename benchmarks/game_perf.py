"""Game performance: frame time on the week screen and the week turnover, with 500 households.

    .venv/bin/python benchmarks/game_perf.py [--households 500] [--frames 600]

Frame time: App.step() (events, pygame_gui update, status bar, map, widgets, flip) while
the mouse moves over the map; target p95 < 16.7 ms (60 fps).  Week turnover: pressing
"end the week" (the model steps all households) up to the next frame drawn; target < 0.5 s.
Runs on the SDL dummy driver unless a DISPLAY is set (e.g. under xvfb-run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.tools import driver as d

FRAME_TARGET_MS = 1000 / 60
TURNOVER_TARGET_S = 0.5


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=500)
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--weeks", type=int, default=6)
    ap.add_argument("--scenario", default="siloed")
    args = ap.parse_args()
    os.environ["LOKET_HOME"] = tempfile.mkdtemp(prefix="loket-perf-")

    from game.app import App

    app = App(lang="nl", weeks=args.weeks + 1, households=args.households, seed=1)
    t0 = time.perf_counter()
    app.start_play(args.scenario, "samira")
    start_s = time.perf_counter() - t0
    week = app.top
    d.frames(app, 10)

    # frames: the mouse wanders over the map (hover highlights), now and then a counter is opened
    rect = week.map.rect
    app.frame_ms.clear()
    for i in range(args.frames):
        x = rect.x + (i * 37) % rect.width
        y = rect.y + (i * 23) % rect.height
        events = [pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 1), buttons=(0, 0, 0), touch=False)]
        app.step(events)
    frames = list(app.frame_ms)
    # idle: the player reads the screen (no events); the window is refreshed a few times a second
    app.frame_ms.clear()
    for _ in range(120):
        app.step()
        time.sleep(1 / 120)
    idle = list(app.frame_ms)

    # week turnover: the end-week button, then the first frame of the new week
    turnovers = []
    for _ in range(args.weeks - 1):
        button = d.button(app, "end_week")
        t0 = time.perf_counter()
        app.step([pygame.event.Event(__import__("pygame_gui").UI_BUTTON_PRESSED, ui_element=button)])
        app.step()
        turnovers.append(time.perf_counter() - t0)
        if "summary_continue" in d.buttons(app):  # the week's summary (shown, timed above): on to the week
            d.click(app, d.button(app, "summary_continue"))

    f95, fmed = p95(frames), statistics.median(frames)
    print(
        f"households: {args.households} (+ the player), window {app.size[0]}x{app.size[1]}, "
        f"video driver: {pygame.display.get_driver()}"
    )
    print(f"start of a play (model built, week screen shown): {start_s:.2f} s")
    print(
        f"frame time on the week screen: median {fmed:.2f} ms, p95 {f95:.2f} ms, max {max(frames):.2f} ms "
        f"over {len(frames)} frames (target p95 < {FRAME_TARGET_MS:.1f} ms)"
    )
    print(f"idle frames (no input): median {statistics.median(idle):.2f} ms, p95 {p95(idle):.2f} ms")
    print(
        f"week turnover (end_week + redraw): mean {statistics.mean(turnovers):.3f} s, "
        f"max {max(turnovers):.3f} s over {len(turnovers)} weeks (target < {TURNOVER_TARGET_S} s)"
    )
    ok = f95 < FRAME_TARGET_MS and max(turnovers) < TURNOVER_TARGET_S
    print("OK" if ok else "SLOW")
    pygame.quit()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
