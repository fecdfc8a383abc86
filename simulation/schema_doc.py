"""The scenario reference (docs/scenario-reference.md), written from the pydantic schema itself so
it cannot drift: every section of a city file, every key with its type, default, limits and
meaning.  ``python -m simulation.schema_doc [FILE]`` writes it (``make docs``);
tests/test_scenario_reference.py checks the committed file is up to date."""

from __future__ import annotations

import inspect
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .schema import Scenario

HEADER = """# Scenario reference

Generated from the schema (`simulation/schema.py`, `simulation/schema_numbers.py`,
`simulation/schema_base.py`, `simulation/schema_listing.py`) by `python -m simulation.schema_doc`;
do not edit by hand (`make docs` writes it again, a test checks it is up to date).

A scenario is one YAML file (see `scenarios/city.yaml`, `scenarios/siloed.yaml`,
`scenarios/integral.yaml`). A file may start from another with `extends: city.yaml` and then
give only what differs; every number can also be changed at run time with
`--set section.key=value`. Texts a player reads are given in both languages as
`{nl: ..., en: ...}`. Unknown keys are refused with a message that names them, so a typo
never passes silently.

Sections, starting from the top of a file:
"""


def _type_name(tp: Any) -> str:
    """A readable name of an annotation: int, float, list of text, mapping of id to Counter …"""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        return "null"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args)
    if origin in (list, tuple, set, frozenset):
        inner = ", ".join(_type_name(a) for a in args if a is not Ellipsis)
        return f"list of {inner}" if inner else "list"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    if tp is str:
        return "text"
    if tp is bool:
        return "true/false"
    return getattr(tp, "__name__", str(tp))


def _models_in(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for a in typing.get_args(tp) for m in _models_in(a)]


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    else:
        value = info.default
    if value is PydanticUndefined:
        return "required"
    if isinstance(value, BaseModel):
        return "see section"
    if value in ({}, []):
        return "empty"
    return f"`{value!r}`" if not isinstance(value, str) else f"`{value}`"


def _limits(info: FieldInfo) -> str:
    out = []
    for m in info.metadata:
        for attr, sign in (
            ("ge", "≥"),
            ("gt", ">"),
            ("le", "≤"),
            ("lt", "<"),
            ("min_length", "length ≥"),
            ("max_length", "length ≤"),
        ):
            value = getattr(m, attr, None)
            if value is not None:
                out.append(f"{sign} {value}")
    return ", ".join(out)


def _comments(model: type[BaseModel]) -> dict[str, str]:
    """The comment at the end of each field's line in the class source (a meaning without a
    ``description``), continued by comment lines right under it."""
    out: dict[str, str] = {}
    try:
        lines = inspect.getsource(model).splitlines()
    except (OSError, TypeError):
        return out
    current = None
    for line in lines:
        m = re.match(r"^    (\w+): [^#]*#:? ?(.*)$", line)
        if m:
            current = m.group(1)
            out[current] = m.group(2).strip()
        elif current and re.match(r"^\s+# ", line) and not re.match(r"^    \w", line):
            out[current] += " " + line.strip()[2:]
        else:
            current = None
    return out


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def sections(root: type[BaseModel] = Scenario) -> list[type[BaseModel]]:
    """Every model reachable from ``root``, in the order a reader meets them (breadth first)."""
    seen: list[type[BaseModel]] = [root]
    i = 0
    while i < len(seen):
        for info in seen[i].model_fields.values():
            for model in _models_in(info.annotation):
                if model not in seen:
                    seen.append(model)
        i += 1
    return seen


def reference_markdown() -> str:
    models = sections()
    out = [HEADER]
    out += [f"- [{m.__name__}](#{m.__name__.lower()})" for m in models]
    for model in models:
        out += ["", f"## {model.__name__}", ""]
        doc = (model.__doc__ or "").strip()
        if doc and not doc.startswith(("Usage docs", "!!! abstract")):
            out += [" ".join(doc.split()), ""]
        out += ["| key | type | default | limits | meaning |", "| --- | --- | --- | --- | --- |"]
        comments = _comments(model)
        for name, info in model.model_fields.items():
            key = info.alias or name
            out.append(
                f"| `{key}` | {_cell(_type_name(info.annotation))} | {_cell(_default(info))} | "
                f"{_cell(_limits(info))} | {_cell(info.description or comments.get(name, ''))} |"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    text = reference_markdown()
    if args:
        Path(args[0]).write_text(text, "utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
