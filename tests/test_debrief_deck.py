"""The debrief deck: charts, one self-contained HTML page and CSV files with the room's numbers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from player import PlayerSession
from workshop.deck import DeckError, number, write_deck
from workshop.store import Store, attach


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """Two players, each plays siloed and integral; a third player stops half-way."""
    db = tmp_path_factory.mktemp("room") / "w.db"
    sessions = []
    for seed, (player, persona) in enumerate([("anna", "samira"), ("bo", "dennis")], start=1):
        for scenario in ("siloed", "integral"):
            s = PlayerSession.new(scenario, persona, seed=seed, households=40, weeks=3)
            attach(s, "ROOM-1", player, db_path=db)
            for c in s.counters()[:2]:
                if c.domains:
                    s.visit(c.id, c.domains[0])
            for _ in range(3):
                s.end_week()
            sessions.append(s)
    s = PlayerSession.new("siloed", "samira", seed=7, households=40, weeks=3)
    attach(s, "ROOM-1", "cas", db_path=db)
    s.end_week()
    return db, sessions


def test_deck_files_and_numbers(room, tmp_path):
    db, sessions = room
    deck = write_deck("ROOM-1", tmp_path / "deck", db_path=db, lang="nl")
    names = {p.name for p in deck.files}
    assert {
        "debrief-nl.html",
        "room_vs_population-nl.png",
        "same_player-nl.png",
        "form_fields-nl.png",
        "slides-nl.html",
        "slides-nl.pdf",
        "plays.csv",
        "entries.csv",
        "final_numbers.csv",
        "room_vs_population.csv",
    } <= names
    assert all(p.exists() and p.stat().st_size > 0 for p in deck.files)

    summ = pd.read_csv(tmp_path / "deck" / "csv" / "room_vs_population.csv").set_index(["scenario", "outcome"])
    siloed = [s for s in sessions if s.meta["scenario"] == "siloed"]
    room_mean = sum(s.final_numbers()["paperwork_hours"] for s in siloed) / len(siloed)
    assert summ.loc[("siloed", "paperwork_hours"), "room_mean"] == pytest.approx(room_mean)
    assert summ.loc[("siloed", "paperwork_hours"), "room_n"] == 2  # the unfinished play is not counted
    # The population: simulated households of the players' own types in the same runs.
    types = {s.final_numbers()["type"] for s in siloed}
    pops = [s.population_outcomes() for s in siloed]
    per_run = [p.loc[p["type"].isin(types), "paperwork_hours"].mean() for p in pops]
    assert summ.loc[("siloed", "paperwork_hours"), "population_mean"] == pytest.approx(sum(per_run) / len(per_run))
    assert summ.loc[("siloed", "paperwork_hours"), "population_runs"] == 2

    html = deck.html.read_text("utf-8")
    assert len(re.findall(r'src="data:image/png;base64,', html)) == 3
    assert not re.search(r'src="(?!data:)', html)  # self-contained: no outside files
    assert number(room_mean, "nl") in html
    assert "cas" in html and "onderbroken" in html  # the unfinished play is listed as such
    # Waiting and paperwork are named for what they count; the wait per application sits next to it.
    assert "Weken met een aanvraag in behandeling" in html and "Wachttijd per aanvraag in een wachtrij" in html
    assert "Uren papierwerk, incl. omgaan met schuldeisers" in html
    assert summ.loc[("siloed", "wait_per_application"), "room_n"] <= 2
    plays = pd.read_csv(tmp_path / "deck" / "csv" / "plays.csv")
    assert sorted(plays.player) == ["anna", "anna", "bo", "bo", "cas"]


def test_deck_in_english_with_a_headless_population(room, tmp_path):
    db, _ = room
    deck = write_deck("ROOM-1", tmp_path / "deck", db_path=db, lang="en", population_seeds=2)
    html = deck.html.read_text("utf-8")
    assert 'lang="en"' in html and "Siloed" in html and "Debrief" in html
    assert "Weeks with an application pending" in html and "Wait per application in a queue" in html
    assert "Paperwork hours, incl. dealing with creditors" in html
    summ = pd.read_csv(tmp_path / "deck" / "csv" / "room_vs_population.csv")
    assert set(summ.population_runs) == {2}


def test_deck_errors(room, tmp_path):
    db, _ = room
    with pytest.raises(DeckError, match="geen workshop 'NOPE'.*ROOM-1"):
        write_deck("NOPE", tmp_path / "d", db_path=db)
    with Store(db) as st:
        st.create_workshop("EMPTY")
    with pytest.raises(DeckError, match="nog geen afgeronde spellen"):
        write_deck("EMPTY", tmp_path / "d", db_path=db)
