"""Load scenario files: YAML -> merged dict -> overrides -> validated :class:`Scenario`.

An organisation file may say ``extends: city.yaml``; the city file is read first
and the organisation file's keys are merged over it (dicts merge, everything
else replaces).  Overrides (``organisation.ask_once=true``) are applied to the
merged tree before validation, so a sweep or a council lever is checked by the
same schema as a file.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .scenario_file import ScenarioError, check_path_text, check_tree, parent_path, read_yaml
from .schema import Scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
__all__ = ["ScenarioError", "SCENARIO_DIR", "load_scenario", "read_tree", "resolve_path", "scenario_hash"]


def resolve_path(name: str | Path) -> Path:
    """A path as given, or a bare name looked up in the bundled ``scenarios/`` folder."""
    p = Path(check_path_text(name))
    shown = str(p).encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        if p.exists():
            return p
        for candidate in (SCENARIO_DIR / p, SCENARIO_DIR / f"{p}.yaml"):
            if candidate.exists():
                return candidate
    except OSError as exc:  # a name too long, a folder that cannot be read
        raise ScenarioError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    raise ScenarioError(f"{shown}: no such scenario file (bundled: {', '.join(bundled_names())})")


def bundled_names(folder: Path | None = None) -> list[str]:
    """The scenarios in ``folder`` (the bundled ``scenarios/``): files that extend a city file."""
    found = (SCENARIO_DIR if folder is None else folder).glob("*.yaml")
    return sorted(p.stem for p in found if "extends" in p.read_text("utf-8"))


def merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


#: The ``kind:`` of a calibration posterior (``loket calibrate`` writes it, ``--install`` copies it).
POSTERIOR_KIND = "loketdoolhof calibration posterior"


def apply_calibration(path: Path, name: Any, tree: dict[str, Any]) -> None:
    """``calibration: FILE`` in a scenario: set the calibrated parameters to the posterior's point
    estimate (``point:`` key path -> value), over the file's tree and what it extends."""
    source = parent_path(path, name, SCENARIO_DIR, key="calibration")
    post = read_yaml(source)
    point = post.get("point")
    if post.get("kind") != POSTERIOR_KIND or not isinstance(point, dict):
        raise ScenarioError(
            f"{source}: not a calibration posterior (expected 'kind: {POSTERIOR_KIND}' "
            "and a 'point:' mapping of key paths to values, as `loket calibrate` writes it)"
        )
    for key, value in point.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScenarioError(f"{source}: point.{_clip(str(key))}: expected a number, got {_clip(repr(value))}")
        apply_override(tree, str(key), value, source=f"{source.name} point")


def read_tree(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    path = path.resolve()
    if path in _seen:
        raise ScenarioError(f"{path}: 'extends' loops back to itself")
    data = read_yaml(path)
    calibration = data.pop("calibration", None)
    if "extends" in data:
        parent = parent_path(path, data.pop("extends"), SCENARIO_DIR)
        inherited = read_tree(parent, (*_seen, path))
        inherited.pop("listing", None)  # how a file is listed describes that file, not what extends it
        data = merge(inherited, data)
    if calibration is not None:
        apply_calibration(path, calibration, data)
    return data


def parse_value(text: str) -> Any:
    """A command-line value: YAML scalars, so ``true``, ``3``, ``0.5``, ``[1, 2]`` work."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def apply_override(tree: dict, key_path: str, value: Any, source: str = "override") -> None:
    """Set ``a.b.c`` in the tree.  The path must already exist, so a typo is an error."""
    parts = key_path.split(".")
    node: Any = tree
    for i, part in enumerate(parts):
        here = ".".join(parts[: i + 1])
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise ScenarioError(f"{source}: '{here}': no list index {part}")
            key: Any = int(part)
        elif isinstance(node, dict):
            if part not in node:
                known = ", ".join(sorted(map(str, node))) or "none"
                raise ScenarioError(f"{source}: unknown key path '{here}' (known at this level: {known})")
            key = part
        else:
            raise ScenarioError(f"{source}: '{here}': '{'.'.join(parts[:i])}' is a value, not a mapping")
        if i == len(parts) - 1:
            node[key] = value
        else:
            node = node[key]


def format_validation_error(source: str, exc: ValidationError, most: int = 6) -> str:
    """One line: the file, then each problem's key path, what was expected and (short) what was found."""
    problems = []
    errors = exc.errors()
    for err in errors[:most]:
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        got = err.get("input")
        got_text = "" if isinstance(got, dict | list) or err["type"] == "value_error" else f" (got {_clip(repr(got))})"
        msg = err["msg"].removeprefix("Value error, ")
        problems.append(f"{_clip(loc, 120)}: {msg}{got_text}")
    more = f"; and {len(errors) - most} more" if len(errors) > most else ""
    return f"{source}: the scenario does not match the schema: " + "; ".join(problems) + more


def _clip(text: str, limit: int = 60) -> str:
    """Text for a one-line message: printable, no newline, at most ``limit`` characters."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_levers(scenario: Scenario, source: str) -> None:
    """Every lever's key path must name a value of the scenario (a number for a slider)."""
    tree = json.loads(scenario.model_dump_json())
    for name, lever in scenario.levers.items():
        node: Any = tree
        for part in lever.path.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise ScenarioError(f"{source}: levers.{name}.path: unknown key path '{_clip(lever.path, 80)}'")
        if isinstance(node, dict | list):
            raise ScenarioError(f"{source}: levers.{name}.path: '{lever.path}' is a group of keys, not one value")
        if lever.kind == "slider" and (isinstance(node, bool) or not isinstance(node, int | float | None)):
            raise ScenarioError(f"{source}: levers.{name}.path: a slider needs a number at '{lever.path}'")
        if lever.kind == "slider" and not lever.low <= lever.high:
            raise ScenarioError(f"{source}: levers.{name}: low ({lever.low}) is above high ({lever.high})")
        unknown = [d for d in lever.drives if d not in lever_outcomes()]
        if unknown:
            raise ScenarioError(
                f"{source}: levers.{name}.drives: unknown outcome '{_clip(unknown[0], 60)}' "
                f"(known: {', '.join(sorted(lever_outcomes()))})"
            )


def lever_outcomes() -> frozenset[str]:
    """Outcomes a lever's ``drives`` may name: a household's tallies and outcomes at the end of a run,
    and the weekly lines of public spending (simulation.metrics)."""
    from .metrics import OUTCOME_COLUMNS, WEEKLY_COLUMNS

    weekly = {c for c in WEEKLY_COLUMNS[2:] if not c.startswith("mean_") and c != "queued"}
    return frozenset(OUTCOME_COLUMNS[3:]) | frozenset(weekly)


def load_scenario(name: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, merge, override and validate a scenario; raises :class:`ScenarioError`."""
    path = resolve_path(name)
    tree = read_tree(path)
    if overrides:
        # Paths to keys that have a schema default but are absent in the file are allowed:
        # fill the tree with the validated defaults first, then apply.
        try:
            full = json.loads(Scenario.model_validate(tree).model_dump_json())
        except ValidationError as exc:
            raise ScenarioError(format_validation_error(str(path), exc)) from None
        tree = merge(full, {})
        for key, value in overrides.items():
            check_tree(value, f"{path.name} --set {key}")  # before a NaN meets JSON
            apply_override(tree, key, value, source=f"{path.name} --set")
    try:
        scenario = Scenario.model_validate(tree)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(str(path), exc)) from None
    check_tree(scenario.model_dump(), str(path))  # also values the schema converted from text
    check_levers(scenario, str(path))
    return scenario


def scenario_hash(scenario: Scenario) -> str:
    """A content hash of the validated scenario: equal rules give an equal hash (how the scenario is
    listed is no rule, so a save stays resumable when its colour or place changes)."""
    blob = json.dumps(json.loads(scenario.model_dump_json(exclude={"listing"})), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
