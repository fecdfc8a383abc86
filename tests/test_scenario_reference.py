"""docs/scenario-reference.md is the schema written out: up to date, and complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.schema import Scenario
from simulation.schema_doc import reference_markdown, sections

DOC = Path(__file__).resolve().parent.parent / "docs" / "scenario-reference.md"


@pytest.fixture(scope="module")
def text():
    return reference_markdown()


def test_the_committed_reference_is_up_to_date(text):
    assert DOC.read_text("utf-8") == text, (
        "docs/scenario-reference.md is out of date: run `make docs` (python -m simulation.schema_doc "
        "docs/scenario-reference.md) and commit it"
    )


def test_every_section_and_key_of_the_schema_is_in_it(text):
    for model in sections():
        assert f"## {model.__name__}\n" in text
        for name in model.model_fields:
            assert f"| `{name}` |" in text, f"{model.__name__}.{name} missing"
    assert {"Counter" + "Spec", "Behaviour", "Organisation"} <= {m.__name__ for m in sections(Scenario)}
