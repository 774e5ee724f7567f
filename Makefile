# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
ARGS ?=

.PHONY: run test test-fast eval anon-eval index bench clean help

help:
	@echo "make run    - install if needed, build the index if missing or stale, start the bot"
	@echo "make test   - install if needed, run the whole test suite"
	@echo "make eval   - retrieval and answer quality on the evaluation corpora (tests/eval)"
	@echo "make anon-eval - the anonymiser on the hand-written minutes of tests/anon_eval, every part"
	@echo "make index  - (re)build the index incrementally"
	@echo "make bench  - speed and memory benchmark, written to bench/results.json"

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch is pinned first: 2.13.0 is served as a CPU wheel; an unpinned torch pulls CUDA.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

index: $(STAMP)
	$(PY) -m indexer build

run: $(STAMP)
	$(PY) -m indexer build --if-stale
	$(PY) -m bot run $(ARGS)

test: $(STAMP)
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not real_model"

eval: $(STAMP)
	$(PY) -m indexer build --if-stale
	$(PY) -m tests.eval.run_eval

anon-eval: $(STAMP)
	$(PY) -m tests.anon_eval.run

bench: $(STAMP)
	$(PY) -m bench.run

clean:  # keeps .index/state.db (feedback, question log, sent reminders)
	rm -rf .index/builds .index/CURRENT .pytest_cache
