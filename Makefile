# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# An air-gapped machine installs from a folder of wheels made beforehand with `make wheelhouse`.
WHEELS := $(wildcard wheelhouse/*.whl)
PIP_FROM := $(if $(WHEELS),--no-index --find-links wheelhouse,)

.PHONY: run test lint bench bench-search bench-reader bench-analysis bench-reuters wheelhouse clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q $(PIP_FROM) --upgrade pip
	$(BIN)/python -m pip install -q $(PIP_FROM) -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing samples --if-empty
	$(BIN)/briefing

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m pip install -q '.[dev]'
	$(BIN)/ruff check briefings search tui tests benchmarks
	$(BIN)/mypy briefings search tui

# Benchmarks print figures and are never part of `make test`; README.md records what they printed here.
bench: bench-search bench-reader bench-analysis bench-reuters

bench-search: $(STAMP)
	$(BIN)/python -m benchmarks.search_bench

bench-reader: $(STAMP)
	$(BIN)/python -m benchmarks.reader_bench

bench-analysis: $(STAMP)
	$(BIN)/python -m benchmarks.analysis_bench

bench-reuters: $(STAMP)
	$(BIN)/python -m benchmarks.reuters_bench

wheelhouse:
	$(PYTHON) -m pip download -d wheelhouse '.[test]' pip setuptools wheel

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
