# Two commands for a newcomer: `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# `make run` is for local work, so it asks for DEBUG; production never sets it.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

.PHONY: run test install install-dev migrate lint format check superuser bench bench-admin clean

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# load_pages creates the pages of content/pages/ that are missing and never overwrites staff edits.
migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_pages

run: migrate
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

superuser: migrate
	$(RUN_ENV) $(PY) manage.py createsuperuser
	@echo "Now sign in at http://127.0.0.1:8000/admin/ with that name and password. The first time,"
	@echo "the site asks you to set up a second factor (a passkey, or an authenticator app's QR"
	@echo "code) and shows ten recovery codes once: keep them somewhere safe."

# PYTEST_ARGS passes options through, e.g. make test PYTEST_ARGS='-m "not slow"'.
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Starts the site under gunicorn with production settings on loopback and measures it with wrk
# (apt-get install wrk). Prints req/s and p99 latency per page, as a ratio to a static file, then
# form posts per second with SQLite synchronous=FULL against NORMAL.
bench: install
	$(PY) bench/bench.py

# The staff pages (dashboard, queue, a request) with 1,000 and with 100,000 requests, on SQLite
# and on a throwaway PostgreSQL when its server is installed: times, their ratio, query counts.
bench-admin: install
	$(PY) bench/admin_bench.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install-dev
	$(RUN_ENV) $(PY) manage.py check
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
