# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# What the tests need besides the virtualenv: Debian's Chromium and PostgreSQL for the browser
# and database tests, and axe-core from the npm registry in a folder of the project (the
# browser tests inject that file; they never load anything from the internet).
AXE_VERSION := 4.14.1
NPM_DIR := .cache/npm
AXE := $(NPM_DIR)/node_modules/axe-core/axe.min.js

.PHONY: run test test-deps system-deps axe bench lint install clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The web application with the demo case, on loopback (the demo login exists only there), with
# its SQLite database in .data/ of the clone.
run: $(STAMP)
	$(VENV)/bin/samenrekenen serve --demo --host 127.0.0.1 --port 8000 --data-dir .data

lint: $(STAMP)
	$(VENV)/bin/ruff check samenrekenen tests bench
	$(VENV)/bin/ruff format --check samenrekenen tests bench
	$(VENV)/bin/mypy

test: $(STAMP) lint test-deps
	$(PY) -m pytest -n 2 -q

test-deps: system-deps axe

# Installs only what is missing; apt-get update runs only when something must be installed.
# As root apt-get runs directly, otherwise through password-less sudo; without either the
# packages are named and the tests that need them skip (or fail under CI=true).
system-deps:
	@set -e; missing=""; \
	if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then \
	  missing="chromium"; fi; \
	for tool in initdb pg_ctl; do \
	  if ! command -v $$tool >/dev/null 2>&1 \
	     && ! ls /usr/lib/postgresql/*/bin/$$tool >/dev/null 2>&1; then \
	    missing="$$missing postgresql"; break; fi; \
	done; \
	if ! command -v soffice >/dev/null 2>&1; then missing="$$missing libreoffice-calc-nogui"; fi; \
	if ! command -v pdftotext >/dev/null 2>&1; then missing="$$missing poppler-utils"; fi; \
	if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
	  missing="$$missing libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; fi; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "Installeer eerst:$$missing (geen root en geen sudo zonder wachtwoord)" >&2; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "Installeer eerst:$$missing (apt-get ontbreekt)" >&2; exit 0; fi; \
	echo "apt-get install$$missing"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing

axe: $(AXE)

$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
	    --prefix $(NPM_DIR) axe-core@$(AXE_VERSION); \
	else echo "npm ontbreekt: axe-core niet geïnstalleerd" >&2; fi

bench: $(STAMP) system-deps
	$(PY) bench/run.py
	$(PY) bench/fairness.py
	$(PY) bench/risk.py
	$(PY) bench/export.py
	$(PY) bench/web.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .cache
