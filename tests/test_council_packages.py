"""Council packages: kept and reopened with every lever, yearly totals for a municipality that scale
with its size, transfers kept apart from services and crises, the one-page brief in both languages,
and the commands a council member runs (loket policy --save, compare, packages)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workshop.policy import levers


def every_lever_changed() -> dict:
    """Each lever of the siloed city at an allowed value other than the scenario's own."""
    out = {}
    for name, lv in levers("siloed").items():
        last = lv.steps() - 1
        out[name] = (
            lv.toggled(lv.baseline) if lv.is_switch else lv.value_at(last if lv.position(lv.baseline) != last else 0)
        )
    return out


def test_a_saved_package_reopens_with_every_lever_and_the_screen_settings_survive(tmp_path):
    from workshop.packages import Package, PackageError, PackageStore

    path = tmp_path / "council.json"
    values = every_lever_changed()
    known = levers("siloed")
    assert all(values[k] != lv.baseline for k, lv in known.items())
    PackageStore(path).save(Package("Alles anders", "siloed", values, 40_000, 4, "thorough"))
    PackageStore(path).remember(scenario="siloed", levers={"ask_once": True}, households=12_345)
    again = PackageStore(path)  # a new reader: what is on disk
    pkg = again.load("Alles anders")
    assert pkg.levers == values and set(pkg.levers) == set(known)
    assert {type(v) for v in pkg.levers.values()} == {type(v) for v in values.values()}
    assert (pkg.households, pkg.years, pkg.precision) == (40_000, 4, "thorough")
    assert pkg.changed({k: lv.baseline for k, lv in known.items()}) == values
    assert again.current["levers"] == {"ask_once": True} and again.current["households"] == 12_345
    for bad in ("", " " * 3, "a/b", "x" * 41, "tab\there"):
        with pytest.raises(PackageError):
            again.save(Package(bad, "siloed", values))
    with pytest.raises(PackageError, match="Alles anders"):
        again.load("Onbekend")
    path.write_text("{not json", "utf-8")  # a broken file is set aside, with a message
    broken = PackageStore(path)
    assert broken.names() == [] and "cannot be read" in broken.warning
    assert (tmp_path / "council.json.broken").exists()


@pytest.fixture(scope="module")
def comparison():
    """Four packages on a small world: 2 runs x 30 households x 60 weeks (one whole year)."""
    from workshop.council_run import plan_comparison, run_comparison
    from workshop.packages import Package

    base = {k: lv.baseline for k, lv in levers("siloed").items()}
    packages = [
        Package("Eén keer vragen", "siloed", {**base, "ask_once": True, "early_signals": True}),
        Package(
            "Wijkteam en maatwerkbudget",
            "siloed",
            {**base, "front_door": "wijkteam", "case_managers": 16, "custom_budget": 100},
        ),
        Package("Toeslagen vanzelf", "siloed", {**base, "automatic_allowances": True, "strictness": 0.5}),
        Package("Alle hendels tegelijk anders", "siloed", {**base, **every_lever_changed()}),
    ]
    plan = plan_comparison(packages, 10_000, 1, "quick", size=(2, 30, 60))
    return run_comparison(plan, workers=1)


def test_yearly_totals_scale_with_the_number_of_households(comparison):
    from workshop.council_totals import municipality_totals

    for res in comparison.results.values():
        small, large = municipality_totals(res, 10_000), municipality_totals(res, 40_000)
        assert small.years == 1 and sorted(small.money.year.unique()) == [0, 1]  # week 52-59 left out
        num = ["baseline", "policy", "difference", "low", "high"]
        pd.testing.assert_frame_equal(large.money[num], small.money[num] * 4, rtol=1e-12)
        pd.testing.assert_frame_equal(
            large.crises[["baseline", "policy", "avoided"]],
            small.crises[["baseline", "policy", "avoided"]] * 4,
            rtol=1e-12,
        )
        assert large.helped == pytest.approx(tuple(4 * x for x in small.helped), nan_ok=True)
    res = comparison.results["Wijkteam en maatwerkbudget"]
    tot = municipality_totals(res, 10_000)
    # per household a year (52 of the 60 weeks) times the households: the counter staff's cost line
    w = res.weekly[(res.weekly.scenario == "policy") & (res.weekly.week < 52)]
    expected = (w.groupby("seed").cost_staff.sum() / 30 * 10_000).mean()
    assert tot.average("cost_staff").policy == pytest.approx(expected) and expected > 0


def test_transfers_are_never_counted_as_savings_or_costs_of_services(comparison):
    from reports.public_cost import CRISES, SERVICES, TRANSFER
    from workshop.council_totals import LINES, municipality_totals

    assert {line for line, kind in LINES if kind != TRANSFER}.isdisjoint({"benefits", "custom_budget", "transfers"})
    res = comparison.results["Toeslagen vanzelf"]
    before = municipality_totals(res, 10_000)
    more = res.weekly.copy()
    more.loc[more.scenario == "policy", "benefits"] += 1_000.0  # 1,000 euro more paid out every week
    res.weekly, original = more, res.weekly
    try:
        after = municipality_totals(res, 10_000)
    finally:
        res.weekly = original
    grew = after.average(TRANSFER).difference - before.average(TRANSFER).difference
    assert grew == pytest.approx(1_000.0 * 52 / 30 * 10_000)
    for kind in (SERVICES, CRISES):
        assert after.average(kind).difference == before.average(kind).difference
    m = before.money[before.money.year == 0].set_index("line")
    for kind in (SERVICES, TRANSFER, CRISES):  # each kind is exactly its own lines
        own = [line for line, k in LINES if k == kind]
        assert m.loc[kind, "difference"] == pytest.approx(m.loc[own, "difference"].sum())


def test_the_brief_is_one_page_in_both_languages_with_a_measured_sentence_per_lever(comparison, tmp_path):
    from workshop.council_brief import layout, page_content, within_page, write_page

    for lang, title, sure in (("nl", "Raadsbrief", "zeker"), ("en", "Council brief", "sure")):
        page = page_content(comparison, lang)
        assert len(page.why) == len(levers("siloed"))  # one sentence per lever changed in any package
        ask = next(s for s in page.why if s.startswith("Eenmalige uitvraag" if lang == "nl" else "Ask once"))
        assert "−" in ask and sure in ask  # data items asked again fell, measured in this run
        fig = layout(page)  # four packages and every lever: the fullest page there is
        assert within_page(fig)
        assert fig.texts[0].get_text().startswith(title)
    paths = write_page(fig, tmp_path, "brief")  # the files (the commands below write both languages)
    pdf = paths[0].read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") == 1
    assert paths[1].stat().st_size > 50_000


def test_policy_save_compare_and_packages_on_the_command_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from loket.cli import app
    from workshop import packages

    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    monkeypatch.setitem(packages.PRECISIONS, "quick", (2, 20))

    def run(*args):
        return CliRunner().invoke(app, [str(a) for a in args])

    r = run("policy", "siloed", "--list", "--lang", "en")
    assert r.exit_code == 0 and "What it takes:" in r.output and "Zaanstad" in r.output
    r = run(
        "policy",
        "siloed",
        "--lever",
        "ask_once=true",
        "--save",
        "A",
        "--precision",
        "quick",
        "--years",
        1,
        "--target-households",
        40_000,
        "--workers",
        1,
        "--out",
        tmp_path / "a",
    )
    assert r.exit_code == 0, r.output
    assert (tmp_path / "a" / "brief.pdf").exists() and (tmp_path / "a" / "policy.md").exists()  # in Dutch
    assert "in 19 van de 20 runs" in r.output
    saved = json.loads((tmp_path / "home" / "council.json").read_text("utf-8"))["packages"]["A"]
    assert saved["levers"]["ask_once"] is True and len(saved["levers"]) == len(levers("siloed"))
    from workshop.packages import Package, PackageStore

    PackageStore().save(
        Package("B", "siloed", {**saved["levers"], "ask_once": False, "strictness": 0.5}, 40_000, 1, "quick")
    )
    r = run("policy", "packages", "--lang", "en")
    assert r.exit_code == 0 and "strictness=0.5" in r.output
    r = run("policy", "compare", "A", "B", "--workers", 1, "--out", tmp_path / "ab", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "between" in r.output and (tmp_path / "ab" / "brief.png").exists()  # in English
    totals = pd.read_csv(tmp_path / "ab" / "yearly_totals.csv")
    assert set(totals.package) == {"A", "B"}
    for args, msg in (
        (("compare", "A", "Nope"), "no saved package 'Nope'"),
        (("compare",), "compare 1 to 4"),
        (("siloed", "--save", "x/y", "--precision", "quick"), "package name"),
        (("siloed", "--lever", "ask_once=true", "--years", 11), "horizon"),
        (("siloed", "--lever", "ask_once=true", "--precision", "fast"), "precision"),
    ):
        r = run("policy", *args, "--lang", "en", "--out", tmp_path / "x")
        assert r.exit_code == 2 and msg in r.output, (args, r.output)


def test_a_lever_that_names_an_unknown_outcome_is_refused_with_its_key_path(tmp_path):
    import shutil

    from simulation.loader import ScenarioError, load_scenario

    root = Path(__file__).resolve().parent.parent / "scenarios"
    for name in ("city.yaml", "siloed.yaml"):
        shutil.copy(root / name, tmp_path / name)
    city = tmp_path / "city.yaml"
    text = city.read_text("utf-8")
    assert "drives: [fields_repeated," in text
    city.write_text(text.replace("drives: [fields_repeated,", "drives: [fields_repeatd,"), "utf-8")
    with pytest.raises(ScenarioError, match=r"levers\.ask_once\.drives: unknown outcome 'fields_repeatd'"):
        load_scenario(tmp_path / "siloed.yaml")


def test_the_page_check_sees_text_past_the_edge_but_not_ticks_matplotlib_does_not_draw():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from workshop.council_brief import within_page

    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.2, 0.8, 0.7))
    ax.barh([0, 1], [55.0, 61.0])
    ax.set_xlim(-8, 60.8)  # the locator still makes a tick at 70, outside the view: not drawn
    fig.canvas.draw()
    assert any(t.get_loc() > 60.8 for t in ax.xaxis.get_major_ticks())
    assert within_page(fig)
    fig.text(0.98, 0.5, "a sentence that runs past the edge of the page")
    assert not within_page(fig)
