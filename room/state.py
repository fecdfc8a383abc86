"""What the facilitator's dashboard shows, read from the room's store: each player's current play
(household, scenario, week, hours spent, last event, idle / stuck / offline flags) and the room's
finished plays per scenario.  Plain JSON; the page puts every text in with ``textContent``.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache
from typing import Any

from reports.scenario_style import scenario_sort_key

from .store import RoomStore, json_or

#: No new journal entry for this long while a play is unfinished: the player is idle.
IDLE_S = 120.0
#: No request from the laptop for this long (its sender asks every few seconds): offline.
OFFLINE_S = 20.0
#: This many refused actions in a row: the player is stuck.
STUCK_REFUSALS = 3
#: The room's numbers per scenario: outcomes of finished plays, lower is better for each.
ROOM_OUTCOMES = ("paperwork_hours", "visits", "fields_repeated", "weeks_waiting", "final_debt")


@lru_cache(maxsize=64)
def names(scenario: str) -> tuple[dict[str, str], dict[str, str]]:
    """({lang: title} of a bundled scenario, {persona id: name}); empty for a name that is not bundled
    (a participant's text is never read as a file path)."""
    from simulation.loader import bundled_names, load_scenario

    if scenario not in bundled_names():
        return {}, {}
    sc = load_scenario(scenario)
    title = {lang: str(sc.title.get(lang)) for lang in ("nl", "en")}
    return title, {pid: str(p.name) for pid, p in sc.personas.items()}


_warm = threading.Event()


def warm_up() -> dict[str, str]:
    """Read the bundled scenarios (this imports the model: seconds), then names show on the dashboard."""
    found = personas()
    _warm.set()
    return found


def known_names(scenario: str) -> tuple[dict[str, str], dict[str, str]]:
    """:func:`names` once the scenarios are read; until then nothing (the dashboard shows the ids)."""
    return names(scenario) if _warm.is_set() else ({}, {})


def personas() -> dict[str, str]:
    """The households a room can be set to: persona id -> name, over the bundled scenarios."""
    from simulation.loader import bundled_names

    out: dict[str, str] = {}
    for name in bundled_names():
        out.update(names(name)[1])
    return out


def _last_actions(store: RoomStore, play_id: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT data FROM entries WHERE play_id=? AND kind='action' ORDER BY seq DESC LIMIT ?",
        (play_id, STUCK_REFUSALS),
    ).fetchall()
    return [json_or(r[0], {}) for r in rows]


def _last_event(play: Any) -> dict[str, Any] | None:
    """The play's latest action (or its end): what the player did last."""
    if play["last_kind"] is None:
        return None
    data = json_or(play["last_data"], {})
    data = data if isinstance(data, dict) else {}
    event: dict[str, Any] = {"kind": play["last_kind"], "seq": play["last_seq"]}
    if play["last_kind"] == "action":
        event.update(cmd=str(data.get("cmd", ""))[:40], ok=bool(data.get("ok")))
    return event


def snapshot(store: RoomStore, clock: float | None = None) -> dict[str, Any]:
    """The room now, for the dashboard: one query for the players' current plays (their summaries are
    kept up to date as entries arrive, see RoomStore.sync), one small one per play for 'stuck'."""
    clock = time.time() if clock is None else clock
    conn = store.conn
    current = {
        r["player"]: r
        for r in conn.execute("""
        SELECT r.*, p.persona, p.scenario, p.weeks, p.finished, p.started
        FROM room_plays r JOIN plays p USING (play_id)
        ORDER BY p.started, r.received""")
    }  # the latest play of each player wins
    counts = dict(conn.execute("SELECT player, count(*) FROM room_plays GROUP BY player").fetchall())
    players = []
    for who in conn.execute("SELECT name, seen FROM room_players ORDER BY joined, name").fetchall():
        name = who["name"]
        item: dict[str, Any] = {
            "name": name,
            "plays": counts.get(name, 0),
            "offline": clock - who["seen"] > OFFLINE_S,
            "idle": False,
            "stuck": False,
        }
        play = current.get(name)
        if play is not None:
            title, persona_names = known_names(play["scenario"])
            finished = bool(play["finished"])
            actions = _last_actions(store, play["play_id"]) if not finished else []
            item.update(
                play_id=play["play_id"],
                persona=play["persona"],
                household=persona_names.get(play["persona"], ""),
                scenario=play["scenario"],
                scenario_title=title,
                week=max(play["week"], 1),
                weeks=play["weeks"],
                hours=round(play["hours"], 2),
                finished=finished,
                last=_last_event(play),
                ago=round(clock - play["received"], 1),
                idle=not finished and clock - play["received"] > IDLE_S,
                stuck=len(actions) == STUCK_REFUSALS and not any(a.get("ok") for a in actions),
            )
        players.append(item)
    return {
        "version": store.version,
        "code": store.code,
        "settings": store.settings().model_dump(),
        "players": players,
        "room": room_numbers(store),
    }


def room_numbers(store: RoomStore) -> list[dict[str, Any]]:
    """Per scenario (in the reports' order, reports.scenario_style): plays begun and finished, and
    the mean of each ROOM_OUTCOMES over finished plays."""
    rows = store.conn.execute(
        "SELECT scenario, finished, final_numbers FROM plays WHERE workshop=? ORDER BY started, play_id", (store.code,)
    ).fetchall()
    out = []
    for scenario in sorted({r["scenario"] for r in rows}, key=scenario_sort_key):  # the reports' order
        mine = [r for r in rows if r["scenario"] == scenario]
        finals = [json_or(r["final_numbers"], {}) for r in mine if r["finished"]]
        finals = [f for f in finals if isinstance(f, dict)]
        means = {}
        for key in ROOM_OUTCOMES:
            values = [float(f[key]) for f in finals if isinstance(f.get(key), int | float)]
            means[key] = round(sum(values) / len(values), 2) if values else None
        out.append(
            {
                "scenario": scenario,
                "title": known_names(scenario)[0],
                "plays": len(mine),
                "finished": len(finals),
                "means": means,
            }
        )
    return out
