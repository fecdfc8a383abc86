"""How much the room server stores in total, per player and for the room (light: read by the
command line's option defaults without importing the server)."""

from __future__ import annotations

from dataclasses import dataclass

#: Bytes an entry costs beyond its text (seq, week, play id and SQLite's row overhead, roughly).
ENTRY_OVERHEAD = 48


@dataclass(frozen=True)
class Quota:
    """What one player and the whole room may store on the server in total: journal entries and
    bytes (entry texts, finished plays' simulated households and the plays' rows).  Beyond it the
    server answers 507 and stores nothing of the request; what it has stays.

    The defaults, measured with room/scripted.py on the default play (16 weeks, 300 households):
    3 actions a week write 147 entries (25 KB), a frantic 20 a week 479 entries (100 KB), 40 a week
    for 26 weeks 1,260 entries (290 KB); a finished play's simulated households are 265 KB (about
    885 bytes a household: 8.8 MB at the largest neighbourhood, 10,000).  In a 1-3 hour workshop a
    player finishes a few plays (say up to six): a busy player writes about 3,000 entries and 2 MB,
    40 such players 120,000 entries and 90 MB.  So a player may store 50,000 entries (over 15 times
    the busy player; a play holds at most 20,000) and 100 MB (also five plays of 10,000 households);
    the room 500,000 entries and 2 GB: about four and twenty times the busy room, and still well
    below the free space of a trainer's laptop.  ``loket room serve --max-player-entries,
    --max-player-mb, --max-room-entries, --max-room-mb`` change them.
    """

    player_entries: int = 50_000
    player_bytes: int = 100_000_000
    room_entries: int = 500_000
    room_bytes: int = 2_000_000_000
