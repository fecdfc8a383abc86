"""No bundled scenario id is written into Python: the project's code finds the default scenario,
the comparison pair, the order, colours and short labels through the scenario files
(simulation.listing).  Read from the source, not run: every string literal that *is* a bundled
id (or its file name) is refused.  Docstrings and help texts that mention an id as an example
("Scenario name (siloed, integral) or YAML file", ``load_scenario("integral")`` in a docstring)
are longer strings, so they pass."""

from __future__ import annotations

import ast
from pathlib import Path

from simulation.loader import bundled_names

ROOT = Path(__file__).resolve().parent.parent
#: The project's packages (benchmarks/ are scripts that drive the bundled scenarios by name).
PACKAGES = (
    "simulation",
    "player",
    "experiments",
    "game",
    "workshop",
    "reports",
    "loket",
    "room",
    "research",
    "userfiles",
    "loket_i18n",
)


def literal_ids(path: Path, ids: set[str], root: Path = ROOT) -> list[str]:
    """``file:line: 'id'`` for every string literal in the file that is one of ``ids``."""
    text = path.read_text("utf-8")
    if not any(i in text for i in ids):
        return []  # most files: nothing to parse
    tree = ast.parse(text, str(path))
    rel = path.relative_to(root).as_posix()
    return [
        f"{rel}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids
    ]


def bundled_ids() -> set[str]:
    names = set(bundled_names())
    return names | {f"{n}.yaml" for n in names}


def test_no_bundled_scenario_id_is_written_into_python():
    ids = bundled_ids()
    assert {"siloed", "integral"} <= ids  # the guard looks for the ids that are bundled today
    found = [
        hit for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py")) for hit in literal_ids(path, ids)
    ]
    assert not found, (
        "scenario ids written into Python (read them from the listing: simulation.listing):\n" + "\n".join(found)
    )


def test_the_guard_sees_a_literal_but_not_a_docstring_example(tmp_path):
    src = tmp_path / "m.py"
    src.write_text(
        '"""Run it: load_scenario("integral")."""\n'
        'HELP = "Scenario name (siloed, integral)"\n'
        'def f(name="siloed"):\n    return {"integral": 1}.get(name, "siloed.yaml")\n',
        "utf-8",
    )
    found = sorted(hit.split(": ", 1)[1] for hit in literal_ids(src, bundled_ids(), tmp_path))
    assert found == ["'integral'", "'siloed'", "'siloed.yaml'"]
