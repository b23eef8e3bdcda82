# TPMAP-style poverty dashboard: set-up, data, run, test.
#
#   make venv     .venv with the pins of requirements.txt (re-installs when it changes)
#   make static   Leaflet 1.9.4 into static/leaflet/ (offline maps; warns if npm fails)
#   make data     build the data store unless $(BUILD_DIR)/tpmap.duckdb exists; seed the Logbook
#   make run      start the dashboard on PORT (default 8501): serve.py, .streamlit/config.toml
#                 (no file watcher, gzip, websocket compression), as the benchmarks measure it
#   make api      start the open data service on API_PORT (default 8502), /api/docs
#   make test     the whole pytest suite
#   make lint     ruff check + ruff format --check + mypy + import layers (.importlinter)
#   make bench    benchmark scripts (benchmarks/) on a fresh pilot build, or TPMAP_BUILD_DIR's
#   make bench-small  the query benchmarks once each on a small build (CI, under a minute)
#   make clean    caches and static/; `make distclean` also removes .venv and data/

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# The stamp lives inside .venv, so it goes when the venv goes.
STAMP := $(VENV)/.requirements.stamp

# Python 3.11 to create the venv with: python3.11, else python3 if it is 3.11.
BOOTSTRAP_PYTHON := $(shell command -v python3.11 2>/dev/null || \
	{ python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null && \
	  command -v python3; })

LEAFLET_VERSION := 1.9.4
LEAFLET_DIR := static/leaflet

# Same default as settings.build_dir(); a relative path is relative to this folder.
BUILD_DIR := $(or $(TPMAP_BUILD_DIR),data/build)
PORT ?= 8501
API_PORT ?= 8502
PYTEST_ARGS ?=

.PHONY: help venv static data run api test lint bench bench-small clean distclean

help:
	@sed -n '3,13p' Makefile | sed 's/^# \{0,1\}//'

venv: $(STAMP)

$(STAMP): requirements.txt
	@if [ ! -x "$(PY)" ]; then \
		if [ -z "$(BOOTSTRAP_PYTHON)" ]; then \
			echo "ERROR: Python 3.11 not found (neither python3.11 nor a python3 that is 3.11)." >&2; \
			exit 1; \
		fi; \
		echo ">> creating $(VENV) with $(BOOTSTRAP_PYTHON)"; \
		"$(BOOTSTRAP_PYTHON)" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

static: $(LEAFLET_DIR)/leaflet.js

# Fetched from the npm registry; on any failure, warn and carry on (the app falls
# back to the CDN). The target file is only made on success, so a later run retries.
$(LEAFLET_DIR)/leaflet.js:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "WARNING: npm not found; Leaflet not fetched, maps will load Leaflet from the CDN." >&2; \
		exit 0; \
	fi; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	echo ">> npm pack leaflet@$(LEAFLET_VERSION) -> $(LEAFLET_DIR)/"; \
	if (cd "$$tmp" && npm pack --silent leaflet@$(LEAFLET_VERSION) >/dev/null) \
		&& tar -xzf "$$tmp/leaflet-$(LEAFLET_VERSION).tgz" -C "$$tmp" \
		&& test -f "$$tmp/package/dist/leaflet.js"; then \
		rm -rf "$(LEAFLET_DIR).tmp" && mkdir -p "$(LEAFLET_DIR).tmp" && \
		cp -r "$$tmp/package/dist/leaflet.js" "$$tmp/package/dist/leaflet.js.map" \
		      "$$tmp/package/dist/leaflet.css" "$$tmp/package/dist/images" "$(LEAFLET_DIR).tmp/" && \
		rm -rf "$(LEAFLET_DIR)" && mv "$(LEAFLET_DIR).tmp" "$(LEAFLET_DIR)"; \
	else \
		echo "WARNING: could not fetch leaflet@$(LEAFLET_VERSION) with npm; maps will load Leaflet from the CDN." >&2; \
	fi

data: venv
	@if [ -f "$(BUILD_DIR)/tpmap.duckdb" ]; then \
		echo ">> $(BUILD_DIR)/tpmap.duckdb exists; not rebuilding (remove it to rebuild)"; \
	else \
		echo ">> building the data store into $(BUILD_DIR)"; \
		TPMAP_BUILD_DIR="$(BUILD_DIR)" $(PY) -m data_loaders build; \
	fi
	@# The Logbook (TPMAP_LOGBOOK_URL, default data/logbook.sqlite): migrated, and on a
	@# synthetic build given the synthetic history when it holds no records yet.
	TPMAP_BUILD_DIR="$(BUILD_DIR)" $(PY) -m logbook seed-synthetic --if-empty

# The settings are .streamlit/config.toml's (read from this folder): the same for the
# tests, the benchmarks and deploy/run_local.sh.
run: venv static data
	TPMAP_BUILD_DIR="$(BUILD_DIR)" $(VENV)/bin/streamlit run serve.py --server.port $(PORT)

api: venv data
	TPMAP_BUILD_DIR="$(BUILD_DIR)" $(PY) -m api --port $(API_PORT)

test: venv static
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

bench: venv
	$(PY) -m benchmarks

# Figures with budgets, printed, never asserted: the test that runs it
# (tests/test_bench_small.py) checks that every figure came out with its budget.
bench-small: venv
	$(PY) -m benchmarks --small

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache static screenshots *.egg-info

distclean: clean
	rm -rf $(VENV) data
