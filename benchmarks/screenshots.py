"""Screenshots of every screen of the game, in Dutch and English, at normal and large text size.

    xvfb-run -s "-screen 0 1280x720x24" .venv/bin/python benchmarks/screenshots.py /tmp/shots
    .venv/bin/python benchmarks/screenshots.py /tmp/shots          # SDL dummy driver, no X needed
    .venv/bin/python benchmarks/screenshots.py /tmp/shots large    # only the large text size

Drives the real App with the test driver (game/tools/driver.py): title, setup,
persona card, week (overview, a counter, the case manager), form (empty, with
validation messages, and reopened with what was typed before), post (closed and
open letter), pause menu, debrief, comparison, council mode when present, and the
week at 1600 x 900.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.tools import driver as d


def tour(out: Path, lang: str, size: str = "normal") -> list[Path]:
    from game.app import App
    from game.title import TitleScreen, council_available

    shots: list[Path] = []
    app = App(lang=lang, weeks=2, households=120, seed=2, text_size=size)
    tag = lang if size == "normal" else f"{lang}_large"

    def shot(name: str) -> None:
        d.frames(app, 3)
        shots.append(app.screenshot(out / f"{tag}_{len(shots) + 1:02d}_{name}.png"))

    app.push(TitleScreen(app))
    shot("title")
    d.click(app, d.button(app, "title_new"))
    shot("setup")
    d.click(app, d.button(app, "scenario_integral"))
    d.click(app, d.button(app, "persona_mevrouw_jansen"))
    shot("setup_integral_persona")
    d.click(app, d.button(app, "scenario_siloed"))
    d.click(app, d.button(app, "persona_samira"))
    d.click(app, d.button(app, "setup_start"))
    week = app.top
    shot("week")
    d.key(app, pygame.K_ESCAPE)
    shot("pause")
    d.click(app, d.button(app, "pause_resume"))
    d.mouse_click(app, week.map.building_rect("werk_inkomen").center)
    shot("week_counter")
    d.click(app, d.button(app, "visit"))
    shot("week_after_visit")
    d.click(app, d.button(app, "back_overview"))
    s = week.session
    sid = next(x.id for x in s.schemes() if x.can_apply and not x.unmet)
    d.click(app, d.button(app, f"apply_{sid}"))
    aid = next(a.id for a in s.applications() if a.open)
    d.click(app, d.button(app, f"form_{aid}"))
    shot("form")
    d.click(app, d.button(app, "form_send"))
    shot("form_errors")
    form = app.top
    entry = next(form.inputs[k] for k in form.order if hasattr(form.inputs[k], "get_text"))
    d.type_text(app, entry, s.household.facts()["name"])
    d.click(app, d.button(app, "form_cancel"))  # back without sending: the answer is kept
    d.click(app, d.button(app, f"form_{aid}"))
    shot("form_draft")
    d.key(app, pygame.K_TAB)  # the keyboard focus ring on the first question
    shot("form_focus")
    d.click(app, d.button(app, "form_cancel"))
    d.click(app, d.button(app, "end_week"))
    shot("week_summary")
    d.click(app, d.button(app, "summary_continue"))
    shot("week_2")
    d.click(app, d.button(app, "mail"))
    shot("mail_closed")
    if "letter_open" in d.buttons(app):
        d.click(app, d.button(app, "letter_open"))
    shot("mail_letter")
    d.click(app, d.button(app, "mail_back"))
    app.resize((1600, 900))
    shot("week_1600x900")
    app.resize((1280, 720))
    d.click(app, d.button(app, "end_week"))
    shot("last_week_summary")
    d.click(app, d.button(app, "summary_continue"))
    d.frames(app, 3)
    shot("epilogue")
    d.click(app, d.button(app, "epilogue_continue"))
    shot("debrief")
    d.click(app, d.button(app, "debrief_other"))
    week = app.top
    shot("integral_week")
    d.click(app, d.button(app, "case_manager"))
    shot("integral_conversation")
    d.click(app, d.button(app, "keep_debt_total"))
    shot("integral_conversation_kept_back")
    d.click(app, d.button(app, "talk_done"))
    shot("integral_plan")
    d.click(app, d.button(app, "plan_budget"))
    shot("integral_plan_budget")
    d.click(app, d.button(app, "plan_back"))
    shot("integral_case_manager")
    d.end_week(app)
    d.click(app, d.button(app, "end_week"))
    d.click(app, d.button(app, "summary_continue"))
    d.frames(app, 3)
    shot("integral_epilogue")
    d.click(app, d.button(app, "epilogue_continue"))
    shot("integral_debrief")
    d.click(app, d.button(app, "debrief_compare"))
    shot("comparison")
    d.click(app, d.button(app, "debrief_title"))
    shot("title_after_plays")
    if council_available() and "title_council" in d.buttons(app):
        d.click(app, d.button(app, "title_council"))
        shot("council")
    pygame.quit()
    return shots


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ["LOKET_HOME"] = tempfile.mkdtemp(prefix="loket-shots-")  # never touch the user's saves
    sizes = sys.argv[2:] or ["normal", "large"]
    for size in sizes:
        for lang in ("nl", "en"):
            for p in tour(out, lang, size):
                print(p)


if __name__ == "__main__":
    main()
