"""Backups, rotation, restore and the health check."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from partnerdesk.core.models import LedgerEntry, LedgerEntryType, Mou, Review
from partnerdesk.core.platform import backups
from partnerdesk.core.platform.database_files import backup_sqlite, list_backups
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.program.health import check_database
from partnerdesk.core.program.info import table_counts
from tests.conftest import DEMO_CONTACTS


def test_backup_is_a_complete_private_copy(sqlite_demo_database: Database) -> None:
    written = backups.backup_now(sqlite_demo_database)
    assert written.parent.name == "backups"
    assert written.stat().st_mode & 0o777 == 0o600
    copy = open_database(DatabaseLocation.for_path(written), create=False)
    try:
        assert table_counts(copy) == table_counts(sqlite_demo_database)
    finally:
        copy.close()
    connection = sqlite3.connect(written)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_backup_to_an_existing_file_is_refused_unless_overwrite(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    target = tmp_path / "mine.sqlite3"
    target.write_text("keep me")
    with pytest.raises(PartnerDeskError, match="already exists"):
        backups.backup_now(sqlite_demo_database, target)
    assert target.read_text() == "keep me"
    backups.backup_now(sqlite_demo_database, target, overwrite=True)
    assert target.read_bytes().startswith(b"SQLite format 3")


def test_daily_backup_once_per_day_and_rotation_keeps_the_newest(
    sqlite_demo_database: Database,
) -> None:
    path = sqlite_demo_database.location.path
    assert path is not None
    morning = datetime(2026, 11, 27, 8, 30)
    first = backups.daily_backup_if_due(sqlite_demo_database, morning)
    assert first is not None
    assert backups.daily_backup_if_due(sqlite_demo_database, morning.replace(hour=23)) is None
    next_day = backups.daily_backup_if_due(sqlite_demo_database, datetime(2026, 11, 28, 0, 5))
    assert next_day is not None and next_day != first
    manual = backups.backup_now(sqlite_demo_database)
    for _ in range(4):  # six daily backups in all
        backup_sqlite(path, reason="daily")
    removed = backups.rotate(path, keep=3)
    remaining = list_backups(path)
    automatic = [b for b in remaining if b.reason != "manual"]
    assert len(automatic) == 3 and len(removed) == 3
    assert manual in [b.path for b in remaining]  # the user's own backups are never rotated


def test_restore_brings_back_the_records_and_keeps_the_current_ones(
    sqlite_demo_database: Database,
) -> None:
    location = sqlite_demo_database.location
    saved = backups.backup_now(sqlite_demo_database)
    before = table_counts(sqlite_demo_database)
    with sqlite_demo_database.transaction() as session:
        session.execute(sa.delete(LedgerEntry))
    assert table_counts(sqlite_demo_database)["ledger_entry"] == 0
    safety = backups.restore(location, saved, current=sqlite_demo_database)
    reopened = open_database(location, create=False)
    try:
        assert table_counts(reopened) == before
    finally:
        reopened.close()
    emptied = open_database(DatabaseLocation.for_path(safety), create=False)
    try:
        assert table_counts(emptied)["ledger_entry"] == 0  # what was there before the restore
    finally:
        emptied.close()


def test_restore_refuses_a_foreign_file_and_changes_nothing(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    foreign = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.commit()
    connection.close()
    path = sqlite_demo_database.location.path
    assert path is not None
    before = table_counts(sqlite_demo_database)
    with pytest.raises(PartnerDeskError, match="another program"):
        backups.restore(sqlite_demo_database.location, foreign)
    assert table_counts(sqlite_demo_database) == before
    assert list_backups(path) == []


def test_check_is_clean_on_the_demo(demo_database: Database) -> None:
    assert check_database(demo_database) == []


def test_check_reports_an_mou_in_force_without_review_date_and_negative_receipts(
    demo_database: Database,
) -> None:
    with demo_database.transaction() as session:
        mou = session.scalars(sa.select(Mou).where(Mou.reference_code == "RIV-MC-01")).one()
        session.execute(sa.delete(Review).where(Review.mou_id == mou.id))
        received = sa.select(LedgerEntry).where(LedgerEntry.entry_type == LedgerEntryType.RECEIVED)
        entry = session.scalars(received).first()
        assert entry is not None
        entry.amount_cents = -500
        session.add(entry)
    findings = {f.check: f.problem for f in check_database(demo_database)}
    assert "RIV-MC-01" in findings["reviews"]
    assert "negative" in findings["amounts"]


def test_check_reports_orphan_rows(sqlite_demo_database: Database) -> None:
    path = sqlite_demo_database.location.path
    assert path is not None
    connection = sqlite3.connect(path)  # foreign keys off: what a damaged file looks like
    connection.execute("UPDATE ledger_entry SET funding_source_id = 999 WHERE id = 1")
    connection.commit()
    connection.close()
    problems = [f for f in check_database(sqlite_demo_database) if f.check == "orphans"]
    assert problems and "ledger_entry" in problems[0].problem


def test_the_damage_message_never_names_the_backup_of_another_database(tmp_path: Path) -> None:
    """ "program.sqlite3" and "program-2025.sqlite3" share a folder, and so their backups."""
    from partnerdesk.core.platform.database_files import newest_backup

    mine = tmp_path / "program.sqlite3"
    other = tmp_path / "program-2025.sqlite3"
    for path in (mine, other):
        open_database(DatabaseLocation.for_path(path)).close()
    backup_sqlite(other, reason="daily")
    assert newest_backup(mine) is None
    own = backup_sqlite(mine, reason="daily")
    assert newest_backup(mine) == own


# ------------------------------------------------------------- issue #13, items 2 and 5


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_restore_refuses_an_empty_file_and_changes_nothing(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    """It used to exit 0 with every table emptied."""
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    before = table_counts(sqlite_demo_database)
    with pytest.raises(PartnerDeskError, match="empty"):
        backups.restore(sqlite_demo_database.location, empty)
    assert table_counts(sqlite_demo_database) == before
    path = sqlite_demo_database.location.path
    assert path is not None and list_backups(path) == []


def test_a_damaged_file_under_a_backup_name_is_never_offered(
    sqlite_demo_database: Database,
) -> None:
    """A backup killed half-way (or cut short later) under a valid name was named as "the
    newest backup" by the damaged-database message."""
    from datetime import timedelta

    from partnerdesk.core.platform.database_files import damaged, newest_good_backup

    path = sqlite_demo_database.location.path
    assert path is not None
    good = backups.backup_now(sqlite_demo_database)
    later = list_backups(path)[0].taken_at + timedelta(days=1)  # newer than the good one
    partial = backup_sqlite(path, reason="daily", taken_at=later)
    with partial.open("r+b") as handle:
        handle.truncate(partial.stat().st_size // 2)
    assert list_backups(path)[0].path == partial  # newest by name...
    summary = newest_good_backup(path)
    assert summary is not None and summary.path == good  # ...but not offered
    message = damaged(path, "malformed").message
    assert str(good) in message and str(partial) not in message
    assert "76 ledger entries" in message  # says what the offered backup holds
    with pytest.raises(PartnerDeskError, match="damaged"):
        backups.restore(sqlite_demo_database.location, partial)


def test_a_backup_gets_its_name_only_once_written_and_checked(
    sqlite_demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnerdesk.core.platform import database_files

    path = sqlite_demo_database.location.path
    assert path is not None

    def fails(candidate: Path) -> None:
        raise PartnerDeskError(f"{candidate} is damaged (simulated)")

    monkeypatch.setattr(database_files, "check_backup", fails)
    with pytest.raises(PartnerDeskError, match="simulated"):
        backup_sqlite(path, reason="daily")
    folder = path.parent / "backups"
    assert folder_listing(folder) == []  # no backup name, and no temporary file either


def test_restore_reads_the_backup_without_leaving_anything_beside_it(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    """A backup in WAL mode (a copied database) left -wal/-shm beside it after a restore."""
    kept = tmp_path / "kept"
    kept.mkdir()
    backup = backups.backup_now(sqlite_demo_database, kept / "copy.sqlite3")
    connection = sqlite3.connect(backup)
    connection.execute("PRAGMA journal_mode=WAL")  # as a copied live database would be
    connection.close()
    before = (folder_listing(kept), backup.read_bytes())
    backups.restore(sqlite_demo_database.location, backup, current=sqlite_demo_database)
    assert (folder_listing(kept), backup.read_bytes()) == before


def test_restore_refuses_a_backup_of_an_empty_program_over_one_with_records(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    """A valid PartnerDesk file that holds nothing (the first backup of a new database)
    would empty the program; restoring it is refused, and it names what would be lost."""
    fresh = open_database(DatabaseLocation.for_path(tmp_path / "new.sqlite3"))
    try:
        nothing = backups.backup_now(fresh)
    finally:
        fresh.close()
    before = table_counts(sqlite_demo_database)
    with pytest.raises(
        PartnerDeskError, match=rf"holds no records.*empty.*{DEMO_CONTACTS} contacts"
    ):
        backups.restore(sqlite_demo_database.location, nothing)
    assert table_counts(sqlite_demo_database) == before
    # Into a new file (or one as empty) it is a restore like any other.
    backups.restore(DatabaseLocation.for_path(tmp_path / "restored.sqlite3"), nothing)


def test_restore_into_a_new_path_creates_a_private_file(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    from partnerdesk.core.platform.db import DatabaseLocation

    backup = backups.backup_now(sqlite_demo_database)
    target = DatabaseLocation.for_path(tmp_path / "restored.sqlite3")
    backups.restore(target, backup)
    assert target.path is not None and target.path.stat().st_mode & 0o777 == 0o600


def test_the_backups_folder_is_private_whatever_the_umask(sqlite_demo_database: Database) -> None:
    import os

    path = sqlite_demo_database.location.path
    assert path is not None
    previous = os.umask(0)
    try:
        made = backups.backup_now(sqlite_demo_database)
    finally:
        os.umask(previous)
    assert made.parent.stat().st_mode & 0o777 == 0o700
    assert made.stat().st_mode & 0o777 == 0o600


def test_the_default_data_folder_is_private_whatever_the_umask(default_db_path: Path) -> None:
    import os

    from partnerdesk.core.platform.db import resolve_location

    previous = os.umask(0)
    try:
        open_database(resolve_location(environ={})).close()
    finally:
        os.umask(previous)
    assert default_db_path.parent.stat().st_mode & 0o777 == 0o700
    assert default_db_path.stat().st_mode & 0o777 == 0o600


def test_restore_says_what_the_backup_holds(sqlite_demo_database: Database) -> None:
    summary = backups.verify_backup(backups.backup_now(sqlite_demo_database))
    text = summary.describe()
    assert "8 organizations" in text and f"{DEMO_CONTACTS} contacts" in text
    assert "76 ledger entries" in text
    assert f"{summary.taken_at:%Y-%m-%d}" in text


def test_a_backup_stays_whole_while_another_program_starts_saving(
    sqlite_demo_database: Database,
) -> None:
    """The live database is copied under SQLite's locks: a program that opens it and saves
    while the copy is under way does not tear the backup (read without locks, as an
    immutable file, the copy came out "malformed" or mixed)."""
    from partnerdesk.core.platform.database_files import copying_from

    path = sqlite_demo_database.location.path
    assert path is not None
    sqlite_demo_database.close()  # nobody has it open when the backup starts
    lines = table_counts_of(path)
    saved: list[int] = []

    def another_program_saves(_status: int, _remaining: int, _total: int) -> None:
        if saved:
            return
        other = sqlite3.connect(path, isolation_level=None, timeout=15)
        other.execute("BEGIN IMMEDIATE")
        columns = [row[1] for row in other.execute("PRAGMA table_info(ledger_entry)")][1:]
        copied = ", ".join("?" if name == "memo" else name for name in columns)
        other.executemany(  # a large import: new pages all over the file
            f"INSERT INTO ledger_entry ({', '.join(columns)}) SELECT {copied} "
            "FROM ledger_entry LIMIT 1",
            [(f"saved meanwhile {n}" * 8,) for n in range(3000)],
        )
        other.execute("COMMIT")
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        other.close()
        saved.append(3000)

    copy = sqlite3.connect(":memory:")
    with copying_from(path) as source:
        source.backup(copy, pages=4, progress=another_program_saves)
    assert saved, "the other program never saved during the copy"
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copied = copy.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()[0]
    assert copied in (lines, lines + 3000)  # before or after the other save, never part of it


def table_counts_of(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()[0])
    finally:
        connection.close()
