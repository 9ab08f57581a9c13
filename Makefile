# PartnerDesk: `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEMO_DB ?= var/demo.sqlite3

.PHONY: run test bench lint screenshots demo clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test,dev,postgres]'
	touch $(STAMP)

install: $(STAMP)

$(DEMO_DB): | $(STAMP)
	mkdir -p $(dir $(DEMO_DB))
	$(VENV)/bin/partnerdesk --db $(DEMO_DB) demo

run: $(STAMP) $(DEMO_DB)
	$(VENV)/bin/partnerdesk --db $(DEMO_DB)

# The storage, service and CLI tests also run on a throw-away PostgreSQL server when one
# can be had (scripts/test-postgres; under CI=true it must be).
test: $(STAMP)
	@pg="$$(scripts/test-postgres start)" || exit 1; eval "$$pg"; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m partnerdesk.ui.screenshots resources/screenshots

clean:
	rm -rf $(VENV) var build *.egg-info
