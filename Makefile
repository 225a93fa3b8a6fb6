# policyparse – developer tasks. `make install` first; everything runs from .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install test lint fmt typecheck golden bench check clean

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'

test:
	$(BIN)/python -m pytest -q

lint:
	$(BIN)/ruff check src tests benchmarks

fmt:
	$(BIN)/ruff check --fix src tests benchmarks

typecheck:
	$(BIN)/mypy

# rewrite samples/*.expected.json from the current code; read the diff before committing
golden:
	$(BIN)/python -m tests.golden --write
	git --no-pager diff --stat -- samples/

bench:
	$(BIN)/python benchmarks/bench_text.py
	$(BIN)/python benchmarks/bench_batch.py

check: lint typecheck test

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
