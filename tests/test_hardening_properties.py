"""Issue #12, property-based: mutated scenario files either validate and run, or give one line.

Mutations of the bundled scenarios (types, values, deletions, renames, extreme numbers) are
drawn by hypothesis with a fixed seed (``derandomize``), so CI sees the same examples.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.loader import SCENARIO_DIR, ScenarioError, load_scenario, read_tree

EXAMPLES = int(os.environ.get("LOKET_HYPOTHESIS_EXAMPLES", "30"))  # ~0.4 s each
TREES = {name: read_tree(SCENARIO_DIR / f"{name}.yaml") for name in ("siloed", "integral")}
EXTREMES = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    0.5,
    -0.5,
    1e-300,
    520,
    521,
    100_000,
    10**6,
    1e9,
    -1e9,
    1e10,
    10**30,
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    "",
    "x",
    "1e23",
    "nan",
    "-1",
    "siloed",
    [],
    [1, 2],
    [-1, 5],
    {},
    {"nl": "a", "en": "b"},
    "\u00e9\u00e8",
    "a" * 300,
]


def _number_at(tree: Any, path: tuple) -> bool:
    for k in path:
        tree = tree[k]
    return isinstance(tree, int | float) and not isinstance(tree, bool)


def paths(tree: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path of the tree (mappings and lists), the root excluded."""
    found = []
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for k, v in items:
        found.append((*prefix, k))
        found += paths(v, (*prefix, k))
    return found


PATHS = {name: paths(tree) for name, tree in TREES.items()}
NUMBERS = {name: [p for p in found if _number_at(TREES[name], p)] for name, found in PATHS.items()}

mutation = st.tuples(
    st.sampled_from(["set", "delete", "rename", "scale"]),
    st.integers(0, 10**6),
    st.sampled_from(EXTREMES),
    st.sampled_from([0, -1, 10, 1000, 1e6]),
)


def mutate(name: str, changes: list[tuple]) -> dict:
    import copy

    tree = copy.deepcopy(TREES[name])
    for kind, index, value, factor in changes:
        pool = NUMBERS[name] if kind in ("scale", "set") and index % 2 else PATHS[name]  # numbers half the time
        path = pool[index % len(pool)]
        node = tree
        try:
            for k in path[:-1]:
                node = node[k]
            key = path[-1]
            old = node[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed it
        if kind == "set":
            node[key] = value
        elif kind == "delete":
            del node[key]
        elif kind == "rename" and isinstance(node, dict):
            node[f"{key}_x"] = node.pop(key)
        elif kind == "scale" and isinstance(old, int | float) and not isinstance(old, bool):
            node[key] = old * factor
    return tree


def one_line(exc: ScenarioError) -> None:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text, text


@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
@given(name=st.sampled_from(sorted(TREES)), changes=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_scenario_validates_and_runs_or_gives_one_line(name, changes):
    from simulation.model import CityModel

    tree = mutate(name, changes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.yaml"
        path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), "utf-8")
        try:
            sc = load_scenario(path)
        except ScenarioError as exc:
            one_line(exc)
            return
    model = CityModel(sc, seed=1, households=20)
    model.run(3)
