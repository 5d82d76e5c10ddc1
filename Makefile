# Alongside: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help demo test lint typecheck pytest format bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Alongside needs Python 3.11; found " + sys.version.split()[0]) if sys.version_info[:2] != (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility checks (axe-core): install Node.js"; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $@

demo: $(BIN)/.installed ## Start Alongside with demo data on SQLite at http://127.0.0.1:8000
	ALONGSIDE_REQUIRE_STAFF_2FA=$${ALONGSIDE_REQUIRE_STAFF_2FA:-false} ALONGSIDE_TASKS=$${ALONGSIDE_TASKS:-immediate} \
		$(BIN)/alongside demo

test: $(BIN)/.installed-dev node_modules/.installed ## Run every check: ruff, mypy and the whole pytest suite
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy alongside tests
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(BIN)/.installed-dev ## Reformat the code and apply safe lint fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(BIN)/.installed-dev ## Run the benchmarks under bench/ and print their figures
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## Remove the virtual environment, node modules and local data
	rm -rf $(VENV) node_modules var
