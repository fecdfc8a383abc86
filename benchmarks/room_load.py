"""Load check of room mode: N simulated participants each send one action a second to the real
server process (`loket room serve` on 127.0.0.1) while a dashboard listens to the live stream.

Reports the dashboard's delay (from the moment a participant sends an action until the dashboard's
stream shows it: median, p95, max) and the server's CPU use (its process's user+system time over
the wall time).  Target: p95 under 1 s.

Participants speak the room's protocol directly (a play row and one new journal entry per
request, as room.client.RoomSender does after each action), so the benchmark's own CPU goes to
the network, not to simulating households.

    .venv/bin/python benchmarks/room_load.py [--participants 40] [--seconds 120]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from room.process import room_server


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def play_row(code: str, player: str, play_id: str, updated: str) -> dict:
    return {
        "play_id": play_id,
        "workshop": code,
        "player": player,
        "persona": "samira",
        "scenario": "siloed",
        "scenario_hash": "bench",
        "seed": 1,
        "households": 200,
        "weeks": 6,
        "lang": "nl",
        "overrides": "{}",
        "started": "2026-12-02T10:00:00+00:00",
        "updated": updated,
        "ended": None,
        "finished": 0,
        "final_numbers": None,
    }


async def participant(url: str, join: str, code: str, i: int, seconds: float, sent: dict, errors: list) -> None:
    name = f"deelnemer {i:02d}"
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        r = await client.post("/api/join", json={"join": join, "player": name})
        r.raise_for_status()
        client.headers["Authorization"] = f"Bearer {r.json()['key']}"
        play_id = uuid.uuid4().hex
        await asyncio.sleep(i / 40)  # spread the participants over the second
        start = time.monotonic()
        seq = 0
        while time.monotonic() - start < seconds:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
            entry = {
                "seq": seq,
                "week": 1 + seq // 20,
                "kind": "action",
                "recorded": stamp,
                "data": json.dumps({"cmd": "visit", "ok": True, "hours": 1.0, "hours_left": 10.0}),
            }
            sent[(name, seq)] = time.monotonic()
            try:
                r = await client.post(
                    f"/api/plays/{play_id}/sync",
                    json={"play": play_row(code, name, play_id, stamp), "entries": [entry]},
                )
                r.raise_for_status()
            except httpx.HTTPError as exc:
                errors.append(f"{name}: {exc}")
            seq += 1
            await asyncio.sleep(max(0.0, start + seq - time.monotonic()))


async def dashboard(url: str, token: str, sent: dict, delays: list, stop: asyncio.Event) -> None:
    shown: dict[str, int] = {}
    async with (
        httpx.AsyncClient(base_url=url, timeout=None, headers={"X-Room-Token": token}) as client,
        client.stream("GET", "/api/events") as r,
    ):
        async for line in r.aiter_lines():
            if stop.is_set():
                return
            if not line.startswith("data: "):
                continue
            now = time.monotonic()
            for p in json.loads(line[6:])["players"]:
                last = (p.get("last") or {}).get("seq")
                if last is None:
                    continue
                for seq in range(shown.get(p["name"], -1) + 1, last + 1):
                    if (p["name"], seq) in sent:
                        delays.append(now - sent[(p["name"], seq)])
                shown[p["name"]] = max(shown.get(p["name"], -1), last)


async def run(participants: int, seconds: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="room-load-") as tmp:
        server = room_server(Path(tmp), code="LOAD-TEST")
        try:
            sent: dict = {}
            delays: list[float] = []
            errors: list[str] = []
            stop = asyncio.Event()
            watcher = asyncio.create_task(dashboard(server.url, server.token, sent, delays, stop))
            await asyncio.sleep(0.5)
            cpu0, wall0 = cpu_seconds(server.proc.pid), time.monotonic()
            await asyncio.gather(
                *(
                    participant(server.url, server.join_code, server.code, i, seconds, sent, errors)
                    for i in range(participants)
                )
            )
            await asyncio.sleep(1.5)  # the last actions reach the dashboard
            cpu = cpu_seconds(server.proc.pid) - cpu0
            wall = time.monotonic() - wall0
            stop.set()
            watcher.cancel()
        finally:
            server.stop()
    delays.sort()
    pct = (lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]) if delays else (lambda q: float("nan"))
    return {
        "participants": participants,
        "seconds": seconds,
        "actions_sent": len(sent),
        "actions_seen_on_dashboard": len(delays),
        "send_errors": len(errors),
        "delay_median_s": round(statistics.median(delays), 3) if delays else None,
        "delay_p95_s": round(pct(0.95), 3),
        "delay_max_s": round(delays[-1], 3) if delays else None,
        "server_cpu_s": round(cpu, 1),
        "server_cpu_share_of_one_core": round(cpu / wall, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=120.0)
    args = ap.parse_args()
    result = asyncio.run(run(args.participants, args.seconds))
    for k, v in result.items():
        print(f"{k:32s} {v}")
    ok = result["delay_p95_s"] < 1.0 and result["send_errors"] == 0
    print("target p95 < 1 s:", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
