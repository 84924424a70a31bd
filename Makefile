# integration-analysis — the front door. `make help` lists the targets.
# Needs Python 3.11+ with pip and venv; everything else is installed into .venv from the package index.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A second environment with the optional API client: pystatis pins pandas 2.x, the main one runs pandas 3.
VENV_API  := .venv-api
STAMP_API := $(VENV_API)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup reports pilots pdf prepare import test test-api lint check clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name integration-analysis --display-name "Python (integration-analysis)"
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the package with its dependencies

prepare: $(STAMP) ## Verify data/raw against its checksums and write the tidy tables to data/processed
	$(BIN)/integration-analysis prepare

reports: prepare ## Build every report from the bundled data into reports/ (open reports/index.html)
	$(BIN)/integration-analysis build --all

pilots: prepare ## Build the four pilots' Steckbriefe and the Kreisübersicht
	$(BIN)/integration-analysis build

pdf: prepare ## Build the pilots' Steckbriefe and the Kreisübersicht with an A4 PDF beside each (needs chromium)
	$(BIN)/integration-analysis build --pdf

bench: prepare ## Run the benchmarks (results in benchmarks/)
	$(BIN)/python benchmarks/indicators.py
	$(BIN)/python benchmarks/build.py

import: $(STAMP) ## Rebuild data/raw from the official files in ../shared/data (or SHARED_DATA=...)
	$(BIN)/integration-analysis import $(if $(SHARED_DATA),--source-dir $(SHARED_DATA),)

$(STAMP_API): pyproject.toml
	test -x $(VENV_API)/bin/python || $(PYTHON) -m venv $(VENV_API)
	$(VENV_API)/bin/python -m pip install --quiet -e '.[api,dev]'
	touch $(STAMP_API)

test: $(STAMP) ## Lint, then run the whole test suite (with the notebooks as smoke tests), then test-api
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest
	$(MAKE) test-api

test-api: $(STAMP_API) ## The update through pystatis (extra 'api', pandas 2.x) in .venv-api, replaying recorded answers
	$(VENV_API)/bin/python -m pytest -m api tests/test_update.py

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

check: $(STAMP) ## Validate raw data and the tidy dataset without writing anything
	$(BIN)/integration-analysis check

clean: ## Remove generated files (processed data, reports); keeps .venv and data/raw
	rm -rf data/processed/*.csv data/processed/*.json reports/*.html reports/*.pdf reports/manifest.json
