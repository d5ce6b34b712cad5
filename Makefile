# Tadrib: `make demo` starts the system with the reference scenario on SQLite;
# `make test` runs the whole suite; `make check` is what to run before a commit.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install demo serve test test-fast check lint types migrations-check i18n i18n-check messages bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(STAMP)

install: $(STAMP) i18n

# Compile the Arabic and Turkish catalogues (.mo files are build output).
i18n: $(STAMP)
	@scripts/system-deps.sh
	@cd tadrib && ../$(BIN)/tadrib compilemessages --verbosity 0

demo: install
	$(BIN)/tadrib migrate --verbosity 0
	$(BIN)/tadrib demo
	$(BIN)/tadrib serve --worker

serve: install
	$(BIN)/tadrib serve --migrate --worker

test: install
	@scripts/system-deps.sh --browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check tadrib bench

types: $(STAMP)
	$(BIN)/mypy tadrib

migrations-check: $(STAMP)
	DATABASE_URL=sqlite:///:memory: $(BIN)/tadrib makemigrations --check --dry-run

# Every message extracted from the code is in the catalogues and translated.
i18n-check: $(STAMP)
	$(BIN)/python scripts/check_translations.py

# Refresh the catalogues after changing user-facing strings.
messages: $(STAMP)
	cd tadrib && ../$(BIN)/tadrib makemessages -l ar -l tr --no-obsolete --no-location --ignore "*/tests/*"
	cd tadrib && ../$(BIN)/tadrib makemessages -d djangojs -l ar -l tr --no-obsolete --no-location --ignore "*/tests/*" || true

check: lint types migrations-check i18n-check test

bench: install
	$(BIN)/python bench/scoping.py
	$(BIN)/python bench/sharing.py
	$(BIN)/python bench/training.py
	$(BIN)/python bench/allocation.py
	$(BIN)/python bench/equipment.py
	$(BIN)/python bench/cadets.py

clean:
	rm -rf $(VENV) node_modules data .pytest_cache .mypy_cache .ruff_cache test-results
