"""Backups of a local database: on demand, once a day, before upgrades and restores.

Backups use SQLite's online backup API, so they are consistent even while the app is
writing. They live in a ``backups/`` folder beside the database, readable by the owner
only, and are rotated: the newest N automatic backups are kept (N is a setting). Each is
checked before it gets its name (:func:`~partnerdesk.core.platform.database_files.
backup_sqlite`); a restore accepts only a file that passes the same check, and says what
it holds before anything is replaced.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from partnerdesk.core.platform import clock, settings
from partnerdesk.core.platform.database_files import (
    BackupSummary,
    backup_sqlite,
    backups_folder,
    check_backup,
    create_private_file,
    list_backups,
    program_records_text,
    read_only_connection,
)
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.files import atomic_output

BACKUPS_KEEP = "backups_keep"
DEFAULT_KEEP = 10


def _require_file(database: Database) -> Path:
    path = database.location.path
    if path is None:
        raise PartnerDeskError(
            "backups are for local database files; back up a team server with its own tools "
            "(e.g. pg_dump), or copy it to a file with `partnerdesk copy`"
        )
    return path


def backup_now(
    database: Database, destination: Path | None = None, *, overwrite: bool = False
) -> Path:
    """A backup the user asked for (File > Back up now, `partnerdesk backup [FILE]`).

    A chosen destination is written beside itself first and moved into place, so an
    existing file there is replaced only by a complete backup."""
    path = _require_file(database)
    if destination is not None and destination.exists() and not overwrite:
        raise PartnerDeskError(f"{destination} already exists; choose a new file name")
    try:
        return backup_sqlite(path, destination, reason="manual")
    except (OSError, sqlite3.Error) as exc:
        raise PartnerDeskError(f"the backup could not be written: {exc}") from exc


def keep_count(database: Database) -> int:
    with database.session() as session:
        value = settings.get_setting(session, BACKUPS_KEEP)
    usable = value.isascii() and value.isdigit() and len(value) <= 6
    return int(value) if usable and int(value) > 0 else DEFAULT_KEEP


def rotate(db_path: Path, keep: int) -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``; manual ones are the user's."""
    automatic = [b for b in list_backups(db_path) if b.reason != "manual"]
    removed = []
    for old in automatic[keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def daily_backup_if_due(database: Database, now: datetime) -> Path | None:
    """At most one automatic backup per calendar day, taken on open; rotates the old ones.
    ``now`` is the real local time (a day pinned with --today does not count here: backups
    are named and compared by when they were really taken)."""
    path = database.location.path
    if path is None:
        return None
    day = now.date()
    if any(b.reason == "daily" and b.taken_at.date() == day for b in list_backups(path)):
        return None
    made = backup_sqlite(path, reason="daily", taken_at=now)
    rotate(path, keep_count(database))
    return made


def verify_backup(candidate: Path) -> BackupSummary:
    """Refuse a file that is not a whole PartnerDesk database this version can open (0
    bytes, cut short, damaged, another program's, a newer schema), before anything is
    touched; otherwise say what it holds."""
    return check_backup(candidate)


def _safety_copy(target: Path) -> Path:
    """Keep what a restore replaces. A damaged file cannot go through the backup API (or
    its copy fails the check), so its bytes are kept as they are (they may still help a
    specialist recover something)."""
    try:
        return backup_sqlite(target, reason="before-restore")
    except (sqlite3.DatabaseError, PartnerDeskError):
        stamp = clock.now_local().strftime("%Y%m%d-%H%M%S-%f")
        keep = backups_folder(target) / f"{target.stem}-{stamp}-damaged.sqlite3"
        with atomic_output(keep) as temporary:
            shutil.copyfile(target, temporary)
        return keep


def restore(location: DatabaseLocation, backup: Path, current: Database | None = None) -> Path:
    """Replace the database at ``location`` by ``backup``; the current contents are backed
    up first (returned path). The caller reopens the database afterwards.

    ``backup`` must pass :func:`verify_backup` (show the user its summary first); it is
    only read, and nothing is left beside it. A new target is created private (0600)."""
    target = location.path
    if target is None:
        raise PartnerDeskError("restoring is for local database files")
    backup = backup.absolute()
    summary = verify_backup(backup)
    if target.exists() and backup.resolve() == target.resolve():
        raise PartnerDeskError("that is the database itself, not a backup of it")
    held = program_records_text(target) if target.exists() else None
    if summary.program_records == 0 and held:
        raise PartnerDeskError(
            f"{backup} holds no records (a new, empty program): restoring it would empty this "
            f"database, which holds {held}. Nothing was changed; to start afresh, create a "
            "new database instead"
        )
    safety_copy = _safety_copy(target) if target.exists() else target
    if current is not None:
        current.close()
    create_private_file(target)
    try:
        _copy_pages(backup, target)  # one transaction: all or nothing, WAL handled by SQLite
    except sqlite3.DatabaseError:
        _replace_damaged_file(backup, target)
    open_database(location).close()  # upgrades an older backup, proves it opens
    return safety_copy


def _copy_pages(source_path: Path, target_path: Path) -> None:
    source = read_only_connection(source_path)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _replace_damaged_file(backup: Path, target: Path) -> None:
    """A damaged target cannot take pages in place: build a clean copy beside it and move
    it over. Its old journal files describe the damaged file, so they must go too."""
    with atomic_output(target) as temporary:
        backup_sqlite(backup, temporary, in_use=False)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
