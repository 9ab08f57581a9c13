"""A locked database, a full disk: a clear message, and nothing half-saved."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from partnerdesk.core.models import Organization, OrganizationKind
from partnerdesk.core.platform import db as core_db
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import DatabaseOpenError
from partnerdesk.core.program.info import table_counts


def add_organizations(database: Database, count: int, prefix: str = "Agency") -> None:
    with database.transaction() as session:
        for number in range(count):
            name = f"{prefix} {number} " + "x" * 150  # names are at most 200 characters
            session.add(
                Organization(
                    name=name, name_key=name.lower(), kind=OrganizationKind.OTHER, notes="n" * 2250
                )
            )


def test_a_database_locked_by_another_program_gives_a_clear_message(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_SECONDS", 1)
    path = sqlite_database.location.path
    assert path is not None
    sqlite_database.close()
    reopened = core_db.open_database(sqlite_database.location)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program in the middle of a long write
    try:
        with pytest.raises(DatabaseOpenError, match="busy: another program"):
            add_organizations(reopened, 1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert table_counts(reopened)["organization"] == 0
    add_organizations(reopened, 1)  # and once the other program is done, saving works
    assert table_counts(reopened)["organization"] == 1
    reopened.close()


def test_a_full_disk_gives_a_clear_message_and_saves_nothing(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_organizations(sqlite_database, 3, prefix="Before")
    pages = sqlite_database.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()

    # Simulate the disk filling up: SQLite may not grow the file beyond its current size.
    @sa.event.listens_for(sqlite_database.engine, "connect")
    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages or 0) + 2}")

    sqlite_database.engine.dispose()
    with pytest.raises(DatabaseOpenError, match="full; nothing was saved"):
        add_organizations(sqlite_database, 500, prefix="During")
    assert table_counts(sqlite_database)["organization"] == 3


@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_file_or_folder_is_refused_before_anything_is_written(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch, read_only: str
) -> None:
    import os

    path = sqlite_database.location.path
    assert path is not None
    sqlite_database.close()
    before = path.read_bytes()
    locked = path if read_only == "file" else path.parent
    real_access = os.access
    # Tests run as root, for whom chmod does not stop writing: ask the same question
    # PartnerDesk asks, answered as it would be for an ordinary user.
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if str(p) == str(locked) else real_access(p, mode)
    )
    with pytest.raises(DatabaseOpenError, match="read-only") as refused:
        core_db.open_database(sqlite_database.location)
    assert "nothing was changed" in refused.value.message
    assert path.read_bytes() == before


def add_one_organization(database: Database) -> None:
    with database.transaction() as session:
        session.add(Organization(name="Agency", name_key="agency", kind=OrganizationKind.OTHER))


def test_a_writer_kept_waiting_by_another_gets_a_busy_line_on_each_backend(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writers take turns (Database.transaction): one that waits longer than the busy
    timeout for its turn is told so in one line, and nothing of it is saved."""
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_SECONDS", 1)
    location = database.location
    database.close()
    waiting = core_db.open_database(location)  # connections made with the short timeout
    other = core_db.open_database(location)
    try:
        # Another PartnerDesk in the middle of a long import:
        with other.transaction(), pytest.raises(DatabaseOpenError, match="busy"):
            add_one_organization(waiting)
        assert table_counts(waiting)["organization"] == 0
        add_one_organization(waiting)  # its turn has come
        assert table_counts(waiting)["organization"] == 1
    finally:
        waiting.close()
        other.close()
