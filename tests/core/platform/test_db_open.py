"""Opening a database: what PartnerDesk refuses must stay exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from partnerdesk.core.models import MouParty, Organization
from partnerdesk.core.platform.database_files import backup_sqlite, backups_folder
from partnerdesk.core.platform.db import (
    DB_ENV,
    SCHEMA_HEAD,
    URL_ENV,
    Database,
    DatabaseLocation,
    open_database,
    resolve_location,
)
from partnerdesk.core.platform.errors import (
    DatabaseOpenError,
    NewerSchemaError,
    NotAPartnerDeskDatabase,
)
from partnerdesk.core.program.info import table_counts


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _side_files(path: Path) -> list[Path]:
    return [
        p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()
    ]


def _age(path: Path) -> None:
    """Back-date the file so that any write during the test shows in its mtime."""
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


# --------------------------------------------------------------------------- refusals


def test_text_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("budget meeting notes\nnot a database\n")
    _age(path)
    before = _snapshot(path)

    with pytest.raises(NotAPartnerDeskDatabase) as caught:
        open_database(DatabaseLocation.for_path(path))

    assert str(path) in caught.value.message
    assert "not a PartnerDesk database" in caught.value.message
    assert _snapshot(path) == before
    assert _side_files(path) == []


def test_another_programs_sqlite_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO foo (name) VALUES ('keep me')")
    connection.commit()
    connection.close()
    _age(path)
    before = _snapshot(path)

    with pytest.raises(NotAPartnerDeskDatabase) as caught:
        open_database(DatabaseLocation.for_path(path))

    assert "another program" in caught.value.message
    assert "foo" in caught.value.message  # says what it found
    assert _snapshot(path) == before
    assert _side_files(path) == []


def test_database_from_a_newer_partnerdesk_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    database = open_database(DatabaseLocation.for_path(path))
    with database.transaction() as session:
        session.add(Organization(name="Kept Org", name_key="kept org", kind="hospital"))
    database.close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    _age(path)
    before = _snapshot(path)

    with pytest.raises(NewerSchemaError) as caught:
        open_database(DatabaseLocation.for_path(path))

    assert "newer" in caught.value.message
    assert "9999_future" in caught.value.message
    assert _snapshot(path) == before
    assert not backups_folder(path).exists()  # no upgrade was attempted


def test_folder_that_does_not_exist_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "partnerdesk.sqlite3"

    with pytest.raises(DatabaseOpenError) as caught:
        open_database(DatabaseLocation.for_path(path))

    assert "does not exist" in caught.value.message
    assert not path.parent.exists()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(NotAPartnerDeskDatabase):
        open_database(DatabaseLocation.for_path(tmp_path))


def test_open_without_create_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite3"
    with pytest.raises(DatabaseOpenError):
        open_database(DatabaseLocation.for_path(path), create=False)
    assert not path.exists()


# --------------------------------------------------------------------------- new databases


def test_new_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    database = open_database(DatabaseLocation.for_path(path))
    try:
        with database.transaction() as session:
            session.add(Organization(name="Private", name_key="private", kind="hospital"))
        for created in [path, *_side_files(path)]:
            assert stat.S_IMODE(created.stat().st_mode) == 0o600, created
    finally:
        database.close()


def test_an_empty_file_is_refused_not_turned_into_a_new_database(tmp_path: Path) -> None:
    """Issue #14: a 0-byte file (a failed copy, a truncated download) was silently made a
    new, empty database. Only a path where no file exists gets a new one."""
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(NotAPartnerDeskDatabase, match="empty file") as refused:
        open_database(DatabaseLocation.for_path(path))
    assert "nothing was changed" in refused.value.message
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite3"]


def test_demo_and_file_new_may_fill_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    database = open_database(DatabaseLocation.for_path(path), adopt_empty_file=True)
    try:
        assert database.schema_revision() == SCHEMA_HEAD
        assert all(count == 0 for count in table_counts(database).values())
    finally:
        database.close()


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    location = DatabaseLocation.for_path(tmp_path / "pd.sqlite3")
    first = open_database(location)
    with first.transaction() as session:
        session.add(Organization(name="Harbor Clinic", name_key="harbor clinic", kind="hospital"))
    first.close()

    again = open_database(location)
    try:
        assert table_counts(again)["organization"] == 1
        assert not backups_folder(tmp_path / "pd.sqlite3").exists()
    finally:
        again.close()


def test_default_location_creates_its_folder_on_first_use(default_db_path: Path) -> None:
    assert not default_db_path.parent.exists()
    database = open_database(resolve_location(environ={}))
    try:
        assert database.location.path == default_db_path
        assert default_db_path.exists()
    finally:
        database.close()


def test_connections_enforce_foreign_keys_and_use_wal(sqlite_database: Database) -> None:
    with sqlite_database.session() as session:
        assert session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(sa.text("PRAGMA busy_timeout")).scalar() > 0


def test_a_party_on_a_missing_mou_is_rejected(database: Database) -> None:
    with pytest.raises(sa.exc.IntegrityError), database.transaction() as session:
        org = Organization(name="Lonely Org", name_key="lonely org", kind="hospital")
        session.add(org)
        session.flush()
        assert org.id is not None
        session.add(MouParty(mou_id=4242, organization_id=org.id, role="partner"))
    # The failed unit of work rolled back as a whole.
    assert table_counts(database)["organization"] == 0


# --------------------------------------------------------------------------- backups


def test_backup_of_a_live_database_is_complete_and_intact(sqlite_demo_database: Database) -> None:
    source = sqlite_demo_database.location.path
    assert source is not None
    expected = table_counts(sqlite_demo_database)

    # The database is still open: recent writes may sit in the -wal file, not the main one.
    backup = backup_sqlite(source)

    assert backup.parent == backups_folder(source)
    assert backup.name.endswith("-manual.sqlite3")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    connection = sqlite3.connect(backup)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for table, count in expected.items():
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (count,)
    finally:
        connection.close()
    # And PartnerDesk opens the copy as one of its own.
    copy = open_database(DatabaseLocation.for_path(backup))
    try:
        assert table_counts(copy) == expected
    finally:
        copy.close()


def test_backup_to_a_chosen_file(sqlite_demo_database: Database, tmp_path: Path) -> None:
    source = sqlite_demo_database.location.path
    assert source is not None
    destination = tmp_path / "elsewhere" / "copy.sqlite3"
    assert backup_sqlite(source, destination) == destination
    connection = sqlite3.connect(destination)
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM organization")}
    finally:
        connection.close()
    assert "Riverton Police Department" in names


# --------------------------------------------------------------------------- locating


def test_db_option_beats_the_environment(tmp_path: Path) -> None:
    environ = {DB_ENV: str(tmp_path / "env.sqlite3"), URL_ENV: "postgresql://u@h/db"}
    location = resolve_location(str(tmp_path / "cli.sqlite3"), None, environ)
    assert location.path == tmp_path / "cli.sqlite3"


def test_url_option_beats_the_environment(tmp_path: Path) -> None:
    environ = {DB_ENV: str(tmp_path / "env.sqlite3")}
    location = resolve_location(None, "postgresql://u@h/db", environ)
    assert location.path is None
    assert location.url == "postgresql://u@h/db"


def test_db_environment_variable_beats_the_url_variable(tmp_path: Path) -> None:
    environ = {DB_ENV: str(tmp_path / "env.sqlite3"), URL_ENV: "postgresql://u@h/db"}
    assert resolve_location(environ=environ).path == tmp_path / "env.sqlite3"


def test_url_environment_variable_beats_the_default(default_db_path: Path) -> None:
    location = resolve_location(environ={URL_ENV: "postgresql://u@h/db"})
    assert location.url == "postgresql://u@h/db"


def test_without_any_choice_the_per_user_default_is_used(default_db_path: Path) -> None:
    assert resolve_location(environ={}).path == default_db_path
    assert resolve_location(environ={DB_ENV: "", URL_ENV: ""}).path == default_db_path


def test_environment_is_read_from_the_process_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_ENV, str(tmp_path / "from-env.sqlite3"))
    assert resolve_location().path == tmp_path / "from-env.sqlite3"


def test_db_and_url_together_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError) as caught:
        resolve_location(str(tmp_path / "a.sqlite3"), "postgresql://u@h/db", {})
    assert "--db" in caught.value.message and "--url" in caught.value.message


def test_a_sqlite_url_names_a_file(tmp_path: Path) -> None:
    location = resolve_location(url=f"sqlite:///{tmp_path}/via-url.sqlite3", environ={})
    assert location.path == tmp_path / "via-url.sqlite3"


def test_a_malformed_url_is_refused() -> None:
    with pytest.raises(DatabaseOpenError):
        resolve_location(url="definitely not a url", environ={})


def test_describe_never_shows_a_password() -> None:
    location = DatabaseLocation.for_url("postgresql+psycopg://alice:s3cr3t-pw@db.example:5432/pd")
    shown = location.describe()
    assert "s3cr3t-pw" not in shown
    assert "alice" in shown and "db.example" in shown and "pd" in shown


def test_describe_a_file_and_memory(tmp_path: Path) -> None:
    assert DatabaseLocation.for_path(tmp_path / "x.sqlite3").describe() == str(
        tmp_path / "x.sqlite3"
    )
    assert DatabaseLocation.for_url("sqlite://").describe() == "in-memory database"


def test_relative_and_home_paths_are_made_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert DatabaseLocation.for_path("rel.sqlite3").path == tmp_path / "rel.sqlite3"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert DatabaseLocation.for_path("~/home.sqlite3").path == tmp_path / "home.sqlite3"


def test_in_memory_database_is_usable() -> None:
    database = open_database(DatabaseLocation.for_url("sqlite://"))
    try:
        with database.transaction() as session:
            session.add(Organization(name="Mem", name_key="mem", kind="other"))
        assert database.schema_revision() == SCHEMA_HEAD
        assert table_counts(database)["organization"] == 1
    finally:
        database.close()
