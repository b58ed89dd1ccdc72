# Two entry points: `make run` opens the dashboard, `make test` runs the suite.
# Only Python 3.11+ and make are needed; everything else goes into .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "giaoban needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/giaoban

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Quick feedback while working: SQLite only, spread over the machine's cores.
test-fast: $(STAMP)
	env -u GIAOBAN_TEST_POSTGRES_URL $(BIN)/python -m pytest -n auto -q $(PYTEST_ARGS)

# Style and bugs (ruff), types (mypy), and which package may import which (import-linter, .importlinter).
lint: $(STAMP)
	$(BIN)/ruff check models tui fixtures bench tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
