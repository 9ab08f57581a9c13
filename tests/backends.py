"""Running the storage, service and CLI tests on PostgreSQL as well as SQLite.

`make test` starts a throw-away PostgreSQL server (scripts/test-postgres) and exports
PARTNERDESK_TEST_POSTGRES_URL. Each test then gets its own database, cloned from a
migrated template (fast). Without the variable, the PostgreSQL variants are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from partnerdesk.core.platform.db import DatabaseLocation, open_database

POSTGRES_URL = os.environ.get("PARTNERDESK_TEST_POSTGRES_URL")
# One template per test run, so that two runs on the same server do not trip over each other.
TEMPLATE = f"partnerdesk_template_{os.getpid()}"
BACKENDS = ("sqlite", "postgresql")


def _admin_engine() -> sa.Engine:
    assert POSTGRES_URL is not None
    return sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)


def _url_for(name: str) -> str:
    assert POSTGRES_URL is not None
    return sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A database at the current schema that every test database is cloned from."""
    if POSTGRES_URL is None:
        pytest.skip(
            "no PostgreSQL test server (run `make test`, or set PARTNERDESK_TEST_POSTGRES_URL)"
        )
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {TEMPLATE}"))
    open_database(DatabaseLocation.for_url(_url_for(TEMPLATE))).close()
    yield TEMPLATE
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
    engine.dispose()


@pytest.fixture
def postgres_location(postgres_template: str) -> Iterator[DatabaseLocation]:
    """A fresh, migrated, empty PostgreSQL database for one test; dropped afterwards."""
    name = f"pd_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {postgres_template}"))
    try:
        yield DatabaseLocation.for_url(_url_for(name))
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()
