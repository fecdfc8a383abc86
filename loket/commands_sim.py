"""Headless simulation commands: scenarios, validate, run, compare."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from simulation.schema import MAX_HOUSEHOLDS, MAX_WEEKS
from userfiles.outputs import check_out_dir, write_or_rescue

from .common import MAX_SEED, err, fail, out, parse_overrides, progress_bar, user_errors

SetOption = Annotated[list[str] | None, typer.Option("--set", help="Override a scenario key: KEY.PATH=VALUE")]
Lang = Annotated[str, typer.Option("--lang", help="Language of reports: nl or en")]


def _check_lang(lang: str) -> str:
    if lang not in ("nl", "en"):
        fail("--lang must be 'nl' or 'en', got '{lang}'", lang=lang)
    return lang


def register(app: typer.Typer) -> None:
    @app.command()
    def scenarios() -> None:
        """List the bundled scenarios."""
        from simulation.loader import bundled_names, load_scenario

        with user_errors():
            for name in bundled_names():
                sc = load_scenario(name)
                out.print(f"[bold]{name}[/]  {sc.title.nl} / {sc.title.en}")
                out.print(f"    {sc.description.nl}")

    @app.command()
    def validate(
        scenario: Annotated[str, typer.Argument(help="Scenario name or YAML file")], set_: SetOption = None
    ) -> None:
        """Check a scenario file against the schema (exit code 2 if it is wrong)."""
        from simulation import loader
        from simulation.listing import scenario_order
        from simulation.loader import load_scenario, scenario_hash

        with user_errors():
            sc = load_scenario(scenario, parse_overrides(set_))
            if loader.resolve_path(scenario).resolve().parent == loader.SCENARIO_DIR.resolve():
                scenario_order()  # a bundled file: its listing also fits the others' (places, partners)
            out.print(
                f"{scenario}: valid ({len(sc.counters)} counters, {len(sc.schemes)} schemes, "
                f"{len(sc.personas)} personas); hash {scenario_hash(sc)}"
            )

    @app.command()
    def run(
        scenario: Annotated[str, typer.Argument(help="Scenario name (siloed, integral) or YAML file")],
        households: Annotated[int | None, typer.Option(min=1, max=MAX_HOUSEHOLDS, help="Number of households")] = None,
        weeks: Annotated[int | None, typer.Option(min=1, max=MAX_WEEKS, help="Number of weeks")] = None,
        seed: Annotated[int, typer.Option(min=0, max=MAX_SEED, help="Random seed")] = 0,
        out_dir: Annotated[Path, typer.Option("--out", help="Output folder")] = Path("results/run"),
        csv: Annotated[bool, typer.Option("--csv", help="Also write CSV files")] = False,
        set_: SetOption = None,
    ) -> None:
        """Run one scenario: weekly aggregates and household outcomes as Parquet, plus a manifest."""
        from experiments.runner import run as run_one

        with user_errors():
            check_out_dir(out_dir)
            result = run_one(scenario, seed=seed, households=households, weeks=weeks, overrides=parse_overrides(set_))
            written = write_or_rescue(lambda folder: result.write(folder, csv=csv), out_dir)
        last = result.weekly.iloc[-1]
        h = result.households
        out.print(f"[bold]{scenario}[/] seed {seed}: {len(h)} households, {len(result.weekly)} weeks")
        out.print(
            f"  paperwork hours per household (incl. dealing with creditors): {h.paperwork_hours.mean():.1f}, "
            f"of which with creditors {h.debt_admin_hours.mean():.1f}; "
            f"crises per household: {h.crises.mean():.2f}; mean debt at the end: EUR {last.mean_debt:,.0f}"
        )
        for p in written:
            out.print(f"  wrote {p}")

    @app.command()
    def compare(
        a: Annotated[str, typer.Argument(help="First scenario (e.g. siloed)")],
        b: Annotated[str, typer.Argument(help="Second scenario (e.g. integral)")],
        seeds: Annotated[int, typer.Option(min=1, max=10_000, help="Number of seeds (0..K-1), the same for both")] = 10,
        households: Annotated[int | None, typer.Option(min=1, max=MAX_HOUSEHOLDS, help="Number of households")] = None,
        weeks: Annotated[int | None, typer.Option(min=1, max=MAX_WEEKS, help="Number of weeks")] = None,
        out_dir: Annotated[Path, typer.Option("--out", help="Report folder")] = Path("results/compare"),
        workers: Annotated[int, typer.Option(min=1, help="Local processes")] = max(1, os.cpu_count() or 1),
        lang: Lang = "nl",
        set_: SetOption = None,
    ) -> None:
        """Run two scenarios on the same seeds and write a report (charts + Markdown table)."""
        from experiments.runner import compare as compare_runs
        from reports.compare_report import write_report

        _check_lang(lang)
        with user_errors():
            check_out_dir(out_dir)
            with progress_bar(f"{a} vs {b}") as update:
                res = compare_runs(
                    a,
                    b,
                    seeds=seeds,
                    households=households,
                    weeks=weeks,
                    workers=workers,
                    progress=update,
                    overrides=parse_overrides(set_),
                )

            def write(folder: Path) -> list[Path]:
                res.write(folder)
                return write_report(res, folder, lang)

            files = write_or_rescue(write, out_dir)
        out.print(summary_table(res, lang))
        err.print(f"report: {files[0]}")


HEADLINE = (
    "paperwork_hours",
    "debt_admin_hours",
    "visits",
    "fields_repeated",
    "weeks_waiting",
    "wait_per_application",
    "sanctions",
    "takeup",
    "crises",
    "final_debt",
    "trust",
)


def summary_table(res, lang: str):
    """The headline outcomes as a table: mean per household for each arm, and the paired difference; then,
    apart, public spending in its three kinds (services, transfers, crises) and their sum."""
    from rich.table import Table

    from reports.labels import label
    from reports.public_cost import KINDS, TOTAL

    la, lb = res.labels
    s = res.summary.set_index("outcome")
    t = Table(title=f"{label(la, lang)} / {label(lb, lang)}", title_justify="left")
    t.add_column(label("outcome", lang))
    t.add_column(label(la, lang), justify="right")
    t.add_column(label(lb, lang), justify="right")
    t.add_column(f"{label('difference', lang)} [95% CI]", justify="right")
    for col in (*HEADLINE, *KINDS, TOTAL):
        r = s.loc[col]
        t.add_row(
            label(col, lang),
            f"{r[f'{la}_mean']:,.2f}",
            f"{r[f'{lb}_mean']:,.2f}",
            f"{r['difference_mean']:+,.2f} [{r['difference_ci_low']:+,.2f}; {r['difference_ci_high']:+,.2f}]",
            end_section=col == HEADLINE[-1],
        )
    return t
