# Everyday commands. `make run` and `make test` work on a fresh machine (Python 3.11+, gcc).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup bench lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m compileall -q criteria evidence rules scoring > /dev/null  # fast start-up even where bytecode is not written
	touch $(STAMP)

setup: $(STAMP)

## score the built-in example (Phường 1, thành phố Tây Ninh, model scheme 2024)
run: $(STAMP)
	$(BIN)/parscore score

## the whole test suite, as CI runs it
test: $(STAMP)
	$(BIN)/python -m pytest

## ruff (and mypy where the package is clean), as CI runs them
lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
