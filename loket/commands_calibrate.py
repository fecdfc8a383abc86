"""`loket calibrate`: ABC-SMC calibration against the Dutch stylised facts, and Morris screening."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from .commands_research import Engine, Scheduler, Workers, research_errors
from .common import err, fail, table_console

Count = Annotated[int | None, typer.Option(min=1)]


def stored_runs(out_dir: Path) -> str | None:
    """What a stopped calibration kept: every finished run in ``evaluations.jsonl``."""
    log = out_dir / "evaluations.jsonl"
    if not log.exists():
        return None
    with log.open("rb") as f:
        runs = sum(1 for _ in f)
    return f"{runs} finished run(s) are stored in {log}"


def _patterns() -> Any:
    """``experiments.patterns``, imported only when needed; one line if this version has none."""
    import importlib

    try:
        patterns = importlib.import_module("experiments.patterns")
    except ModuleNotFoundError as exc:
        if exc.name != "experiments.patterns":
            raise
        fail(
            "experiments.patterns is not available in this version: calibration needs the stylised facts "
            "(validation/patterns.yaml) and their measurement (measure_job)"
        )
    return patterns


@contextmanager
def generation_bars() -> Iterator[Any]:
    """One progress bar per generation: accepted particles out of the population, and candidates run."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[tried]}"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=err) as bar:
        tasks: dict[int, Any] = {}

        def update(generation: int, accepted: int, population: int, tried: int) -> None:
            if generation not in tasks:
                tasks[generation] = bar.add_task(f"generation {generation}", total=population, tried="")
            bar.update(tasks[generation], completed=accepted, tried=f"{tried} candidates")

        yield update


def register(app: typer.Typer) -> None:
    @app.command()
    def calibrate(
        scenario: Annotated[
            str | None, typer.Argument(help="Scenario name or YAML file (default: the one in the settings file)")
        ] = None,
        config: Annotated[
            Path | None,
            typer.Option(
                "--config", help="Free parameters, priors and settings [default: validation/calibration.yaml]"
            ),
        ] = None,
        out_dir: Annotated[Path, typer.Option("--out", help="Output folder (resumable)")] = Path("results/calibration"),
        engine: Engine = "local",
        scheduler: Scheduler = None,
        workers: Workers = None,
        population: Annotated[int | None, typer.Option(min=2, help="Accepted particles per generation")] = None,
        generations: Annotated[
            int | None, typer.Option(min=1, help="Generations (more: extends a finished run)")
        ] = None,
        seeds: Annotated[int | None, typer.Option(min=1, help="Model runs per particle")] = None,
        households: Annotated[int | None, typer.Option(min=1, help="Households per run")] = None,
        weeks: Annotated[int | None, typer.Option(min=1, help="Measured weeks per run, after the burn-in")] = None,
        burn_in: Annotated[int | None, typer.Option("--burn-in", min=0, help="Weeks run before measuring")] = None,
        screen: Annotated[
            bool,
            typer.Option(
                "--screen", help="Morris screening of the free parameters on the patterns instead (OUT/screening)"
            ),
        ] = False,
        install: Annotated[
            bool, typer.Option("--install", help="Afterwards copy the posterior to scenarios/calibration.yaml")
        ] = False,
        lang: Annotated[str, typer.Option("--lang", help="Language of the pattern labels: nl or en")] = "nl",
    ) -> None:
        """Calibrate the free parameters by ABC-SMC against the Dutch stylised facts (validation/patterns.yaml).

        Writes the particles, the tolerance and cost per generation and posterior.yaml to --out; a stopped
        calibration continues where it was when started again with the same --out."""
        from experiments.calibration import calibrate as run_abc
        from experiments.calibration import model_spec
        from experiments.calibration_config import Settings, load_config

        if lang not in ("nl", "en"):
            fail("--lang must be 'nl' or 'en', got '{lang}'", lang=lang)
        if screen and install:
            fail("--install copies a calibration's posterior; leave it out with --screen")
        with research_errors(out_dir / "screening" if screen else out_dir, saved=stored_runs):
            cfg = load_config(config, check_keys=False)
            given = {
                "population": population,
                "generations": generations,
                "seeds": seeds,
                "households": households,
                "weeks": weeks,
                "burn_in": burn_in,
                "scenario": scenario,
            }
            settings = Settings(**{**cfg.settings.model_dump(), **{k: v for k, v in given.items() if v is not None}})
            cfg = cfg.model_copy(update={"settings": settings})
            patterns = _patterns()
            spec = model_spec(cfg, patterns.load_patterns(), patterns.measure_job)
            s = spec.settings
            if screen:
                from experiments.screening import screen as run_screen

                from .common import progress_bar

                err.print(
                    f"{s.scenario}: Morris screening of {len(spec.priors)} parameters x "
                    f"{s.screen_trajectories} trajectories x {s.seeds} seed(s) -> {out_dir / 'screening'}"
                )
                with progress_bar("screening") as update:
                    res = run_screen(spec, out_dir / "screening", None, engine, workers, scheduler, update)
                files = res.write(out_dir / "screening")
                table_console(150).print(ranking_table(res.ranking))
            else:
                err.print(
                    f"{s.scenario}: ABC-SMC of {len(spec.priors)} parameters, {s.population} particles x "
                    f"{s.generations} generations, {s.seeds} seed(s) x {s.households} households x "
                    f"{s.burn_in}+{s.weeks} weeks per particle -> {out_dir}"
                )
                from experiments.calibration_output import install_posterior, write
                from experiments.calibration_point import choose_point

                with generation_bars() as update:
                    res = run_abc(spec, out_dir, engine, workers, scheduler, progress=update)
                if s.point_top:
                    err.print(
                        f"point estimate: the {min(s.point_top, len(res.final.particles))} closest particles "
                        f"again on {s.point_seeds} fresh seed(s)"
                    )
                choice = choose_point(res, out_dir, engine, workers, scheduler)
                files = write(res, out_dir, choice)
                if res.stopped:
                    err.print(f"[bold yellow]warning:[/] stopped early: {res.stopped}")
                table_console(150).print(fit_table(res, lang, choice))
                if install:
                    files.append(install_posterior(out_dir / "posterior.yaml"))
        for f in files:
            err.print(f"wrote {f}")


def ranking_table(ranking):
    from rich import box
    from rich.table import Table

    t = Table(
        title="Morris screening: most influential first (mu* / pattern range width)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for c in ("parameter", "score", "top_pattern", "mean_scaled_mu_star"):
        t.add_column(c, justify="left" if c in ("parameter", "top_pattern") else "right", no_wrap=True)
    for r in ranking.to_dict("records"):
        t.add_row(r["parameter"], f"{r['score']:.3g}", str(r["top_pattern"]), f"{r['mean_scaled_mu_star']:.3g}")
    return t


def fit_table(res, lang: str, choice=None):
    """The point estimate, and how the final particles and the point (run again) fit each pattern."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from experiments.calibration_output import posterior_data
    from loket_i18n import translator

    from .commands_patterns import DOMAIN, USE_WORDS

    post = posterior_data(res, choice)
    rerun = post["point_choice"]["candidates"][0]["values"] if post["point_choice"]["candidates"] else {}
    words = translator(DOMAIN, lang)
    t = Table(
        title=f"posterior (generation {res.final.number}, tolerance {res.final.tolerance:.3g}); "
        f"point: {post['point_choice']['method']}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    t.add_column("parameter / pattern", no_wrap=True)
    t.add_column("value", justify="right")
    t.add_column("range", justify="right")
    t.add_column("share inside", justify="right")
    t.add_column("point, run again", justify="right")
    for p in res.spec.priors:
        t.add_row(p.key, f"{post['point'][p.key]:.4g}", f"{p.low:g} - {p.high:g} {p.scale}", "", "")
    for p in post["patterns"]:
        name = p["label"].get(lang) or p["id"]
        mean = "-" if p["posterior_mean"] is None else f"{p['posterior_mean']:.4g}"
        use = words(USE_WORDS[p["use"]])
        again = rerun.get(p["id"])
        t.add_row(
            escape(f"{name} ({use})"),
            mean,
            f"{p['low']:g} - {p['high']:g}",
            f"{p['share_inside']:.0%}",
            "-" if again is None else f"{again:.4g}",
        )
    return t
