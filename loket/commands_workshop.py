"""Council and workshop commands: policy, council, workshop start/list, debrief, merge."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from simulation.schema import MAX_HOUSEHOLDS, MAX_WEEKS
from userfiles.outputs import check_out_dir, write_or_rescue

from .common import err, fail, out, progress_bar, user_errors

Lang = Annotated[str, typer.Option("--lang", help="Language: nl (default) or en")]
DbOption = Annotated[Path | None, typer.Option("--db", help="Workshop database (default: the user's own)")]


def _lang(lang: str) -> str:
    if lang not in ("nl", "en"):
        fail("--lang must be 'nl' or 'en', got '{lang}'", lang=lang)
    return lang


def register(app: typer.Typer) -> None:
    @app.command()
    def policy(
        scenario: Annotated[
            str,
            typer.Argument(
                help="Scenario name (siloed, integral) or YAML file; 'compare' "
                "followed by saved package names; 'packages' lists them"
            ),
        ],
        names: Annotated[
            list[str] | None, typer.Argument(help="With 'compare': 1 to 4 saved package names", show_default=False)
        ] = None,
        lever: Annotated[list[str] | None, typer.Option("--lever", help="A lever value: NAME=VALUE")] = None,
        list_: Annotated[
            bool, typer.Option("--list", help="List the scenario's levers, what they mean and their ranges")
        ] = False,
        seeds: Annotated[int, typer.Option(min=1, max=10_000, help="Number of seeds (0..K-1), the same for both")] = 5,
        households: Annotated[int | None, typer.Option(min=1, max=MAX_HOUSEHOLDS, help="Number of households")] = None,
        weeks: Annotated[int | None, typer.Option(min=1, max=MAX_WEEKS, help="Number of weeks")] = None,
        out_dir: Annotated[Path, typer.Option("--out", help="Report folder")] = Path("results/policy"),
        workers: Annotated[int, typer.Option(min=1, help="Local processes")] = max(1, os.cpu_count() or 1),
        save: Annotated[
            str | None,
            typer.Option("--save", help="Keep these lever choices as a named package (and run it with the brief)"),
        ] = None,
        target: Annotated[
            int | None,
            typer.Option("--target-households", help="Households in the municipality's target group (yearly totals)"),
        ] = None,
        years: Annotated[int | None, typer.Option("--years", help="Horizon in years (1-10)")] = None,
        precision: Annotated[
            str | None, typer.Option("--precision", help="quick, normal or thorough (runs x households)")
        ] = None,
        engine: Annotated[str, typer.Option("--engine", help="local processes or dask")] = "local",
        scheduler: Annotated[
            str | None, typer.Option("--scheduler", help="A running Dask scheduler (tcp://HOST:8786)")
        ] = None,
        lang: Lang = "nl",
    ) -> None:
        """Council mode: run a scenario with changed levers against itself on the same seeds; keep choices
        as packages (--save) and compare them (loket policy compare A B C) with a one-page brief."""
        from workshop import texts
        from workshop.policy import levers, parse_lever_args, run_policy

        from . import council_cli as cc

        t = texts(_lang(lang))
        with user_errors():
            if scenario == "packages":
                out.print(cc.packages_table(lang))
                return
            if scenario == "compare":
                cc.compare(names or [], target, years, precision, engine, workers, out_dir, lang, scheduler)
                return
            if names:
                fail(t("onverwacht: {names} (alleen 'compare' neemt pakketnamen)").format(names=" ".join(names)))
            known = levers(scenario)
            if list_:
                out.print(cc.lever_table(known, lang))
                return
            values = parse_lever_args(lever or [], lang)
            from workshop.policy import validate

            values = validate(values, known, lang)
            if save is not None or target is not None or years is not None or precision is not None:
                from workshop.packages import DEFAULT_TARGET, DEFAULT_YEARS, Package, check_name, check_settings

                n, y, p = check_settings(
                    target if target is not None else DEFAULT_TARGET,
                    years if years is not None else DEFAULT_YEARS,
                    precision or "normal",
                    lang,
                )
                if save is not None:
                    pkg = cc.save_package(save, scenario, values, known, n, y, p, lang)
                else:
                    pkg = Package(
                        check_name(t("mijn keuzes"), lang),
                        scenario,
                        {**{k: lv.baseline for k, lv in known.items()}, **values},
                        n,
                        y,
                        p,
                    )
                cc.run_and_write([pkg], n, y, p, engine, workers, out_dir, lang, scheduler)
                return
            if not values:
                fail(t("geef minstens één --lever NAAM=WAARDE (zie --list)"))
            check_out_dir(out_dir)
            from workshop.policy_charts import write_report

            with progress_bar(t("Beleid doorrekenen")) as update:
                res = run_policy(
                    scenario,
                    values,
                    seeds=seeds,
                    households=households,
                    weeks=weeks,
                    workers=workers,
                    progress=update,
                    lang=lang,
                )
            files = write_or_rescue(lambda folder: write_report(res, folder, lang), out_dir)
        from workshop.policy_charts import balance_text

        out.print(policy_table(res, lang))
        out.print(balance_text(res, lang))
        err.print(t("rapport: {path}").format(path=files[0]))

    @app.command()
    def council(lang: Lang = "nl") -> None:
        """Open the game directly in council mode (levers, run, charts)."""
        from game.app import main

        raise typer.Exit(main(lang=_lang(lang), start="council"))

    ws = typer.Typer(
        help="Workshop sessions: set one up for the room, fill a demo room, list them. The "
        "facilitator's guide (session plans, introduction, what to say while people play, debrief "
        "questions, how to read the deck): docs/facilitator.en.md",
        no_args_is_help=True,
    )
    app.add_typer(ws, name="workshop")

    @ws.command("start")
    def workshop_start(
        code: Annotated[str, typer.Argument(help="Workshop code participants type, e.g. ZAAN-0412")],
        title: Annotated[str, typer.Option(help="A description for the trainer")] = "",
        persona: Annotated[
            list[str] | None,
            typer.Option(
                "--persona",
                help="The household every participant plays; give it more than once to hand out a set in turn",
            ),
        ] = None,
        weeks: Annotated[int | None, typer.Option(min=1, max=104, help="Weeks in every play")] = None,
        seed: Annotated[int | None, typer.Option(min=0, max=2**32 - 1, help="Seed of the neighbourhood")] = None,
        households: Annotated[int | None, typer.Option(min=0, max=10_000, help="Simulated households")] = None,
        db: DbOption = None,
        lang: Lang = "nl",
    ) -> None:
        """Create (or open) a workshop, fix the world everyone plays, and show how participants join."""
        from workshop import texts
        from workshop.store import Store, StoreError

        t = texts(_lang(lang))
        personas = _check_personas(persona or [], t)
        settings = {"personas": personas, "weeks": weeks, "seed": seed, "households": households}
        with user_errors():
            try:
                with Store(db) as store:
                    created = store.create_workshop(code, title)
                    if any(v is not None and v != [] for v in settings.values()):
                        store.set_settings(code, settings)
                    fixed = store.settings(code)
                    path = store.path
            except StoreError as exc:
                fail(str(exc))
        out.print(
            (t("Workshop {code} aangemaakt") if created else t("Workshop {code} bestaat al en is geopend")).format(
                code=code
            )
            + f" ({path})"
        )
        if fixed:
            shown = {
                t("huishouden"): ", ".join(fixed.get("personas", [])) or "-",
                t("weken"): fixed.get("weeks", "-"),
                t("seed"): fixed.get("seed", "-"),
                t("huishoudens in de wijk"): fixed.get("households", "-"),
            }
            out.print(
                t("Voor iedereen hetzelfde:") + " " + "; ".join(f"{k} {v}" for k, v in shown.items()), highlight=False
            )
        out.print(t("Deelnemers doen mee met:"))
        # The game records into userfiles.paths.workshop_db(): LOKET_DB points it at another file.
        env = f"LOKET_DB={path} " if db else ""
        name = t("NAAM")
        out.print(f"    {env}loket play --workshop {code} --player {name}", highlight=False)
        out.print(t("Nabespreking na afloop:"))
        out.print(f"    loket debrief {code}" + (f" --db {path}" if db else ""), highlight=False)

    @ws.command("demo")
    def workshop_demo(
        code: Annotated[str, typer.Argument(help="Workshop code to fill with scripted plays, e.g. DEMO")],
        players: Annotated[int, typer.Option(min=1, max=40, help="Scripted players (each plays both scenarios)")] = 4,
        db: DbOption = None,
        lang: Lang = "nl",
    ) -> None:
        """Fill a workshop with scripted plays, to preview the debrief deck before a session."""
        from workshop import texts
        from workshop.demo import DemoPlan, fill_demo
        from workshop.store import Store, StoreError

        t = texts(_lang(lang))
        with user_errors():
            try:
                with Store(db) as store:
                    room = store.settings(code) if store.has_workshop(code) else {}
                    path = store.path
                plan = DemoPlan(
                    players=players,
                    weeks=room.get("weeks", 6),
                    households=room.get("households", 200),
                    seed=room.get("seed", 1),
                    persona=(room.get("personas") or [None])[0],
                )
                with progress_bar(t("Gespeelde demo-spellen")) as update:
                    n = fill_demo(code, plan, db_path=path, lang=lang, progress=update)
            except StoreError as exc:
                fail(str(exc))
        out.print(
            t("{n} demo-spellen opgenomen in workshop {code}; bekijk de nabespreking met:").format(n=n, code=code)
        )
        out.print(
            f"    loket debrief {code}" + (f" --db {path}" if db else "") + (" --lang en" if lang == "en" else ""),
            highlight=False,
        )

    @ws.command("list")
    def workshop_list(db: DbOption = None, lang: Lang = "nl") -> None:
        """List the workshops in the database with their players and plays."""
        from rich import box
        from rich.table import Table

        from workshop import texts
        from workshop.store import Store, StoreError

        t = texts(_lang(lang))
        try:
            with Store(db) as store:
                rows = store.workshops()
                path = store.path
        except StoreError as exc:
            fail(str(exc))
        table = Table(title=str(path), title_justify="left", box=box.SIMPLE_HEAD)
        with_title = any(r["title"] for r in rows)  # the description column only when there is one
        cols = (
            [t("Code"), t("Aangemaakt")]
            + ([t("Omschrijving")] if with_title else [])
            + [t("Deelnemers"), t("Spellen"), t("Afgerond")]
        )
        for col in cols:
            table.add_column(col, no_wrap=col in (t("Code"), t("Aangemaakt")))
        for r in rows:
            created = str(r["created"] or "")[:16].replace("T", " ")  # date and minute
            table.add_row(
                r["code"],
                created,
                *([r["title"]] if with_title else []),
                str(r["players"]),
                str(r["plays"]),
                str(r["finished"]),
            )
        out.print(table)

    @app.command()
    def debrief(
        code: Annotated[str, typer.Argument(help="Workshop code")],
        db: DbOption = None,
        out_dir: Annotated[
            Path | None, typer.Option("--out", help="Deck folder (default results/debrief-CODE)")
        ] = None,
        lang: Lang = "nl",
        population_seeds: Annotated[
            int,
            typer.Option(
                "--population-seeds",
                min=0,
                help="Run the room's scenarios headless on K seeds for the population; "
                "0 = use the populations stored with the plays",
            ),
        ] = 0,
    ) -> None:
        """The debrief of a workshop: slides (HTML, PDF), a report page, charts, CSV; each language its own files."""
        from workshop import texts
        from workshop.deck import DeckError, write_deck
        from workshop.store import StoreError

        t = texts(_lang(lang))
        target = out_dir or Path("results") / f"debrief-{code}"
        with user_errors():
            check_out_dir(target)
            try:
                with progress_bar(t("Nabespreking maken")) as update:
                    deck = write_deck(
                        code, target, db_path=db, lang=lang, population_seeds=population_seeds, progress=update
                    )
            except (DeckError, StoreError) as exc:
                fail(str(exc))
        for problem in deck.problems:
            err.print(f"warning: {problem}", highlight=False, markup=False)
        out.print(t("Nabespreking: {path}").format(path=deck.html))
        for path in deck.slides:
            out.print(t("Presentatie: {path}").format(path=path))
        for p in deck.files:
            err.print(f"  {p}")

    @app.command()
    def merge(
        sources: Annotated[list[Path], typer.Argument(help="Workshop databases to collect")],
        into: Annotated[Path, typer.Option("--into", help="The database to collect into (created if missing)")],
        lang: Lang = "nl",
    ) -> None:
        """Collect several laptops' workshop databases into one, without duplicates."""
        from workshop import texts
        from workshop.merge import merge as merge_dbs
        from workshop.store import StoreError

        t = texts(_lang(lang))
        try:
            counts = merge_dbs(sources, into)
        except StoreError as exc:
            fail(str(exc))
        out.print(
            t("{plays} spellen nieuw of bijgewerkt en {entries} nieuwe regels samengevoegd in {path}").format(
                plays=counts["plays"], entries=counts["entries"], path=into
            )
        )


def _check_personas(personas: list[str], t) -> list[str]:
    """Persona ids that every bundled scenario knows (a workshop plays the same household in each)."""
    from simulation.loader import bundled_names, load_scenario

    if not personas:
        return []
    known = [set(load_scenario(n).personas) for n in bundled_names()]
    common = set.intersection(*known) if known else set()
    for p in personas:
        if p not in common:
            fail(
                t("onbekend huishouden '{persona}' (kies uit: {known})").format(
                    persona=p, known=", ".join(sorted(common))
                )
            )
    return list(dict.fromkeys(personas))


def policy_table(res, lang: str):
    from rich.table import Table

    from reports.labels import label
    from workshop import texts
    from workshop.policy import BASELINE, POLICY
    from workshop.policy_charts import arm_name, headline_rows

    t = texts(lang)
    table = Table(title=t("Met uw keuzes tegenover zoals nu (zelfde seeds)"), title_justify="left")
    table.add_column(label("outcome", lang))
    table.add_column(arm_name(BASELINE, lang), justify="right")
    table.add_column(arm_name(POLICY, lang), justify="right")
    table.add_column(t("Verschil [95%-interval]"), justify="right")
    from reports.public_cost import KINDS

    rows = headline_rows(res)
    for i, r in rows.iterrows():
        table.add_row(
            label(r["outcome"], lang),
            f"{r['baseline_mean']:,.2f}",
            f"{r['policy_mean']:,.2f}",
            f"{r['difference_mean']:+,.2f} [{r['difference_ci_low']:+,.2f}; {r['difference_ci_high']:+,.2f}]",
            end_section=i + 1 < len(rows) and rows.outcome[i + 1] == KINDS[0],
        )  # public spending apart
    return table
