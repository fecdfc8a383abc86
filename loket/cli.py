"""`loket`: run, compare and play Loketdoolhof.

Each group of commands lives in its own module with a ``register(app)`` function, so the command line
stays one thin shell around the packages.  A module is imported only when one of its commands is run
(or the help that lists them is shown): ``loket run`` does not load the game, the room server or the
calibration.  :data:`COMMANDS` says which module holds which command (tests/test_cli_language.py checks
it against what the modules register).
"""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

#: Every command, in the order ``loket --help`` lists them, and the module that registers it.
COMMANDS: dict[str, str] = {
    "calibrate": "loket.commands_calibrate",
    "play": "loket.commands_game",
    "patterns": "loket.commands_patterns",
    "sweep": "loket.commands_research",
    "sensitivity": "loket.commands_research",
    "scenarios": "loket.commands_sim",
    "validate": "loket.commands_sim",
    "run": "loket.commands_sim",
    "compare": "loket.commands_sim",
    "policy": "loket.commands_workshop",
    "council": "loket.commands_workshop",
    "debrief": "loket.commands_workshop",
    "merge": "loket.commands_workshop",
    "room": "loket.commands_room",
    "workshop": "loket.commands_workshop",
}


class LazyGroup(TyperGroup):
    """The ``loket`` group: a command's module is imported the first time the command is asked for;
    its commands are then translated into :attr:`lang` (None: the English they are written in)."""

    lang: str | None = None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name])
        return self.commands.get(cmd_name)

    def load_all(self) -> None:
        """Import every command module (for the catalog of help texts, loket/cli_i18n.py)."""
        for module in dict.fromkeys(COMMANDS.values()):
            self._load(module)

    def _load(self, module: str) -> None:
        from .cli_i18n import translate

        commands = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        importlib.import_module(module).register(commands)
        commands.callback()(_no_options)  # a group even for a module with one command
        for name, cmd in typer.main.get_group(commands).commands.items():
            self.commands.setdefault(name, translate(cmd, self.lang) if self.lang else cmd)


def _no_options() -> None:
    pass


app = typer.Typer(
    name="loket",
    cls=LazyGroup,
    help="Loketdoolhof: households in the maze of counters. Simulation, comparison and game.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.callback()(_no_options)  # the group's options: --help only (the help text is the app's)


def command(lang: str) -> click.Command:
    """The command line as click runs it, with every help text in ``lang`` and --lang defaulting to it."""
    from . import common
    from .cli_i18n import translate

    common.LANG = lang
    cmd = typer.main.get_command(app)
    assert isinstance(cmd, LazyGroup)
    cmd.lang = lang
    return translate(cmd, lang)


def main() -> None:
    from .cli_i18n import chosen_language

    command(chosen_language())(prog_name="loket")


if __name__ == "__main__":
    main()
