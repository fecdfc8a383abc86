"""A demo room: scripted plays recorded in a workshop, so a trainer can preview the deck.

Each scripted player plays the same household in both scenarios through the
player API (player.session.PlayerSession), recorded exactly as a real play
(workshop.store.attach).  The script makes the choices the screen-driving test
player makes (tests/test_game_playthrough.py: read the post, ask family, ask for
a case manager, go to a counter about a problem, apply, fill in the true facts,
fetch documents, hand in), in four styles so the room differs:

* ``thorough``   does all of it every week;
* ``no_help``    does all of it but never asks for a case manager;
* ``one_form``   applies for one scheme only, then reads the post;
* ``passive``    reads the post and ends the week.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STYLES = ("thorough", "no_help", "one_form", "passive")
NAMES = ("Anna", "Bram", "Chaima", "Dirk", "Eva", "Farid", "Greet", "Hamza", "Ilse", "Jesse")


@dataclass(frozen=True)
class DemoPlan:
    players: int = 4
    weeks: int = 6
    households: int = 200
    seed: int = 1
    persona: str | None = None  # the workshop's household; None: the scenario's first persona
    #: the scenarios each player plays, in turn; empty: the default comparison (simulation.listing)
    scenarios: tuple[str, ...] = ()


def player_names(n: int) -> list[str]:
    return [NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i // len(NAMES) + 1}") for i in range(n)]


def play_week(s: Any, style: str, seen: dict[str, set]) -> None:
    """One week of the scripted player (the same choices as the screen-driving test player)."""
    if s.unread():
        letter = next((m for m in s.mail() if not m.read), None)
        if letter is not None:
            s.read_letter(letter.id)
    if style == "passive":
        s.end_week()
        return
    if s.status().network_hours > 0:
        s.ask_network()
    if style != "no_help":
        s.ask_case_manager()  # refused in a city without case managers: nothing changes
    problems = set(s.status().problems)
    target = next((c for c in s.counters() if problems & set(c.domains) and c.id not in seen["visited"]), None)
    if target is not None:
        dom = next(d for d in target.domains if d in problems)
        s.visit(target.id, dom)
        seen["visited"].add(target.id)
    facts = s.household.facts()
    for _ in range(12):
        if style == "one_form" and len(seen["applied"]) >= 1 and not any(a.open for a in s.applications()):
            break
        step = _next_step(s, style, seen, facts)
        if step is None or not step().ok:
            break
    s.end_week()


def _next_step(s: Any, style: str, seen: dict[str, set], facts: dict[str, str]) -> Callable[[], Any] | None:
    for a in s.applications():
        if not a.open:
            continue
        if not a.form_done and a.fields_to_fill:
            answers = {f.id: facts[s.scenario.fields[f.id].fact] for f in s.form(a.id) if f.prefilled is None}
            return lambda a=a, answers=answers: s.fill_form(a.id, answers)
        doc = next((d for d in a.documents_missing if d.blocked_by is None), None)
        if doc is not None:
            return lambda a=a, doc=doc: s.fetch_document(a.id, doc.id)
        if a.form_done and not a.documents_missing and a.state == "draft":
            return lambda a=a: s.submit(a.id)
    if style == "one_form" and seen["applied"]:
        return None
    scheme = next((x for x in s.schemes() if x.can_apply and x.id not in seen["applied"]), None)
    if scheme is not None:
        seen["applied"].add(scheme.id)
        return lambda: s.apply(scheme.id)
    return None


def fill_demo(
    code: str,
    plan: DemoPlan = DemoPlan(),
    db_path: str | Path | None = None,
    lang: str = "nl",
    saves: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Record ``plan.players`` scripted players x the plan's scenarios in workshop ``code``; returns the plays."""
    from player.session import PlayerSession
    from simulation.listing import comparison
    from simulation.loader import load_scenario

    from .store import Store, attach

    with Store(db_path) as store:
        store.create_workshop(code, "demo")
    names = player_names(plan.players)
    scenarios = plan.scenarios or comparison()
    total = len(names) * len(scenarios)
    done = 0
    for i, name in enumerate(names):
        style = STYLES[i % len(STYLES)]
        for scenario in scenarios:
            persona = plan.persona or next(iter(load_scenario(scenario).personas))
            autosave = saves / f"demo-{code}-{i}-{scenario}.json" if saves is not None else None
            s = PlayerSession.new(
                scenario,
                persona,
                seed=plan.seed,
                households=plan.households,
                weeks=plan.weeks,
                lang=lang,
                autosave=autosave,
            )
            recorder = attach(s, code, name, db_path)
            seen: dict[str, set] = {"visited": set(), "applied": set()}
            while not s.finished:
                play_week(s, style, seen)
            recorder.store.close()
            done += 1
            if progress:
                progress(done, total)
    return total
