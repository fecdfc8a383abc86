"""The shapes of the room's requests, validated before anything is stored.

A participant's sender ships rows of its local workshop database exactly as they are stored
there (see workshop/store.py), so the server's store ends up equal to a ``loket merge`` of the
laptops' databases.  Every text has a length limit, every number a range, every list a size
limit; JSON kept as text (overrides, final numbers, entry data, populations) must parse to the
kind it is.  A request that does not fit gets a 4xx and changes nothing.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

#: Body limits in bytes: a join or a control is small; a batch of journal entries is bounded;
#: a finished play's simulated households (one JSON record each) may be larger.
SMALL_BODY = 4_096
SYNC_BODY = 512 * 1024
POPULATION_BODY = 12 * 1024 * 1024  # about 850 bytes a household: room for MAX_HOUSEHOLDS
MAX_ENTRIES_PER_BATCH = 200
MAX_ENTRIES_PER_PLAY = 20_000
MAX_PLAYS_PER_PLAYER = 200
MAX_PLAYERS = 500
#: Wrong join codes or facilitator tokens from one address within a minute before it must wait.
MAX_WRONG_PER_MINUTE = 20
MAX_SEED = 2**32 - 1
MAX_WEEKS = 104
MAX_HOUSEHOLDS = 10_000

NAME = re.compile(r"[^\x00-\x1f\x7f]{1,40}")  # a player's name: any printable text, 1-40 characters
PLAY_ID = re.compile(r"^[0-9a-f]{32}$")  # a session uuid in hex (player/session.py)
STAMP = re.compile(r"^[0-9T:+.\-Z ]{10,40}$")  # an ISO time stamp as the store writes it

Text = Annotated[str, StringConstraints(max_length=200)]
Stamp = Annotated[str, StringConstraints(pattern=STAMP.pattern)]


def clean_name(name: Any) -> str:
    """A player's name as given, without spaces around it; ValueError when it is not 1-40
    printable characters."""
    if not isinstance(name, str) or not NAME.fullmatch(name.strip()):
        raise ValueError("a name is 1-40 printable characters")
    return name.strip()


def _json_text(value: str, kind: type, what: str) -> str:
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        raise ValueError(f"{what} is not JSON") from None
    if not isinstance(parsed, kind):
        raise ValueError(f"{what} is not a JSON {kind.__name__}")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Join(Strict):
    join: Annotated[str, StringConstraints(max_length=40)]
    player: Annotated[str, StringConstraints(max_length=80)]

    @field_validator("player")
    @classmethod
    def _name(cls, v: str) -> str:
        return clean_name(v)


class PlayRow(Strict):
    """A row of the ``plays`` table (workshop/store.py), as the laptop stored it."""

    play_id: Annotated[str, StringConstraints(pattern=PLAY_ID.pattern)]
    workshop: Annotated[str, StringConstraints(max_length=32)]
    player: Annotated[str, StringConstraints(max_length=40)]
    persona: Text
    scenario: Text
    scenario_hash: Text
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    households: Annotated[int, Field(ge=0, le=MAX_HOUSEHOLDS)] | None
    weeks: Annotated[int, Field(ge=1, le=MAX_WEEKS)] | None
    lang: Annotated[str, StringConstraints(pattern=r"^(nl|en)$")]
    overrides: Annotated[str, StringConstraints(max_length=20_000)]
    started: Stamp
    updated: Stamp
    ended: Stamp | None
    finished: Annotated[int, Field(ge=0, le=1)]
    final_numbers: Annotated[str, StringConstraints(max_length=50_000)] | None

    @field_validator("overrides")
    @classmethod
    def _overrides(cls, v: str) -> str:
        return _json_text(v, dict, "overrides")

    @field_validator("final_numbers")
    @classmethod
    def _finals(cls, v: str | None) -> str | None:
        return None if v is None else _json_text(v, dict, "final_numbers")


class EntryRow(Strict):
    """A row of the ``entries`` table (without play_id: the batch names its play)."""

    seq: Annotated[int, Field(ge=0, lt=MAX_ENTRIES_PER_PLAY)]
    week: Annotated[int, Field(ge=0, le=MAX_WEEKS + 1)]
    kind: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,20}$")]
    data: Annotated[str, StringConstraints(max_length=64_000)]
    recorded: Stamp

    @field_validator("data")
    @classmethod
    def _data(cls, v: str) -> str:
        return _json_text(v, dict, "data")


class Sync(Strict):
    """One play's row and a batch of its journal entries (any order, repeats allowed)."""

    play: PlayRow
    entries: Annotated[list[EntryRow], Field(max_length=MAX_ENTRIES_PER_BATCH)]


class Population(Strict):
    """A finished play's simulated households (the ``populations`` row's JSON text)."""

    outcomes: Annotated[str, StringConstraints(max_length=POPULATION_BODY)]

    @field_validator("outcomes")
    @classmethod
    def _records(cls, v: str) -> str:
        return _json_text(v, list, "outcomes")


class Settings(Strict):
    """The room's controls: what a new play starts with, and whether the room is in the debrief."""

    persona: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{0,40}$")] = ""
    weeks: Annotated[int, Field(ge=1, le=MAX_WEEKS)] | None = None
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
    phase: Annotated[str, StringConstraints(pattern=r"^(play|debrief)$")] = "play"
