# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := RCF_ENVIRONMENT=demo RCF_DATA_DIR=$(CURDIR)/data
PYTEST_ARGS ?= -n 2 -q -p no:cacheprovider

.PHONY: demo install test lint typecheck test-sqlite test-postgres clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(DEMO_ENV) $(BIN)/rcf db upgrade
	$(DEMO_ENV) $(BIN)/rcf demo
	@echo "Portal: http://127.0.0.1:8000  (Ctrl-C to stop)"
	$(DEMO_ENV) $(BIN)/rcf serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

test-sqlite: install
	@echo "== test suite on SQLite =="
	env -u RCF_TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@if [ -n "$$RCF_TEST_DATABASE_URL" ]; then \
	  echo "== test suite on PostgreSQL ($$RCF_TEST_DATABASE_URL) =="; \
	  $(BIN)/pytest $(PYTEST_ARGS); \
	else \
	  echo "*** PostgreSQL run SKIPPED: set RCF_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run the suite on PostgreSQL too. ***"; \
	fi

test: lint typecheck test-sqlite test-postgres

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
