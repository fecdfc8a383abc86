"""Council mode: levers from the scenario file, validation, and runs against the baseline."""

from __future__ import annotations

import pandas as pd
import pytest

from experiments.runner import run
from workshop.policy import BASELINE, POLICY, LeverError, balance, levers, parse_lever_args, plan, run_policy, validate

SMALL = {"seeds": 2, "households": 60, "weeks": 8}


def arm(res, name: str, frame: str = "households") -> pd.DataFrame:
    df = getattr(res, frame)
    return df[df.scenario == name].drop(columns="scenario").reset_index(drop=True)


def test_levers_come_from_the_scenario_file_with_its_own_values():
    known = levers("siloed")
    assert known["ask_once"].is_switch and known["ask_once"].baseline is False
    assert known["caseload"].path == "organisation.case_managers.caseload"
    assert (known["caseload"].low, known["caseload"].high, known["caseload"].step) == (10, 60, 5)
    assert levers("integral")["ask_once"].baseline is True


def test_all_levers_at_their_baseline_values_equal_the_baseline_bit_for_bit():
    known = levers("siloed")
    res = run_policy("siloed", {k: lv.baseline for k, lv in known.items()}, **SMALL)
    for frame in ("households", "weekly"):
        pd.testing.assert_frame_equal(arm(res, BASELINE, frame), arm(res, POLICY, frame), check_exact=True)
    # ... and the baseline arm is the plain run of the scenario on the same seed.
    plain = run("siloed", seed=1, households=60, weeks=8).households.drop(columns="scenario")
    mine = arm(res, BASELINE)
    pd.testing.assert_frame_equal(mine[mine.seed == 1].reset_index(drop=True), plain, check_exact=True)
    assert (res.summary.difference_mean.fillna(0) == 0).all()


def test_ask_once_in_siloed_removes_repeated_questions_through_the_model():
    res = run_policy("siloed", {"ask_once": True}, **SMALL)
    s = res.summary.set_index("outcome")
    assert s.loc["fields_repeated", "baseline_mean"] > 0
    assert s.loc["fields_repeated", "policy_mean"] == 0
    assert res.overrides == {"organisation.ask_once": True}
    # Same seeds: the same households (types, starting debts) in both arms.
    b, p = arm(res, BASELINE), arm(res, POLICY)
    same = ["seed", "household", "type", "start_debt"]
    assert (b[same] == p[same]).all().all()
    # Who gains: every household type appears with both arms.
    assert set(res.by_type.type) == set(b.type)


def test_more_case_managers_cost_more():
    res = run_policy("integral", {"case_managers": 32}, seeds=2, households=80, weeks=10)
    s = res.summary.set_index("outcome")
    assert s.loc["cost_case_managers", "policy_mean"] > s.loc["cost_case_managers", "baseline_mean"] > 0


def test_the_balance_keeps_services_transfers_and_crises_apart_and_adds_up():
    res = run_policy("integral", {"case_managers": 32, "custom_budget": 200}, seeds=2, households=80, weeks=10)
    s = res.summary.set_index("outcome")
    b = balance(res.summary)
    # Three kinds, never netted: services, transfers to households, crises; the total is their sum.
    assert b.services == pytest.approx(s.loc["cost_services", "difference_mean"])
    assert b.services == pytest.approx(
        sum(
            s.loc[c, "difference_mean"]
            for c in ("cost_staff", "cost_case_managers", "cost_breakthrough", "cost_outreach")
        )
    )
    assert b.transfers == pytest.approx(
        s.loc["benefits", "difference_mean"] + s.loc["custom_budget", "difference_mean"]
    )
    assert b.crisis_costs_saved == pytest.approx(-s.loc["crisis_costs", "difference_mean"])
    assert b.total == pytest.approx(b.services + b.transfers + b.crisis_costs)
    assert b.total == pytest.approx(s.loc["public_cost", "difference_mean"])
    assert not hasattr(b, "net_cost") and not hasattr(b, "extra_help")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_council_results_show_services_transfers_and_crises_apart(lang):
    """The council's cost chart, its sentence and its tables: the three kinds each on their own; transfers
    never counted as a cost of the help or a saving; the one total labelled as the sum of the three."""
    from reports.labels import label
    from reports.public_cost import KINDS, short_label
    from workshop.policy_charts import balance_figure, balance_text, headline_rows, markdown_table

    res = run_policy("siloed", {"automatic_allowances": True}, seeds=2, households=60, weeks=8)
    b = balance(res.summary)
    fig = balance_figure(res, lang, size=(7.4, 6.3))
    costs = fig.axes[0]
    ticks = {round(tick.get_position()[1]): tick.get_text() for tick in costs.get_yticklabels()}
    names = [ticks[y] for y in sorted(ticks, reverse=True)]  # top to bottom
    assert [short_label(k, lang) for k in KINDS] == [n for n in names if n in [short_label(k, lang) for k in KINDS]]
    assert names[-1] == {"nl": "Totaal (som van de drie)", "en": "Total (sum of the three)"}[lang]
    assert not any(w in " ".join(names).lower() for w in ("netto", "net", "saving", "besparing"))
    widths = {ticks[round(p.get_y() + p.get_height() / 2)]: p.get_width() for p in costs.patches}
    assert widths[names[-1]] == pytest.approx(b.total)
    assert widths[short_label("transfers", lang)] == pytest.approx(b.transfers)
    headline = fig.axes[1].get_title().lower()
    assert "net" not in headline.split() and "netto" not in headline
    text = balance_text(res, lang)
    for key, value in (
        ("services", b.services),
        ("transfers", b.transfers),
        ("crises", b.crisis_costs),
        ("total", b.total),
    ):
        assert f"{value + 0.0:+,.0f} EUR" in text, key
    assert {"nl": "geen kosten van de hulp en geen besparing", "en": "neither a cost of the help nor a saving"}[
        lang
    ] in text
    assert "netto" not in text.lower() and " net" not in text.lower()
    rows = list(headline_rows(res).outcome)
    assert rows[-4:] == [*KINDS, "public_cost"]
    table = markdown_table(res, lang)
    assert label("public_cost", lang) in table and label("transfers", lang) in table


def test_case_managers_in_siloed_need_the_front_door_switch_which_sets_its_key_path():
    front = levers("siloed")["front_door"]
    assert front.is_switch and front.baseline is None and not front.is_on(front.baseline)
    assert front.check(True) == "wijkteam" and front.check("uit") is None and front.check("wijkteam") == "wijkteam"
    assert front.toggled(None) == "wijkteam" and front.toggled("wijkteam") is None
    assert front.show("wijkteam", "en") == "on" and front.show(None, "en") == "off"
    alone = run_policy("siloed", {"case_managers": 20}, seeds=2, households=80, weeks=10)
    alone_s = alone.summary.set_index("outcome")
    assert alone_s.loc["contact_hours", "policy_mean"] == 0  # nobody reaches them ...
    assert alone_s.loc["cost_case_managers", "policy_mean"] > 0  # ... but they are paid all the same
    # A year: households put off asking for help (behaviour.ask_chance), so in half a year few come at all.
    door = run_policy("siloed", {"front_door": True, "case_managers": 20}, seeds=2, households=150, weeks=52)
    assert door.overrides == {"organisation.front_door": "wijkteam", "organisation.case_managers.per_1000": 20}
    s = door.summary.set_index("outcome")
    assert s.loc["cost_case_managers", "policy_mean"] > 0
    assert (
        s.loc["sent_on", "baseline_mean"] > 0 and s.loc["sent_on", "policy_mean"] == 0
    )  # the front door sends nobody on
    assert s.loc["applications", "policy_mean"] > s.loc["applications", "baseline_mean"]  # and knows every scheme


def test_same_seeds_same_result():
    a = run_policy("siloed", {"strictness": 0.5}, seeds=[3], households=40, weeks=6)
    b = run_policy("siloed", {"strictness": 0.5}, seeds=[3], households=40, weeks=6)
    pd.testing.assert_frame_equal(a.households, b.households, check_exact=True)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"nonsense": 1}, ["onbekende hendel", "nonsense", "ask_once"]),
        ({"strictness": 3}, ["buiten het bereik", "0–1.5"]),
        ({"caseload": 12}, ["niet op een stap", "stap 5"]),
        ({"caseload": "veel"}, ["verwacht een getal"]),
        ({"caseload": True}, ["verwacht een getal"]),
        ({"ask_once": "maybe"}, ["schakelaar"]),
    ],
)
def test_lever_validation_errors_say_what_is_allowed(values, words):
    with pytest.raises(LeverError) as info:
        validate(values, levers("siloed"))
    for w in words:
        assert w in str(info.value)


def test_lever_errors_in_english():
    with pytest.raises(LeverError, match="unknown lever"):
        validate({"x": 1}, levers("siloed"), lang="en")


def test_values_are_snapped_to_the_scenario_types():
    known = levers("siloed")
    assert validate({"caseload": 30.0, "ask_once": "aan", "strictness": 0.7000000001}, known) == {
        "caseload": 30,
        "ask_once": True,
        "strictness": 0.7,
    }
    assert parse_lever_args(["ask_once=true", "caseload=20"]) == {"ask_once": True, "caseload": 20}
    with pytest.raises(LeverError):
        parse_lever_args(["caseload"])
    p = plan("siloed", {"caseload": 30}, seeds=3)
    assert [j.seed for j in p.jobs] == [0, 0, 1, 1, 2, 2]
    assert p.policy.organisation.case_managers.caseload == 30


def test_slider_positions_round_trip():
    lv = levers("siloed")["affordable_housing"]
    assert lv.steps() == 12
    assert lv.value_at(lv.position(0.8)) == pytest.approx(0.8)


def test_a_municipality_adds_its_own_lever_in_its_scenario_file(tmp_path):
    from simulation.loader import SCENARIO_DIR, ScenarioError

    own = tmp_path / "ourtown.yaml"
    own.write_text(
        f"""
extends: {SCENARIO_DIR / "siloed.yaml"}
name: ourtown
levers:
  room_to_decide:
    path: organisation.discretion
    label: {{nl: "Ruimte voor de professional", en: "Room for the professional"}}
    low: 0
    high: 0.6
    step: 0.1
""",
        "utf-8",
    )
    known = levers(own)
    assert "room_to_decide" in known and "ask_once" in known  # the city's levers stay
    assert known["room_to_decide"].label.get("en") == "Room for the professional"
    p = plan(own, {"room_to_decide": 0.3}, seeds=1)
    assert p.policy.organisation.discretion == pytest.approx(0.3) and p.baseline.organisation.discretion == 0
    with pytest.raises(LeverError, match="buiten het bereik"):
        validate({"room_to_decide": 0.9}, known)
    broken = tmp_path / "broken.yaml"
    broken.write_text(own.read_text("utf-8").replace("organisation.discretion", "organisation.nothing"), "utf-8")
    with pytest.raises(ScenarioError, match="organisation.nothing"):
        levers(broken)
