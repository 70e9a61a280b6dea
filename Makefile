# make run   – set everything up (venv, packages, database, demo, admin login) and serve the site
# make test  – set everything up and run the whole test suite
# make bench – measure import throughput and page query counts
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
	$(PY) -m pip install --quiet -e '.[dev,postgres]'
	@touch $@

.PHONY: install
install: $(VENV)/.installed

.PHONY: run
run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py ensure_admin
	@echo "サイト: http://$(HOST):$(PORT)/"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: test
test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: bench
bench: install
	$(PY) bench/run.py

.PHONY: clean
clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
