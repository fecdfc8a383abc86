"""`loket`: run, compare and play Loketdoolhof.

Each group of commands lives in its own module with a ``register(app)``
function, so the command line stays one thin shell around the packages.
"""

from __future__ import annotations

import importlib
import pkgutil

import click
import typer

import loket

app = typer.Typer(
    name="loket",
    help="Loketdoolhof: households in the maze of counters. Simulation, comparison and game.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Every ``loket/commands_*.py`` module registers its own commands.
COMMAND_MODULES = sorted(
    f"loket.{m.name}" for m in pkgutil.iter_modules(loket.__path__) if m.name.startswith("commands_")
)

for name in COMMAND_MODULES:
    importlib.import_module(name).register(app)


def command(lang: str) -> click.Command:
    """The command line as click runs it, with every help text in ``lang`` and --lang defaulting to it."""
    from . import common
    from .cli_i18n import translate

    common.LANG = lang
    cmd = typer.main.get_command(app)
    return translate(cmd, lang)


def main() -> None:
    from .cli_i18n import chosen_language

    command(chosen_language())(prog_name="loket")


if __name__ == "__main__":
    main()
