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
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from partnerdesk import SCHEMA_HEAD as SCHEMA_HEAD  # re-exported for the core
from partnerdesk.core.platform.database_files import (
    MIGRATIONS_DIR,
    PRIVATE_FOLDER,
    SQLITE_HEADER,
    backup_sqlite,
    create_private_file,
    damaged,
    known_revisions,
    read_only_connection,
    truncation,
)
from partnerdesk.core.platform.errors import (
    ConflictError,
    DatabaseOpenError,
    NewerSchemaError,
    NotAPartnerDeskDatabase,
)

# The session.info key under which audit.note_change collects what a transaction changed.
CHANGED_KINDS = "partnerdesk.changed_kinds"

DB_ENV = "PARTNERDESK_DB"
URL_ENV = "PARTNERDESK_DATABASE_URL"
DEFAULT_FILENAME = "partnerdesk.sqlite3"
BUSY_TIMEOUT_SECONDS = 15
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


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
        """A SQLite file or a PostgreSQL server; any other kind of URL is refused here, in
        one line, before a driver is looked for."""
        try:
            parsed = sa.make_url(url)
        except sa.exc.ArgumentError:
            raise DatabaseOpenError(f"{url!r} is not a database URL") from None
        backend = parsed.get_backend_name()
        if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
            return cls.for_path(parsed.database)
        if backend not in SUPPORTED_BACKENDS:
            shown = parsed.render_as_string(hide_password=True)
            raise DatabaseOpenError(
                f"{shown} is a {backend} database, which PartnerDesk does not support: use a "
                "SQLite file (--db PATH) or a PostgreSQL server "
                "(postgresql+psycopg://USER@HOST/DATABASE)"
            )
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
    """Return the schema revision of an existing SQLite file, ``None`` for a SQLite file
    with no tables yet (a new, empty database).

    Reads only, and writes nothing beside the file (:func:`read_only_connection`): a file
    we refuse stays byte-for-byte as it was, and its folder too.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise NotAPartnerDeskDatabase(f"{path} is a folder, not a database file") from None
    except PermissionError:
        raise DatabaseOpenError(f"{path} cannot be read: permission denied") from None
    if header == b"":
        raise NotAPartnerDeskDatabase(
            f"{path} is an empty file (0 bytes), not a PartnerDesk database; PartnerDesk "
            "creates a new database only where no file exists (or with `partnerdesk demo`, or "
            "File > New database). Restore a backup into it, or give a new file name; nothing "
            "was changed"
        )
    if header != SQLITE_HEADER:
        raise NotAPartnerDeskDatabase(
            f"{path} is not a PartnerDesk database (it is not a SQLite file); nothing was changed"
        )
    truncated = truncation(path)
    if truncated is not None:
        raise damaged(path, truncated)
    try:
        connection = read_only_connection(path)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"{path} cannot be opened: {exc}; nothing was changed") from None
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
        text = str(exc)
        if "locked" in text:
            raise DatabaseOpenError(
                f"{path} is locked by another program; close it there and try again"
            ) from None
        if "unable to open" in text or "readonly" in text.replace(" ", ""):
            raise DatabaseOpenError(
                f"{path} cannot be read here ({text}): another program has it open in a "
                "folder you cannot write to; close it there, or copy the file to a folder of "
                "yours; nothing was changed"
            ) from None
        raise damaged(path, text) from None
    finally:
        connection.close()
    if row is None:
        raise NotAPartnerDeskDatabase(
            f"{path} has no schema revision; PartnerDesk left it unchanged"
        )
    return str(row[0])


def _writable(path: Path) -> bool:
    """Can this user change the file, and keep a journal beside it?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


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


# --------------------------------------------------------------------------- opening


class Database:
    """An open database: the engine plus the helpers to use it."""

    def __init__(
        self, location: DatabaseLocation, engine: Engine, *, read_only: bool = False
    ) -> None:
        self.location = location
        self.engine = engine
        self.read_only = read_only  # opened for reading only: every transaction is refused
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
        What it changed is announced to the subscribers after the commit.

        Writers take turns: the transaction holds the database's write lock from its first
        statement (SQLite ``BEGIN IMMEDIATE``; on PostgreSQL a transaction-scoped advisory
        lock), so what it reads is what it writes over. A check followed by an insert (an
        import's "already there?") is therefore one atomic step against every other
        PartnerDesk, and a stale copy is refused by the version check, not by a lock error.
        A writer waits for the lock at most BUSY_TIMEOUT_SECONDS, then gets a "busy" line."""
        if self.read_only:
            raise DatabaseOpenError(
                f"{self.location.describe()} is read-only for you, so PartnerDesk opened it "
                "for reading only: make it (and its folder) writable, e.g. chmod u+w, or copy "
                "it to a folder of yours, to change it; nothing was changed"
            )
        with self.session() as session:
            try:
                _take_write_lock(session)
                yield session
                session.commit()
                changed = frozenset(session.info.pop(CHANGED_KINDS, ()))
            except sa.orm.exc.StaleDataError as exc:
                session.rollback()
                raise ConflictError(
                    "this record was changed or deleted by someone else since you opened it; "
                    "nothing was saved. Reload it to see their change, then save again"
                ) from exc
            except (sa.exc.OperationalError, sa.exc.DatabaseError, sqlite3.DatabaseError) as exc:
                # (sqlite3's own errors come from bulk inserts, which bypass SQLAlchemy.)
                session.rollback()
                if isinstance(exc, sa.exc.IntegrityError | sqlite3.IntegrityError):
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


# The key of PostgreSQL's advisory lock that PartnerDesk writers take turns on (any constant
# will do; this one spells "PDSK" so that a DBA can tell it in pg_locks).
WRITE_LOCK_KEY = 0x5044534B
# Execution option marking the connection of a write transaction (BEGIN IMMEDIATE on SQLite).
_WRITER = "partnerdesk_writer"


def _take_write_lock(session: Session) -> None:
    connection = session.connection(execution_options={_WRITER: True})
    if connection.dialect.name == "postgresql":  # one round trip: the wait's limit, the lock
        connection.exec_driver_sql(
            f"SELECT set_config('lock_timeout', '{BUSY_TIMEOUT_SECONDS}s', true), "
            f"pg_advisory_xact_lock({WRITE_LOCK_KEY})"
        )


def _begin_sqlite(connection: sa.Connection) -> None:
    """SQLite transactions begin here, not in the driver: a writer's as IMMEDIATE (the
    write lock up front), everything else deferred (readers never wait for writers)."""
    writer = connection.get_execution_options().get(_WRITER, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def _operational_error(location: DatabaseLocation, exc: Exception) -> Exception:
    """The one line a user sees for a database error that is not a bug."""
    original = exc.orig if isinstance(exc, sa.exc.DBAPIError) else None
    text = str(original if original is not None else exc)
    if "malformed" in text or "not a database" in text:
        if location.path is not None:
            return damaged(location.path, text)
        return DatabaseOpenError(f"{location.describe()} is damaged ({text})")
    lost = ("server closed the connection", "connection is lost", "terminating connection")
    if any(words in text for words in lost):
        return DatabaseOpenError(
            f"{location.describe()}: the connection to the server was lost ("
            f"{text.split('.')[0].strip()}); the server keeps all of a change or none of it, "
            "so an unfinished one was undone. Try again when the server is back"
        )
    if "locked" in text or "busy" in text or "lock timeout" in text:
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
    # The driver's own transaction handling off: _begin_sqlite says when and how to begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    # WAL lets the GUI read while a background job writes; NORMAL is durable in WAL mode
    # against application crashes (only an OS crash may lose the last transaction).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine_for(location: DatabaseLocation, *, read_only: bool = False) -> Engine:
    url = sa.make_url(location.url)
    if url.get_backend_name() != "sqlite":
        try:
            return sa.create_engine(location.url, pool_pre_ping=True)
        except (ImportError, sa.exc.NoSuchModuleError) as exc:
            raise DatabaseOpenError(
                f"{location.describe()} needs a database driver that is not installed "
                f"({exc}); PartnerDesk talks to PostgreSQL through psycopg 3: write the URL as "
                "postgresql+psycopg://USER@HOST/DATABASE and install the driver with "
                "`pip install 'partnerdesk[postgres]'`"
            ) from None
    if location.path is None:  # in-memory: one shared connection, or every session is empty
        engine = sa.create_engine(
            "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    elif read_only:
        path = location.path
        engine = sa.create_engine(
            "sqlite://",
            # (The GUI reads on worker threads too.)
            creator=lambda: read_only_connection(
                path, BUSY_TIMEOUT_SECONDS, check_same_thread=False
            ),
        )
    else:
        engine = sa.create_engine(
            location.url,
            connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
    sa.event.listen(engine, "connect", _read_only_pragmas if read_only else _set_sqlite_pragmas)
    sa.event.listen(engine, "begin", _begin_sqlite)
    return engine


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")  # belt and braces: the file is opened read-only
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.close()


def open_database(
    location: DatabaseLocation,
    *,
    create: bool = True,
    read_only_ok: bool = False,
    adopt_empty_file: bool = False,
) -> Database:
    """Open (creating or upgrading as needed) the database at ``location``.

    ``create``: make a new database where no file exists. An existing empty (0-byte) file
    is refused, unless ``adopt_empty_file`` (`partnerdesk demo`, File > New database): it
    is more likely a damaged database than a new one. ``read_only_ok``: a file this user
    cannot change (or in a folder they cannot write to) is opened for reading only, and any
    write is refused with a line saying so (the command line's reading commands);
    otherwise such a file is refused. Either way nothing is written beside it.
    """
    revision: str | None = None
    read_only = False
    path = location.path
    if path is not None:
        if path.exists():
            if adopt_empty_file and path.is_file() and path.stat().st_size == 0:
                _check_writable(path)
            else:
                revision = inspect_sqlite_file(path)
                _check_revision(revision, str(path))
                read_only = read_only_ok and revision == SCHEMA_HEAD and not _writable(path)
                if not read_only:
                    _check_writable(path)
        elif create:
            if path == default_database_path():
                path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            create_private_file(path)
        else:
            raise DatabaseOpenError(f"{path} does not exist")
    engine = create_engine_for(location, read_only=read_only)
    try:
        with engine.connect() as connection:
            if path is None:
                revision = _read_revision(connection)
                if revision is None and sa.inspect(connection).get_table_names():
                    raise NotAPartnerDeskDatabase(
                        f"{location.describe()} holds tables of another program; "
                        "PartnerDesk left it unchanged"
                    )
                _check_revision(revision, location.describe())
        if revision != SCHEMA_HEAD:
            if revision is not None and path is not None:
                backup_sqlite(path, reason=f"before-upgrade-from-{revision}")
            upgrade_to_head(engine)
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        engine.dispose()
        raise _operational_error(location, exc) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(location, engine, read_only=read_only)


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
