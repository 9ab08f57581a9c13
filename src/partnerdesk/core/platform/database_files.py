"""SQLite database files on disk: looking at one without changing it, and backups.

Looking leaves no trace: a file is opened read-only and, when no other program has it
open, *immutable*, so SQLite creates no ``-wal``/``-shm`` beside it (a refused file, a
backup being restored, a file in a read-only folder stay exactly as they were).

A backup carries a backup's name only once it is complete and checked: it is written
under a temporary name in the same folder, checked like any file offered for a restore
(:func:`check_backup`: SQLite's integrity check, a schema this PartnerDesk knows, not
empty), made self-contained (no write-ahead log), and only then renamed into place. A
backup killed half-way leaves a hidden ``.part`` file that the next write into that
folder removes (:mod:`partnerdesk.core.platform.files`), never a damaged file under a
valid name; the damaged-database message and the recovery offer name only a backup that
passes the check.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.errors import DatabaseOpenError, PartnerDeskError
from partnerdesk.core.platform.files import atomic_output

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
PRIVATE_FOLDER = 0o700  # backups/ and the default data folder: personal data, owner only
BACKUPS_FOLDER = "backups"


def known_revisions() -> set[str]:
    """Every schema revision this PartnerDesk can open (imports Alembic: not at start-up)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


# --------------------------------------------------------------------------- looking


def read_only_connection(
    path: Path, timeout: float = 2, *, check_same_thread: bool = True
) -> sqlite3.Connection:
    """A connection that cannot change ``path`` and writes nothing beside it.

    Immutable when no journal sits beside the file (then no program has it open in WAL
    mode, and there is nothing to replay); otherwise read-only, so that SQLite still reads
    the changes another program's journal holds."""
    journals = [Path(f"{path}{suffix}") for suffix in ("-wal", "-journal")]
    immutable = "&immutable=1" if not any(j.exists() for j in journals) else ""
    return sqlite3.connect(
        f"{path.as_uri()}?mode=ro{immutable}",
        uri=True,
        timeout=timeout,
        check_same_thread=check_same_thread,
    )


def truncation(path: Path) -> str | None:
    """Compare the size the SQLite header records with the file's size (cheap, no reading
    of pages): a file cut short by a failed copy or a full disk is caught on open."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        return f"only {len(header)} bytes long"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is trustworthy only when written by the same change (file format 3.7+).
    if header[24:28] != header[92:96] or pages == 0:
        return None
    expected = page_size * pages
    actual = path.stat().st_size
    if actual < expected:
        return f"the file is cut short: {actual:,} of {expected:,} bytes"
    return None


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (a database holds personal data);
    an existing file is left alone."""
    if not path.parent.is_dir():
        raise DatabaseOpenError(f"cannot create {path}: the folder {path.parent} does not exist")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except PermissionError:
        raise DatabaseOpenError(f"cannot create {path}: permission denied") from None
    except OSError as exc:
        raise DatabaseOpenError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


# --------------------------------------------------------------------------- backups


_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[\w.-]+)\.sqlite3$"
)
# How a backup's contents are summed up (the other tables count as "other records").
_COUNTED = (
    ("organization", "organizations"),
    ("contact", "contacts"),
    ("mou", "MOUs"),
    ("clause", "clauses"),
    ("funding_source", "funding sources"),
    ("ledger_entry", "ledger entries"),
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size_bytes: int


@dataclass(frozen=True)
class BackupSummary:
    """What a backup that passed :func:`check_backup` holds, said before anything is replaced."""

    path: Path
    taken_at: datetime  # from a backup's name, else when the file was last written
    revision: str
    counts: dict[str, int]

    @property
    def program_records(self) -> int:
        """Records of the program itself (not the catalogues a new database starts with)."""
        return sum(self.counts.get(table, 0) for table, _label in _COUNTED)

    def describe(self) -> str:
        counted = [f"{self.counts.get(table, 0):,} {label}" for table, label in _COUNTED]
        others = sum(n for t, n in self.counts.items() if t not in dict(_COUNTED))
        return (
            f"{self.path.name}, dated {self.taken_at:%Y-%m-%d %H:%M}: {', '.join(counted)}"
            f" and {others:,} other records"
        )


def backups_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUPS_FOLDER


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of this database (not of another whose name starts the same), newest first."""
    folder = backups_folder(db_path)
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for candidate in folder.glob(f"{db_path.stem}-*.sqlite3"):
        match = _BACKUP_NAME.match(candidate.name)
        if match is None or match["stem"] != db_path.stem:
            continue
        taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
        found.append(BackupInfo(candidate, taken, match["reason"], candidate.stat().st_size))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def check_backup(candidate: Path) -> BackupSummary:
    """Refuse a file that is not a whole PartnerDesk database this version can open: the
    one check for a backup just written, a file offered to ``restore`` and the backup the
    recovery offers. Changes nothing, leaves nothing beside the file."""
    candidate = candidate.absolute()
    if not candidate.is_file():
        raise PartnerDeskError(f"{candidate} does not exist or is not a file")
    size = candidate.stat().st_size
    if size == 0:
        raise PartnerDeskError(f"{candidate} is empty (0 bytes): it is not a backup")
    with candidate.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise PartnerDeskError(f"{candidate} is not a PartnerDesk backup (not a SQLite file)")
    cut = truncation(candidate)
    if cut is not None:
        raise PartnerDeskError(f"{candidate} is damaged ({cut}): it cannot be restored")
    try:
        with closing(read_only_connection(candidate)) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()
            if verdict is None or verdict[0] != "ok":
                detail = verdict[0] if verdict else "no answer"
                raise PartnerDeskError(f"{candidate} is damaged ({detail}): it cannot be restored")
            tables = [
                str(row[0])
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            if "alembic_version" not in tables:
                what = "holds no tables" if not tables else "is another program's database"
                raise PartnerDeskError(f"{candidate} {what}: it is not a PartnerDesk backup")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            counts = {
                table: int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
                for table in tables
                if table != "alembic_version"
            }
    except sqlite3.DatabaseError as exc:
        raise PartnerDeskError(f"{candidate} is damaged ({exc}): it cannot be restored") from None
    if row is None:
        raise PartnerDeskError(f"{candidate} has no schema revision: it is not a backup")
    revision = str(row[0])
    if revision not in known_revisions():
        raise PartnerDeskError(
            f"{candidate} was written by a newer PartnerDesk (schema {revision}); update "
            "PartnerDesk to restore it"
        )
    named = _BACKUP_NAME.match(candidate.name)
    taken = (
        datetime.strptime(named["stamp"], "%Y%m%d-%H%M%S-%f")
        if named is not None
        else datetime.fromtimestamp(candidate.stat().st_mtime)
    )
    return BackupSummary(candidate, taken, revision, counts)


def program_records_text(path: Path) -> str | None:
    """What the program in the database file ``path`` holds ("10 MOUs, 42 contacts"), "" when
    nothing, None when the file cannot be read (damaged, locked, not a database)."""
    try:
        with closing(read_only_connection(path)) as connection:
            counts = [
                (int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]), label)
                for table, label in _COUNTED
            ]
    except sqlite3.Error:
        return None
    return ", ".join(f"{count:,} {label}" for count, label in counts if count)


def newest_good_backup(db_path: Path) -> BackupSummary | None:
    """The newest backup of this database that passes :func:`check_backup`."""
    for info in list_backups(db_path):
        try:
            return check_backup(info.path)
        except PartnerDeskError:
            continue
    return None


def newest_backup(path: Path) -> Path | None:
    good = newest_good_backup(path)
    return good.path if good is not None else None


def damaged(path: Path, detail: str) -> DatabaseOpenError:
    """The error for a damaged file, naming the newest good backup (and what it holds)."""
    good = newest_good_backup(path)
    hint = (
        f" The newest backup is {good.path}; restore it with File > Restore from backup… or "
        f"`partnerdesk --db {path} restore {good.path}` (it holds {good.describe()})."
        if good is not None
        else ""
    )
    return DatabaseOpenError(
        f"{path} is damaged ({detail}).{hint}", latest_backup=good.path if good else None
    )


def backup_sqlite(
    db_path: Path,
    destination: Path | None = None,
    reason: str = "manual",
    taken_at: datetime | None = None,
    *,
    in_use: bool = True,
) -> Path:
    """Copy a live SQLite database consistently with the online backup API. Its name
    records when it was taken (``taken_at``, default now: real time, not the pinned day).

    The copy is written and checked under a temporary name and renamed into place only
    when it passed: a backup's name never holds a partial or damaged file. ``in_use``:
    False when ``db_path`` is itself a backup (read it without a trace, see
    :func:`copying_from`)."""
    if destination is None:
        stamp = (taken_at or clock.now_local()).strftime("%Y%m%d-%H%M%S-%f")
        destination = backups_folder(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    destination.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    with atomic_output(destination) as temporary, copying_from(db_path, in_use=in_use) as source:
        target = sqlite3.connect(temporary)
        try:
            source.backup(target)
            # Self-contained: a backup opens read-only without a log or shared memory.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        check_backup(temporary)
    return destination


@contextmanager
def copying_from(db_path: Path, *, in_use: bool = True) -> Iterator[sqlite3.Connection]:
    """The connection a backup copies from.

    A database in use that this user can write is opened normally, under SQLite's locks:
    if another program opens it and saves while the copy is under way, the backup API
    starts again and the copy is whole (read as an immutable file, without locks, it came
    out torn). A backup being restored, or a file this user cannot write, is only looked
    at (:func:`read_only_connection`), so nothing appears beside it."""
    if in_use and os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK):
        source = sqlite3.connect(f"{db_path.as_uri()}?mode=rw", uri=True, timeout=15)
    else:
        source = read_only_connection(db_path, timeout=15)
    with closing(source):
        yield source
