"""Council packages on the command line: ``loket policy SCENARIO --lever … --save NAME`` runs and keeps
a package, ``loket policy compare A B C`` runs saved packages side by side, ``loket policy packages``
lists them.  Each writes the one-page brief (PDF and PNG) and the yearly totals for the municipality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from userfiles.outputs import check_out_dir, write_or_rescue

from .common import err, fail, out, progress_bar


def lever_table(known, lang: str):
    """One lever a row: name; label, what it is, what it takes and where it comes from, with the key path
    under it; range; the scenario's own value."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from workshop import N_, texts

    t = texts(lang)
    table = Table(title=t("Hendels"), title_justify="left", box=box.SIMPLE_HEAD, show_lines=True)
    table.add_column(t("Naam"), no_wrap=True)
    table.add_column(t("Omschrijving") + " / " + t("Scenariosleutel"), overflow="fold", ratio=1)
    table.add_column(t("Bereik"), no_wrap=True)
    table.add_column(t("Nu"), no_wrap=True)
    for lv in known.values():
        cell = f"[bold]{escape(lv.label.get(lang))}[/bold]"
        if lv.explain is not None:
            cell += "".join(
                f"\n[italic]{escape(t(head))}[/italic] {escape(getattr(lv.explain, key).get(lang))}"
                for key, head in (
                    ("what", N_("Wat:")),
                    ("takes", N_("Wat het vraagt:")),
                    ("source", N_("Waar het vandaan komt:")),
                )
            )
        table.add_row(
            lv.name, cell + f"\n[dim]{escape(lv.path)}[/dim]", lv.range_text(lang), lv.show(lv.baseline, lang)
        )
    return table


def packages_table(lang: str):
    from rich.table import Table

    from workshop import texts
    from workshop.packages import PRECISION_NAMES, PackageStore

    t = texts(lang)
    store = PackageStore()
    if store.warning:
        err.print(store.warning)
    table = Table(title=t("Bewaarde pakketten"), title_justify="left")
    for col in (t("Naam"), t("Scenario"), t("Veranderde hendels"), t("Huishoudens"), t("Jaren"), t("Precisie")):
        table.add_column(col)
    from workshop.policy import levers

    for name in store.names():
        pkg = store.load(name, lang)
        try:
            known = levers(pkg.scenario)
            changed = (
                ", ".join(
                    f"{k}={known[k].show(v, lang)}"
                    for k, v in pkg.changed({k: lv.baseline for k, lv in known.items()}).items()
                )
                or "-"
            )
        except Exception as exc:
            changed = f"({exc})"
        table.add_row(
            name, pkg.scenario, changed, f"{pkg.households:,}", str(pkg.years), t(PRECISION_NAMES[pkg.precision])
        )
    return table


def settings_of(first, households: int | None, years: int | None, precision: str | None, lang: str):
    from workshop.packages import check_settings

    return check_settings(
        households if households is not None else first.households,
        years if years is not None else first.years,
        precision if precision is not None else first.precision,
        lang,
    )


def run_and_write(
    packages: list,
    households: int,
    years: int,
    precision: str,
    engine: str,
    workers: int,
    out_dir: Path,
    lang: str,
    scheduler: str | None = None,
) -> Any:
    """Run the packages, write the brief, the totals and (for one package) the policy report."""
    from experiments.engines import EngineError, check_engine
    from workshop import texts
    from workshop.council_run import plan_comparison, run_comparison

    t = texts(lang)
    try:
        check_engine(engine, scheduler)
    except EngineError as exc:
        fail(str(exc))
    p = plan_comparison(packages, households, years, precision, lang)
    check_out_dir(out_dir)
    err.print(
        t("{runs} runs × {hh} gesimuleerde huishoudens × {weeks} weken, {jobs} modelruns ({engine})").format(
            runs=p.runs, hh=p.run_households, weeks=p.weeks, jobs=len(p.jobs), engine=engine
        )
    )
    with progress_bar(t("Pakketten doorrekenen")) as update:
        try:
            cmp = run_comparison(p, engine=engine, workers=workers, progress=update, scheduler=scheduler)
        except EngineError as exc:
            fail(str(exc))
    files = write_or_rescue(lambda folder: write_outputs(cmp, folder, lang), out_dir)
    print_totals(cmp, lang)
    err.print(t("raadsbrief: {path}").format(path=files[0]))
    return cmp


def write_outputs(cmp, folder: Path, lang: str) -> list[Path]:
    import pandas as pd

    from workshop.council_brief import write_brief
    from workshop.council_totals import municipality_totals

    paths = write_brief(cmp, folder, lang)
    money, crises = [], []
    for name, res in cmp.results.items():
        tot = municipality_totals(res, cmp.plan.households)
        money.append(tot.money.assign(package=name))
        crises.append(tot.crises.assign(package=name))
    for stem, frames in (("yearly_totals", money), ("crises_avoided", crises)):
        path = folder / f"{stem}.csv"
        pd.concat(frames, ignore_index=True).to_csv(path, index=False)
        paths.append(path)
    if len(cmp.results) == 1:
        from workshop.policy_charts import write_report

        paths += write_report(next(iter(cmp.results.values())), folder, lang)
    return paths


def print_totals(cmp, lang: str) -> None:
    from workshop.council_totals import municipality_totals, sentences

    for name, res in cmp.results.items():
        out.print(f"[bold]{name}[/bold]")
        for s in sentences(municipality_totals(res, cmp.plan.households), lang):
            out.print("  " + s, highlight=False)


def save_package(
    name: str, scenario: str, values: dict[str, Any], known, households: int, years: int, precision: str, lang: str
):
    from workshop import texts
    from workshop.packages import Package, PackageStore

    store = PackageStore()
    if store.warning:
        err.print(store.warning)
    pkg = Package(
        name, scenario, {**{k: lv.baseline for k, lv in known.items()}, **values}, households, years, precision
    )
    store.save(pkg, lang)
    t = texts(lang)
    err.print(t("pakket '{name}' bewaard in {path}").format(name=pkg.name, path=store.path))
    return pkg


def compare(
    names: list[str],
    households: int | None,
    years: int | None,
    precision: str | None,
    engine: str,
    workers: int,
    out_dir: Path,
    lang: str,
    scheduler: str | None = None,
) -> None:
    from workshop import texts
    from workshop.council_run import MAX_COMPARED
    from workshop.packages import PackageStore

    t = texts(lang)
    if not 1 <= len(names) <= MAX_COMPARED:
        fail(t("vergelijk 1 tot {n} bewaarde pakketten: loket policy compare A B …").format(n=MAX_COMPARED))
    store = PackageStore()
    if store.warning:
        err.print(store.warning)
    packages = [store.load(n, lang) for n in names]
    n, y, p = settings_of(packages[0], households, years, precision, lang)
    run_and_write(packages, n, y, p, engine, workers, out_dir, lang, scheduler)
