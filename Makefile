# Otake LINE Hub — the two commands of the README:
#   make run    install, migrate, seed the demo and serve on 127.0.0.1:$(PORT)
#   make test   install, then run every CI gate against PostgreSQL
# Both work from a clean clone on a fresh machine (Python 3.11 required).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
PG_URL ?= postgres://postgres@127.0.0.1:5432/otake_hub

.PHONY: run test install install-test lint services check-python help manual-screens bench-quick
.DEFAULT_GOAL := help

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %s); set PYTHON=/path/to/python3.11" % sys.version.split()[0])'

$(VENV)/.installed-%: requirements/%.txt requirements/base.txt requirements/constraints.txt | check-python
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/$*.txt -c requirements/constraints.txt
	touch $@

install: $(VENV)/.installed-dev
install-test: $(VENV)/.installed-test

run: export DJANGO_SETTINGS_MODULE = cms.settings.dev
run: export WAGTAILADMIN_BASE_URL = http://$(HOST):$(PORT)
run: install ## Run the product on the embedded default (SQLite, eager tasks, LINE sandbox)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py demo_admin
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

services: ## Start PostgreSQL and Redis if needed; install Chromium and dovecot for the tests
	@bash scripts/ensure_services.sh
	@bash scripts/ensure_system_packages.sh

test: export DJANGO_SETTINGS_MODULE = cms.settings.test
test: export DATABASE_URL = $(PG_URL)
test: install-test services ## Run the CI gates: format, lint, check, migrations, dependency audit, pytest on PostgreSQL
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	PIP_AUDIT=$(VENV)/bin/pip-audit bash scripts/audit_dependencies.sh
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run --noinput
	$(VENV)/bin/pytest --create-db

manual-screens: export DJANGO_SETTINGS_MODULE = cms.settings.test
manual-screens: export DATABASE_URL = $(PG_URL)
manual-screens: install-test services ## Retake the 操作マニュアル screenshots from the current screens and refresh the committed copy (manual/screens/)
	$(VENV)/bin/pytest --create-db tests/manual/test_manual_screens_browser.py
	$(PY) manage.py publish_manual_screens

bench-quick: install-test services ## Slow-down guard (≤3 min): publish, webhook intake, garbage search vs bench/quick_baseline.json
	$(PY) -m bench.quick
