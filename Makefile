# The two commands that matter: `make report` builds the publication, `make test` tests it.
# Both set up everything they need on a fresh Debian machine with Python 3.11 (a .venv, and
# Debian packages for the tests when run as root).

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Easy Read pictures (Tabler Icons) and its PDF's type (DejaVu Sans), pinned in package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
CYCLE ?=
DRAFT ?=
CYCLE_ARG := $(if $(CYCLE),--cycle $(CYCLE))
DRAFT_ARG := $(if $(DRAFT),--draft)
DEBIAN_PACKAGES := poppler-utils chromium fonts-dejavu-core
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Tests run on four pytest-xdist workers (on two cores: many tests wait on Chromium, a build or a kernel rather
# than on the processor), each test file on one worker, so its module fixtures are set up once and a notebook's
# cells run in order; the built book is rendered once per run (tests/conftest.py). nbval runs after the other
# tests. TEST_JOBS=0 runs everything in this process.
TEST_JOBS ?= 4
PARALLEL := -n $(TEST_JOBS) --dist loadfile
NB_PARALLEL := $(PARALLEL)

.PHONY: help report test lint unit nbval lab bench differential preview lock audit validate execute render diff system-deps clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/git-nbdiffdriver --version >/dev/null 2>&1 && $(BIN)/nbdime config-git --enable >/dev/null 2>&1 || true
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

report: $(STAMP) $(NODE_STAMP) ## build the HTML site and the PDF (CYCLE=2021-12 for an earlier cycle, DRAFT=1 for a draft)
	$(BIN)/rssreview build $(CYCLE_ARG) $(DRAFT_ARG)

test: lint $(NODE_STAMP) system-deps ## lint, unit tests, nbval on the committed notebooks, smoke build and accessibility checks
	$(BIN)/pytest $(PARALLEL) tests -p no:cacheprovider
	$(BIN)/pytest $(NB_PARALLEL) notebooks index.ipynb --nbval --nbval-current-env -p no:cacheprovider

lint: $(STAMP) ## ruff (lint and format) and mypy over src/ and tests/, ruff over the notebooks (nbQA); run first by make test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/nbqa ruff notebooks index.ipynb --ignore=E501,E402,B018
	$(BIN)/mypy

unit: $(STAMP) $(NODE_STAMP) ## the unit tests only (fast: no book build, no browser)
	$(BIN)/pytest $(PARALLEL) tests -m "not slow and not browser" -p no:cacheprovider

nbval: $(STAMP) $(NODE_STAMP) ## compare every stored notebook output with a fresh execution
	$(BIN)/pytest $(NB_PARALLEL) notebooks index.ipynb --nbval --nbval-current-env -p no:cacheprovider

validate: $(STAMP) ## check the evidence tables and the privacy guard
	$(BIN)/rssreview validate $(CYCLE_ARG)

execute: $(STAMP) $(NODE_STAMP) ## execute the chapter notebooks (re-using unchanged ones)
	$(BIN)/rssreview execute $(CYCLE_ARG)

render: $(STAMP) $(NODE_STAMP) ## render the executed notebooks without executing them
	$(BIN)/rssreview render $(CYCLE_ARG) $(DRAFT_ARG)

diff: $(STAMP) $(NODE_STAMP) ## what a change does for readers: build BASE (default HEAD) and the working tree, write _diff/
	$(BIN)/rssreview diff $(or $(BASE),HEAD)

preview: $(STAMP) ## serve the site on http://127.0.0.1:4848/ and rebuild it after each edit (PORT=… to change)
	$(BIN)/rssreview preview $(CYCLE_ARG) $(DRAFT_ARG) --port $(or $(PORT),4848)

lab: $(STAMP) ## open JupyterLab on the project's own kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## run the benchmarks and print every figure (exit 1 if a target is missed)
	@status=0; \
	$(BIN)/python tests/bench/bench_national_read.py || status=1; \
	$(BIN)/python tests/bench/bench_build.py || status=1; \
	exit $$status

# The differential test (tests/differential/): after each edit of a seeded random sequence, warm, cold and
# --no-cache builds must publish the same bytes and answer the same. make test runs a short fixed sequence.
STEPS ?= 200
SEED ?= 21
differential: $(STAMP) $(NODE_STAMP) ## warm = cold = --no-cache over a long random sequence of edits (STEPS=200, SEED=21)
	RSSREVIEW_DIFF_STEPS=$(STEPS) RSSREVIEW_DIFF_SEED=$(SEED) $(BIN)/pytest tests/differential -p no:cacheprovider -q -s

LOCK_COMMAND := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null pip-compile --extra=dev --generate-hashes --strip-extras --allow-unsafe --output-file=requirements.lock pyproject.toml
lock: ## regenerate requirements.lock from pyproject.toml (pip-tools in a throwaway venv)
	@test -x .cache/lockvenv/bin/pip-compile || ($(PYTHON) -m venv .cache/lockvenv && .cache/lockvenv/bin/pip install --quiet pip-tools==7.6.2)
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="$(LOCK_COMMAND)  # pip-tools==7.6.2 in a throwaway venv, run from the project root" \
	  PATH=$(CURDIR)/.cache/lockvenv/bin:$$PATH pip-compile --extra=dev --generate-hashes --strip-extras --allow-unsafe --output-file=requirements.lock pyproject.toml

audit: $(STAMP) ## compare the installed packages with requirements.lock
	$(BIN)/python -m rssreview.audit requirements.lock

system-deps: ## install the Debian packages the tests need (only when missing; needs root)
	@missing=""; command -v pdftotext >/dev/null || missing="yes"; command -v chromium >/dev/null || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null; \
	  else echo "please install: sudo apt-get install $(DEBIAN_PACKAGES)"; exit 1; fi; fi

clean: ## remove build outputs and caches (never data or notebooks), and stop the warm server kept for builds
	-@test -x $(BIN)/rssreview && $(BIN)/rssreview stop
	rm -rf _book _book-* _build _diff .cache test-artifacts
