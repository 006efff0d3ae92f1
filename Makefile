# ConectarProfesionales — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEPS_STAMP := $(VENV)/.deps-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DEV_STAMP := $(VENV)/.dev-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
PYTEST_WORKERS ?= 2

.PHONY: run test lint typecheck unit services integration browser up install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(DEPS_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.deps-*
	touch $@

$(DEV_STAMP): $(DEPS_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.dev-*
	touch $@

install: $(DEPS_STAMP)

install-dev: $(DEV_STAMP)

## Start the whole platform in one process on http://localhost:8000 (SQLite, demo data).
run: install
	$(BIN)/conectar run

## Every service as its own process on PostgreSQL, RabbitMQ and Redis.
up: install
	$(BIN)/conectar up

## Lint, type check, import contracts and every test.
test: install-dev lint unit services integration browser

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install-dev
	$(BIN)/pytest tests/unit -q -n $(PYTEST_WORKERS)

services: install-dev
	$(BIN)/pytest tests/services -q -n $(PYTEST_WORKERS)

integration: install-dev
	$(BIN)/pytest tests/integration -q -p no:randomly

## The web app in Debian's Chromium (Playwright); screenshots in tests/artifacts/browser/.
browser: install-dev
	$(BIN)/pytest tests/browser -q -p no:randomly

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
