"""A scripted participant for tests and the load benchmark: plays a session through the player API
(player/session.py, the same calls the game's screens make), recorded in its own local workshop
database and sent to a room by a RoomSender, the way a laptop in the room does it."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from workshop.store import attach

from .client import RoomSender, join


def new_play(
    scenario: str,
    persona: str,
    code: str,
    player: str,
    db: Path,
    sender: RoomSender | None,
    weeks: int = 2,
    households: int = 8,
    seed: int = 1,
) -> Any:
    """A new session recorded in ``db`` (and woken into ``sender``), as the game's play.new_session does."""
    from player.session import PlayerSession

    session = PlayerSession.new(scenario, persona, seed=seed, households=households, weeks=weeks)
    attach(session, code, player, db)
    if sender is not None:
        session.subscribe(sender.wake)
        sender.wake()
    return session


def act(session: Any, rng: random.Random) -> None:
    """One step a player might take: read a letter, visit a counter about a problem, apply for a scheme."""
    unread = [letter for letter in session.mail() if not letter.read]
    if unread and rng.random() < 0.5:
        session.read_letter(unread[0].id)
        return
    schemes = [s for s in session.schemes() if s.can_apply]
    if schemes and rng.random() < 0.5:
        session.apply(rng.choice(schemes).id)
        return
    counters = [c for c in session.counters() if c.domains]
    if counters:
        counter = rng.choice(counters)
        session.visit(counter.id, rng.choice(counter.domains))


def play_week(session: Any, rng: random.Random, actions: int = 3) -> None:
    for _ in range(actions):
        act(session, rng)
    session.end_week()


def connect(url: str, join_code: str, player: str, db: Path) -> RoomSender:
    """Join (again: the key is kept in LOKET_HOME) and start a sender for the player's local database."""
    answer = join(url, join_code, player)
    return RoomSender(answer["url"], answer["key"], answer["workshop"], player, db, settings=answer["settings"])
