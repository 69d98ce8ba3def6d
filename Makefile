# One command per task. `make run` and `make test` are the README's quick start.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_WORKERS ?= 2
export HOTRO_DATA_DIR ?= $(CURDIR)/var

.PHONY: setup run test lint typecheck pytest bench lock clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed

# The demo lives on the day the seed counted (13 Oct 2021), when the policies were open.
run: export HOTRO_CLOCK_START ?= 2021-10-13T08:00
run: setup
	$(BIN)/hotro migrate --noinput
	$(BIN)/hotro loadcatalog
	$(BIN)/hotro demo
	$(BIN)/hotro serve --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

test: lint typecheck pytest

bench: setup
	$(BIN)/python -m bench

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv, from PyPI).
lock: setup
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
