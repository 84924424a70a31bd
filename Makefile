# integration-analysis — the front door. `make help` lists the targets.
# Needs Python 3.11+ with pip and venv; everything else is installed into .venv from the package index.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A second environment with the optional API client: pystatis pins pandas 2.x, the main one runs pandas 3.
VENV_API  := .venv-api
STAMP_API := $(VENV_API)/.installed
LAB_STAMP := $(VENV)/.lab-installed
# nbconvert's defaults for this environment (the offline HTML template), read by every `jupyter nbconvert` of .venv
NBCONVERT_CONFIG := $(VENV)/etc/jupyter/jupyter_nbconvert_config.py
KERNEL := --name integration-analysis --display-name "Python (integration-analysis)"
# Where `make kernel` registers the kernel: --user (~/.local/share/jupyter, found by every JupyterLab of this user)
# or e.g. KERNEL_DEST=--prefix=/opt/conda for the JupyterLab of another environment
KERNEL_DEST ?= --user
# `make lab` serves JupyterLab on this address and port (another port: make lab LAB_PORT=8890), with LAB_ARGS added
# to the command line (e.g. LAB_ARGS=--no-browser)
LAB_IP   ?= 127.0.0.1
LAB_PORT ?= 8888
LAB_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup kernel lab reports pilots pdf prepare import test test-api lint check clean bench bytecode

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix $(KERNEL)
	touch $(STAMP)

$(NBCONVERT_CONFIG): config/jupyter_nbconvert_config.py
	mkdir -p $(@D)
	cp $< $@

setup: $(STAMP) $(NBCONVERT_CONFIG) ## Create .venv and install the package with its dependencies

$(LAB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,lab]'
	touch $(LAB_STAMP)

kernel: $(STAMP) ## Register the kernel "Python (integration-analysis)" for your own JupyterLab (KERNEL_DEST=--user)
	$(BIN)/python -m ipykernel install $(KERNEL_DEST) $(KERNEL)

lab: $(LAB_STAMP) $(NBCONVERT_CONFIG) kernel ## Install JupyterLab into .venv and start it here on http://127.0.0.1:8888
	$(BIN)/jupyter lab --ServerApp.ip=$(LAB_IP) --ServerApp.port=$(LAB_PORT) --ServerApp.root_dir=$(CURDIR) $(LAB_ARGS)

prepare: $(STAMP) ## Verify data/raw against its checksums and write the tidy tables to data/processed
	$(BIN)/integration-analysis prepare

bytecode: $(STAMP) ## Compile the package's modules ahead (each build worker and kernel then loads them compiled)
	$(BIN)/python -m compileall -q src

reports: prepare bytecode ## Build every report from the bundled data into reports/ (open reports/index.html)
	$(BIN)/integration-analysis build --all

pilots: prepare bytecode ## Build the four pilots' Steckbriefe and the Kreisübersicht
	$(BIN)/integration-analysis build

pdf: prepare bytecode ## Build the pilots' Steckbriefe and the Kreisübersicht with an A4 PDF beside each (needs chromium)
	$(BIN)/integration-analysis build --pdf

bench: prepare bytecode ## Run the benchmarks (results in benchmarks/; the build benchmark with the whole Land and Dask, about 15 minutes on 2 cores)
	$(BIN)/python benchmarks/indicators.py
	$(BIN)/python benchmarks/report_profile.py
	$(BIN)/python benchmarks/build.py --land --dask

import: $(STAMP) ## Rebuild data/raw from the official files in ../shared/data (or SHARED_DATA=...)
	$(BIN)/integration-analysis import $(if $(SHARED_DATA),--source-dir $(SHARED_DATA),)

$(STAMP_API): pyproject.toml
	test -x $(VENV_API)/bin/python || $(PYTHON) -m venv $(VENV_API)
	$(VENV_API)/bin/python -m pip install --quiet -e '.[api,dev]'
	touch $(STAMP_API)

test: $(STAMP) $(NBCONVERT_CONFIG) ## Lint, then run the whole test suite (with the notebooks as smoke tests), then test-api
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
	rm -rf data/processed/*.csv data/processed/*.json data/processed/regions reports/*.html reports/*.pdf reports/manifest.json
