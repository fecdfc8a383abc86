"""The slide deck made from a demo room (4 scripted players x 2 scenarios): every slide's text fits,
counts are whole numbers, both languages lie side by side, and every explanation is the record's."""

from __future__ import annotations

import json
import re

import pytest

from workshop.demo import DemoPlan, fill_demo
from workshop.explain import by_key, play_facts
from workshop.slides import overflowing

CODE = "DEMO-T"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    from workshop.deck import write_deck

    folder = tmp_path_factory.mktemp("room")
    db = folder / "room.db"
    assert fill_demo(CODE, DemoPlan(players=4, weeks=3, households=40), db_path=db) == 8
    # the slides only (the report page next to them has its own tests)
    decks = {lang: write_deck(CODE, folder / "deck", db_path=db, lang=lang, report=False) for lang in ("nl", "en")}
    return db, folder / "deck", decks


def test_both_languages_are_written_side_by_side(room):
    _db, out, decks = room
    names = {p.name for p in out.iterdir()}
    for lang in ("nl", "en"):
        assert {f"slides-{lang}.html", f"slides-{lang}.pdf"} <= names
        assert decks[lang].slides == [out / f"slides-{lang}.html", out / f"slides-{lang}.pdf"]
    nl, en = ((out / f"slides-{lang}.html").read_text("utf-8") for lang in ("nl", "en"))
    assert "Om over te praten" in nl and "Om over te praten" not in en
    assert "Kokers" in nl and "Siloed" in en
    assert "http://" not in nl.replace("http://www.w3.org", "") and "https://" not in nl  # no network needed


def test_every_slide_fits_and_the_pdf_has_every_slide(room):
    _db, _out, decks = room
    for lang, deck in decks.items():
        assert len(deck.pages) >= 8
        for i, page in enumerate(deck.pages, 1):
            bad = [(b.role, b.lines) for b in overflowing(page)]
            assert bad == [], f"{lang} slide {i}: {bad}"
        html = deck.slides[0].read_text("utf-8")
        assert html.count('<section class="slide"') == len(deck.pages)
        pdf = deck.slides[1].read_bytes()
        assert len(re.findall(rb"/Type /Page\b", pdf)) == len(deck.pages)


def test_counts_on_the_slides_are_whole_numbers(room):
    _db, _out, decks = room
    whole = re.compile(r"^(€ )?\d{1,3}([.,]\d{3})*%?$")
    hours = re.compile(r"^\d+[.,]\d$")
    checked = 0
    for lang, deck in decks.items():
        for page in deck.pages:
            values = [b for b in page.boxes if b.role == "value"]
            captions = [b for b in page.boxes if b.role == "caption"]
            for v, c in zip(values, captions, strict=True):
                text, caption = " ".join(v.lines), " ".join(c.lines)
                if ("uur" if lang == "nl" else "hour") in caption:
                    assert hours.match(text) or text == "–", (caption, text)
                else:
                    assert whole.match(text), (caption, text)
                    checked += 1
    assert checked >= 10


def _plays(db):
    from workshop.store import Store

    with Store(db) as store:
        plays, entries = store.plays(CODE), store.entries(CODE)
    return plays, entries


def test_ask_once_explanation_counts_the_prefilled_questions(room):
    db, _out, _decks = room
    plays, entries = _plays(db)
    seen = 0
    for final in plays.to_dict("records"):
        mine = entries[entries.play_id == final["play_id"]].to_dict("records")
        facts = by_key(play_facts(mine, None, "en"))
        prefilled = sum(1 for e in mine if e["kind"] == "field" and json.loads(e["data"]).get("prefilled"))
        assert prefilled == final["final.fields_prefilled"]  # the journal and the model's tally agree
        if prefilled:
            seen += 1
            assert facts["ask_once"].value == prefilled
            assert f"{prefilled} questions were already filled in" in facts["ask_once"].text
        else:
            assert "ask_once" not in facts
    assert seen >= 1  # the integral plays asked once


def test_case_manager_line_only_for_a_play_with_a_case_manager(room):
    db, _out, decks = room
    plays, entries = _plays(db)
    with_cm = without = 0
    for final in plays.to_dict("records"):
        mine = entries[entries.play_id == final["play_id"]].to_dict("records")
        facts = by_key(play_facts(mine, None, "nl"))
        managed = bool(final["final.case_managed"])
        if managed:
            with_cm += 1
            work = sum(
                json.loads(e["data"]).get("hours", 0)
                for e in mine
                if e["kind"] == "event" and json.loads(e["data"]).get("kind") == "case_work"
            )
            assert facts["case_manager"].value == pytest.approx(work, abs=0.01)
        else:
            without += 1
            assert "case_manager" not in facts
    assert with_cm >= 1 and without >= 1
    # the siloed plays have no case manager: no siloed line on any slide mentions one
    for page in decks["nl"].pages:
        for text in page.texts():
            assert not (text.startswith("Kokers:") and "casemanager" in text.lower()), text
