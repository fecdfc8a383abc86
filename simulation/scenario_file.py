"""Reading one scenario file safely: every failure becomes a one-line :class:`ScenarioError`.

The checks sit on the reading path, before the schema sees the tree:

* the file is at most ``MAX_BYTES`` and its bytes are UTF-8 (no NUL, no lone surrogates);
* YAML is parsed by a safe loader that refuses duplicate keys;
* the tree is at most ``MAX_DEPTH`` deep and ``MAX_NODES`` big (aliases counted each time they
  are used, so an "billion laughs" file is refused instead of expanded);
* every number is finite, every key is text, every string is valid Unicode.

Messages name the file, the place and what was expected, and never quote another file's
content (``extends`` may only reach the scenario's own folder or the bundled scenarios).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000  # the bundled city is ~27 kB
MAX_DEPTH = 32
MAX_NODES = 200_000
MAX_NUMBER = 1e9  # no count, amount or duration of a scenario comes near it


class ScenarioError(Exception):
    """A user mistake in a scenario file or override; the message says what and where."""


def check_path_text(name: str | os.PathLike) -> str:
    """A path argument as text that the file system can take (no NUL byte, no lone surrogate)."""
    text = os.fspath(name)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    shown = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if "\0" in text:
        raise ScenarioError(f"{shown!r}: a file name cannot contain a NUL byte")
    try:
        os.fsencode(text)
    except UnicodeError:
        raise ScenarioError(f"{shown!r}: not a valid file name (invalid characters)") from None
    return text


_Safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: ten times faster


class _Loader(_Safe):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be text or a number", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{_short(key)}' (first on line {seen[key].line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep)


def _short(value: Any, limit: int = 60) -> str:
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_yaml(path: Path) -> dict[str, Any]:
    """The top-level mapping of a scenario file, checked (see the module doc)."""
    shown = _short(path, 200)
    try:
        with open(path, "rb") as fh:
            blob = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise ScenarioError(f"{shown}: is a folder, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if len(blob) > MAX_BYTES:
        raise ScenarioError(f"{shown}: too big for a scenario file (more than {MAX_BYTES:,} bytes)")
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{shown}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    if "\0" in text:
        raise ScenarioError(f"{shown}: contains a NUL byte; not a text file")
    try:
        _check_depth(text, shown)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        problem = getattr(exc, "problem", None) or "unreadable"
        raise ScenarioError(f"{shown}:{where} not valid YAML ({_short(problem, 120)})") from None
    except (RecursionError, MemoryError):
        raise ScenarioError(f"{shown}: nested too deeply (at most {MAX_DEPTH} levels)") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{shown}: expected a mapping of keys at the top, got {_kind(data)}")
    check_tree(data, shown)
    return data


def _check_depth(text: str, shown: str) -> None:
    """Nesting, counted on the parser's events (which, unlike building the tree, do not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                where = f"line {mark.line + 1}: " if mark is not None else ""
                raise ScenarioError(f"{shown}: {where}nested too deeply (at most {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(type(value), "a value")


def check_tree(tree: Any, source: str) -> None:
    """Depth, size, finite numbers, text keys and valid strings; the message names the key path."""
    budget = [MAX_NODES]

    def walk(node: Any, where: list[str]) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise ScenarioError(f"{source}: too many values (more than {MAX_NODES:,}, aliases counted each time)")
        if len(where) > MAX_DEPTH:
            raise ScenarioError(f"{source}: '{_path(where)}': nested too deeply (at most {MAX_DEPTH} levels)")
        if isinstance(node, dict):
            for k, v in node.items():
                if not isinstance(k, str | int) or isinstance(k, bool):
                    raise ScenarioError(f"{source}: '{_path(where)}': a key must be text, got {_short(k)!r}")
                _check_text(str(k), source, where)
                walk(v, [*where, str(k)])
        elif isinstance(node, list | tuple):
            for i, v in enumerate(node):
                walk(v, [*where, str(i)])
        elif isinstance(node, float) and not math.isfinite(node):
            raise ScenarioError(f"{source}: '{_path(where)}': must be a finite number, got {node}")
        elif isinstance(node, int | float) and not isinstance(node, bool) and abs(node) > MAX_NUMBER:
            raise ScenarioError(
                f"{source}: '{_path(where)}': {_short(node, 30)} is too big "
                f"(a scenario's numbers are at most {MAX_NUMBER:,.0f})"
            )
        elif isinstance(node, str):
            _check_text(node, source, where)

    walk(tree, [])


def _check_text(text: str, source: str, where: list[str]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ScenarioError(f"{source}: '{_path(where)}': text with an invalid character (a lone surrogate)") from None
    if "\0" in text:
        raise ScenarioError(f"{source}: '{_path(where)}': text with a NUL character")


def _path(where: list[str]) -> str:
    return _short(".".join(where) or "(top level)", 120)


def parent_path(path: Path, parent: Any, bundled: Path, key: str = "extends") -> Path:
    """The file an ``extends:`` (or ``calibration:``) names, confined to ``path``'s own folder or
    the bundled scenarios."""
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError(f"{_short(path, 200)}: '{key}' must name a file in the scenario's folder, e.g. 'city.yaml'")
    name = check_path_text(parent)
    allowed = (path.parent.resolve(), bundled.resolve())
    for folder in allowed:
        candidate = (folder / name).resolve()
        if candidate.parent == folder and candidate.is_file():
            return candidate
    if Path(name).name != name or name in (".", ".."):
        raise ScenarioError(
            f"{_short(path, 200)}: '{key}: {_short(name)}': only a file in the scenario's "
            "own folder or a bundled scenario can be named (a plain file name)"
        )
    raise ScenarioError(
        f"{_short(path, 200)}: '{key}: {_short(name)}': no such file in {path.parent} or in the bundled scenarios"
    )
