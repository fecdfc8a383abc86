"""The comparison as a user reads it (report.md, charts, the CLI table): public spending in three kinds
(services, transfers, crises) kept apart, the total only as their labelled sum; waiting and paperwork
labelled for what they count, in both languages."""

from __future__ import annotations

import io

import pytest

from experiments.runner import compare
from reports import public_cost as pc
from reports.compare_report import markdown_table, public_per_household, public_table, write_report
from reports.labels import label


@pytest.fixture(scope="module")
def res():
    return compare("siloed", "integral", seeds=2, households=40, weeks=6, workers=1)


def test_the_summary_has_the_three_kinds_and_their_sum(res):
    s = res.summary.set_index("outcome")
    for arm in (*res.labels, "difference"):
        col = f"{arm}_mean"
        assert s.loc[pc.TOTAL, col] == pytest.approx(sum(s.loc[k, col] for k in pc.KINDS))
        for kind, parts in pc.PARTS.items():
            if parts:
                assert s.loc[kind, col] == pytest.approx(sum(s.loc[p, col] for p in parts))
    per_home = public_per_household(res)
    for arm in res.labels:
        assert per_home.loc[arm, pc.TOTAL] == pytest.approx(sum(per_home.loc[arm, k] for k in pc.KINDS))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_keeps_public_spending_apart_from_outcomes(res, lang):
    outcomes, public = markdown_table(res, lang), public_table(res, lang)
    assert label("transfers", lang) not in outcomes and label("public_cost", lang) not in outcomes
    lines = [line.split("|")[1].strip() for line in public.splitlines()[2:]]
    assert lines == [f"**{label(k, lang)}**" if d == 0 else pc.row_label(k, lang) for k, d in pc.rows()]
    assert lines[-1] == f"**{label('public_cost', lang)}**"
    total = {"nl": "som van diensten, overdrachten en crises", "en": "sum of services, transfers and crises"}[lang]
    assert total in lines[-1]
    assert not any(w in public.lower() for w in ("netto", "net ", "saving", "besparing"))
    assert {"nl": "waarvan uitkeringen en toeslagen", "en": "of which benefits and allowances"}[lang] in public


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "nl",
            [
                "Weken met een aanvraag in behandeling",
                "Wachttijd per aanvraag in een wachtrij",
                "Uren papierwerk, incl. omgaan met schuldeisers",
                "Uren met schuldeisers en deurwaarders",
                "geen kostenpost van de hulp en geen besparing",
            ],
        ),
        (
            "en",
            [
                "Weeks with an application pending",
                "Wait per application in a queue",
                "Paperwork hours, incl. dealing with creditors",
                "Hours with creditors and bailiffs",
                "neither a cost of the help nor a saving",
            ],
        ),
    ],
)
def test_the_written_report_in_both_languages(res, tmp_path, lang, words):
    files = write_report(res, tmp_path, lang)
    text = files[0].read_text("utf-8")
    for w in words:
        assert w in text, w
    assert {p.name for p in files} >= {"trajectories.png", "distributions.png", "costs_and_crises.png"}
    assert "Weeks waiting" not in text and "Weken wachten" not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_cli_table_shows_the_three_kinds_and_their_sum(res, lang):
    from rich.console import Console

    from loket.commands_sim import summary_table

    out = io.StringIO()
    Console(file=out, width=250).print(summary_table(res, lang))
    text = out.getvalue()
    rows = [line for line in text.splitlines() if "│" in line or "|" in line]
    names = [label(k, lang) for k in (*pc.KINDS, pc.TOTAL)]
    found = [next(i for i, r in enumerate(rows) if n in r) for n in names]
    assert found == sorted(found) and found[-1] == found[0] + 3  # together, the total right under the three
    for key in ("weeks_waiting", "wait_per_application", "paperwork_hours", "debt_admin_hours"):
        assert label(key, lang) in text
