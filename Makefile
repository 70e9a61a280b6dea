# make run   – set everything up (venv, packages, database, demo, admin login) and serve the site
# make test  – set everything up and run the whole test suite
# make serve – the production-like stack on the demo: DEBUG off, collectstatic, gunicorn
# make bench – import throughput, every page at 100/1,000/10,000 articles, gunicorn under wrk
# make audit – Lighthouse, axe and the Nu HTML checker on the public pages
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 found: versioned names first (pyenv honours the
# committed .python-version), then plain python3, then pyenv's own installs.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	"$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v "$$c"; break; }; \
	done)

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 以上が見つかりません。インストールしてから再実行してください。" >&2; exit 1; }
	@test -x $(PY) || { echo "仮想環境を作成します: $(PYTHON)"; "$(PYTHON)" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,postgres,redis,s3]'
	@touch $@

.PHONY: install
install: $(VENV)/.installed

.PHONY: run
run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py ensure_admin --url "http://$(HOST):$(PORT)/admin/"
	@echo "サイト: http://$(HOST):$(PORT)/"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The production settings, unchanged, behind careers/local_proxy.py (the headers a TLS
# proxy adds). The key is generated once and kept in .local/ (git ignores it).
SERVE_ENV = SECRET_KEY="$$(cat .local/secret-key)" ALLOWED_HOSTS="$(HOST),localhost" \
	SERVE_MEDIA=1 FORWARDED_ALLOW_IPS="*" EMAIL_URL="$${EMAIL_URL:-consolemail://}"

.PHONY: serve
serve: install
	@test -s .local/secret-key || { mkdir -p .local && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > .local/secret-key && chmod 600 .local/secret-key; }
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	$(SERVE_ENV) $(PY) manage.py load_demo
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	@echo "サイト（本番と同じ構成）: http://$(HOST):$(PORT)/  止めるには Ctrl+C"
	$(SERVE_ENV) BIND="$(HOST):$(PORT)" $(VENV)/bin/gunicorn careers.local_proxy:application -c gunicorn.conf.py

.PHONY: system-deps
system-deps:
	@scripts/system-deps

# Lint, the whole suite on SQLite (browser tests included), then again on a
# throwaway PostgreSQL server, the production database (test_database_outage stops and
# starts that server); the cache tests on a real Redis (those marked redis start and stop a
# redis-server of their own, so they run there once).
.PHONY: test
test: install system-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -m "not redis" $(PYTEST_ARGS)
	scripts/with-postgres $(PY) -m pytest -m "not browser and not redis" $(PYTEST_ARGS)
	scripts/with-redis scripts/with-postgres $(PY) -m pytest tests/test_page_cache.py tests/test_scale.py tests/test_cache_outage.py \
		tests/test_database_outage.py $(PYTEST_ARGS)

# SQLite in-process, then PostgreSQL (throwaway server): in-process, wrk and the soak.
.PHONY: bench
bench: install
	@scripts/system-deps wrk postgresql
	$(PY) bench/run.py sqlite
	scripts/with-postgres $(PY) bench/run.py postgresql

audit/node_modules/.installed: audit/package.json audit/package-lock.json
	@command -v npm >/dev/null || { echo "make audit には Node.js と npm が必要です。" >&2; exit 1; }
	# npm ci refuses this tree: a Lighthouse dependency asks for third-party-web@"latest".
	cd audit && npm install --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: audit
audit: install system-deps audit/node_modules/.installed
	@command -v java >/dev/null || scripts/system-deps default-jre-headless
	$(PY) audit/run.py

.PHONY: clean
clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
