# One command per task. `make run` and `make test` are the README's quick start.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_WORKERS ?= 2
export HOTRO_DATA_DIR ?= $(CURDIR)/var
# These tasks are the demo's and development's. A real service runs `hotro serve` with
# HOTRO_ENV=production (the default) and its own HOTRO_SECRET_KEY: docs/operations.md.
export HOTRO_ENV ?= demo

.PHONY: setup system-deps run test lint typecheck pytest bench bench-large lock messages clean

# What pip cannot install: Pango for WeasyPrint (the slips' PDFs), HarfBuzz's subsetter (fonts
# embedded as subsets), and Liberation Serif 2 (Times New Roman's metrics, with the Vietnamese
# letters that fonts-liberation 1.x lacks: found by one of them, U+1EE6 Ủ, not by the family's
# name). Installed with apt-get when missing.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2
system-deps:
	@if ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
	  && fc-list 'Liberation Serif:charset=1ee6' 2>/dev/null | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "Please install: $(SYSTEM_PACKAGES) (Debian package names)"; exit 1; fi

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: system-deps $(VENV)/.installed

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

# Statistics, sweep and lists at 10k, 1M and 10M dossiers. The databases are kept
# (hotro_bench_<size>): generating 10M takes about 90 minutes the first time. Never in CI.
bench-large: setup
	BENCH_SIZES=10000,1000000,10000000 $(BIN)/python -m bench.stats

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv, from PyPI).
lock: setup
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

# The pages' English texts: collect new ones into the .po, then compile the committed .mo
# (needs gettext). Vietnamese is the source language.
messages: setup
	cd src/hotro && ../../$(BIN)/django-admin makemessages -l en --settings=hotro.settings -i "*/migrations/*" --no-obsolete
	msgfmt --check -o src/hotro/locale/en/LC_MESSAGES/django.mo src/hotro/locale/en/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
