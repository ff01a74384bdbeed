# ipsgate: `make demo` serves a synthetic service; `make test` runs every check on SQLite and PostgreSQL.
# Both bootstrap .venv (and GOV.UK Frontend's compiled assets from npm) on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ASSETS := node_modules/.installed
PYTEST_ARGS ?=
BENCH_ARGS ?=
SOAK_ARGS ?=

.PHONY: help demo test lint typecheck djangocheck test-sqlite test-postgres bench soak clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --progress-bar off -e '.[dev]'
	@touch $@

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: $(INSTALLED) $(ASSETS) ## set up the demo service and serve it on http://127.0.0.1:8000
	$(BIN)/ipsgate demo

test: lint typecheck djangocheck test-sqlite test-postgres ## lint, type check, Django checks, tests on SQLite then PostgreSQL

lint: $(INSTALLED) ## ruff lint and format check; the import layers contract (docs/architecture.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(INSTALLED) ## mypy with django-stubs
	$(BIN)/mypy ipsgate tests bench

djangocheck: $(INSTALLED) $(ASSETS) ## Django system checks, migrations up to date, deploy checks on production settings
	DJANGO_SETTINGS_MODULE=ipsgate.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=ipsgate.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=ipsgate.settings.production IPSGATE_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
		IPSGATE_FIELD_ENCRYPTION_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
		IPSGATE_ALLOWED_HOSTS=ipsgate.example.org DATABASE_URL=sqlite:///$(CURDIR)/var/ipsgate.sqlite3 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

test-sqlite: $(INSTALLED) $(ASSETS) ## pytest on SQLite (browser tests included)
	scripts/ensure-chromium.sh
	$(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres: $(INSTALLED) $(ASSETS) ## pytest on a throwaway PostgreSQL cluster (browser tests included)
	scripts/ensure-chromium.sh
	scripts/with-postgres.sh $(BIN)/pytest -q $(PYTEST_ARGS)

bench: $(INSTALLED) $(ASSETS) ## benchmarks at 1k and 100k participants on SQLite and PostgreSQL (never part of make test)
	$(BIN)/python -m bench $(BENCH_ARGS)

soak: $(INSTALLED) $(ASSETS) ## load (50 clients, 60 s) and kill -9 durability under gunicorn, SQLite then PostgreSQL
	@# A .venv made before gunicorn was a dependency, whose stamp is somehow newer than pyproject.toml, still gets it.
	@$(BIN)/python -c 'import gunicorn' 2>/dev/null || $(BIN)/python -m pip install --quiet --progress-bar off -e '.[dev]'
	@status=0; \
	$(BIN)/python scripts/soak.py $(SOAK_ARGS) || status=1; \
	scripts/with-postgres.sh $(BIN)/python scripts/soak.py $(SOAK_ARGS) || status=1; \
	exit $$status

clean: ## remove the virtualenv, node_modules and local data
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
