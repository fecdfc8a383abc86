"""The command line in the trainer's language: every ``--help`` text, heading and message.

The language is chosen before the commands are built: ``--lang en`` (or ``--lang=en``) anywhere on the
command line, else the environment variable ``LOKET_LANG``, else Dutch.  The help texts are written in
English in the command modules; the Dutch texts live in the gettext catalog
``loket_i18n/locale/nl/LC_MESSAGES/cli.po`` (message ids are the English text, the one catalog in the
project the other way round, so the command modules keep their plain help strings).  Typer reads help
strings when it builds the click commands, so :func:`build` builds them and then replaces every help
text, option help and panel title by its translation: at construction time, not at import.

``python -m loket.cli_i18n`` adds new help texts to the catalog and lists those still untranslated.
"""

from __future__ import annotations

import gettext
import io
import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import click

from loket_i18n import LANGUAGES, LOCALE_DIR

ENV = "LOKET_LANG"
PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "cli.po"
#: Texts of click and typer themselves that appear in every --help.
FRAMEWORK = ("Show this message and exit.", "Options", "Commands", "Arguments", "Error")


def chosen_language(argv: Sequence[str] | None = None, environ: dict[str, str] | None = None) -> str:
    """``--lang X`` / ``--lang=X`` on the command line, else $LOKET_LANG, else Dutch (unknown values: Dutch;
    the command itself then says that the language is unknown)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in LANGUAGES else "nl"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else "nl"
    value = environ.get(ENV, "")
    return value if value in LANGUAGES else "nl"


@lru_cache(maxsize=4)
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang != "nl" or not PO.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="nl", domain="cli")
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def text(msgid: str, lang: str) -> str:
    """A command-line text in ``lang`` (English source; Dutch from the catalog)."""
    return _catalog(lang).gettext(msgid) if msgid else msgid


def _commands(cmd: click.Command, path: str = "") -> list[tuple[str, click.Command]]:
    out = [(path, cmd)]
    if isinstance(getattr(cmd, "commands", None), dict):  # a group (typer may carry its own click)
        for name, sub in cmd.commands.items():
            out += _commands(sub, f"{path} {name}".strip())
    return out


def help_texts(cmd: click.Command) -> list[str]:
    """Every help text of a command tree (for the catalog)."""
    if hasattr(cmd, "load_all"):  # the loket group imports its command modules when asked (loket/cli.py)
        cmd.load_all()
    found: dict[str, None] = {}
    for _path, c in _commands(cmd):
        for t in (c.help, c.short_help, *(getattr(p, "help", None) for p in c.params)):
            if t:
                found[t.strip()] = None
    return list(found)


def translate(cmd: click.Command, lang: str) -> click.Command:
    """Replace every help text of the command tree by its translation (in place), and the headings
    typer and click print around them."""
    for _path, c in _commands(cmd):
        if c.help:
            c.help = text(c.help.strip(), lang)
        if c.short_help:
            c.short_help = text(c.short_help.strip(), lang)
        for p in c.params:
            if getattr(p, "help", None):
                p.help = text(p.help.strip(), lang)
            if p.name == "lang":
                p.default = lang  # commands speak the chosen language unless told otherwise
        c.get_help_option = _help_option(c.get_help_option, lang)  # type: ignore[method-assign]
    import typer.rich_utils as ru

    for name, msgid in (
        ("OPTIONS_PANEL_TITLE", "Options"),
        ("COMMANDS_PANEL_TITLE", "Commands"),
        ("ARGUMENTS_PANEL_TITLE", "Arguments"),
        ("ERRORS_PANEL_TITLE", "Error"),
    ):
        if hasattr(ru, name):
            setattr(ru, name, text(msgid, lang))
    return cmd


def _help_option(original, lang: str):
    def get_help_option(ctx: click.Context):
        option = original(ctx)
        if option is not None and option.help:
            option.help = text(option.help, lang)
        return option

    return get_help_option


def fail_messages() -> list[str]:
    """The literal messages of ``fail("...")`` calls in the command modules."""
    import ast

    found: dict[str, None] = {}
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "fail"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = None
    return list(found)


def update() -> list[str]:
    """Add the command line's help texts to the Dutch catalog; return those without a translation."""
    import typer

    from loket_i18n.catalogs import refresh

    from .cli import app

    ids = [*help_texts(typer.main.get_command(app)), *fail_messages(), *FRAMEWORK]
    return refresh(PO, ids, "nl", "cli")


if __name__ == "__main__":
    todo = update()
    for m in todo:
        print(m)
    sys.exit(1 if todo else 0)
