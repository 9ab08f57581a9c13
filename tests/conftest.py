"""Fixtures shared by every test: isolated databases, and no leaks from the outside world.

Tests must never read the developer's own database (named by PARTNERDESK_DB /
PARTNERDESK_DATABASE_URL, or the per-user default file), nor write next to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from partnerdesk.core.platform import clock
from partnerdesk.core.platform import db as core_db
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from tests.backends import BACKENDS, postgres_location, postgres_template  # noqa: F401

# At import time, before any test creates a QApplication: GUI tests run without a display,
# so a plain `pytest` works on a headless machine as well as on a desktop.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# `make test-dates` runs the suite with the process clock moved to this moment (ISO 8601),
# to prove that nothing depends on the day the tests were written.
SYSTEM_CLOCK_ENV = "PARTNERDESK_TEST_SYSTEM_CLOCK"


def pytest_configure(config: pytest.Config) -> None:
    moment = os.environ.get(SYSTEM_CLOCK_ENV)
    if moment:
        import time_machine

        traveller = time_machine.travel(datetime.fromisoformat(moment), tick=True)
        traveller.start()
        config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = os.environ.get(SYSTEM_CLOCK_ENV)
    return f"system clock moved to {moment} ({SYSTEM_CLOCK_ENV})" if moment else None


_TRAVELLER = pytest.StashKey[Any]()

# The day every test lives on, unless it pins another: no test depends on the real date.
DEMO_TODAY = date(2026, 11, 27)
# People in the demo's directory: 14 stakeholders and 28 more who respond to calls (the
# training demo's responders are people of the directory too).
DEMO_CONTACTS = 42


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[date]:
    """Pin "today" for this process and its children (PARTNERDESK_TODAY); a day pinned by
    a command's --today does not outlive the test."""
    monkeypatch.setenv(clock.TODAY_ENV, DEMO_TODAY.isoformat())
    clock.pin_today(None)
    yield DEMO_TODAY
    clock.pin_today(None)


@pytest.fixture(autouse=True)
def _isolate_from_user_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """No outside database choice leaks in, and the per-user default file is a temp path."""
    monkeypatch.delenv(core_db.DB_ENV, raising=False)
    monkeypatch.delenv(core_db.URL_ENV, raising=False)
    monkeypatch.delenv("PARTNERDESK_DEBUG", raising=False)
    user_data = tmp_path_factory.mktemp("user-data")
    default_path = user_data / "PartnerDesk" / core_db.DEFAULT_FILENAME
    monkeypatch.setattr(core_db, "default_database_path", lambda: default_path)
    # Also for subprocesses (the console-script test), which platformdirs serves from here.
    monkeypatch.setenv("XDG_DATA_HOME", str(user_data))
    # The log folder and crash reports (platformdirs' user log folder, under XDG_STATE_HOME).
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("user-state")))
    return default_path


@pytest.fixture
def default_db_path(_isolate_from_user_environment: Path) -> Path:
    """Where the (isolated) per-user default database would be created."""
    return _isolate_from_user_environment


@pytest.fixture(params=BACKENDS)
def database_location(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseLocation:
    """Where a test's database lives: a SQLite file, then (with a test server) PostgreSQL."""
    if request.param == "postgresql":
        location: DatabaseLocation = request.getfixturevalue("postgres_location")
        return location
    return DatabaseLocation.for_path(tmp_path / "partnerdesk.sqlite3")


def _opened(location: DatabaseLocation) -> Iterator[Database]:
    opened = open_database(location)
    try:
        yield opened
    finally:
        opened.close()


def _with_demo(database: Database) -> Database:
    from partnerdesk.core.program.demo import load_demo

    with database.transaction() as session:
        load_demo(session, DEMO_TODAY)
    return database


@pytest.fixture
def database(database_location: DatabaseLocation) -> Iterator[Database]:
    """A fresh, empty PartnerDesk database, on each backend in turn."""
    yield from _opened(database_location)


@pytest.fixture
def demo_database(database: Database) -> Database:
    """The fresh database filled with the demo partnership as of ``DEMO_TODAY``."""
    return _with_demo(database)


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    """For what only a local file has: WAL, pragmas, file backups, byte-level checks."""
    yield from _opened(DatabaseLocation.for_path(tmp_path / "partnerdesk.sqlite3"))


@pytest.fixture
def sqlite_demo_database(sqlite_database: Database) -> Database:
    return _with_demo(sqlite_database)
