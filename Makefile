# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint audit migrate demo clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input

# The demo's address, which it says to sign in at and its emails' links lead to.
DEMO_URL = MEDTRACK_URL="$${MEDTRACK_URL:-http://$(HOST):$(PORT)}"

demo: migrate
	DJANGO_DEBUG=1 $(DEMO_URL) $(BIN)/python manage.py seed_demo

# A development server with demo data at http://$(HOST):$(PORT)/
run: demo
	DJANGO_DEBUG=1 $(DEMO_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Every test; browser tests skip (saying why) where Chromium is absent.
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Speed (issue 14): the app served by gunicorn and read by wrk, its targets printed and
# written to docs/BENCHMARKS.md (BENCH_QUICK=1: a short run that writes nothing); then
# the checks too slow for `make test` (1,000 patients' review).
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks
	$(BIN)/python -m pytest -q benchmarks

# Known vulnerabilities in the installed packages, by pip-audit: exits 1 naming them,
# or 2 saying NOT CHECKED when the vulnerability data cannot be reached for any one
# package; never a pass it did not earn. AUDIT_ARGS go to pip-audit (e.g. `-s osv`).
audit: $(VENV)/.installed-test
	$(BIN)/python scripts/audit_dependencies.py $(AUDIT_ARGS)

# The Spanish catalogue: every string marked for translation, then the compiled file
# served (checked in); needs GNU gettext. Translate what it leaves empty or fuzzy.
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l es --no-obsolete --ignore=.venv --ignore=tests \
		--ignore=benchmarks --ignore=scripts --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l es --ignore=.venv

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles
