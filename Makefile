# Good Practice Hub. `make help` lists the targets.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
N ?= 1000

.DEFAULT_GOAL := help
.PHONY: help install install-test run serve migrate demo test test-postgres lint messages check-deploy clean bench bench-search browser

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed ## Create .venv, install the project with its test tools, and the front-end assets (npm)

browser: ## Install Debian's Chromium for the end-to-end tests (Playwright drives /usr/bin/chromium; no browser download)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

migrate: install ## Apply database migrations (creates var/ for the SQLite file and media)
	mkdir -p var/media
	DJANGO_DEBUG=true $(MANAGE) migrate --no-input
	DJANGO_DEBUG=true $(MANAGE) createcachetable  # the throttle counters' table when REDIS_URL is unset

demo: migrate ## Load the demo knowledge base if the database has no content, and create the admin account
	DJANGO_DEBUG=true $(MANAGE) load_demo
	DJANGO_DEBUG=true $(MANAGE) ensure_admin

run: demo ## Install, migrate, load the demo, and serve http://127.0.0.1:8000 (admin at /admin/)
	DJANGO_DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v0
	DJANGO_DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

test: install browser ## Run checks, migration and message drift checks, and the whole test suite
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m tests.check_messages
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) compilemessages --ignore=.venv -v0
	DJANGO_DEBUG=false SECRET_KEY=check-deploy-$$RANDOM-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
	  ALLOWED_HOSTS=hub.example.org $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install browser ## Run the test suite against PostgreSQL (DATABASE_URL, default: local postgres/test)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest $(PYTEST_ARGS)

lint: install ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install ## Update the gettext catalogues in locales/ from the source
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) makemessages -l cs -l bg -l hr -l nb --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete

bench: install ## Benchmark N items (default 1000; BENCH_DATABASE_URL for PostgreSQL) into var/bench/ (docs/performance.md)
	$(PY) -m bench.run --items $(N) $(BENCH_ARGS)

bench-search: install ## Search relevance (MRR, recall@10) on SQLite and PostgreSQL, then latency at SEARCH_N items (default 10000)
	$(BIN)/pytest -q -s tests/search/test_relevance.py
	DATABASE_URL=$${BENCH_SEARCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_search} $(BIN)/pytest -q -s tests/search/test_relevance.py
	$(PY) -m bench.search_latency --items $${SEARCH_N:-10000} --reuse $(BENCH_ARGS)
	BENCH_DATABASE_URL=$${BENCH_SEARCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_search} \
	  $(PY) -m bench.search_latency --items $${SEARCH_N:-10000} --reuse $(BENCH_ARGS)

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var node_modules
