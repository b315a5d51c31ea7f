# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# An air-gapped machine installs from a folder of wheels made beforehand with `make wheelhouse`.
WHEELS := $(wildcard wheelhouse/*.whl)
PIP_FROM := $(if $(WHEELS),--no-index --find-links wheelhouse,)

.PHONY: run test lint lock bench bench-search bench-reader bench-analysis bench-reuters bench-faults bench-lens bench-split bench-engines bench-ingest bench-grouping wheelhouse clean

# requirements.lock pins every runtime, test, lint and build dependency with hashes (installed with --no-deps:
# the lock is the whole resolution, so nothing is chosen at install time); the project itself is
# installed on top without resolving anything, so a fresh clone gets the same versions next month as today.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q $(PIP_FROM) --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q $(PIP_FROM) --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check -q
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing samples --if-empty
	$(BIN)/briefing

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check briefings search cli tui tests benchmarks fuzz
	$(BIN)/mypy briefings search cli tui

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

# Precision of each kind of lens flag on Reuters and the seeds, against tests/data/lens_labels.yaml (about 1 minute).
bench-lens: $(STAMP)
	$(BIN)/python -m benchmarks.lens_bench

# Article splitting against the hand labels, and its cost at ingest (about 40 s).
bench-split: $(STAMP)
	$(BIN)/python -m benchmarks.split_bench

# Story grouping against tests/data/story_groups.yaml, a sample of its merges, its cost (about 6 minutes).
bench-grouping: $(STAMP)
	$(BIN)/python -m benchmarks.grouping_bench

# Ours beside SQLite FTS5 and Tantivy (if installed) on Reuters-21578: latency, as-you-type agreement,
# relevance on the ModApte TEST split (several minutes: it ingests all 22 files); on demand.
bench-engines: $(STAMP)
	$(BIN)/python -m benchmarks.engines_bench

# Ingest speed with one process and with workers, split and whole (about 3 minutes; `--replicate 200000`
# adds the 200,000-briefing run and its rebuild, about an hour).
bench-ingest: $(STAMP)
	$(BIN)/python -m benchmarks.ingest_bench

# SIGKILLed and concurrent ingests (about 5 minutes); on demand, not part of `make bench`.
bench-faults: $(STAMP)
	$(BIN)/python -m benchmarks.fault_bench

wheelhouse:
	$(PYTHON) -m pip download -q -d wheelhouse --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip check -q

# Refresh the lock after changing a range in pyproject.toml (needs the network); pip-tools runs in its own venv.
LOCK_VENV := .venv-lock
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q pip-tools==7.6.2
	$(LOCK_VENV)/bin/pip-compile -q --extra test --extra dev --extra engines --all-build-deps --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache build *.egg-info
