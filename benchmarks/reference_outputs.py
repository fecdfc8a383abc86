"""Reference outputs for behaviour-preserving changes: write them, then compare two folders exactly.

    python benchmarks/reference_outputs.py write DIR [--households 300] [--weeks 60] [--seed 7] [--tree SRC]
    python benchmarks/reference_outputs.py compare DIR_A DIR_B

``write`` runs both scenarios through the CLI (``python -m loket.cli run``, so it works whatever
the package layout) and keeps the per-household and per-week tables, and plays a scripted game
through the player API (its checksum, final numbers, log and journal); ``--tree`` runs the code
of another source tree (e.g. ``git archive main | tar -x -C /tmp/main``) with this interpreter.
``compare`` checks every table of DIR_A against DIR_B with
``pandas.testing.assert_frame_equal(check_exact=True)`` and the scripted play byte for byte, and
exits 1 on the first difference.  Used to prove a refactoring changes no number.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

SCENARIOS = ("siloed", "integral")
TABLES = ("households.parquet", "weekly.parquet")

#: A scripted play of the game (through the player API) whose state, numbers and texts are kept too.
SESSION_SCRIPT = """
import json, sys
try:
    from player import PlayerSession
except ImportError:
    from simulation.session import PlayerSession
out = []
for scenario in ("siloed", "integral"):
    s = PlayerSession.new(scenario, persona="samira", seed=3, households=40, weeks=6, lang="nl")
    for week in range(6):
        for c in s.counters()[:2]:
            s.visit(c.id, "income")
        for sch in s.schemes():
            if sch.can_apply:
                s.apply(sch.id)
        for app in s.applications():
            fields = s.form(app.id)
            s.fill_form(app.id, {f.id: (f.prefilled or "1") for f in fields})
            s.submit(app.id)
        s.ask_network()
        for letter in s.mail():
            s.read_letter(letter.id)
        s.end_week()
    out.append({"scenario": scenario, "checksum": s.checksum(), "final": s.final_numbers(),
                "log": [[e.week, e.kind, e.text] for e in s.log()], "journal": s.journal})
json.dump(out, sys.stdout, sort_keys=True, default=str, indent=0)
"""


def write(out: Path, households: int, weeks: int, seed: int, tree: Path | None = None) -> None:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree.resolve()), env.get("PYTHONPATH", "")])
    for name in SCENARIOS:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "loket.cli",
                "run",
                name,
                "--households",
                str(households),
                "--weeks",
                str(weeks),
                "--seed",
                str(seed),
                "--out",
                str(out / name),
            ],
            check=True,
            env=env,
            cwd=tree or None,
        )
        for table in TABLES:
            if not (out / name / table).exists():
                raise SystemExit(f"{out / name / table}: not written")
    play = subprocess.run(
        [sys.executable, "-c", SESSION_SCRIPT], check=True, env=env, cwd=tree or None, capture_output=True, text=True
    )
    (out / "session.json").write_text(play.stdout, "utf-8")
    print(f"reference outputs in {out}")


def compare(a: Path, b: Path) -> int:
    checked = 0
    for name in SCENARIOS:
        for table in TABLES:
            left, right = pd.read_parquet(a / name / table), pd.read_parquet(b / name / table)
            try:
                pd.testing.assert_frame_equal(left, right, check_exact=True)
            except AssertionError as exc:
                print(f"DIFFERENT {name}/{table}:\n{exc}")
                return 1
            checked += left.size
            print(f"identical {name}/{table}: {left.shape[0]} rows x {left.shape[1]} columns")
    same = (a / "session.json").read_text("utf-8") == (b / "session.json").read_text("utf-8")
    print(f"scripted play (player API): {'identical' if same else 'DIFFERENT'}")
    if not same:
        return 1
    print(f"all identical ({checked} values and the scripted play)")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--households", type=int, default=300)
    w.add_argument("--weeks", type=int, default=60)
    w.add_argument("--seed", type=int, default=7)
    w.add_argument("--tree", type=Path, default=None, help="source tree to run instead of this one")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.command == "write":
        write(args.out.resolve(), args.households, args.weeks, args.seed, args.tree)
    else:
        raise SystemExit(compare(args.a, args.b))


if __name__ == "__main__":
    main()
