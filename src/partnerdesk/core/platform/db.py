"""Where the database is, opening it safely, and the transaction helper every service uses.

Opening is careful because a user can point PartnerDesk at any file: before anything is
written, a SQLite file is inspected read-only, and a file that is not ours, or was written
by a newer schema, is refused with the file left byte-for-byte unchanged. An older schema
is backed up, then upgraded with the Alembic migrations in :mod:`partnerdesk.migrations`.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.errors import (
    ConflictError,
    DatabaseOpenError,
    NewerSchemaError,
    NotAPartnerDeskDatabase,
)

# The session.info key under which audit.note_change collects what a transaction changed.
CHANGED_KINDS = "partnerdesk.changed_kinds"

# The newest migration this build knows. Kept as a constant so that opening an up-to-date
# database does not import Alembic (start-up time); a test checks it equals Alembic's head.
SCHEMA_HEAD = "0005_ledger_date_covering_index"

DB_ENV = "PARTNERDESK_DB"
URL_ENV = "PARTNERDESK_DATABASE_URL"
DEFAULT_FILENAME = "partnerdesk.sqlite3"
BUSY_TIMEOUT_SECONDS = 15
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_SQLITE_HEADER = b"SQLite format 3\x00"


# --------------------------------------------------------------------------- locating


@dataclass(frozen=True)
class DatabaseLocation:
    """A database as the user named it: a SQLite file path, or any SQLAlchemy URL."""

    url: str
    path: Path | None = None  # set for SQLite files

    @property
    def is_sqlite_file(self) -> bool:
        return self.path is not None

    def describe(self) -> str:
        """For the status bar and messages; never shows a password."""
        if self.path is not None:
            return str(self.path)
        if self.url in ("sqlite://", "sqlite:///:memory:"):
            return "in-memory database"
        return sa.make_url(self.url).render_as_string(hide_password=True)

    @classmethod
    def for_path(cls, path: str | os.PathLike[str]) -> DatabaseLocation:
        resolved = Path(path).expanduser().absolute()
        return cls(url=f"sqlite:///{resolved}", path=resolved)

    @classmethod
    def for_url(cls, url: str) -> DatabaseLocation:
        try:
            parsed = sa.make_url(url)
        except sa.exc.ArgumentError:
            raise DatabaseOpenError(f"{url!r} is not a database URL") from None
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            return cls.for_path(parsed.database)
        return cls(url=url)


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("PartnerDesk", appauthor=False) / DEFAULT_FILENAME


def resolve_location(
    db_path: str | None = None,
    url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> DatabaseLocation:
    """Command-line options first, then the environment, then the per-user default file."""
    env = os.environ if environ is None else environ
    if db_path and url:
        raise DatabaseOpenError("give either a database file (--db) or a URL (--url), not both")
    if db_path:
        return DatabaseLocation.for_path(db_path)
    if url:
        return DatabaseLocation.for_url(url)
    if env.get(DB_ENV):
        return DatabaseLocation.for_path(env[DB_ENV])
    if env.get(URL_ENV):
        return DatabaseLocation.for_url(env[URL_ENV])
    return DatabaseLocation.for_path(default_database_path())


def current_os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) or no login name
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


# --------------------------------------------------------------------------- inspecting


def inspect_sqlite_file(path: Path) -> str | None:
    """Return the schema revision of an existing SQLite file, ``None`` for an empty one.

    Reads only (``mode=ro``): a file we refuse stays byte-for-byte as it was.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except IsADirectoryError:
        raise NotAPartnerDeskDatabase(f"{path} is a folder, not a database file") from None
    except PermissionError:
        raise DatabaseOpenError(f"{path} cannot be read: permission denied") from None
    if header == b"":
        return None  # a zero-byte file: treat as a new database
    if header != _SQLITE_HEADER:
        raise NotAPartnerDeskDatabase(
            f"{path} is not a PartnerDesk database (it is not a SQLite file); nothing was changed"
        )
    truncated = _truncation(path)
    if truncated is not None:
        raise damaged(path, truncated)
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"{path} cannot be opened: {exc}") from None
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise NotAPartnerDeskDatabase(
                f"{path} is a SQLite database of another program (tables: "
                f"{', '.join(sorted(tables)[:5])}); PartnerDesk left it unchanged"
            )
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):
            raise DatabaseOpenError(
                f"{path} is locked by another program; close it there and try again"
            ) from None
        raise damaged(path, str(exc)) from None
    finally:
        connection.close()
    if row is None:
        raise NotAPartnerDeskDatabase(
            f"{path} has no schema revision; PartnerDesk left it unchanged"
        )
    return str(row[0])


def _truncation(path: Path) -> str | None:
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


_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[\w.-]+)\.sqlite3$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size_bytes: int


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


def newest_backup(path: Path) -> Path | None:
    backups = list_backups(path)
    return backups[0].path if backups else None


def damaged(path: Path, detail: str) -> DatabaseOpenError:
    """The error for a damaged file, pointing at the newest backup when there is one."""
    newest = newest_backup(path)
    hint = (
        f" The newest backup is {newest}; restore it with File > Restore from backup… or "
        f"`partnerdesk --db {path} restore {newest}`."
        if newest is not None
        else ""
    )
    return DatabaseOpenError(f"{path} is damaged ({detail}).{hint}", latest_backup=newest)


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise DatabaseOpenError(
            f"{path} is read-only: PartnerDesk needs to write to it. Change its permissions or "
            "copy it to a folder of yours; nothing was changed"
        )
    if not os.access(path.parent, os.W_OK):
        raise DatabaseOpenError(
            f"the folder {path.parent} is read-only: PartnerDesk needs to keep a journal beside "
            f"{path.name}. Move the file to a folder you can write to; nothing was changed"
        )


def _check_revision(revision: str | None, where: str) -> None:
    """Refuse a revision this build does not know (a newer PartnerDesk wrote it)."""
    if revision is None or revision == SCHEMA_HEAD:
        return
    if revision not in known_revisions():
        raise NewerSchemaError(
            f"{where} was written by a newer PartnerDesk (schema {revision}); "
            f"this version understands up to {SCHEMA_HEAD}. Update PartnerDesk to open it; "
            "nothing was changed"
        )


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


# --------------------------------------------------------------------------- opening


class Database:
    """An open database: the engine plus the helpers to use it."""

    def __init__(self, location: DatabaseLocation, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        self._listeners: list[Callable[[frozenset[Any]], None]] = []

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def subscribe(self, listener: Callable[[frozenset[Any]], None]) -> None:
        """Call ``listener(kinds)`` after each committed transaction that changed records,
        with the ``ChangeKind`` members its audit events named. It runs on the thread that
        committed (a worker's, for the GUI): the listener passes it on safely."""
        self._listeners.append(listener)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back everything on any error.
        What it changed is announced to the subscribers after the commit."""
        with self.session() as session:
            try:
                yield session
                session.commit()
                changed = frozenset(session.info.pop(CHANGED_KINDS, ()))
            except sa.orm.exc.StaleDataError as exc:
                session.rollback()
                raise ConflictError(
                    "this record was changed or deleted by someone else since you opened it; "
                    "nothing was saved. Reload it to see their change, then save again"
                ) from exc
            except (sa.exc.OperationalError, sa.exc.DatabaseError) as exc:
                session.rollback()
                if isinstance(exc, sa.exc.IntegrityError):
                    raise
                raise _operational_error(self.location, exc) from exc
            except BaseException:
                session.rollback()
                raise
        if changed:
            for listener in list(self._listeners):
                listener(changed)

    def schema_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return _read_revision(connection)

    def close(self) -> None:
        self.engine.dispose()


def _operational_error(location: DatabaseLocation, exc: sa.exc.DBAPIError) -> Exception:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "malformed" in text or "not a database" in text:
        if location.path is not None:
            return damaged(location.path, text)
        return DatabaseOpenError(f"{location.describe()} is damaged ({text})")
    if "locked" in text or "busy" in text:
        return DatabaseOpenError(
            f"{location.describe()} is busy: another program kept it locked for more than "
            f"{BUSY_TIMEOUT_SECONDS} s; nothing was saved, try again"
        )
    if "readonly" in text.replace(" ", "") or "read-only" in text:
        return DatabaseOpenError(f"{location.describe()} is read-only; nothing was saved")
    if "disk" in text and "full" in text:
        return DatabaseOpenError(
            f"the disk holding {location.describe()} is full; nothing was saved"
        )
    return DatabaseOpenError(f"{location.describe()}: {text}")


def _read_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    value = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    # WAL lets the GUI read while a background job writes; NORMAL is durable in WAL mode
    # against application crashes (only an OS crash may lose the last transaction).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine_for(location: DatabaseLocation) -> Engine:
    url = sa.make_url(location.url)
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(location.url, pool_pre_ping=True)
    if location.path is None:  # in-memory: one shared connection, or every session is empty
        engine = sa.create_engine(
            "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    else:
        engine = sa.create_engine(
            location.url,
            connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
    sa.event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def _create_private_file(path: Path) -> None:
    """Create an empty database file readable by its owner only (it holds personal data)."""
    if not path.parent.exists():
        if path == default_database_path():
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            raise DatabaseOpenError(
                f"cannot create {path}: the folder {path.parent} does not exist"
            )
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except PermissionError:
        raise DatabaseOpenError(f"cannot create {path}: permission denied") from None
    except OSError as exc:
        raise DatabaseOpenError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


def open_database(location: DatabaseLocation, *, create: bool = True) -> Database:
    """Open (creating or upgrading as needed) the database at ``location``."""
    revision: str | None = None
    if location.path is not None:
        if location.path.exists():
            revision = inspect_sqlite_file(location.path)
            _check_revision(revision, str(location.path))
            _check_writable(location.path)
        elif create:
            _create_private_file(location.path)
        else:
            raise DatabaseOpenError(f"{location.path} does not exist")
    engine = create_engine_for(location)
    try:
        with engine.connect() as connection:
            if location.path is None:
                revision = _read_revision(connection)
                if revision is None and sa.inspect(connection).get_table_names():
                    raise NotAPartnerDeskDatabase(
                        f"{location.describe()} holds tables of another program; "
                        "PartnerDesk left it unchanged"
                    )
                _check_revision(revision, location.describe())
        if revision != SCHEMA_HEAD:
            if revision is not None and location.path is not None:
                backup_sqlite(location.path, reason=f"before-upgrade-from-{revision}")
            upgrade_to_head(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise _operational_error(location, exc) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(location, engine)


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


# --------------------------------------------------------------------------- backups


def backups_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_sqlite(
    db_path: Path,
    destination: Path | None = None,
    reason: str = "manual",
    taken_at: datetime | None = None,
) -> Path:
    """Copy a live SQLite database consistently with the online backup API. Its name
    records when it was taken (``taken_at``, default now: real time, not the pinned day)."""
    if destination is None:
        stamp = (taken_at or clock.now_local()).strftime("%Y%m%d-%H%M%S-%f")
        destination = backups_folder(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    destination.parent.mkdir(parents=True, exist_ok=True)
    _create_private_file(destination)
    source = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return destination
