# Loketdoolhof: `make play` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: play test lint typecheck docs compare bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(STAMP)

play: $(STAMP)
	$(BIN)/loket play

# Files ruff format keeps; the lead widens this to "." once every branch is merged and formatted.
FORMATTED := player experiments userfiles simulation/outcomes.py simulation/schema_doc.py loket_i18n/numbers.py \
	tests/test_import_graph.py tests/test_scenario_reference.py tests/test_council_screen.py \
	benchmarks/reference_outputs.py

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check $(FORMATTED)

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/python -m simulation.schema_doc docs/scenario-reference.md

test: lint typecheck
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 -q

compare: $(STAMP)
	$(BIN)/loket compare siloed integral --seeds 10

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) results build *.egg-info
