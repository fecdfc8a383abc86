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

from .schema import Scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class ScenarioError(Exception):
    """A user mistake in a scenario file or override; the message says what and where."""


def resolve_path(name: str | Path) -> Path:
    """A path as given, or a bare name looked up in the bundled ``scenarios/`` folder."""
    p = Path(name)
    if p.exists():
        return p
    for candidate in (SCENARIO_DIR / p, SCENARIO_DIR / f"{p}.yaml"):
        if candidate.exists():
            return candidate
    raise ScenarioError(f"{name}: no such scenario file (bundled: {', '.join(bundled_names())})")


def bundled_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml") if "extends" in p.read_text("utf-8"))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{path}:{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping of keys at the top, got {type(data).__name__}")
    return data


def merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def read_tree(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    path = path.resolve()
    if path in _seen:
        raise ScenarioError(f"{path}: 'extends' loops back to itself")
    data = _read_yaml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    base = read_tree((path.parent / str(parent)), (*_seen, path))
    return merge(base, data)


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


def format_validation_error(source: str, exc: ValidationError) -> str:
    lines = [f"{source}: the scenario does not match the schema:"]
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        got = err.get("input")
        got_text = "" if isinstance(got, dict | list) else f" (got {got!r})"
        lines.append(f"  - {loc}: {err['msg']}{got_text}")
    return "\n".join(lines)


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
            apply_override(tree, key, value, source=f"{path.name} --set")
    try:
        return Scenario.model_validate(tree)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(str(path), exc)) from None


def scenario_hash(scenario: Scenario) -> str:
    """A content hash of the validated scenario: equal rules give an equal hash."""
    blob = json.dumps(json.loads(scenario.model_dump_json()), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
