# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint install clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/samenrekenen demo --output $(VENV)/demo.yaml
	$(VENV)/bin/samenrekenen calc $(VENV)/demo.yaml

lint: $(STAMP)
	$(VENV)/bin/ruff check samenrekenen tests bench
	$(VENV)/bin/ruff format --check samenrekenen tests bench
	$(VENV)/bin/mypy

test: $(STAMP) lint
	$(PY) -m pytest -n 2 -q

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
