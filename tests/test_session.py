"""The player's session: scripted short games in both scenarios, through the same mechanisms
as the simulated households; refusals change nothing; save -> load replays to the same state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loket_i18n import missing
from player import PlayerSession, SessionError, elfproef
from simulation import events as ev
from simulation.metrics import OUTCOME_COLUMNS, household_outcomes

ROOT = Path(__file__).resolve().parent.parent
SESSION_MODULES = (
    "player/commands.py",
    "player/journal.py",
    "player/narration.py",
    "player/views.py",
    "player/view_builders.py",
    "player/vocabulary.py",
    "player/integral.py",
    "simulation/answers.py",
)
STRICT_REPROOF = {"schemes.bijstand.reproof_weeks": 2, "counters.werk_inkomen.strictness": 1.0}


def new(scenario="siloed", persona="samira", weeks=6, households=60, **kw):
    return PlayerSession.new(scenario, persona, seed=1, households=households, weeks=weeks, **kw)


def true_answers(s, app_id):
    facts = s.household.facts()
    return {f.id: facts[s.scenario.fields[f.id].fact] for f in s.form(app_id) if f.prefilled is None}


def play_a_little(s):
    """Visit a wrong door, apply, fill in, fetch, submit, read the post, over three weeks."""
    s.visit("werk_inkomen", "debt")
    app = s.apply("betalingsregeling_energie").data["app_id"]
    s.fill_form(app, true_answers(s, app))
    s.submit(app)
    s.end_week()
    for letter in s.mail():
        s.read_letter(letter.id)
    app2 = s.apply("betalingsregeling_huur").data["app_id"]
    s.fill_form(app2, true_answers(s, app2))
    for d in s.applications()[-1].documents_missing:
        s.fetch_document(app2, d.id)
    s.end_week()
    s.ask_network()
    s.phone("schuldhulp")
    s.end_week()
    return s


# ---------------------------------------------------------------- the same question again, or asked once
@pytest.mark.parametrize("scenario", ["siloed", "integral"])
def test_same_data_item_is_asked_again_in_siloed_and_prefilled_in_integral(scenario):
    s = new(scenario)
    fields_seen = []
    s.subscribe(lambda e: fields_seen.append(e["data"]) if e["kind"] == "field" else None)
    first = s.apply("betalingsregeling_energie").data["app_id"]
    out = s.fill_form(first, true_answers(s, first))
    assert out.ok and out.hours > 0
    second = s.apply("betalingsregeling_huur").data["app_id"]
    form = {f.id: f for f in s.form(second)}
    facts_first = {s.scenario.fields[f].fact for f in s.scenario.counters["energie"].form}
    common = [f for f in form if s.scenario.fields[f].fact in facts_first]
    assert common, "the two counters must share data items"
    h = s.household
    if scenario == "siloed":
        assert all(form[f].asked_before and form[f].prefilled is None for f in common)
        out = s.fill_form(second, true_answers(s, second))
        assert out.data["asked_again"] == len(common) == h.tally[ev.FIELD_REPEATED]
        again = [x for x in fields_seen if x["asked_before"]]
        assert sorted(x["field"] for x in again) == sorted(common)
        assert all(x["counter"] == "woningcorporatie" and not x["prefilled"] for x in again)
    else:
        facts = h.facts()
        assert all(form[f].prefilled == facts[s.scenario.fields[f].fact] for f in common)
        assert not any(form[f].asked_before for f in form)
        out = s.fill_form(second, true_answers(s, second))
        assert out.data["asked_again"] == 0 and out.data["prefilled"] == len(common)
        assert sorted(x["field"] for x in fields_seen if x["prefilled"]) == sorted(common)
        assert h.tally[ev.FIELD_REPEATED] == 0


# ---------------------------------------------------------------- deadlines, post and sanctions
def test_missed_deadline_brings_the_models_sanction_letter_under_strict_rules():
    s = new(overrides=STRICT_REPROOF)
    for _ in range(6):
        s.end_week()
    keys = [x.key for x in s.mail()]
    assert "reproof" in keys and "sanction" in keys
    reproof = next(x for x in s.mail() if x.key == "reproof")
    sanction = next(x for x in s.mail() if x.key == "sanction")
    assert sanction.week > reproof.data["deadline"]  # sent after the last week to act
    assert sanction.data["fine"] > 0 and sanction.data["weeks"] > 0
    assert s.final_numbers()["sanctions"] == 1 and s.final_numbers()["deadlines_missed"] >= 1
    assert any(e.kind == ev.SANCTION for e in s.log())


def test_reading_the_post_and_doing_the_work_in_time_avoids_the_sanction():
    s = new(overrides=STRICT_REPROOF)
    s.end_week()
    s.end_week()
    assert s.applications() == []  # the request came by post and the post is still closed
    first = s.read_letter(0)
    assert first.ok and first.hours == pytest.approx(0.25)
    assert s.read_letter(1).hours == 0.0  # the post is opened once
    (app,) = s.applications()
    assert app.kind == "reproof" and app.deadline >= s.week
    assert s.fill_form(app.id, true_answers(s, app.id)).ok
    for d in app.documents_missing:
        assert s.fetch_document(app.id, d.id).ok
    assert s.submit(app.id).ok
    for _ in range(4):
        s.end_week()
    assert s.finished and s.final_numbers()["sanctions"] == 0
    assert "sanction" not in [x.key for x in s.mail()]


# ---------------------------------------------------------------- refusals change nothing
def test_out_of_hours_refuses_and_changes_nothing():
    s = new()
    outs = [s.visit("werk_inkomen", "debt") for _ in range(12)]
    refused = [o for o in outs if not o.ok]
    assert refused and all(o.hours == 0.0 for o in refused)
    assert "tijd" in refused[0].message and refused[0].data["price"] > 0
    before = (s.checksum(), s.status(), len(s.log()), len(s.mail()))
    again = s.visit("schuldhulp", "debt")
    assert not again.ok and (s.checksum(), s.status(), len(s.log()), len(s.mail())) == before
    app = s.apply("schuldhulp").data["app_id"]  # starting costs nothing, so it is allowed
    before = s.checksum()
    out = s.fill_form(app, true_answers(s, app))
    assert not out.ok and s.checksum() == before and s.form(app)
    assert s.end_week().ok and s.status().hours_left > 0  # a new week brings new hours


def test_impossible_commands_are_refused_with_a_reason():
    s = new()
    assert not s.visit("nowhere", "debt").ok
    assert not s.visit("werk_inkomen", "astrology").ok
    assert not s.apply("nonexistent").ok
    assert not s.apply("bijstand").ok  # already granted
    assert not s.fill_form(999, {}).ok
    assert not s.submit("abc").ok
    assert not s.read_letter(5).ok
    assert not s.ask_case_manager().ok  # no case managers in the siloed scenario
    app = s.apply("betalingsregeling_energie").data["app_id"]
    assert not s.submit(app).ok  # the form first
    assert not s.fetch_document(app, "huurcontract").ok  # not needed for this scheme


# ---------------------------------------------------------------- form formats, in both languages
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_format_errors_come_back_per_field_in_the_language(lang):
    s = new(lang=lang)
    app = s.apply("wmo_ondersteuning").data["app_id"]
    answers = true_answers(s, app)
    bad = dict(answers, bsn="12345", birth_date="1991-03-12", adults="twee", name=" ")
    before = s.checksum()
    out = s.fill_form(app, bad)
    assert not out.ok and s.checksum() == before
    assert set(out.data["errors"]) == {"bsn", "birth_date", "adults", "name"}
    msgs = out.data["errors"]
    if lang == "en":
        assert "9 digits" in msgs["bsn"] and "DD-MM-YYYY" in msgs["birth_date"] and "required" in msgs["name"]
    else:
        assert "9 cijfers" in msgs["bsn"] and "DD-MM-JJJJ" in msgs["birth_date"] and "verplicht" in msgs["name"]
    out = s.fill_form(app, dict(answers, bsn="123456789"))  # nine digits, but fails the elfproef
    assert not elfproef("123456789") and set(out.data["errors"]) == {"bsn"}
    out = s.fill_form(app, dict(answers, birth_date="31-02-1991"))
    assert set(out.data["errors"]) == {"birth_date"}
    assert s.fill_form(app, answers).ok


def test_a_well_formed_wrong_answer_goes_to_the_counter_which_asks_again():
    s = new()
    app = s.apply("wmo_ondersteuning").data["app_id"]
    answers = dict(true_answers(s, app), phone="0600000000")  # right format, wrong number
    assert s.fill_form(app, answers).ok
    assert s.household.tally[ev.FIELD_WRONG] == 1
    for d in s.applications()[0].documents_missing:
        s.fetch_document(app, d.id)
    s.end_week()
    s.submit(app)
    view = next(a for a in s.applications() if a.id == app)
    if view.state == "waiting":  # the counter asks to correct the field, by letter with a deadline
        assert view.fields_to_fill == ["phone"] and view.deadline is not None
        assert "request_information" in [x.key for x in s.mail()]
    else:  # or rejects the incomplete application (its strictness)
        assert view.state == "rejected_app" and "rejection" in [x.key for x in s.mail()]


def test_answer_formats_are_read_leniently():
    s = new()
    app = s.apply("schuldhulp").data["app_id"]
    answers = true_answers(s, app)
    facts = s.household.facts()
    answers["birth_date"] = "12-3-1991"
    answers["debt_total"] = f"{int(facts['debt_total']):,}".replace(",", ".") + ",00"
    answers["health"] = "Nee"
    assert s.fill_form(app, answers).ok
    assert s.household.tally[ev.FIELD_WRONG] == 0


def test_every_message_has_an_english_translation():
    from babel.messages.extract import extract_from_file

    ids = set()
    for name in SESSION_MODULES:
        ids |= {
            m[1] for m in extract_from_file("python", str(ROOT / name), keywords={"_t": None, "N_": None, "t": None})
        }
    assert len(ids) > 100
    assert missing("session", "en", sorted(ids)) == []


# ---------------------------------------------------------------- save, load, autosave
def test_save_and_load_replays_to_the_identical_state(tmp_path):
    s = play_a_little(new())
    path = s.save(tmp_path / "game.json")
    r = PlayerSession.load(path)
    assert r.checksum() == s.checksum()
    assert r.status() == s.status() and r.mail() == s.mail() and r.log() == s.log()
    assert r.applications() == s.applications() and r.final_numbers() == s.final_numbers()
    assert r.meta == s.meta and r.week == s.week == 4
    # play on after the resume: both stay identical
    for x in (s, r):
        x.visit("schuldhulp", "debt")
        x.end_week()
    assert r.checksum() == s.checksum()


def test_autosave_after_every_command_and_resume_in_another_process(tmp_path):
    path = tmp_path / "auto.json"
    s = new("integral", autosave=path)
    assert json.loads(path.read_text())["commands"] == []
    s.ask_case_manager()
    assert len(json.loads(path.read_text())["commands"]) == 1
    s.end_week()
    s.end_week()
    saved = json.loads(path.read_text())
    assert [c["cmd"] for c in saved["commands"]] == ["ask_case_manager", "end_week", "end_week"]
    code = f"from player import PlayerSession; print(PlayerSession.load({str(path)!r}).checksum())"
    env = dict(os.environ, PYTHONHASHSEED="4321")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == s.checksum()


def test_a_save_that_does_not_replay_is_refused_clearly(tmp_path):
    s = new()
    s.end_week()
    path = s.save(tmp_path / "g.json")
    data = json.loads(path.read_text())
    data["checksum"] = "0" * 24
    path.write_text(json.dumps(data))
    with pytest.raises(SessionError, match="does not give the saved state"):
        PlayerSession.load(path)
    data = json.loads(s.save(tmp_path / "g2.json").read_text())
    data["meta"]["scenario_hash"] = "something-else"
    path.write_text(json.dumps(data))
    with pytest.raises(SessionError, match="has changed"):
        PlayerSession.load(path)
    path.write_text("{not json")
    with pytest.raises(SessionError, match="not a saved session"):
        PlayerSession.load(path)
    with pytest.raises(SessionError, match="unknown persona"):
        PlayerSession.new("siloed", "nobody")


def test_form_drafts_are_kept_next_to_the_log_and_go_when_the_form_is_sent(tmp_path):
    """A draft is UI state: saved and resumed, but no command, not replayed, not in the checksum."""
    path = tmp_path / "d.json"
    s = new(autosave=path)
    app = s.apply("wmo_ondersteuning").data["app_id"]
    first, second = [f.id for f in s.form(app) if f.prefilled is None][:2]
    before = (s.checksum(), list(s.commands), len(s.journal))
    s.set_draft(app, {first: "Samira El Amrani", second: ""})
    assert (s.checksum(), s.commands, len(s.journal)) == before
    assert s.draft(app) == {first: "Samira El Amrani"} and s.drafts() == {app: {first: "Samira El Amrani"}}
    saved = json.loads(path.read_text())  # set_draft autosaves
    assert saved["drafts"] == {str(app): {first: "Samira El Amrani"}} and saved["commands"] == before[1]
    r = PlayerSession.load(path)
    assert r.draft(app) == {first: "Samira El Amrani"} and r.checksum() == s.checksum()
    # an old save without drafts, and a damaged drafts entry, still load
    del saved["drafts"]
    path.write_text(json.dumps(saved))
    assert PlayerSession.load(path).drafts() == {}
    saved["drafts"] = {"x": 1, "999": {first: "a"}, str(app): "not a dict"}
    path.write_text(json.dumps(saved))
    assert PlayerSession.load(path).drafts() == {}
    # a refused form keeps the draft; a sent one clears it, also in the save
    s.set_draft(app, {first: "Samira El Amrani", second: "garbage"})
    assert not s.fill_form(app, {first: "", second: ""}).ok and s.draft(app)
    assert s.fill_form(app, true_answers(s, app)).ok
    assert s.draft(app) == {} and s.drafts() == {} and json.loads(path.read_text())["drafts"] == {}
    s.set_draft(app, {first: "too late"})  # the form is done: nothing to keep
    assert s.drafts() == {}
    s.set_draft(10**6, {first: "x"})  # no such application
    assert s.drafts() == {}


@pytest.mark.parametrize("persona", ["samira", "mevrouw_jansen"])
def test_status_explains_the_hours_of_the_week(persona):
    """hours_week is what the week has now (not the model's capacity, which counts the network hours
    not asked for yet); the usual hours minus stress, care and overtime give the own hours."""
    s = new(persona=persona, weeks=3)
    st = s.status()
    assert st.hours_usual == s.scenario.personas[persona].hours
    assert st.hours_week == st.hours_left > 0 and st.network_used == 0.0
    assert st.capacity == pytest.approx(st.hours_week + st.network_hours, abs=0.02)
    explained = st.hours_usual - st.hours_stress - st.hours_care - st.hours_overtime
    assert explained == pytest.approx(st.hours_week, abs=0.02)
    assert (st.hours_care > 0) == bool(s.household.care_need and not s.household.care_relieved)
    s.visit("werk_inkomen", "debt")
    assert s.status().hours_week == st.hours_week and s.status().hours_left < st.hours_left
    s.ask_network()
    after = s.status()
    assert after.hours_week == pytest.approx(st.hours_week + st.network_hours, abs=0.02)
    assert after.network_used == st.network_hours and after.network_hours == 0.0
    while s.visit("schuldhulp", "debt").ok and s.status().hours_left > 0:  # a step may start with half its
        pass  # price left: the rest is overtime, taken from next week
    if s.status().hours_left >= 0:
        from simulation.policy import spend

        spend(s.household, s.status().hours_left + 0.5)  # what an overrunning step does
    over = -s.status().hours_left
    creditors = s.household.tally["debt_admin_hours"]
    s.end_week()
    over += s.household.tally["debt_admin_hours"] - creditors  # letters of creditors during the week's step
    nxt = s.status()
    assert nxt.hours_overtime == pytest.approx(over, abs=0.02) and nxt.network_used == 0.0
    assert nxt.hours_usual - nxt.hours_stress - nxt.hours_care - nxt.hours_overtime == pytest.approx(
        nxt.hours_week, abs=0.02
    )


def test_a_question_no_counter_handles_is_not_sent_on_to_nobody():
    s = new(lang="en")
    orphan = [
        d for d in ("income", "debt", "housing", "care", "youth", "work") if not s.model.paperwork.counters_for(d)
    ]
    if not orphan:
        pytest.skip("every problem domain has a scheme in this scenario")
    out = s.visit("werk_inkomen", orphan[0])
    assert out.ok and out.data["to"] is None
    assert "nobody" not in out.message and "no other counter" in out.message
    assert "nobody" not in s.log()[-1].text and "no other counter" in s.log()[-1].text


# ---------------------------------------------------------------- numbers and the neighbourhood
@pytest.mark.parametrize("scenario", ["siloed", "integral"])
def test_final_numbers_are_the_models_own_record(scenario):
    s = play_a_little(new(scenario, weeks=4))
    s.end_week()
    assert s.finished and not s.end_week().ok
    mine = s.final_numbers()
    row = next(r for r in household_outcomes(s.model) if r["household"] == s.household.hid)
    assert mine == row and list(mine) == list(OUTCOME_COLUMNS) and mine["persona"] == "samira"
    pop = s.population_outcomes()
    assert len(pop) == 60 and s.household.hid not in set(pop.household) and list(pop.columns) == list(OUTCOME_COLUMNS)
    assert mine["paperwork_hours"] > 0 and mine["visits"] >= 1


def test_end_entry_carries_the_final_numbers():
    s = new(weeks=2)
    entries = []
    s.subscribe(entries.append)
    s.end_week()
    s.end_week()
    kinds = [e["kind"] for e in entries]
    assert kinds.count("action") == 2 and kinds[-1] == "end"
    assert entries[-1]["data"] == s.final_numbers()
    assert s.mail() and all(s.read_letter(x.id).ok for x in s.mail())  # the post can be read afterwards
    assert not s.visit("schuldhulp", "debt").ok  # but nothing else happens any more


def test_actions_that_use_no_queue_leave_every_other_household_as_it_was():
    """The player's own random stream: asking around and phoning change nobody else's draws."""
    quiet = new()
    busy = new()
    busy.visit("werk_inkomen", "debt")
    busy.phone("schuldhulp")
    busy.ask_network()
    for s in (quiet, busy):
        for _ in range(5):
            s.end_week()
    a, b = quiet.population_outcomes(), busy.population_outcomes()
    assert a.equals(b)
    assert quiet.final_numbers() != busy.final_numbers()


def test_peek_save_without_path_and_switching_language(tmp_path):
    path = tmp_path / "p.json"
    s = new(weeks=2, autosave=path)
    assert new(weeks=1).save() is None  # no autosave file: nothing to write
    s.end_week()
    info = PlayerSession.peek(path)
    assert info["week"] == 2 and info["weeks"] == 2 and not info["finished"] and info["meta"] == s.meta
    s.end_week()
    assert s.save() == path and PlayerSession.is_finished_file(path)
    nl = [e.text for e in s.log()]
    s.lang = "en"
    en = [e.text for e in s.log()]
    assert (
        len(nl) == len(en)
        and nl != en
        and s.status().debts["energy"].stage_name in ("reminder", "arrears", "collection agency")
    )
    assert PlayerSession.load(path).checksum() == s.checksum()
    (tmp_path / "bad.json").write_text("[]")
    with pytest.raises(SessionError):
        PlayerSession.peek(tmp_path / "bad.json")


def test_views_give_the_price_a_command_will_cost():
    s = new()
    st = s.status()
    app = s.apply("wmo_ondersteuning").data["app_id"]
    view = s.applications()[0]
    assert view.form_hours > 0 and view.submit_hours > 0
    out = s.fill_form(app, true_answers(s, app))
    assert out.hours == pytest.approx(view.form_hours, abs=0.01)
    view = s.applications()[0]
    assert view.form_hours == 0.0
    doc = view.documents_missing[0]
    assert s.fetch_document(app, doc.id).hours == pytest.approx(doc.hours, abs=0.01)
    assert st.post_hours == 0.0
    s.end_week()
    price = s.status().post_hours
    assert s.mail() and price > 0  # the reminders came in
    assert s.read_letter(0).hours == pytest.approx(price)
    assert s.status().post_hours == 0.0


# ---------------------------------------------------------------- any sequence of commands
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SC = None


def _names():
    global _SC
    if _SC is None:
        from simulation import load_scenario

        _SC = load_scenario("siloed")
    return sorted(_SC.counters), sorted(_SC.schemes), sorted(_SC.documents)


_counters, _schemes, _documents = _names()
COMMAND = st.one_of(
    st.tuples(st.just("read_letter"), st.integers(-1, 6)),
    st.tuples(
        st.just("visit"),
        st.sampled_from([*_counters, "nowhere"]),
        st.sampled_from(["income", "debt", "housing", "care", "youth", "work", "nonsense"]),
    ),
    st.tuples(st.just("phone"), st.sampled_from([*_counters, ""])),
    st.tuples(st.just("apply"), st.sampled_from([*_schemes, "nope"])),
    st.tuples(st.just("fill_form"), st.integers(0, 3), st.sampled_from(["truth", "wrong", "garbage", "empty"])),
    st.tuples(st.just("fetch_document"), st.integers(0, 3), st.sampled_from(_documents)),
    st.tuples(st.just("submit"), st.integers(0, 3)),
    st.tuples(st.just("ask_network")),
    st.tuples(st.just("ask_case_manager")),
    st.tuples(st.just("end_week")),
)


def _perform(s, cmd):
    name, *rest = cmd
    apps = [a.id for a in s.applications()]
    if name in ("fill_form", "fetch_document", "submit"):
        app = apps[rest[0] % len(apps)] if apps else 10**6
        if name == "fill_form":
            mode = rest[1]
            answers = true_answers(s, app) if apps else {}
            if mode == "wrong":
                answers = {k: v + "1" for k, v in answers.items()}
            elif mode == "garbage":
                answers = {k: "??" for k in answers} | {"bogus": 3}
            elif mode == "empty":
                answers = {}
            return s.fill_form(app, answers)
        if name == "fetch_document":
            return s.fetch_document(app, rest[1])
        return s.submit(app)
    return getattr(s, name)(*rest)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=st.sampled_from(["siloed", "integral"]), commands=st.lists(COMMAND, max_size=14))
def test_any_sequence_of_commands_is_safe_and_replays(tmp_path_factory, scenario, commands):
    s = PlayerSession.new(scenario, "marco", seed=2, households=15, weeks=4)
    for cmd in commands:
        before = s.checksum()
        out = _perform(s, cmd)
        assert isinstance(out.ok, bool) and out.message.strip()
        if not out.ok:
            assert s.checksum() == before and out.hours == 0.0
    path = s.save(tmp_path_factory.mktemp("any") / "s.json")
    assert PlayerSession.load(path).checksum() == s.checksum()


def test_bad_settings_and_broken_saves_give_a_clear_error(tmp_path):
    for kwargs in ({"weeks": 0}, {"weeks": "many"}, {"households": -1}, {"lang": "fr"}):
        with pytest.raises(SessionError):
            PlayerSession.new("siloed", "samira", **kwargs)
    with pytest.raises(SessionError, match="no such scenario"):
        PlayerSession.new("atlantis", "samira")
    s = new(weeks=2)
    data = json.loads(s.save(tmp_path / "x.json").read_text())
    del data["meta"]["seed"]
    (tmp_path / "x.json").write_text(json.dumps(data))
    with pytest.raises(SessionError, match="settings"):
        PlayerSession.load(tmp_path / "x.json")
    data = json.loads(s.save(tmp_path / "y.json").read_text())
    data["commands"] = [{"cmd": "visit", "args": {"counter": "x"}}]
    (tmp_path / "y.json").write_text(json.dumps(data))
    with pytest.raises(SessionError, match="wrong arguments"):
        PlayerSession.load(tmp_path / "y.json")
    data["commands"] = [{"cmd": "rm -rf", "args": {}}]
    (tmp_path / "y.json").write_text(json.dumps(data))
    with pytest.raises(SessionError, match="unknown command"):
        PlayerSession.load(tmp_path / "y.json")
