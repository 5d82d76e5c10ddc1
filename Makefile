# Alongside: the two commands a newcomer needs are `make demo` and `make test`.
# Python 3.11, 3.12 and 3.13 are supported. 3.11 comes first because it is the oldest (mypy checks against it, so
# it is where a too-new construct would show); otherwise the newest installed, then plain python3, which the check
# in install (below) refuses if it is outside 3.11-3.13. Another one: make test PYTHON=python3.12 VENV=.venv-3.12
# (Each is tried by running it: a pyenv shim is on the PATH even where its version is not active.)
PYTHON ?= $(shell for p in python3.11 python3.13 python3.12 python3; do $$p -c pass 2>/dev/null && command -v $$p && break; done)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help demo test pytest messages compiled-messages format bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# $(call install,EXTRAS,WHAT): make the virtual environment if it is missing, then install Alongside with EXTRAS in
# one pip run. The venv's own pip is recent enough, so it is not upgraded first (a second download and install);
# --prefer-binary takes a wheel over building a newer source release; --no-compile leaves byte-compiling to the
# first import, which compiles only the modules Alongside uses instead of every file of SciPy and scikit-learn;
# --quiet twice shows errors only (not the build back-end's notes about editable installs).
define install
	@$(PYTHON) -c 'import sys; sys.exit(f"Alongside needs Python 3.11, 3.12 or 3.13; {sys.executable} is {sys.version.split()[0]}. Choose one with make PYTHON=python3.12") if not (3, 11) <= sys.version_info[:2] <= (3, 13) else None'
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { echo "Making the virtual environment $(VENV) with $$($(PYTHON) --version)…"; $(PYTHON) -m venv --clear $(VENV); }
	@echo "Installing Alongside and $(2) into $(VENV): a minute or two the first time, mostly downloading; seconds after that…"
	@started=$$(date +%s); $(BIN)/python -m pip install --quiet --quiet --prefer-binary --no-compile -e ".$(1)" \
		&& echo "Installed in $$(( $$(date +%s) - started )) s."
endef

$(BIN)/.installed: pyproject.toml
	$(call install,,its Python packages (about 40))
	@touch $@

# One pip run for everything (not the runtime packages first, then the tools): make test on a fresh checkout
# resolves and builds Alongside once.
$(BIN)/.installed-dev: pyproject.toml
	$(call install,[dev],its Python packages with the developer tools (about 90))
	@touch $(BIN)/.installed $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility checks (axe-core): install Node.js"; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $@

# The Spanish pages need their catalogues compiled (*.mo, not committed): msgfmt from GNU gettext does it. Run from
# alongside/ so only Alongside's own locale folders are compiled, never those of the packages in the venv.
compiled-messages: $(BIN)/.installed
	@command -v msgfmt >/dev/null || { echo "msgfmt is needed to build the Spanish pages: install GNU gettext (sudo apt-get install gettext)"; exit 1; }
	@cd alongside && ALONGSIDE_DATA_DIR=$(CURDIR)/var ../$(BIN)/alongside compilemessages --verbosity 0

messages: $(BIN)/.installed ## After changing words: update the Spanish catalogues, then translate what is new (one app: APP=plans)
	@mkdir -p alongside/$(APP)/locale
	cd alongside/$(APP) && ALONGSIDE_DATA_DIR=$(CURDIR)/var $(CURDIR)/$(BIN)/alongside makemessages --locale es --add-location file --no-obsolete --ignore 'formats/*'
	@$(MAKE) --no-print-directory compiled-messages

demo: $(BIN)/.installed compiled-messages ## Start Alongside with demo data on SQLite at http://127.0.0.1:8000 (another port: make demo PORT=8001)
	ALONGSIDE_REQUIRE_STAFF_2FA=$${ALONGSIDE_REQUIRE_STAFF_2FA:-false} ALONGSIDE_TASKS=$${ALONGSIDE_TASKS:-immediate} \
		$(BIN)/alongside demo --port $(PORT)

test: $(BIN)/.installed-dev node_modules/.installed compiled-messages ## Run every check: ruff, mypy and the whole pytest suite
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy alongside tests
	$(BIN)/pytest $(PYTEST_ARGS)

pytest: $(BIN)/.installed-dev node_modules/.installed compiled-messages ## Run only the pytest suite (on another Python: make pytest PYTHON=python3.12 VENV=.venv-3.12)
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(BIN)/.installed-dev ## Reformat the code and apply safe lint fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(BIN)/.installed-dev ## Run the benchmarks under bench/ and print their figures
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## Remove the virtual environments, node modules and local data
	rm -rf $(VENV) .venv .venv-3.* node_modules var
