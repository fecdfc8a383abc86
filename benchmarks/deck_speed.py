"""How long writing the debrief deck takes for a room of N players (the issue's target: 30 players under 30 s).

    .venv/bin/python benchmarks/deck_speed.py --players 30

Fills a demo room (workshop.demo: scripted players, both scenarios) in a temporary database, then
times ``write_deck`` (report page, charts, CSV, slides as HTML and PDF) in each language: wall-clock
seconds and the CPU seconds of this process (the wall time grows with other load on the machine).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--players", type=int, default=30)
    ap.add_argument("--weeks", type=int, default=6)
    ap.add_argument("--households", type=int, default=200)
    args = ap.parse_args()
    from workshop.deck import write_deck
    from workshop.demo import DemoPlan, fill_demo

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "room.db"
        t0 = time.perf_counter()
        plays = fill_demo(
            "BENCH", DemoPlan(players=args.players, weeks=args.weeks, households=args.households), db_path=db
        )
        print(f"demo room: {args.players} players, {plays} plays, {time.perf_counter() - t0:.1f} s")
        for lang in ("nl", "en"):
            t0, c0 = time.perf_counter(), time.process_time()
            deck = write_deck("BENCH", Path(tmp) / "deck", db_path=db, lang=lang)
            took, cpu = time.perf_counter() - t0, time.process_time() - c0
            pages = deck.slides[1].stat().st_size // 1024
            print(
                f"deck ({lang}): {took:.1f} s wall, {cpu:.1f} s CPU, {len(deck.pages)} slides  "
                f"{deck.slides[0].name} {deck.slides[0].stat().st_size // 1024} KB, "
                f"{deck.slides[1].name} {pages} KB"
            )


if __name__ == "__main__":
    main()
