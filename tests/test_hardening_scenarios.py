"""Issue #12: every broken scenario file gives one clear line, and a file that validates runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulation.loader import ScenarioError, load_scenario

LOKET = str(Path(sys.executable).with_name("loket"))


def scenario(tmp_path: Path, body: str | bytes, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    text = body if isinstance(body, bytes) else ("extends: siloed.yaml\n" + body).encode()
    path.write_bytes(text)
    return path


def refused(path: Path | str, *needles: str, overrides=None) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    message = str(info.value)
    assert "\n" not in message, message
    for needle in needles:
        assert needle in message, message
    return message


@pytest.mark.parametrize(
    ("body", "needles"),
    [
        ("budget:\n  rent_factor: .nan\n", ["budget.rent_factor", "finite"]),
        ("budget:\n  rent_factor: .inf\n", ["budget.rent_factor", "finite"]),
        ("budget:\n  rent_factor: nan\n", ["budget.rent_factor", "finite"]),  # text the schema would read as NaN
        ("budget:\n  rent_factor: 1e308\n", ["budget.rent_factor", "100"]),
        ("budget:\n  rent_factor: 1.0e+308\n", ["budget.rent_factor", "1,000,000,000"]),
        ("organisation:\n  case_managers:\n    per_1000: 1e9\n", ["per_1000", "1000"]),
        ("weeks: 1e23\n", ["weeks"]),
        ("weeks: 100000000000000000000000\n", ["weeks"]),
        ("households: 1000000000\n", ["households", "100000"]),
        ("weeks: 3\nweeks: 4\n", ["duplicate key 'weeks'", "line 3"]),
        ("population:\n  single:\n    children: [-1, 2]\n", ["population.single.children"]),
        ("personas:\n  samira:\n    children: -2\n", ["personas.samira.children"]),
        ("levers:\n  x:\n    path: organisation.no_such_key\n    label: {nl: a, en: b}\n", ["levers.x.path"]),
        ('name: "\\ud800"\n', ["line 2"]),  # a lone surrogate
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", ["nest"]),
        ("x: " + "[" * 40 + "]" * 40 + "\n", ["nested too deeply"]),
        ('extends: "a\\0b"\n', ["NUL"]),
    ],
)
def test_broken_scenario_gives_one_line(tmp_path, body, needles):
    if body.startswith("extends"):
        path = scenario(tmp_path, body.encode())
    else:
        path = scenario(tmp_path, body)
    refused(path, *needles)


def test_bytes_that_are_not_utf8(tmp_path):
    refused(scenario(tmp_path, b"extends: siloed.yaml\nname: \xff\xfe\n"), "not UTF-8")
    refused(scenario(tmp_path, b"extends: siloed.yaml\x00\n", "nul.yaml"), "NUL")


def test_huge_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"extends: siloed.yaml\n" + b"# padding\n" * 900_000)
    refused(path, "too big")


def test_alias_bomb_is_refused(tmp_path):
    lines = ["extends: siloed.yaml", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    refused(scenario(tmp_path, ("\n".join(lines) + "\n").encode()), "too many values")


def test_nul_and_surrogates_in_a_path():
    refused("a\0b.yaml", "NUL")
    refused("\ud800.yaml", "file name")


def test_overrides_must_be_finite_and_in_range():
    refused("siloed", "finite", overrides={"budget.rent_factor": float("nan")})
    refused("siloed", "100000", overrides={"households": 10**9})


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../etc/passwd", "../outside.yaml"])
def test_extends_stays_in_the_scenario_folder(tmp_path, target):
    secret = "root:x:0:0:the-secret-line"
    (tmp_path / "outside.yaml").write_text(f"name: {secret}\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    message = refused(scenario(inner, f"extends: {target}\n".encode()), "own folder")
    assert "secret" not in message and "root:x" not in message


def test_extends_reaches_the_bundled_city_and_a_sibling(tmp_path):
    (tmp_path / "base.yaml").write_text("extends: siloed.yaml\nweeks: 7\n")
    sc = load_scenario(scenario(tmp_path, b"extends: base.yaml\nhouseholds: 30\n"))
    assert (sc.weeks, sc.households) == (7, 30)


def test_cli_nan_gives_exit_2_and_one_line(tmp_path):
    nan = scenario(tmp_path, "budget:\n  rent_factor: .nan\n", "nan.yaml")
    proc = subprocess.run([LOKET, "validate", str(nan)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error:") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "rent_factor" in proc.stderr


def test_run_and_sweep_of_a_nan_scenario_and_override_give_one_line(tmp_path):
    from typer.testing import CliRunner

    from loket.cli import app

    nan = scenario(tmp_path, "budget:\n  rent_factor: .nan\n", "nan.yaml")
    for args in (
        ["run", str(nan), "--households", "10", "--weeks", "1", "--out", str(tmp_path / "r")],
        ["sweep", str(nan), "--seeds", "1", "--households", "10", "--weeks", "1", "--out", str(tmp_path / "s")],
        ["run", "siloed", "--set", "budget.rent_factor=.nan", "--out", str(tmp_path / "r")],
        ["sweep", "siloed", "--set", "budget.rent_factor=.inf,1", "--out", str(tmp_path / "s")],
    ):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2 and "finite" in r.output, (args, r.output)
    assert not (tmp_path / "r").exists() and not (tmp_path / "s").exists()
