"""Backups, rotation, restore and the health check."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from partnerdesk.core.models import LedgerEntry, LedgerEntryType, Mou, Review
from partnerdesk.core.platform import backups
from partnerdesk.core.platform.db import (
    Database,
    DatabaseLocation,
    backup_sqlite,
    list_backups,
    open_database,
)
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.program.health import check_database
from partnerdesk.core.program.info import table_counts


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
    from partnerdesk.core.platform.db import newest_backup

    mine = tmp_path / "program.sqlite3"
    other = tmp_path / "program-2025.sqlite3"
    for path in (mine, other):
        open_database(DatabaseLocation.for_path(path)).close()
    backup_sqlite(other, reason="daily")
    assert newest_backup(mine) is None
    own = backup_sqlite(mine, reason="daily")
    assert newest_backup(mine) == own
