"""Issue #12: the real `loket` process on hostile options, outputs and signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

LOKET = str(Path(sys.executable).with_name("loket"))
SMALL = ["--households", "10", "--weeks", "1"]


def loket(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LOKET, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def refused(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


def in_process(*args: str, env: dict | None = None):
    """The same command line in this process (typer's runner), for checks that need no real process."""
    from typer.testing import CliRunner

    from loket.cli import app

    return CliRunner().invoke(app, list(args), env=env)


def test_out_that_is_a_file_or_the_root_is_refused_before_the_run(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("keep me")
    proc = loket("run", "siloed", *SMALL, "--out", str(afile))
    refused(proc, "is a file")
    assert proc.stderr.count("\n") == 1 and "wrote" not in proc.stdout
    assert afile.read_text() == "keep me"
    for command in (["run", "siloed"], ["sweep", "siloed", "--seeds", "1"], ["compare", "siloed", "integral"]):
        r = in_process(*command, *SMALL, "--out", "/")
        assert r.exit_code == 2 and "root folder" in r.output, r.output


def test_out_that_cannot_be_written_is_refused_and_nothing_is_made(tmp_path):
    from userfiles.outputs import OutputError, check_out_dir

    # /proc refuses new files even to root, so this is "read-only" whoever runs the tests
    for out in ("/proc/loket-out/x", "/proc/loket-out"):
        with pytest.raises(OutputError, match="cannot write"):
            check_out_dir(out)
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        with pytest.raises(OutputError, match="cannot write"):
            check_out_dir(ro / "results")
    assert check_out_dir(tmp_path / "new" / "folder") and not (tmp_path / "new").exists()
    r = in_process("run", "siloed", *SMALL, "--out", "/proc/loket-out")
    assert r.exit_code == 2 and "cannot write" in r.output


def test_results_are_rescued_when_writing_fails_after_the_run(tmp_path):
    from userfiles.outputs import OutputError, write_or_rescue

    calls = []

    def write(folder: Path) -> list[Path]:
        calls.append(folder)
        if len(calls) == 1:
            raise PermissionError(13, "Permission denied")
        (folder / "weekly.parquet").write_text("data")
        return [folder / "weekly.parquet"]

    with pytest.raises(OutputError) as info:
        write_or_rescue(write, tmp_path / "out")
    rescued = calls[1]
    assert str(rescued) in str(info.value) and (rescued / "weekly.parquet").read_text() == "data"


def test_seed_out_of_range_is_a_usage_error(tmp_path):
    refused(loket("run", "siloed", *SMALL, "--seed", str(10**23), "--out", str(tmp_path / "o")), "--seed")
    r = in_process("run", "siloed", *SMALL, "--seed", "-1", "--out", str(tmp_path / "o"))
    assert r.exit_code == 2 and "--seed" in r.output
    assert not (tmp_path / "o").exists()


def test_unusable_loket_home_gives_one_line(tmp_path):
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    proc = loket("workshop", "list", env={"LOKET_HOME": str(home), "LOKET_DB": ""})
    refused(proc, "LOKET_HOME")
    assert proc.stderr.count("\n") == 1, proc.stderr
    r = in_process("play", "--resume", env={"LOKET_HOME": str(home), "LOKET_DB": ""})
    assert r.exit_code == 2 and "LOKET_HOME" in r.output


def test_bad_or_unreachable_scheduler_leaves_no_files(tmp_path, monkeypatch):
    out = tmp_path / "sweep"
    proc = loket(
        "sweep",
        "siloed",
        "--seeds",
        "1",
        *SMALL,
        "--engine",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:9",
        "--out",
        str(out),
        env={"LOKET_CONNECT_TIMEOUT": "1s"},
    )
    refused(proc, "scheduler")
    assert not out.exists()
    for address in ("tcp://host:port", "tcp://[::1"):  # malformed: refused before any connection
        r = in_process(
            "sweep", "siloed", "--seeds", "1", *SMALL, "--engine", "dask", "--scheduler", address, "--out", str(out)
        )
        assert r.exit_code == 2 and "scheduler" in r.output and not out.exists(), r.output


def test_play_refuses_a_huge_neighbourhood():
    r = in_process("play", "--scenario", "siloed", "--persona", "samira", "--households", "2000000")
    assert r.exit_code == 2 and "10,000" in r.output


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def test_sweep_workers_die_with_their_parent_on_kill_9(tmp_path):
    proc = subprocess.Popen(
        [
            LOKET,
            "sweep",
            "siloed",
            "--seeds",
            "4",
            "--households",
            "400",
            "--weeks",
            "52",
            "--workers",
            "2",
            "--out",
            str(tmp_path / "sweep"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        workers: list[psutil.Process] = []
        while time.monotonic() < deadline:
            workers = [p for p in _children(proc.pid) if "spawn_main" in " ".join(p.cmdline())]
            if len(workers) == 2:
                break
            time.sleep(0.2)
        assert len(workers) == 2, "the sweep did not start its workers"
        family = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 60  # a worker still importing ends when its initializer runs
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(family), [p.cmdline() for p in _alive(family)]
    finally:
        for p in _alive(_children(proc.pid)):
            p.kill()
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_play_answers_sigterm_and_sigint_while_building_a_big_neighbourhood(tmp_path, sig):
    env = {
        **os.environ,
        "LOKET_HOME": str(tmp_path),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PYTHONFAULTHANDLER": "1",
    }
    proc = subprocess.Popen(
        [LOKET, "play", "--scenario", "siloed", "--persona", "samira", "--households", "10000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not any(tmp_path.glob("saves/*.json")):
            time.sleep(0.1)  # the save appears when the play starts, before the neighbourhood is built
        time.sleep(0.5)
        assert proc.poll() is None, proc.communicate()
        sent = time.monotonic()
        proc.send_signal(sig)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            out, errs = proc.communicate(timeout=20)
            # PYTHONFAULTHANDLER: SIGABRT makes it print where each thread is, so a hang says where it hung
            raise AssertionError(f"no exit 10 s after signal {sig}; where it was:\n" + errs[-6000:]) from None
        assert time.monotonic() - sent < 5  # about a second; the margin is for a busy CI machine
        assert "Traceback" not in proc.stderr.read()
        assert proc.returncode in (130, -sig)
    finally:
        if proc.poll() is None:
            proc.kill()
