# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test install install-test clean-demo bench lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	bash scripts/install-test-deps
	$(BIN)/pip install -q -e '.[test]'

# Runs the main job once on the embedded defaults: the sample inbox, SQLite under data/, outbox in data/outbox/.
demo: install
	$(BIN)/cancelflow run --once
	$(BIN)/cancelflow cases
	@echo "outbox:" && ls data/outbox

test: install-test
	$(BIN)/pytest -q

clean-demo:
	rm -rf data report

bench: install-test
	$(BIN)/python bench/accuracy ../shared/corpus/domain-dev
	$(BIN)/python bench/parse
	$(BIN)/python bench/ingest

lint: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/ruff check pipeline tests bench scheduler.py
