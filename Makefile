# Two commands for a newcomer: `make run` serves the site, `make test` runs every test.
# `make help` lists the rest. Lines starting with `##` below are what it prints.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# `make run` is for local work, so it asks for DEBUG; production never sets it.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

.PHONY: help run test test-fast install install-dev lock migrate lint format check precommit \
	superuser bench bench-admin bench-size clean

help: ## List these commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

# The lock files pin every package, with hashes, to exactly what CI tested; requirements*.txt
# say only what we depend on and why. Edit those, then `make lock`.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	if git rev-parse --git-dir >/dev/null 2>&1; then $(VENV)/bin/pre-commit install >/dev/null; fi
	touch $@

install: $(VENV)/.installed ## Create .venv with the locked production packages

install-dev: $(VENV)/.installed-dev ## Add the locked test and lint tools and the git pre-commit hook

# uv resolves in seconds; it is only needed here, so it lives in a folder of its own, at a fixed
# version so that every machine writes the same lock files.
UV_VERSION := 0.13.9
lock: ## Re-pin requirements*.lock after editing requirements*.txt (UPGRADE=1: newest allowed)
	test -x $(VENV)/uv/bin/uv || ($(PYTHON) -m venv $(VENV)/uv && $(VENV)/uv/bin/pip install --quiet uv==$(UV_VERSION))
	$(VENV)/uv/bin/uv pip compile requirements.txt --generate-hashes --universal \
		--python-version 3.11 --quiet $(if $(UPGRADE),--upgrade) \
		--custom-compile-command "make lock" -o requirements.lock
	$(VENV)/uv/bin/uv pip compile requirements-dev.txt -c requirements.lock --generate-hashes \
		--universal --python-version 3.11 --quiet $(if $(UPGRADE),--upgrade) \
		--custom-compile-command "make lock" -o requirements-dev.lock

# load_pages creates the pages of content/pages/ that are missing and never overwrites staff edits.
migrate: install ## Apply migrations and create the pages that do not exist yet
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_pages

run: migrate ## Serve the site at http://127.0.0.1:8000 (SQLite, DEBUG on)
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

superuser: migrate ## Create a staff account that can do everything
	$(RUN_ENV) $(PY) manage.py createsuperuser
	@echo "Now sign in at http://127.0.0.1:8000/admin/ with that name and password. The first time,"
	@echo "the site asks you to set up a second factor (a passkey, or an authenticator app's QR"
	@echo "code) and shows ten recovery codes once: keep them somewhere safe."

# PYTEST_ARGS passes options through, e.g. make test PYTEST_ARGS='-m "not slow"'.
test: install-dev ## Every test: browser tests in Chromium and gunicorn under load included
	$(PY) -m pytest $(PYTEST_ARGS)

# The loop to run while working: no browser, no gunicorn, on both cores, a few fuzz examples.
test-fast: install-dev ## The tests that need no browser and no server, in parallel (under a minute)
	$(PY) -m pytest -m "not browser and not slow" -n 2 -q --hypothesis-profile=fast $(PYTEST_ARGS)

# Starts the site under gunicorn with production settings on loopback and measures it with wrk
# (apt-get install wrk). Prints req/s, p99 latency and CPU per page, as a ratio to a static file,
# then form posts on SQLite (synchronous FULL and NORMAL) and, when its server is installed, a
# throwaway PostgreSQL, with what one post costs; then each goal, PASS or FAIL.
bench: install ## Pages and form posts under gunicorn, against their goals; then bench-size
	$(PY) bench/bench.py
	$(MAKE) --no-print-directory bench-size

# Sites of the shipped pages, 1,000 and 5,000 pages: a page's HTML size and render time, and the
# gunicorn workers' memory after serving every page once, each against its goal (a few minutes).
bench-size: install ## A page's size, render time and the workers' memory as the site grows
	$(PY) bench/site_size.py

# The staff pages (dashboard, queue and its searches, a request) with 1,000 and with 100,000
# requests, on SQLite and on a throwaway PostgreSQL when its server is installed: times, their
# ratio, query counts, and PASS or FAIL against the goal (at most 1.5 times as slow, the same
# number of queries; the command fails if a page misses it).
bench-admin: install ## Staff pages with 1,000 and 100,000 requests
	$(PY) bench/admin_bench.py

lint: install-dev ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install-dev ## Django's system checks and the missing-migration check
	$(RUN_ENV) $(PY) manage.py check
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

# The hooks of .pre-commit-config.yaml over every file, as CI runs them.
precommit: install-dev ## Every pre-commit hook over every file
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

clean: ## Remove .venv and generated files
	rm -rf $(VENV) staticfiles .pytest_cache
