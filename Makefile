# Sổ Thi đua — two commands do everything on a fresh machine:
#   make run    creates .venv, installs the app, starts the GUI
#   make test   installs what the tests need, runs them
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen BENCH_QUICK=0 $(PY) -m pytest tests/benchmarks -s

clean:
	rm -rf $(VENV) build *.egg-info
