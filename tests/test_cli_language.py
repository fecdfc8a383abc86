"""The command line speaks the trainer's language: Dutch by default, English with --lang en or
LOKET_LANG=en, through the gettext catalog loket_i18n/locale/nl/LC_MESSAGES/cli.po."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from loket.cli import command
from loket.cli_i18n import chosen_language, fail_messages, help_texts, text


@pytest.fixture(autouse=True)
def _messages_back_to_english(monkeypatch):
    monkeypatch.setattr("loket.common.LANG", None)  # command(lang) sets it for the process


def test_the_language_comes_from_the_command_line_then_the_environment():
    assert chosen_language([], {}) == "nl"
    assert chosen_language(["workshop", "start", "--lang", "en"], {}) == "en"
    assert chosen_language(["debrief", "X", "--lang=en"], {"LOKET_LANG": "nl"}) == "en"
    assert chosen_language(["debrief", "X"], {"LOKET_LANG": "en"}) == "en"
    assert chosen_language(["--lang", "fr"], {"LOKET_LANG": "en"}) == "nl"  # the command then refuses 'fr'


def test_every_help_text_and_message_has_a_dutch_translation():
    import typer

    from loket.cli import app

    ids = help_texts(typer.main.get_command(app)) + fail_messages()
    assert len(ids) > 80
    untranslated = [m for m in ids if text(m, "nl") == m]
    assert untranslated == []


def test_help_follows_the_chosen_language():
    runner = CliRunner()
    nl = runner.invoke(command("nl"), ["workshop", "--help"], prog_name="loket", terminal_width=200)
    en = runner.invoke(command("en"), ["workshop", "--help"], prog_name="loket", terminal_width=200)
    assert nl.exit_code == 0 and en.exit_code == 0
    assert "Toon de workshops in de database" in nl.output and "docs/facilitator.md" in nl.output
    assert "List the workshops in the database" in en.output and "docs/facilitator.en.md" in en.output
    assert "Opties" in nl.output and "Options" in en.output


def test_messages_follow_the_chosen_language(monkeypatch, tmp_path):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path))
    runner = CliRunner()
    nl = runner.invoke(command("nl"), ["play", "--weeks", "999"], prog_name="loket")
    en = runner.invoke(command("en"), ["play", "--weeks", "999"], prog_name="loket")
    assert nl.exit_code == 2 and "--weeks moet tussen 1 en 104 liggen, niet 999" in nl.output
    assert en.exit_code == 2 and "--weeks must be between 1 and 104, got 999" in en.output


def test_the_command_table_names_every_command_of_every_module():
    import importlib
    import pkgutil

    import typer

    import loket
    from loket.cli import COMMANDS

    found = {}
    for info in pkgutil.iter_modules(loket.__path__):
        if info.name.startswith("commands_"):
            commands = typer.Typer()
            importlib.import_module(f"loket.{info.name}").register(commands)
            commands.callback()(lambda: None)
            found.update(dict.fromkeys(typer.main.get_group(commands).commands, f"loket.{info.name}"))
    assert found == COMMANDS


def test_a_command_loads_only_its_own_module(monkeypatch):
    import loket.cli

    loaded = []
    real = loket.cli.importlib.import_module
    monkeypatch.setattr(loket.cli.importlib, "import_module", lambda name: loaded.append(name) or real(name))
    result = CliRunner().invoke(command("en"), ["scenarios"], prog_name="loket")
    assert result.exit_code == 0 and "siloed" in result.output
    assert loaded == ["loket.commands_sim"]
    listed = CliRunner().invoke(command("en"), ["--help"], prog_name="loket", terminal_width=200)
    assert "Collect several laptops' workshop databases into one" in listed.output  # the help lists them all
    assert sorted(set(loaded)) == sorted(set(loket.cli.COMMANDS.values()))
