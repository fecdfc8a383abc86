"""Mechanisms find creditors and schemes through roles declared in the scenario, never by id:
a city whose every id is renamed runs, and gives the same results."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from experiments.jobs import Job, execute
from simulation.loader import ScenarioError, load_scenario, read_tree, resolve_path
from simulation.schema import Scenario

SPECIAL_ISSUERS = {"self", "each_creditor", "income_source"}
TABLES = ("counters", "schemes", "creditors", "documents", "rules", "population", "personas", "fields", "levers")


def new(old: str) -> str:
    """An order-preserving new name ('x_' before every id keeps every sorted list in its order)."""
    return f"x_{old}"


def renamed(tree: dict) -> dict:
    """The scenario tree with every id of every table renamed, and every reference to it."""
    t = copy.deepcopy(tree)
    for table in TABLES:
        t[table] = {new(k): v for k, v in t[table].items()}
    for d in t["documents"].values():
        if d["issuer"] not in SPECIAL_ISSUERS:
            d["issuer"] = new(d["issuer"])
        d["requires"] = [new(r) for r in d.get("requires", [])]
    for c in t["counters"].values():
        c["form"] = [new(f) for f in c.get("form", [])]
    for s in t["schemes"].values():
        s["counter"] = new(s["counter"])
        for key in ("eligibility", "blocking_rules", "documents"):
            s[key] = [new(r) for r in s.get(key, [])]
        if s.get("creditor"):
            s["creditor"] = new(s["creditor"])
    for k in t["creditors"].values():
        if k.get("counter"):
            k["counter"] = new(k["counter"])
    for p in t["population"].values():
        p["starts_with"] = [new(s) for s in p.get("starts_with", [])]
        p["debt_split"] = {new(k): v for k, v in p.get("debt_split", {}).items()}
    for p in t["personas"].values():
        p["type"] = new(p["type"])
        if p.get("starts_with") is not None:
            p["starts_with"] = [new(s) for s in p["starts_with"]]
        p["debts"] = {new(k): v for k, v in p.get("debts", {}).items()}
    if t["organisation"].get("front_door"):
        t["organisation"]["front_door"] = new(t["organisation"]["front_door"])
    for lever in t["levers"].values():
        parts = lever["path"].split(".")
        if parts[0] in TABLES:
            parts[1] = new(parts[1])
        lever["path"] = ".".join(parts)
        if lever.get("on_value") == tree["organisation"].get("front_door") and lever.get("on_value"):
            lever["on_value"] = new(lever["on_value"])
    return t


@pytest.mark.parametrize("name", ["siloed", "integral"])
def test_a_city_with_every_id_renamed_runs_and_gives_identical_results(name):
    tree = read_tree(resolve_path(name))
    tree.setdefault("organisation", {})
    original = Scenario.model_validate(tree)
    other = Scenario.model_validate(renamed(tree))
    assert not set(other.creditors) & set(original.creditors)
    data = [original.model_dump(mode="json"), other.model_dump(mode="json")]
    (wa, ha), (wb, hb) = (execute(Job(name, d, seed=5, households=150, weeks=40)) for d in data)
    pd.testing.assert_frame_equal(wa, wb, check_exact=True)
    hb["type"] = hb["type"].str.removeprefix("x_")
    hb["persona"] = hb["persona"].str.removeprefix("x_")
    pd.testing.assert_frame_equal(ha, hb, check_exact=True)
    assert wa["crises"].sum() > 0 and ha["applications"].sum() > 0  # the run did something


def _city_with_roles(tmp_path, old: str, new_role: str):
    """The siloed city written to a file, with every creditor of role ``old`` given ``new_role``."""
    import yaml

    tree = read_tree(resolve_path("siloed"))
    for k in tree["creditors"].values():
        if k.get("role") == old:
            k["role"] = new_role
    path = tmp_path / "city.yaml"
    path.write_text(yaml.safe_dump(tree), "utf-8")
    return path


def test_a_city_without_a_rent_creditor_is_refused_by_validate(tmp_path):
    with pytest.raises(ScenarioError, match="no creditor has role 'rent'"):
        load_scenario(_city_with_roles(tmp_path, "rent", "other"))


def test_two_creditors_with_one_role_are_refused(tmp_path):
    with pytest.raises(ScenarioError, match="role 'energy' is held by"):
        load_scenario(_city_with_roles(tmp_path, "consumer", "energy"))
