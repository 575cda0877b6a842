# Good Practice Hub. `make help` lists the targets.
# The newest Python from 3.13 down to 3.11 on PATH or under pyenv; `make run PYTHON=/path/to/python3.12` overrides it.
PYTHON_CANDIDATES := python3.13 $(HOME)/.pyenv/versions/3.13*/bin/python3 python3.12 \
	$(HOME)/.pyenv/versions/3.12*/bin/python3 python3.11 $(HOME)/.pyenv/versions/3.11*/bin/python3 python3
PYTHON_OK := import sys; sys.exit(sys.version_info < (3, 11))
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do $$p -c '$(PYTHON_OK)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
N ?= 1000
# pytest-xdist workers for make test and make test-postgres: one per core; PYTEST_WORKERS=0 runs in one process.
# Tests are grouped by module, transactional ones apart (tests/conftest.py).
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

.DEFAULT_GOAL := help
.PHONY: help install install-runtime run serve migrate demo test test-postgres contract lint messages check-deploy clean bench bench-search eval-search browser services search-engine search-engine-stop drill

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

# A failed step removes the half-made .venv, so the next make starts afresh instead of reusing a broken one.
$(PY):
	@"$(PYTHON)" -c '$(PYTHON_OK)' >/dev/null 2>&1 || { \
	  echo "Python 3.11 or newer (3.11, 3.12 or 3.13) is needed to create $(VENV);" \
	    "$(if $(PYTHON),$(PYTHON) is not one,none was found as python3.13, python3.12, python3.11 or python3)." \
	    "Install one, or name it: make run PYTHON=/path/to/python3.12" >&2; \
	  exit 1; }
	@echo "Creating $(VENV) with $(PYTHON) ($$("$(PYTHON)" -c 'import sys; print(sys.version.split()[0])'))"
	"$(PYTHON)" -m venv $(VENV) && $(BIN)/pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }

# Two stamps: serving needs the runtime dependencies only, the tests their extras too; neither undoes the other.
$(VENV)/.installed-runtime: pyproject.toml | $(PY)
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(BIN)/pip install --quiet -e . || { rm -rf $(VENV); exit 1; }
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-runtime
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed-test node_modules/.installed ## Create .venv, install the project with its test tools, and the front-end assets (npm)

install-runtime: $(VENV)/.installed-runtime node_modules/.installed ## Create .venv with what serving needs only, and the front-end assets (npm)

browser: ## Install Debian's Chromium for the end-to-end tests (Playwright drives /usr/bin/chromium; no browser download)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

services: ## Install (Debian's packages, as root) and start PostgreSQL and Redis on 127.0.0.1 for tests and benchmarks
	bash .ci/services

search-engine: install ## Start a real OpenSearch on 127.0.0.1:9200 (Maven Central; NODES=3 for a cluster with replicas); logs in var/opensearch/
	command -v mvn >/dev/null || (apt-get update -qq && apt-get install -y -qq maven)
	$(PY) -m bench.search_cluster start --nodes $(or $(NODES),1)

search-engine-stop: install ## Stop the OpenSearch started by make search-engine
	$(PY) -m bench.search_cluster stop

drill: install ## Failure drills on a three-node OpenSearch at 127.0.0.1:9210 (node loss, engine down, reindex, mapping change)
	$(PY) -m bench.drills $(DRILL_ARGS)

migrate: install-runtime ## Apply database migrations (creates var/ for the SQLite file and media)
	mkdir -p var/media
	DJANGO_DEBUG=true $(MANAGE) migrate --no-input
	DJANGO_DEBUG=true $(MANAGE) createcachetable  # the throttle counters' table when REDIS_URL is unset

demo: migrate ## Load the demo knowledge base if the database has no content, and create the admin and one account per role
	DJANGO_DEBUG=true $(MANAGE) load_demo
	DJANGO_DEBUG=true $(MANAGE) ensure_admin
	DJANGO_DEBUG=true $(MANAGE) ensure_demo_accounts

run: demo ## Install, migrate, load the demo, and serve http://127.0.0.1:8000 (admin at /admin/)
	DJANGO_DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v0
	DJANGO_DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

# The production stack on HOST:PORT with debug off, as docs/deploy.md runs it: static files collected and compressed,
# then the Procfile (gunicorn, the task worker, the scheduler) under honcho. SECRET_KEY comes from the environment or
# .env (which cms/settings.py reads; honcho's own reading is off, so that the environment wins over it as everywhere
# else); plain HTTP here is not redirected unless the environment sets SECURE_SSL_REDIRECT.
serve: migrate ## Serve the production stack with debug off (gunicorn, task worker, scheduler; SECRET_KEY needed)
	DJANGO_DEBUG=false $(MANAGE) compilemessages --ignore=.venv -v0
	DJANGO_DEBUG=false $(MANAGE) collectstatic --no-input -v0
	DJANGO_DEBUG=false $(MANAGE) check --database default --fail-level WARNING
	PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_DEBUG=false TASKS_DATABASE_QUEUE=$${TASKS_DATABASE_QUEUE:-true} \
	  SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho start -f Procfile --env /dev/null

test: install browser search-engine ## Run checks, migration and message drift checks, the dependency contracts, and the whole test suite
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m tests.check_messages
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) compilemessages --ignore=.venv -v0
	DJANGO_DEBUG=false SECRET_KEY=check-deploy-$$RANDOM-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
	  ALLOWED_HOSTS=hub.example.org $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/lint-imports
	$(PYTEST) $(PYTEST_ARGS)

test-postgres: install browser services search-engine ## Run the test suite against PostgreSQL (DATABASE_URL, default: local postgres/test)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PYTEST) $(PYTEST_ARGS)

contract: install ## schemathesis against the feed's served schema, 200 examples per operation (make test runs 25)
	CONTRACT_EXAMPLES=200 $(BIN)/pytest -q tests/practices/feed_contract/test_schemathesis.py $(PYTEST_ARGS)

lint: install ## Lint, check formatting and the dependency contracts (import-linter, pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

messages: install ## Update the gettext catalogues in locales/ from the source
	DJANGO_SETTINGS_MODULE=cms.settings_test $(MANAGE) makemessages -l cs -l bg -l hr -l nb --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete

bench: install services ## Benchmark N items (default 1000; BENCH_DATABASE_URL for PostgreSQL) into var/bench/ (docs/performance.md)
	$(PY) -m bench.run --items $(N) $(BENCH_ARGS)

bench-search: install services ## Search relevance (MRR, recall@10) on SQLite and PostgreSQL, then latency at SEARCH_N items (default 10000)
	$(BIN)/pytest -q -s tests/search/test_relevance.py
	DATABASE_URL=$${BENCH_SEARCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_search} $(BIN)/pytest -q -s tests/search/test_relevance.py
	$(PY) -m bench.search_latency --items $${SEARCH_N:-10000} --reuse $(BENCH_ARGS)
	BENCH_DATABASE_URL=$${BENCH_SEARCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_search} \
	  $(PY) -m bench.search_latency --items $${SEARCH_N:-10000} --reuse $(BENCH_ARGS)

# EVAL_ARGS: --backend sqlite|postgres|opensearch|all (default all; OpenSearch when one answers) --split dev|test|all.
eval-search: install services search-engine ## Search relevance on the evaluation set (bench/eval/, docs/search.md) per backend, beside a BM25 baseline; var/eval/
	$(PY) -m bench.eval_search $(EVAL_ARGS)

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var node_modules
