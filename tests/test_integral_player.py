"""The integral city through the player API: what the player tells the case manager changes the
outcome through the model's withholding mechanism; the custom budget and the breakthrough team
answer by the model's rules; the epilogue runs a copy of the model and leaves the play alone."""

from __future__ import annotations

import pytest

from player.session import PlayerSession
from simulation import events as ev

WEEKS = 6
SENSITIVE_DEBT = ["savings", "debt_total", "creditors"]


def play(withhold: list[str], weeks: int = WEEKS, **kw) -> PlayerSession:
    s = PlayerSession.new("integral", "samira", seed=1, households=40, weeks=weeks, **kw)
    assert s.tell_case_manager(withhold).ok
    assert s.ask_case_manager().data["case_manager"]
    while not s.finished:
        s.end_week()
    return s


@pytest.fixture(scope="module")
def plays() -> tuple[PlayerSession, PlayerSession]:
    return play([]), play(SENSITIVE_DEBT)


def test_what_you_tell_changes_the_outcome_through_the_model(plays):
    told, kept = plays
    a, b = told.final_numbers(), kept.final_numbers()
    # the mechanism: facts kept back are withheld on the forms the case manager fills ...
    assert told.household.tally[ev.FIELD_WITHHELD] == 0
    assert kept.household.tally[ev.FIELD_WITHHELD] > 0
    withheld = {
        e.data["field"] for e in kept.model.log.for_household(kept.household.hid) if e.kind == ev.FIELD_WITHHELD
    }
    facts = {kept.scenario.fields[f].fact for f in withheld}
    assert facts <= set(SENSITIVE_DEBT)
    # ... so files are incomplete: more letters, fewer grants, more debt and stress at the end
    assert b["letters"] > a["letters"]
    assert b["granted"] < a["granted"]
    assert b["final_debt"] > a["final_debt"] and b["stress"] > a["stress"]
    # the same choices give the same outcome (same seed, same commands)
    assert play(SENSITIVE_DEBT).final_numbers() == b


def test_the_choice_is_saved_and_replayed(tmp_path):
    s = PlayerSession.new("integral", "samira", seed=1, households=40, weeks=3)
    s.tell_case_manager(["debt_total"])
    s.ask_case_manager()
    s.ask_custom_budget()
    s.end_week()
    path = s.save(tmp_path / "play.json")
    again = PlayerSession.load(path)
    assert again.checksum() == s.checksum() and again.household.withholds == {"debt_total"}


def test_budget_and_breakthrough_answer_by_the_model_rules():
    s = PlayerSession.new("integral", "samira", seed=1, households=40, weeks=3)
    assert not s.ask_custom_budget().ok  # only with a case manager
    s.tell_case_manager([])
    s.ask_case_manager()
    out = s.ask_custom_budget()
    assert out.data["reason"] == s.model.support.budget_blocker(s.household)
    assert out.data["reason"] == "not_urgent" and out.data["paid"] == 0.0
    for debt in s.household.debts.values():  # under a bailiff: arrears about to become a crisis
        debt.stage = 3
    paid = s.ask_custom_budget()
    assert paid.data["reason"] is None and paid.data["paid"] > 0
    assert s.household.budget_received == pytest.approx(paid.data["paid"])
    assert not s.ask_escalation(10**6).ok  # no such application stuck on a rule
    assert s.model.support.escalation_blocker("no such rule") == "not_overrulable"


def test_siloed_has_no_case_manager_to_talk_to():
    s = PlayerSession.new("siloed", "samira", seed=1, households=40, weeks=2)
    assert not s.tell_case_manager([]).ok and not s.ask_custom_budget().ok


def test_the_epilogue_runs_a_copy_and_leaves_the_play_alone(plays):
    told, _ = plays
    before = told.checksum(), told.final_numbers()
    e = told.epilogue(8)
    assert (told.checksum(), told.final_numbers()) == before
    assert e.horizon == WEEKS + 8 and e.before == before[1]
    assert e.numbers["household"] == told.household.hid
    assert told.epilogue(8).numbers == e.numbers  # the model's own randomness: the same every time


def test_a_rule_that_blocks_goes_to_the_breakthrough_team_when_the_player_asks():
    # 200 households: the team has 16 hours per 1,000 a week and a case takes 3 (none in a tiny town)
    s = PlayerSession.new("integral", "samira", seed=1, households=200, weeks=4)
    s.tell_case_manager([])
    s.ask_case_manager()
    h = s.household
    h.homeless = True  # no fixed address: the rental contract is out of reach (rule vast_adres)
    h.entitlements.pop("bijstand", None)  # and income support has to be applied for again
    app_id = s.apply("bijstand").data["app_id"]
    out = s.fetch_document(app_id, "huurcontract")
    assert out.data == {"obtained": False, "blocked_by": "vast_adres"}
    assert [x[0] for x in s.plan().stuck] == [app_id]  # stuck, waiting for the player's decision
    asked = s.ask_escalation(app_id)
    assert asked.data == {"escalated": True, "reason": None}
    assert s.model.support.escalation_blocker("vast_adres") is None
    assert any(e.kind == ev.ESCALATED for e in s.model.log.for_household(h.hid))
    s.end_week()  # the breakthrough team decides when it has the hours: here it overrules the rule
    assert any(e.kind == ev.OVERRULE for e in s.model.log.for_household(h.hid))
