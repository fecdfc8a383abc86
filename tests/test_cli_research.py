"""`loket sweep` and `loket sensitivity` as a researcher uses them; mistakes give exit code 2."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from loket.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


SMALL = ("--households", 20, "--weeks", 4, "--workers", 1)


def test_sweep_writes_a_tidy_dataset_and_resumes(tmp_path):
    args = (
        "sweep",
        "siloed",
        "--set",
        "organisation.discretion=0,0.4",
        "--set",
        "organisation.ask_once=false,true",
        "--seeds",
        2,
        "--out",
        tmp_path,
        *SMALL,
    )
    r = invoke(*args)
    assert r.exit_code == 0, r.output
    weekly = pd.read_parquet(tmp_path / "weekly.parquet")
    homes = pd.read_parquet(tmp_path / "households.parquet")
    assert len(weekly) == 4 * 2 * 4 and len(homes) == 4 * 2 * 20
    assert {"run", "arm", "seed", "organisation.discretion", "organisation.ask_once"} <= set(homes.columns)
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert len(man["runs"]) == 8 and man["sweep"]["households"] == 20
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "parts").glob("*/run.json")}
    r = invoke(*args)  # started again: nothing is redone
    assert r.exit_code == 0, r.output
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "parts").glob("*/run.json")} == before


def test_sensitivity_prints_and_writes_indices(tmp_path):
    r = invoke(
        "sensitivity",
        "integral",
        "--param",
        "organisation.case_managers.caseload=10:40",
        "--param",
        "organisation.discretion=0:0.6",
        "--samples",
        2,
        "--seeds",
        1,
        "--outcome",
        "paperwork_hours",
        "--out",
        tmp_path,
        *SMALL,
    )
    assert r.exit_code == 0, r.output
    assert "mu_star" in r.output and "paperwork_hours" in r.output
    table = pd.read_csv(tmp_path / "sensitivity.csv")
    assert list(table.columns[:3]) == ["outcome", "parameter", "mu_star"] and len(table) == 2
    assert (tmp_path / "sensitivity.png").stat().st_size > 1000


def test_research_mistakes_exit_2_without_traceback(tmp_path):
    done = tmp_path / "done"
    assert (
        invoke(
            "sweep", "siloed", "--set", "organisation.discretion=0,0.2", "--seeds", 1, "--out", done, *SMALL
        ).exit_code
        == 0
    )
    cases = [
        (("sweep", "siloed", "--set", "organisation.nope=1,2"), "unknown key path 'organisation.nope'"),
        (("sweep", "siloed", "--set", "organisation.discretion=0.1,lots"), "organisation.discretion: Input should"),
        (
            ("sweep", "siloed", "--set", "organisation.case_managers.caseload=2.5"),
            "organisation.case_managers.caseload: Input should be a valid integer",
        ),
        (("sweep", "siloed", "--set", "organisation.discretion="), "no values after '='"),
        (("sweep", "siloed", "--set", "organisation.discretion"), "expects KEY.PATH=v1,v2"),
        (
            ("sweep", "siloed", "--set", "organisation.discretion=0", "--set", "organisation.discretion=1"),
            "given twice",
        ),
        (("sweep", "siloed", "--set", "organisation.discretion=0,0.3", "--out", done), "holds a different sweep"),
        (("sweep", "siloed", "--engine", "spark"), "unknown engine 'spark'"),
        (("sweep", "siloed", "--scheduler", "tcp://127.0.0.1:8786"), "needs the dask engine"),
        (("sensitivity", "siloed", "--param", "organisation.discretion=0.5:0.1"), "empty range"),
        (("sensitivity", "siloed", "--param", "organisation.discretion=0.5"), "expects KEY.PATH=low:high"),
        (("sensitivity", "siloed", "--param", "organisation.ask_once=0:1"), "a bool setting"),
        (("sensitivity", "siloed", "--param", "organisation.nope=0:1"), "unknown key path 'organisation.nope'"),
        (("sensitivity", "siloed", "--param", "organisation.discretion=0:1", "--method", "fast"), "unknown method"),
        (("sensitivity", "siloed", "--param", "organisation.discretion=0:1", "--outcome", "joy"), "unknown outcome"),
        (("sensitivity", "siloed"), "at least one --param"),
    ]
    for args, message in cases:
        out = () if "--out" in args else ("--out", tmp_path / "never")
        r = invoke(*args, *out, *SMALL)
        assert r.exit_code == 2, (args, r.output)
        assert "Traceback" not in r.output, args
        assert message in " ".join(r.output.split()), (args, r.output)
    assert not (tmp_path / "never").exists()  # nothing is written before the input is checked
