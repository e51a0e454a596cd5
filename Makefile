# Two commands for a newcomer: `make run` and `make test`. Each creates .venv and installs
# what is missing by itself; only Python 3.11+ (and make) must be on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: install run demo migrate test test-postgres lint format typecheck check bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "SpotCheck needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)  ## create .venv and install SpotCheck

run: $(RUN_STAMP)  ## run the bot (migrates the database first)
	$(BIN)/python -m bot run

demo: $(RUN_STAMP)  ## try it without Telegram: the bot, a simulator and a page (no token)
	$(BIN)/python -m simulator

migrate: $(RUN_STAMP)
	$(BIN)/python -m bot migrate

test: $(DEV_STAMP)  ## the whole test suite on SQLite
	$(BIN)/python -m pytest

test-postgres: $(DEV_STAMP)  ## the whole test suite again on PostgreSQL
	SPOTCHECK_TEST_POSTGRES_URL=$(POSTGRES_URL) $(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

check: lint typecheck

bench: $(DEV_STAMP)
	$(BIN)/python bench/outbox.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/draw.py
	$(BIN)/python bench/field.py
	$(BIN)/python bench/reminders.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
