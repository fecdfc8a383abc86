"""`loket play`: the game window (pygame).  Wrong values give a clear message and exit code 2."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import MAX_SEED, fail, user_errors

MAX_WEEKS = 104  # the same limits as game.play.MAX_WEEKS and MAX_HOUSEHOLDS (not imported: no pygame here)
MAX_HOUSEHOLDS = 10_000  # a bigger neighbourhood makes a week's turn too slow to play
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no pygame banner in the command's output
# SDL would turn SIGINT and SIGTERM into a window-close event, which nobody reads while a big
# neighbourhood is being built: keep Python's handlers, so a stop works at once (see _stop).
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def check_display() -> None:
    """The game needs a screen: on Linux without X11 or Wayland (and no SDL driver chosen on purpose,
    e.g. ``SDL_VIDEODRIVER=dummy`` in tests) it would run invisibly, so it says so and stops."""
    if not sys.platform.startswith("linux") or os.environ.get("SDL_VIDEODRIVER"):
        return
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        fail(
            "the game needs a display, and there is none (DISPLAY and WAYLAND_DISPLAY are not set); "
            "start it from a desktop session, or under a virtual display: xvfb-run loket play"
        )


def check_play_options(
    lang: str,
    scenario: str | None,
    persona: str | None,
    weeks: int | None,
    households: int | None,
    seed: int | None,
    resume: bool,
    workshop: str | None,
    player: str | None,
    council: bool,
) -> str:
    """Validate the flags before a window opens; returns where the game starts."""
    from simulation.listing import baseline_scenario, scenario_order
    from simulation.loader import load_scenario

    check_display()
    scenario_order()  # the bundled scenarios' listing: a broken one is a message before a window opens
    if lang not in ("nl", "en"):
        fail("--lang must be 'nl' or 'en', got '{lang}'", lang=lang)
    if weeks is not None and not 1 <= weeks <= MAX_WEEKS:
        fail("--weeks must be between 1 and {most}, got {weeks}", most=MAX_WEEKS, weeks=weeks)
    if households is not None and not 0 <= households <= MAX_HOUSEHOLDS:
        fail(
            "--households must be between 0 and {most}, got {households}",
            most=f"{MAX_HOUSEHOLDS:,}",
            households=households,
        )
    if seed is not None and not 0 <= seed <= MAX_SEED:
        fail("--seed must be between 0 and {most}, got {seed}", most=MAX_SEED, seed=seed)
    if player and not workshop:
        fail("--player only makes sense with --workshop CODE")
    if workshop is not None:
        try:
            from workshop.store import StoreError, check_code
        except ImportError:
            fail("workshop recording is not part of this version yet")
        try:
            check_code(workshop)
        except StoreError as exc:
            fail(str(exc))
    if persona and not scenario:
        scenario = baseline_scenario()
    if scenario:
        sc = load_scenario(scenario)  # a ScenarioError becomes a message (user_errors)
        if persona and persona not in sc.personas:
            fail(
                "unknown persona '{persona}' in scenario '{scenario}' (choose from: {known})",
                persona=persona,
                scenario=scenario,
                known=", ".join(sc.personas),
            )
    if sum(bool(x) for x in (resume, council, bool(scenario and persona))) > 1:
        fail("choose one of --resume, --council, or --scenario with --persona")
    from userfiles.paths import check_writable_home

    check_writable_home()  # the game saves after every action
    if resume:
        from game.play import latest_unfinished

        if latest_unfinished() is None:
            fail("there is no unfinished game to resume (start a new one without --resume)")
        return "resume"
    if council:
        from game.title import council_available

        if not council_available():
            fail("council mode is not part of this version yet")
        return "council"
    return "play" if scenario and persona else "title"


def room_settings(code: str, player: str | None, given: dict[str, object]) -> dict[str, object]:
    """The options a workshop fixes for everyone (``loket workshop start``), merged with the flags given;
    a flag that differs from the room's setting is refused, so the room stays comparable."""
    from workshop.store import Store, StoreError

    try:
        from userfiles.paths import workshop_db

        if not workshop_db().exists():
            return given
        with Store() as store:
            room = store.settings(code)
            persona = store.persona_for(code, player or "speler")
    except (StoreError, OSError):
        return given
    merged = dict(given)
    for key in ("weeks", "seed", "households"):
        if key in room:
            if given.get(key) is not None and given[key] != room[key]:
                fail(
                    "workshop {workshop} plays with --{key} {value} for everyone; leave out --{key}",
                    workshop=code,
                    key=key,
                    value=room[key],
                )
            merged[key] = room[key]
    if persona and not given.get("persona"):
        merged["persona"] = persona
    return merged


def join_room(room: str | None, join: str | None, player: str | None, workshop: str | None) -> dict:
    """Join the room before the window opens (room/client.py); a clear message when it cannot be done."""
    if not (room and join and player):
        fail("a room needs all three: --room ADDRESS --join CODE --player NAME")
    if workshop:
        fail("--workshop comes from the room: leave it out with --room")
    from room.client import RoomError
    from room.client import join as join_with_code

    try:
        return join_with_code(room, join, player)
    except RoomError as exc:
        fail(str(exc))
    raise AssertionError  # fail() exits


def register(app: typer.Typer) -> None:
    @app.command()
    def play(
        lang: Annotated[str, typer.Option("--lang", help="Language: nl (default) or en")] = "nl",
        scenario: Annotated[str | None, typer.Option(help="Scenario to play (siloed, integral or a YAML file)")] = None,
        persona: Annotated[
            str | None, typer.Option(help="Household to play (e.g. samira); with --scenario it skips the start screens")
        ] = None,
        weeks: Annotated[int | None, typer.Option(help="Weeks in a play (default 6, a 15-25 minute slot)")] = None,
        households: Annotated[int | None, typer.Option(help="Simulated households in the neighbourhood")] = None,
        seed: Annotated[int | None, typer.Option(help="Random seed of the neighbourhood")] = None,
        resume: Annotated[bool, typer.Option("--resume", help="Continue the latest unfinished game")] = False,
        workshop: Annotated[str | None, typer.Option(help="Workshop code: record the plays for the debrief")] = None,
        player: Annotated[str | None, typer.Option(help="Player name in the workshop")] = None,
        room: Annotated[
            str | None,
            typer.Option(
                help="Room address from the facilitator, e.g. http://192.168.1.20:8765: send the plays to the room"
            ),
        ] = None,
        join: Annotated[str | None, typer.Option(help="The room's join code (with --room)")] = None,
        council: Annotated[bool, typer.Option("--council", help="Open council mode (policy levers)")] = False,
        fullscreen: Annotated[bool, typer.Option("--fullscreen", help="Start in full screen (F11 toggles)")] = False,
        text_size: Annotated[
            str | None, typer.Option("--text-size", help="Text size: normal or large (kept for the next time)")
        ] = None,
        screenshot_dir: Annotated[
            Path | None, typer.Option(help="Save a screenshot of every screen shown here")
        ] = None,
    ) -> None:
        """Play the game: one household in the maze of counters, one week per turn."""
        link = join_room(room, join, player, workshop) if room or join else None
        if link is not None:
            workshop = link["workshop"]
        elif workshop and not resume:
            fixed = room_settings(
                workshop, player, dict(persona=persona, weeks=weeks, seed=seed, households=households)
            )
            persona, weeks, seed, households = (fixed.get(k) for k in ("persona", "weeks", "seed", "households"))
        with user_errors():
            start = check_play_options(
                lang, scenario, persona, weeks, households, seed, resume, workshop, player, council
            )
            if text_size is not None and text_size not in ("normal", "large"):
                fail("--text-size must be 'normal' or 'large', got '{size}'", size=text_size)
            if persona and not scenario and start == "play":
                from simulation.listing import baseline_scenario

                scenario = baseline_scenario()  # the scenario check_play_options starts a persona in
        options = {
            k: v
            for k, v in dict(
                scenario=scenario,
                persona=persona,
                weeks=weeks,
                households=households,
                seed=seed,
                workshop=workshop,
                player=player,
                room=link,
                text_size=text_size,
            ).items()
            if v is not None
        }
        from game.app import main

        # Both stop signals save the game and end with code 130, whatever handler the parent left for SIGINT.
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        code = main(lang=lang, start=start, fullscreen=fullscreen, screenshot_dir=screenshot_dir, **options)
        if code:
            raise typer.Exit(code)
