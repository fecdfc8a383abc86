"""The output folder of a calibration or screening: an identity and an append-only log.

``OUT/calibration.json`` says which calibration the folder holds (parameters and
priors, patterns, settings, scenario hash, task, package versions); a folder that
holds another one is refused.  ``OUT/evaluations.jsonl`` has one line per model
run, written and flushed the moment its result comes back, keyed by
(generation, candidate, replicate), with the parameters, the seed, the pattern
values, and the CPU and wall seconds it cost.  A line cut short by a kill is
dropped when the folder is opened again.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .calibration_config import CalibrationError

IDENTITY = "calibration.json"
LOG = "evaluations.jsonl"
Key = tuple[int, int, int]


def _clean(values: Mapping[str, Any]) -> dict[str, float | None]:
    """Pattern values as JSON: floats, with None where the value is NaN or infinite."""
    out: dict[str, float | None] = {}
    for k, v in values.items():
        x = float(v) if v is not None else math.nan
        out[str(k)] = x if math.isfinite(x) else None
    return out


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    write(tmp)
    os.replace(tmp, path)


def _differs(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> str:
    parts = [k for k in mine if mine.get(k) != theirs.get(k)] + [k for k in theirs if k not in mine]
    return ", ".join(dict.fromkeys(parts)) or "content"


class EvalStore:
    """Stored model runs of one calibration (or screening), read at open and appended to after."""

    def __init__(self, out: str | Path, identity: dict[str, Any]) -> None:
        self.out = Path(out)
        self.identity = json.loads(json.dumps(identity))
        self.records: dict[Key, dict[str, Any]] = {}
        self._log = self.out / LOG
        self._fh: Any = None

    def open(self) -> EvalStore:
        man = self.out / IDENTITY
        kind = self.identity.get("kind", "calibration")
        if man.exists():
            try:
                theirs = json.loads(man.read_text("utf-8"))
            except (OSError, ValueError):
                raise CalibrationError(
                    f"{man}: not a readable calibration identity; use another --out folder"
                ) from None
            if theirs != self.identity:
                raise CalibrationError(
                    f"{self.out} holds another {theirs.get('kind', 'calibration')} (different "
                    f"{_differs(self.identity, theirs)}); use another --out folder or remove "
                    "it to start over"
                )
        elif self.out.exists() and any(p.name != "screening" for p in self.out.iterdir()):
            raise CalibrationError(f"{self.out} is not empty and holds no {kind}; use another --out folder")
        self.out.mkdir(parents=True, exist_ok=True)
        if not man.exists():
            write_atomic(
                man, lambda p: p.write_text(json.dumps(self.identity, indent=2, sort_keys=True) + "\n", "utf-8")
            )
        self._read()
        self._fh = open(self._log, "a", encoding="utf-8")
        return self

    def _read(self) -> None:
        if not self._log.exists():
            return
        raw = self._log.read_bytes()
        whole = raw[: raw.rfind(b"\n") + 1]
        if len(whole) != len(raw):  # the last line was cut short by a kill: drop it
            with open(self._log, "r+b") as fh:
                fh.truncate(len(whole))
        for line in whole.decode("utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            self.records[(rec["generation"], rec["candidate"], rec["replicate"])] = rec

    def add(self, record: dict[str, Any]) -> dict[str, Any]:
        record = {**record, "values": _clean(record["values"])}
        self._fh.write(json.dumps(record, sort_keys=True, allow_nan=False) + "\n")
        self._fh.flush()
        self.records[(record["generation"], record["candidate"], record["replicate"])] = record
        return record

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> EvalStore:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()
