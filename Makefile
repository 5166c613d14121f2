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
	$(BIN)/python -m compileall -q criteria evidence rules scoring web > /dev/null  # fast start-up even where bytecode is not written
	touch $(STAMP)

setup: $(STAMP)

## the demo web workspace (Phường 1, thành phố Tây Ninh, model scheme 2024) on 127.0.0.1:8000
run: $(STAMP)
	$(BIN)/parscore web --demo

## the whole test suite, as CI runs it; then the web tests again on PostgreSQL when
## PARSCORE_TEST_DATABASE_URL names a server (.ci/run starts one)
test: $(STAMP)
	$(BIN)/python -m pytest
	@if [ -n "$$PARSCORE_TEST_DATABASE_URL" ]; then \
		echo "web tests on PostgreSQL ($$PARSCORE_TEST_DATABASE_URL)"; \
		PARSCORE_WEB_TEST_DB=postgres $(BIN)/python -m pytest tests/web; \
	fi

## ruff (and mypy where the package is clean), as CI runs them
lint: $(STAMP)
	$(BIN)/ruff check .

## the batch benchmark, then parscore against GoRules ZEN on the same units (installs the bench extra)
bench: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/peer.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
