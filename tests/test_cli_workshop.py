"""The workshop and council commands as a trainer uses them; mistakes give exit code 2;
the English catalog covers every message of the workshop parts."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from loket.cli import app

runner = CliRunner()


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    return tmp_path / "w.db"


def test_policy_lists_levers_and_writes_charts_and_tables(tmp_path):
    r = invoke("policy", "siloed", "--list", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "ask_once" in r.output and "on/off" in r.output and "Levers" in r.output
    r = invoke(
        "policy",
        "siloed",
        "--lever",
        "ask_once=true",
        "--seeds",
        2,
        "--households",
        40,
        "--weeks",
        6,
        "--workers",
        1,
        "--out",
        tmp_path,
    )
    assert r.exit_code == 0, r.output
    for name in (
        "policy.md",
        "policy_outcomes.png",
        "policy_balance.png",
        "policy_gains.png",
        "summary.csv",
        "by_type.csv",
        "manifest.json",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    s = pd.read_csv(tmp_path / "summary.csv").set_index("outcome")
    assert s.loc["fields_repeated", "policy_mean"] == 0
    assert "Zelfde gegeven" in r.output  # the table in Dutch, labels from reports.labels
    md = (tmp_path / "policy.md").read_text("utf-8")
    assert "Eenmalige uitvraag" in md and "**aan**" in md


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lever", "nope=1"], "onbekende hendel 'nope'"),
        (["--lever", "strictness=9"], "buiten het bereik"),
        (["--lever", "caseload=abc"], "verwacht een getal"),
        (["--lever", "caseload"], "NAAM=WAARDE"),
        ([], "minstens één --lever"),
        (["--lever", "ask_once=true", "--lang", "fr"], "--lang"),
    ],
)
def test_policy_mistakes_exit_2_with_a_message(args, words):
    r = invoke("policy", "siloed", *args)
    assert r.exit_code == 2, r.output
    assert words in r.output and "Traceback" not in r.output


def test_policy_unknown_scenario_exits_2():
    r = invoke("policy", "atlantis", "--lever", "ask_once=true")
    assert r.exit_code == 2 and "no such scenario" in r.output


def test_workshop_start_list_debrief_and_merge(db, tmp_path):
    r = invoke("workshop", "start", "ZAAN-0412", "--db", db, "--title", "test")
    assert r.exit_code == 0, r.output
    assert "loket play --workshop ZAAN-0412 --player" in r.output
    assert "al" in invoke("workshop", "start", "ZAAN-0412", "--db", db).output  # "bestaat al"

    from player import PlayerSession
    from workshop.store import attach

    s = PlayerSession.new("siloed", "samira", seed=1, households=30, weeks=2)
    attach(s, "ZAAN-0412", "anna", db_path=db)
    s.end_week()
    s.end_week()
    r = invoke("workshop", "list", "--db", db, "--lang", "en")
    assert r.exit_code == 0 and "ZAAN-0412" in r.output and "Participants" in r.output

    r = invoke("debrief", "ZAAN-0412", "--db", db, "--out", tmp_path / "deck")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "deck" / "debrief-nl.html").exists() and (tmp_path / "deck" / "slides-nl.pdf").exists()
    r = invoke("debrief", "ZAAN-0412", "--db", db, "--out", tmp_path / "deck", "--lang", "en")
    assert r.exit_code == 0 and (tmp_path / "deck" / "slides-en.html").exists()
    assert (tmp_path / "deck" / "slides-nl.html").exists()  # the other language is kept
    assert invoke("debrief", "NOPE", "--db", db).exit_code == 2

    r = invoke("merge", db, "--into", tmp_path / "all.db")
    assert r.exit_code == 0 and "1" in r.output
    r = invoke("merge", db, "--into", tmp_path / "all.db", "--lang", "en")
    assert r.exit_code == 0 and "0 plays new or updated" in r.output


def test_workshop_mistakes_exit_2(db, tmp_path):
    assert invoke("workshop", "start", "bad code!", "--db", db).exit_code == 2
    junk = tmp_path / "junk.db"
    junk.write_text("no database " * 200)
    r = invoke("workshop", "list", "--db", junk)
    assert r.exit_code == 2 and "not a workshop database" in r.output
    r = invoke("merge", tmp_path / "missing.db", "--into", tmp_path / "c.db")
    assert r.exit_code == 2 and "no such file" in r.output


#: Words that are the same in Dutch and English.
SAME_IN_BOTH = {"Scenario", "Persona", "Code", "seed", "Workshop {code} · {date}"}


def test_the_english_catalog_has_every_workshop_message():
    from loket_i18n import missing
    from workshop.catalog import PO, msgids

    ids = msgids()
    assert len(ids) > 50 and "Doorrekenen" in ids and "Zoals nu" in ids
    assert PO.exists()
    assert [m for m in missing("workshop", "en", ids) if m not in SAME_IN_BOTH] == []


def test_council_command_opens_the_game_in_council_mode(monkeypatch):
    import game.app

    calls = []
    monkeypatch.setattr(game.app, "main", lambda **kw: calls.append(kw) or 0)
    r = invoke("council", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert calls == [{"lang": "en", "start": "council"}]
    assert invoke("council", "--lang", "de").exit_code == 2


def test_workshop_start_with_another_db_tells_players_how_to_reach_it(db):
    r = invoke("workshop", "start", "ROOM-2", "--db", db, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert f"LOKET_DB={db}" in r.output.replace("\n", "") and "--player NAME" in r.output
