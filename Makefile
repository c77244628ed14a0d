# Two commands for a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The tests run on PostgreSQL and Redis, whatever the shell has set.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kbt
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0
# clamd for the virus-scanning tests: its config, socket and locally made signatures live here.
TEST_CLAMD_DIR ?= /tmp/kbt-clamd

.PHONY: run test install install-dev browser lint migrate seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: set everything up and start the portal, a Celery worker and beat, with demo data.
run: install
	@mkdir -p var/broker/processed var/private
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --no-sign-ins
	@echo ""
	@echo "The portal is starting at http://127.0.0.1:8000 (officers: http://127.0.0.1:8000/admin/). Ctrl-C stops everything."
	@echo "The demo sign-ins are printed below once it is up."
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

## make test: the whole suite on PostgreSQL, Redis and clamd.
test: install-dev browser tests/e2e/node_modules/.installed
	@CLAMD_DIR=$(TEST_CLAMD_DIR) scripts/ensure-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) CLAMD_DIR=$(TEST_CLAMD_DIR) $(BIN)/pytest -n 2

# Debian's Chromium for the browser tests (never `playwright install`: no internet here).
browser:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  (echo "Installing Chromium for the browser tests" && apt-get install -y chromium >/dev/null) || \
	  (echo "ERROR: Chromium is missing and could not be installed: apt-get install chromium" >&2; exit 1)

# axe-core from npm, injected into pages by the browser tests.
tests/e2e/node_modules/.installed: tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel error
	touch $@

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf var db.sqlite3
