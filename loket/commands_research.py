"""Research commands: sweep (a grid of overrides x seeds) and sensitivity (SALib)."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from simulation.schema import MAX_HOUSEHOLDS, MAX_WEEKS
from userfiles.outputs import check_out_dir, write_or_rescue

from .common import err, fail, out, progress_bar, user_errors

Households = Annotated[int | None, typer.Option(min=1, max=MAX_HOUSEHOLDS, help="Number of households per run")]
Weeks = Annotated[int | None, typer.Option(min=1, max=MAX_WEEKS, help="Number of weeks per run")]
Seeds = Annotated[int, typer.Option(min=1, max=10_000, help="Number of seeds (0..K-1), the same for every arm")]
Workers = Annotated[int | None, typer.Option(min=1, help="Worker processes (default: all cores)")]
Engine = Annotated[str, typer.Option(help="local (process pool) or dask")]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask; without it a local cluster starts)"
    ),
]


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt


def saved_parts(out_dir: Path) -> str | None:
    """What a stopped sweep kept: its finished runs in ``OUT/parts``."""
    parts = out_dir / "parts"
    if not parts.is_dir():
        return None
    saved = sum(1 for p in parts.iterdir() if not p.name.startswith("."))
    return f"{saved} finished run(s) are saved in {parts}"


@contextmanager
def research_errors(out_dir: Path | None = None, saved: Callable[[Path], str | None] = saved_parts) -> Iterator[None]:
    """User mistakes (bad keys, values, folders, engines) -> a clear message and exit code 2.
    A stop (Ctrl-C or SIGTERM) shuts the workers down; finished runs stay saved in ``out_dir``
    (``saved`` says what was kept)."""
    from experiments.engines import EngineError

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with user_errors():
            try:
                yield
            except EngineError as exc:
                fail(str(exc))
            except KeyboardInterrupt:
                kept = saved(out_dir) if out_dir is not None else None
                if kept:
                    err.print(f"stopped: {kept}; the same command continues where this one stopped")
                raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def register(app: typer.Typer) -> None:
    @app.command()
    def sweep(
        scenario: Annotated[str, typer.Argument(help="Scenario name (siloed, integral) or YAML file")],
        set_: Annotated[
            list[str] | None,
            typer.Option("--set", help="A swept key and its values: KEY.PATH=v1,v2,... (repeat for a grid)"),
        ] = None,
        seeds: Seeds = 5,
        out_dir: Annotated[Path, typer.Option("--out", help="Output folder (resumable)")] = Path("results/sweep"),
        households: Households = None,
        weeks: Weeks = None,
        workers: Workers = None,
        engine: Engine = "local",
        scheduler: Scheduler = None,
    ) -> None:
        """Run every combination of the --set values on the same seeds; one tidy Parquet dataset.

        A stopped sweep continues where it was when started again with the same --out."""
        from experiments.sweep import grid_arms, parse_values, plan, run_plan

        with research_errors(out_dir):
            check_out_dir(out_dir)
            grid = {}
            for item in set_ or []:
                key, sep, values = item.partition("=")
                key = key.strip()
                if not sep or not key:
                    fail(f"--set expects KEY.PATH=v1,v2,..., got '{item}'")
                if key in grid:
                    fail(f"--set {key} is given twice; list all its values once: {key}=v1,v2,...")
                grid[key] = parse_values(key, values)
            p = plan(scenario, grid_arms(grid) if grid else [], seeds, households, weeks)
            n_arms = len(p.manifest["sweep"]["arms"])
            err.print(f"{scenario}: {n_arms} arm(s) x {seeds} seed(s) = {len(p.jobs)} runs -> {out_dir}")
            with progress_bar("sweep") as update:
                weekly, homes = run_plan(p, out_dir, engine, workers, scheduler, update)
        out.print(
            f"[bold]{scenario}[/]: {len(p.jobs)} runs; {len(weekly):,} weekly rows, {len(homes):,} household rows"
        )
        for name in ("weekly.parquet", "households.parquet", "manifest.json"):
            out.print(f"  wrote {out_dir / name}")

    @app.command()
    def sensitivity(
        scenario: Annotated[str, typer.Argument(help="Scenario name (siloed, integral) or YAML file")],
        param: Annotated[
            list[str] | None, typer.Option("--param", help="A parameter and its range: KEY.PATH=low:high (repeat)")
        ] = None,
        method: Annotated[str, typer.Option(help="morris (screening) or sobol (variance shares)")] = "morris",
        samples: Annotated[int, typer.Option(help="Morris trajectories, or Sobol base sample (a power of 2)")] = 8,
        seeds: Seeds = 2,
        outcome: Annotated[
            list[str] | None,
            typer.Option(
                "--outcome",
                help="Outcome to analyse (repeat); default: paperwork_hours, crises, final_debt, "
                "cost_services, transfers, crisis_costs",
            ),
        ] = None,
        out_dir: Annotated[Path, typer.Option("--out", help="Output folder")] = Path("results/sensitivity"),
        households: Households = None,
        weeks: Weeks = None,
        workers: Workers = None,
        engine: Engine = "local",
        scheduler: Scheduler = None,
    ) -> None:
        """Global sensitivity of outcomes to scenario parameters (SALib): index table and chart."""
        from experiments.sensitivity import DEFAULT_OUTCOMES, analyse, make_param, parse_param

        with research_errors(out_dir / "runs"):
            check_out_dir(out_dir)
            params = [make_param(scenario, *parse_param(item)) for item in param or []]
            with progress_bar(f"sensitivity ({method})") as update:
                res = analyse(
                    scenario,
                    params,
                    method,
                    samples,
                    seeds,
                    outcome or DEFAULT_OUTCOMES,
                    households,
                    weeks,
                    out_dir,
                    engine,
                    workers,
                    scheduler,
                    update,
                )
            files = write_or_rescue(res.write, out_dir)
        for table in index_tables(res):
            out.print(table)
        for f in files:
            err.print(f"wrote {f}")


def index_tables(res):
    """One table of sensitivity indices per outcome, so a key path and its numbers fit one line."""
    from rich import box
    from rich.table import Table

    cols = [c for c in res.table.columns if c not in ("outcome", "parameter")]
    tables = []
    for outcome, rows in res.table.groupby("outcome", sort=False):
        t = Table(title=f"{outcome}: sensitivity indices ({res.method})", title_justify="left", box=box.SIMPLE_HEAD)
        t.add_column("parameter", no_wrap=True)
        for c in cols:
            t.add_column(c, justify="right", no_wrap=True)
        for r in rows.to_dict("records"):
            t.add_row(r["parameter"], *(_number(r[c]) for c in cols))
        tables.append(t)
    return tables


def _number(x: float) -> str:
    return "0" if abs(x) < 1e-12 else f"{x:,.3g}"
