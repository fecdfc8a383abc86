"""The command line as a newcomer uses it: run, compare, validate; mistakes give exit code 2."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from loket.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_run_writes_parquet_csv_and_manifest(tmp_path):
    r = invoke("run", "siloed", "--households", 40, "--weeks", 6, "--seed", 2, "--out", tmp_path, "--csv")
    assert r.exit_code == 0, r.output
    weekly = pd.read_parquet(tmp_path / "weekly.parquet")
    homes = pd.read_parquet(tmp_path / "households.parquet")
    assert len(weekly) == 6 and len(homes) == 40
    assert (tmp_path / "weekly.csv").exists() and (tmp_path / "households.csv").exists()
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert man["seeds"] == [2] and len(man["scenarios"]["siloed"]["hash"]) >= 16
    assert "mesa" in man["versions"]


def test_compare_writes_a_report(tmp_path):
    r = invoke(
        "compare",
        "siloed",
        "integral",
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
    report = (tmp_path / "report.md").read_text("utf-8")
    assert "siloed" in report and "integral" in report
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(pngs) >= 3, pngs
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert {"outcome", "difference_mean"} <= set(summary.columns)


def test_user_mistakes_exit_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n  oops: [\n", "utf-8")
    cases = [
        ("validate", bad),
        ("run", "nonexistent_scenario"),
        ("run", "siloed", "--set", "organisation.nope=1"),
        ("run", "siloed", "--set", "organisation.ask_once"),
        ("run", "siloed", "--households", "-3"),
        ("compare", "siloed", "integral", "--lang", "fr"),
    ]
    for args in cases:
        r = invoke(*args)
        assert r.exit_code == 2, (args, r.output)
        assert "Traceback" not in r.output, args


def test_scenarios_lists_bundled_files():
    r = invoke("scenarios")
    assert r.exit_code == 0
    assert "siloed" in r.output and "integral" in r.output
