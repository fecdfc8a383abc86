"""`loket patterns`: does the model match Dutch figures?  Measures the patterns of
``validation/patterns.yaml`` over several seeds and judges each against its observed range."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer

from .commands_research import Engine, Scheduler, research_errors
from .common import err, fail, out, parse_overrides, progress_bar, table_console

DOMAIN = "patterns"  # gettext domain: Dutch message ids, English in loket_i18n/locale/en/LC_MESSAGES/patterns.po

# Words the table and report use; marked here, translated where shown.
VERDICT_WORDS = {"met": "gehaald", "near": "dichtbij", "not met": "niet gehaald", "n/a": "n.v.t."}
USE_WORDS = {"calibrate": "kalibratie", "hold_out": "toetsing"}


def number(x: float) -> str:
    """A value as the table shows it: few digits, thousands separated."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def _default_out(scenario: str) -> Path:
    return Path("results") / f"patterns-{Path(scenario).stem}"


def register(app: typer.Typer) -> None:
    @app.command()
    def patterns(
        scenario: Annotated[str, typer.Argument(help="Scenario name (siloed, integral) or YAML file")],
        seeds: Annotated[int | None, typer.Option(min=1, help="Number of seeds (0..K-1)")] = None,
        households: Annotated[int | None, typer.Option(min=1, help="Households per run")] = None,
        weeks: Annotated[int | None, typer.Option(min=1, help="Weeks measured after the burn-in")] = None,
        burn_in: Annotated[int | None, typer.Option("--burn-in", min=0, help="Weeks run before measuring")] = None,
        workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: all cores)")] = None,
        engine: Engine = "local",
        scheduler: Scheduler = None,
        set_: Annotated[list[str] | None, typer.Option("--set", help="Override a scenario key: KEY.PATH=VALUE")] = None,
        out_dir: Annotated[
            Path | None, typer.Option("--out", help="Output folder (default results/patterns-SCENARIO)")
        ] = None,
        patterns_file: Annotated[
            Path | None, typer.Option("--patterns", help="Patterns file (default validation/patterns.yaml)")
        ] = None,
        lang: Annotated[str, typer.Option("--lang", help="Language of the table and report: nl or en")] = "nl",
    ) -> None:
        """Measure the Dutch patterns (validation/patterns.yaml) and compare them with the observed ranges."""
        import time

        from experiments import patterns as pt
        from experiments.runner import manifest
        from loket_i18n import translator
        from simulation.loader import load_scenario

        if lang not in ("nl", "en"):
            fail("--lang must be 'nl' or 'en', got '{lang}'", lang=lang)
        t = translator(DOMAIN, lang)
        seeds = pt.DEFAULT_SEEDS if seeds is None else seeds
        households = pt.DEFAULT_HOUSEHOLDS if households is None else households
        weeks = pt.DEFAULT_WEEKS if weeks is None else weeks
        burn_in = pt.DEFAULT_BURN_IN if burn_in is None else burn_in
        target = out_dir or _default_out(scenario)
        with research_errors():
            overrides = parse_overrides(set_)
            pats = pt.load_patterns(patterns_file)
            sc = load_scenario(scenario, overrides)
            if target.exists() and not target.is_dir():
                fail(f"--out {target}: exists and is not a folder")
            err.print(
                t(
                    "{scenario}: {n} patronen, {seeds} seeds x {households} huishoudens, "
                    "{burn_in} weken inloop + {weeks} weken gemeten"
                ).format(
                    scenario=scenario, n=len(pats), seeds=seeds, households=households, burn_in=burn_in, weeks=weeks
                )
            )
            started = time.perf_counter()
            with progress_bar(t("patronen")) as update:
                values = pt.measure(
                    sc,
                    seeds,
                    households,
                    weeks,
                    burn_in,
                    workers,
                    engine,
                    scheduler,
                    progress=update,
                    patterns=patterns_file,
                )
            seconds = time.perf_counter() - started
        table = pt.verdicts(values, pats, lang)
        target.mkdir(parents=True, exist_ok=True)
        table.to_csv(target / "patterns.csv", index=False)
        values.to_csv(target / "values.csv", index=False)
        man = manifest(
            {sc.name: sc},
            range(seeds),
            households,
            weeks,
            overrides,
            burn_in=burn_in,
            patterns={
                "file": str((patterns_file or pt.PATTERNS_FILE).resolve()),
                "hash": pt.patterns_hash(patterns_file),
            },
            engine=engine,
            seconds=round(seconds, 1),
        )
        (target / "manifest.json").write_text(json.dumps(man, indent=2, sort_keys=True) + "\n", "utf-8")
        (target / "patterns.md").write_text(markdown(table, scenario, man, t), "utf-8")
        table_console().print(rich_table(table, scenario, t))
        counts = table["verdict"].value_counts()
        out.print(
            t("gehaald {met}, dichtbij {near}, niet gehaald {not_met}, n.v.t. {na}  ({seconds:.0f} s)").format(
                met=counts.get("met", 0),
                near=counts.get("near", 0),
                not_met=counts.get("not met", 0),
                na=counts.get("n/a", 0),
                seconds=seconds,
            )
        )
        for name in ("patterns.csv", "patterns.md", "values.csv", "manifest.json"):
            err.print(f"wrote {target / name}")


def _observed(r, unit: bool = True) -> str:
    return f"{number(r['low'])} – {number(r['high'])}" + (f" {r['unit']}" if unit else "")


def _model(r, sep: str = " ") -> str:
    if math.isnan(r["mean"]):
        return "–"
    if math.isnan(r["ci_low"]):
        return number(r["mean"])
    return f"{number(r['mean'])}{sep}[{number(r['ci_low'])}; {number(r['ci_high'])}]"


def rich_table(table, scenario: str, t):
    from rich import box
    from rich.table import Table

    colour = {"met": "green", "near": "yellow", "not met": "red", "n/a": "dim"}
    tab = Table(
        title=t("Nederlandse patronen: {scenario}").format(scenario=scenario),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    tab.add_column(t("patroon"), min_width=14)
    tab.add_column(t("waargenomen"), justify="right", no_wrap=True)
    tab.add_column(t("model [95%-interval]").replace(" ", "\n", 1), justify="right", no_wrap=True)
    longest_word = max(len(word) for w in VERDICT_WORDS.values() for word in t(w).split())
    tab.add_column(t("oordeel"), max_width=max(longest_word + 3, len(t("oordeel"))))
    tab.add_column(t("gebruik"), min_width=max(len(t(w)) for w in USE_WORDS.values()))
    for r in table.to_dict("records"):
        word = t(VERDICT_WORDS[r["verdict"]])
        if r["known_deviation"] and r["verdict"] != "met":
            word += " *"
        tab.add_row(
            f"{r['label']}\n[dim]{r['unit']}[/]",
            _observed(r, unit=False),
            _model(r, "\n"),
            f"[{colour[r['verdict']]}]{word}[/]",
            t(USE_WORDS[r["use"]]),
        )
    tab.caption = t("* bekende afwijking (zie patterns.md)")
    return tab


def markdown(table, scenario: str, man: dict, t) -> str:
    """The report: settings, the table, the known deviations and the sources."""
    ((name, sc),) = man["scenarios"].items()
    lines = [
        f"# {t('Nederlandse patronen: {scenario}').format(scenario=scenario)}",
        "",
        t(
            "Scenario {name} (hash {hash}); {seeds} seeds x {households} huishoudens; {burn_in} weken inloop, "
            "daarna {weeks} weken gemeten."
        ).format(
            name=name,
            hash=sc["hash"],
            seeds=len(man["seeds"]),
            households=man["households"],
            burn_in=man["burn_in"],
            weeks=man["weeks"],
        ),
        "",
        t(
            "Model: gemiddelde over de seeds met 95%-interval (t-verdeling). Oordeel: gehaald als het gemiddelde "
            "binnen het waargenomen bereik ligt; dichtbij als alleen het interval het bereik raakt; n.v.t. als "
            "het patroon in dit scenario niet bestaat of niet te meten is. Kalibratie: mag gebruikt worden om "
            "parameters te schatten; toetsing: alleen om het model te toetsen."
        ),
        "",
        f"| {t('patroon')} | {t('waargenomen')} | {t('model [95%-interval]')} | {t('oordeel')} | {t('gebruik')} "
        f"| {t('jaar')} |",
        "|---|---|---|---|---|---|",
    ]
    for r in table.to_dict("records"):
        lines.append(
            f"| {r['label']} (`{r['pattern']}`) | {_observed(r)} | {_model(r)} | "
            f"{t(VERDICT_WORDS[r['verdict']])} | {t(USE_WORDS[r['use']])} | {r['year']} |"
        )
    deviations = [r for r in table.to_dict("records") if r["known_deviation"]]
    if deviations:
        lines += ["", f"## {t('Bekende afwijkingen')}", ""]
        lines += [f"- **{r['label']}** ({t(VERDICT_WORDS[r['verdict']])}): {r['known_deviation']}" for r in deviations]
    na = [r for r in table.to_dict("records") if r["applies_when"]]
    if na:
        lines += ["", f"## {t('Geldt alleen als')}", ""]
        lines += [f"- **{r['label']}**: `{r['applies_when']}`" for r in na]
    lines += ["", f"## {t('Bronnen')}", ""]
    lines += [f"- **{r['label']}** ({r['year']}): {r['source']}" for r in table.to_dict("records")]
    lines += ["", t("Definities en hoe het landelijke bereik naar een wijk is vertaald: validation/patterns.yaml."), ""]
    return "\n".join(lines)
