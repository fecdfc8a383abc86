"""Every letter the model can send has official wording in Dutch and English."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from loket_i18n import missing
from player import PlayerSession
from simulation import CityModel, load_scenario
from simulation import events as ev
from simulation.letters_keys import LETTER_KEYS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES: dict[str, list[dict]] = {
    "request_information": [
        {
            "scheme": "bijstand",
            "counter": "werk_inkomen",
            "documents": ["huurcontract"],
            "fields": ["bsn"],
            "deadline": 5,
        },
        {"scheme": "huurtoeslag", "counter": "toeslagen", "documents": [], "fields": ["savings"], "deadline": 3},
    ],
    "rejection": [
        {"scheme": "bijstand", "reason": "incomplete", "rule": None},
        {"scheme": "schuldhulp", "reason": "rule", "rule": "stabiel_inkomen"},
        {"scheme": "huurtoeslag", "reason": "not_eligible", "rule": None},
    ],
    "deadline_extended": [{"scheme": "bijstand", "deadline": 7}],
    "sanction": [
        {"scheme": "bijstand", "step": "reproof", "weeks": 8, "fine": 150.0},
        {"scheme": "wmo_ondersteuning", "step": "intake", "weeks": 4, "fine": 0.0},
    ],
    "report_change": [{"scheme": "huurtoeslag", "deadline": 6}],
    "blocked": [{"scheme": "bijstand", "rule": "vast_adres"}],
    "sent_on": [
        {"counter": "werk_inkomen", "to": "schuldhulp", "domain": "debt"},
        {"counter": "huisarts", "to": None, "domain": "housing"},
    ],
    "granted": [
        {"scheme": "huurtoeslag", "amount": 65, "automatic": True},
        {"scheme": "schuldhulp", "amount": 0, "automatic": False},
    ],
    "ended": [{"scheme": "ww", "reason": r} for r in ("no_longer_eligible", "duration", "paid", "completed")],
    "clawback": [{"scheme": "zorgtoeslag", "amount": 412}, {"scheme": "huurtoeslag", "amount": 640, "year": 1}],
    "backpayment": [{"scheme": "huurtoeslag", "amount": 230, "year": 1}],
    "debt_free": [{"scheme": "schuldhulp", "amount": 5400}],
    "reproof": [{"scheme": "bijstand", "deadline": 4}],
    "case_manager_intro": [{"manager": 2}],
    "overrule": [{"scheme": "betalingsregeling_huur", "rule": "achterstand_eerst_afgelost"}],
    "budget_paid": [{"creditor": "landlord", "amount": 900}],
    "outreach": [{}],
    "reminder": [{"creditor": "energy", "amount": 300, "fee": 0}],
    "collection": [{"creditor": "consumer", "amount": 690, "fee": 90}],
    "bailiff": [{"creditor": "insurer", "amount": 1820, "fee": 120}],
    "payment_plan_imposed": [{"creditor": "landlord", "amount": 2400}],
    "eviction_notice": [{"creditor": "landlord", "amount": 2400}],
    "cutoff_notice": [{"creditor": "energy", "amount": 640}],
    "crisis_eviction": [{}],
    "crisis_cutoff": [{}],
    "crisis_seizure": [{}],
    "crisis_health": [{}],
}


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("siloed")


@pytest.fixture(scope="module")
def letters():
    from game import letters as mod

    return mod


def test_every_letter_key_of_the_model_has_a_template_and_a_sample(letters):
    assert set(letters.TEMPLATES) == set(LETTER_KEYS)
    assert set(SAMPLES) == set(LETTER_KEYS)


@pytest.mark.parametrize("key", sorted(LETTER_KEYS))
def test_each_letter_renders_in_dutch_and_english(letters, scenario, key):
    for data in SAMPLES[key]:
        nl = letters.render_letter(key, data, scenario, "nl", week=3, letter_id=12, recipient="Samira El Amrani")
        en = letters.render_letter(key, data, scenario, "en", week=3, letter_id=12, recipient="Samira El Amrani")
        for doc in (nl, en):
            text = doc.text()
            assert doc.sender and doc.subject and doc.paragraphs and doc.reference.endswith("-03-0012")
            assert "{" not in text and "}" not in text and "None" not in text
            assert "Samira El Amrani" in text
        assert nl.subject != en.subject and nl.paragraphs != en.paragraphs
        assert "spelweek 3" in nl.text() and "game week 3" in en.text()
        if "deadline" in data:
            assert f"week {data['deadline']}" in nl.deadline and f"week {data['deadline']}" in en.deadline
        money = data.get("fine") if key == "sanction" else data.get("amount")
        if money:
            assert nl.amount == f"€ {money:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
            assert en.amount == f"€{money:,.2f}"


def test_the_catalog_is_complete(letters):
    from babel.messages.extract import extract_from_file

    ids = set()
    for f in ("game/letters.py", "game/letter_parts.py", "game/letters_counters.py", "game/letters_debts.py"):
        ids |= {m[1] for m in extract_from_file("python", str(ROOT / f), keywords={"_": None})}
    assert len(ids) > 100
    assert missing("letters", "en", sorted(ids)) == []


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_every_letter_of_a_real_run_renders(letters, name):
    """All tracked households of a year in the neighbourhood: whatever the model sends can be read."""
    m = CityModel(load_scenario(name), seed=2, households=120, track=120)
    m.run(40)
    seen = set()
    for hid in range(120):
        for e in m.log.for_household(hid):
            if e.kind != ev.LETTER:
                continue
            data = {k: v for k, v in e.data.items() if k != "letter"}
            for lang in ("nl", "en"):
                text = letters.render_letter(e.data["letter"], data, m.scenario, lang, week=e.week + 1).text()
                assert "{" not in text and "None" not in text
            seen.add(e.data["letter"])
    assert len(seen) >= 10


def test_render_a_players_letter_from_the_session(letters):
    s = PlayerSession.new("siloed", "samira", seed=1, households=30, weeks=3, lang="en")
    s.visit("werk_inkomen", "debt")
    s.end_week()
    docs = [letters.render(x, s) for x in s.mail()]
    assert [d.key for d in docs] == [x.key for x in s.mail()] and docs[0].key == "sent_on"
    assert "Dear Samira El Amrani," in docs[0].text() and "debts" in docs[0].subject


def test_the_model_refuses_a_letter_without_a_template(small_model):
    m = small_model("siloed", households=2)
    with pytest.raises(ValueError, match="unknown letter"):
        m.letter(m.households[0], "love_letter")


def test_letters_module_is_pure_text():
    """Loaded on its own (as the debrief deck does), it does not bring in pygame."""
    code = (
        "import importlib.util, sys; spec = importlib.util.spec_from_file_location('letters', 'game/letters.py');"
        "mod = importlib.util.module_from_spec(spec); sys.modules['letters'] = mod; spec.loader.exec_module(mod);"
        "print('pygame' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    src = (ROOT / "game/letters.py").read_text()
    assert not re.search(r"^\s*(import|from)\s+pygame", src, re.M)
