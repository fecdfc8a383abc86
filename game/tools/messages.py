"""The game's message ids: every ``t("…")`` / ``app.t("…")`` call with a literal in game/.

``python -m game.tools.messages`` prints the ids missing from the English catalog
(loket_i18n/locale/en/LC_MESSAGES/game.po); the tests keep that list empty.
"""

from __future__ import annotations

import ast
from pathlib import Path

GAME_DIR = Path(__file__).resolve().parent.parent
#: Files of the game written by other parts of the project, with their own catalogs.
OTHER_DOMAINS = {
    "letter_parts.py",
    "letters.py",
    "letters_counters.py",
    "letters_debts.py",
    "debrief.py",
    "debrief_rows.py",
    "debrief_table.py",
    "charts.py",
    "council.py",
    "council_levers.py",
    "council_outcomes.py",
    "council_packages.py",
}


def msgids(paths: list[Path] | None = None) -> list[str]:
    paths = paths or sorted(p for p in GAME_DIR.rglob("*.py") if p.name not in OTHER_DOMAINS)
    found: dict[str, None] = {}
    for path in paths:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            arg = node.args[0]
            if name == "t" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found[arg.value] = None
            if name == "tn":  # tn(singular, plural, n): both are message ids
                for a in node.args[:2]:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str):
                        found[a.value] = None
    return list(found)


if __name__ == "__main__":
    from loket_i18n import missing

    for m in missing("game", "en", msgids()):
        print(repr(m))
