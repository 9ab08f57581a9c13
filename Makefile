# PartnerDesk: `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEMO_DB ?= var/demo.sqlite3

.PHONY: run test test-dates bench lint screenshots demo clean dist dist-check

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test,dev,postgres]'
	touch $(STAMP)

install: $(STAMP)

# PyInstaller (the `dist` extra), only for those who build the desktop bundle.
DIST_STAMP := $(VENV)/.dist-stamp
$(DIST_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	touch $(DIST_STAMP)

$(DEMO_DB): | $(STAMP)
	mkdir -p $(dir $(DEMO_DB))
	$(VENV)/bin/partnerdesk --db $(DEMO_DB) demo

run: $(STAMP) $(DEMO_DB)
	$(VENV)/bin/partnerdesk --db $(DEMO_DB)

# The storage, service and CLI tests also run on a throw-away PostgreSQL server when one
# can be had (scripts/test-postgres; under CI=true it must be).
# The suite runs on one worker per core (pytest-xdist): 8.7 minutes on a 2-core machine, 19
# on one. `make test TEST_WORKERS=0` runs it in this one process.
TEST_WORKERS ?= auto
test: $(STAMP)
	@scripts/test-tools
	@pg="$$(scripts/test-postgres start)" || exit 1; eval "$$pg"; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(TEST_WORKERS)

# The suite again with the process clock moved to days that break date code: a leap day and
# the first day of a July fiscal year (time-machine; SQLite only, the backends are covered
# by `make test`). Nothing may pass only on the day it was written. The `slow` fuzzers
# (hostile arguments, templates) read no clock and run once, in `make test`; the `dist` bundle
# tests run in `make dist-check`.
CLOCK_DAYS ?= 2028-02-29T09:15:00 2027-07-01T00:30:00
test-dates: $(STAMP)
	@for moment in $(CLOCK_DAYS); do \
	  echo "== system clock moved to $$moment"; \
	  PARTNERDESK_TEST_SYSTEM_CLOCK=$$moment QT_QPA_PLATFORM=offscreen \
	    $(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) -m "not slow and not dist" \
	      || exit 1; \
	done

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts packaging
	$(VENV)/bin/ruff format --check src tests benchmarks scripts packaging
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m partnerdesk.ui.screenshots resources/screenshots
	# The laptop-sized pictures for the user guide that ships inside the package.
	cp resources/screenshots/1366x768/*.png src/partnerdesk/resources/guide/images/

# The desktop bundle for the platform this runs on: dist/PartnerDesk/ (one folder, the
# `partnerdesk` executable inside) and, on Linux, dist/PartnerDesk-<version>-linux-<machine>
# .tar.gz of it with a .desktop entry and the icon. About 2-3 minutes here (see README).
dist: $(DIST_STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pyinstaller --noconfirm --log-level WARN \
	  --distpath dist --workpath build/pyinstaller packaging/partnerdesk.spec
	@if [ "$$(uname -s)" = Linux ]; then $(PY) packaging/linux_tarball.py dist/PartnerDesk; fi

# The bundle's smoke test (pytest marker `dist`): the executable, with a PATH and an
# environment that hide this venv, on a fresh database.
dist-check: dist
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider -m dist

clean:
	rm -rf $(VENV) var build dist *.egg-info
