# policyparse – developer tasks. `make install` first; everything runs from .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install test test-oldest lint fmt typecheck bench-adversarial fuzz bench-startup bench-stages golden quality quality-corpus quality-corpus2 quality-corpus3 quality-corpus4 quality-corpus5 quality-corpus6 quality-corpus7 quality-corpus8 quality-corpus9 quality-corpus10 quality-corpus11 bench bench-report screenshot check clean fixtures score-formats score-corpus-formats quality-corpus12 records

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q src  # .pyc now: no run compiles sources (PYTHONDONTWRITEBYTECODE runs never write them)

test:
	$(BIN)/python -m pytest -q

lint:
	$(BIN)/ruff check src tests benchmarks docs tools

fmt:
	$(BIN)/ruff check --fix src tests benchmarks docs tools

typecheck:
	$(BIN)/mypy

# src/policyparse/_records.py (the parse path's plain records) from models.py; commit the result
records:
	$(BIN)/python tools/gen_records.py

# rewrite samples/*.expected.json from the current code; read the diff before committing
golden:
	$(BIN)/python -m tests.golden --write
	git --no-pager diff --stat -- samples/

# accuracy on tests/data/gold; `$(BIN)/python -m tests.quality --update` pins new floors
quality:
	$(BIN)/python -m tests.quality

# the same on the evaluation corpus tests/data/corpus; `--corpus --update` pins its floors
quality-corpus:
	$(BIN)/python -m tests.quality --corpus

# the corpus tests/data/corpus2 (written after the parser; floors raised as fixes land)
quality-corpus2:
	$(BIN)/python -m tests.quality --corpus2

# the corpus tests/data/corpus3 (written after the parser; floors raised as fixes land)
quality-corpus3:
	$(BIN)/python -m tests.quality --corpus3

# the corpus tests/data/corpus4 (written after the parser; floors raised as fixes land)
quality-corpus4:
	$(BIN)/python -m tests.quality --corpus4

# the corpus tests/data/corpus5 (written after the parser; floors raised as fixes land)
quality-corpus5:
	$(BIN)/python -m tests.quality --corpus5

# the corpus tests/data/corpus6, notices from the south and east (written after the parser;
# floors raised as fixes land)
quality-corpus6:
	$(BIN)/python -m tests.quality --corpus6

# the corpus tests/data/corpus8, county, district and township notices (written after the parser)
quality-corpus8:
	$(BIN)/python -m tests.quality --corpus8

# the corpus tests/data/corpus9, deep outlines and dense responsibility text (written after the parser)
quality-corpus9:
	$(BIN)/python -m tests.quality --corpus9

# the corpus tests/data/corpus10, messy text off government sites and converters
quality-corpus10:
	$(BIN)/python -m tests.quality --corpus10

# the corpus tests/data/corpus11, notices authored as DOCX (some converted to PDF)
quality-corpus11:
	$(BIN)/python -m tests.quality --corpus11

# the corpus tests/data/corpus12, notices dense with numeric targets and look-alikes
quality-corpus12:
	$(BIN)/python -m tests.quality --corpus12

# the corpus tests/data/corpus7, provincial and municipal departments and municipal governments
# (written after the parser; floors raised as fixes land)
quality-corpus7:
	$(BIN)/python -m tests.quality --corpus7

# DOCX and PDF versions of the samples in samples/docx and samples/pdf (needs LibreOffice and
# fonts-noto-cjk; the outputs are committed, so tests and CI do not need them)
fixtures:
	$(BIN)/python tools/make_fixtures.py

# score samples/pdf and samples/docx against the gold: make score-formats SCORE=path/to/score.py
score-formats:
	tools/score_formats.sh $(SCORE) tests/data/gold

# an evaluation corpus as DOCX and PDF, scored against its gold (needs LibreOffice):
# make score-corpus-formats CORPUS=tests/data/corpus3
score-corpus-formats:
	$(BIN)/python tools/corpus_formats.py $(CORPUS)

# real PDFs as publishers made them (not in the project): parse() against bare pypdfium2 and
# bare pdfplumber on the same files; skipped when the folder is not there
REAL_PDFS ?= ../shared/real/docs

bench:
	$(BIN)/python benchmarks/bench_text.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_realpdf.py "$(REAL_PDFS)"

# a one-file `policyparse parse` as a whole process against `python -c pass` (paired runs)
bench-startup:
	$(BIN)/python benchmarks/bench_startup.py

# where parse() spends its time, stage by stage (CPU time; --cprofile N for functions)
bench-stages:
	$(BIN)/python benchmarks/bench_stages.py

# time per MB on adversarial shapes (long lines, dense numbers, bare labels …), 100 kB to 1 MB
bench-adversarial:
	$(BIN)/python benchmarks/bench_adversarial.py

# the span invariant on N generated notices (tests/fuzz.py): make fuzz N=100000 [SEED=0]
N ?= 10000
SEED ?= 0
fuzz:
	$(BIN)/python -m tests.fuzz $(N) $(SEED)

# the review page in headless Chromium (apt-get install chromium chromium-driver)
bench-report:
	$(BIN)/python benchmarks/bench_report.py

# docs/review-page.png for the README (also needs fonts-noto-cjk)
screenshot:
	$(BIN)/python docs/screenshot.py

check: lint typecheck test

# the tests under the oldest Python pyproject.toml admits (3.10), in their own .venv-oldest,
# where such a Python runs here (pyenv's included); skipped, saying so, where none does
OLDEST ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) python3.10)
test-oldest:
	@if $(OLDEST) -c pass 2>/dev/null; then \
	    $(OLDEST) -m venv .venv-oldest && \
	    .venv-oldest/bin/python -m pip install -q -e '.[dev]' && \
	    .venv-oldest/bin/python -m pytest -q -p no:cacheprovider; \
	else echo "test-oldest: no Python 3.10 here ($(OLDEST)), skipped"; fi

clean:
	rm -rf $(VENV) .venv-oldest dist build .mypy_cache .ruff_cache .pytest_cache
