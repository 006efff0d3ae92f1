# ConectarProfesionales — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every dependency is installed from a lock file with hashes (requirements/*.lock), never resolved anew:
# pyproject.toml keeps the ranges the code supports, `make lock` / `make lock-upgrade` re-resolve them.
LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
DEPS_STAMP := $(VENV)/.deps-$(shell cat $(LOCK) | sha1sum | cut -c1-12)
DEV_STAMP := $(VENV)/.dev-$(shell cat $(DEV_LOCK) | sha1sum | cut -c1-12)
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# The locks are installed with uv (the version dev.lock pins, itself installed by pip with its hashes):
# seconds where pip took a minute and a half on every fresh clone.
UV_INSTALL := $(BIN)/uv pip install --quiet --no-config --python $(BIN)/python
LOCK_FLAGS := --refresh --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock"
PYTEST_WORKERS ?= 2
# The service tests wait on PostgreSQL, RabbitMQ, Redis and sockets about half the time: at 2 workers the
# 2 cores sat 40 % idle; 4 workers with work stealing (the schema fuzzers run 15–90 s each) cut 10.9 → 6.9 min.
SERVICE_WORKERS ?= 4

.PHONY: run test lint typecheck unit services integration faults browser legacy-frontend faults-and-legacy-frontend up install install-dev lock lock-upgrade clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: $(BIN)/python $(DEV_LOCK)
	$(BIN)/python requirements/pin.py uv $(DEV_LOCK) > $(VENV)/uv-pin.txt
	$(PIP_INSTALL) --require-hashes -r $(VENV)/uv-pin.txt
	touch $@

$(DEPS_STAMP): $(BIN)/uv $(LOCK)
	$(UV_INSTALL) --require-hashes -r $(LOCK)
	$(UV_INSTALL) --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.deps-*
	touch $@

$(DEV_STAMP): $(DEPS_STAMP) $(DEV_LOCK)
	$(UV_INSTALL) --require-hashes -r $(DEV_LOCK)
	$(UV_INSTALL) --no-deps --no-build-isolation -e .
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
test: install-dev lint unit services integration browser faults-and-legacy-frontend

## The fault suite (mostly waiting on the faults it injects) beside the legacy frontend's walks (standalone,
## SQLite): together about one and a half cores, where one at a time left the machine 70 % and 45 % idle.
faults-and-legacy-frontend: install-dev
	$(MAKE) --no-print-directory --output-sync=target -j2 faults legacy-frontend

lint: install-dev
	$(BIN)/ruff check src tests bench requirements
	$(BIN)/ruff format --check src tests bench requirements
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install-dev
	$(BIN)/pytest tests/unit -q -n $(PYTEST_WORKERS)

services: install-dev
	$(BIN)/pytest tests/services -q -n $(SERVICE_WORKERS) --dist worksteal

integration: install-dev
	$(BIN)/pytest tests/integration -q -p no:randomly

## Faults injected between the services and PostgreSQL, RabbitMQ and Redis (cut, delay, reset).
faults: install-dev
	$(BIN)/pytest tests/faults -q -p no:randomly

## The web app in Debian's Chromium (Playwright); screenshots in tests/artifacts/browser/.
browser: install-dev
	$(BIN)/pytest tests/browser -q -p no:randomly

## The original Next.js frontend (issue 20) unchanged in Chromium against the legacy layer: its pinned source
## (tests/legacy_frontend/frontend, docs/legacy.md "Tests"), npm ci into a cache, `next dev`.
legacy-frontend: install-dev
	$(BIN)/python -m tests.legacy_frontend.frontend
	$(BIN)/pytest tests/legacy_frontend -q -p no:randomly

## Re-resolve the lock files after a change to the requirements in pyproject.toml (other pins stay).
lock: install-dev
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra dev $(LOCK_FLAGS) $(UPGRADE) -o $(DEV_LOCK)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in $(LOCK_FLAGS) -c $(DEV_LOCK) -o $(LOCK)
	$(BIN)/python requirements/inputs.py $(DEV_LOCK) $(LOCK)

## Move every pin to the newest release pyproject.toml allows; commit it only after `make test` passes.
lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
