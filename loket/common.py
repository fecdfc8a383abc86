"""Shared pieces of the command line: error reporting and override parsing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from simulation.loader import ScenarioError, parse_value
from userfiles.outputs import OutputError

MAX_SEED = 2**32 - 1
err = Console(stderr=True, soft_wrap=True)  # messages stay whole lines, easy to read and grep
out = Console()


def table_console(width: int = 110) -> Console:
    """Where a report table goes: the terminal as it is, or, piped into a file or another program
    (rich's 80 columns), a console wide enough that every column keeps its words."""
    return out if out.is_terminal else Console(file=out.file, width=max(out.width, width))


#: The language of messages, set by ``loket.cli.main`` from --lang or $LOKET_LANG (loket/cli_i18n.py);
#: None: the English the messages are written in (an app built without main, as in tests).
LANG: str | None = None


def fail(message: str, code: int = 2, **values: Any) -> None:
    """A one-line message and exit code 2.  ``message`` is English, with ``{name}`` fields filled from
    ``values`` after translation (loket/cli_i18n.py)."""
    from .cli_i18n import text

    lang = LANG or "en"
    shown = text(message, lang).format(**values) if values else text(message, lang)
    err.print(f"[bold red]error:[/] {escape(shown)}", highlight=False, markup=True)  # 'error:' in both: scripts grep it
    raise typer.Exit(code)


def parse_overrides(items: list[str] | None) -> dict[str, Any]:
    """``KEY.PATH=value`` pairs; the value is read as YAML (true, 3, 0.5)."""
    result: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--set expects KEY.PATH=VALUE, got '{item}'")
        result[key.strip()] = parse_value(value)
    return result


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn user mistakes into a clear message and exit code 2, never a traceback."""
    try:
        yield
    except (ScenarioError, OutputError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        err.print("interrupted; nothing partial was written as if it were complete")
        raise typer.Exit(130) from None


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
