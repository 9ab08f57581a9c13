"""Copy a whole program between databases: a local file to a team server, and back.

The target must be empty (a new file, or a server database with no PartnerDesk data); it
is brought to the current schema, every table is copied with its ids in foreign-key order
inside one transaction, and the row counts are compared before committing.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from partnerdesk.core.models import ALL_TABLES
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import ConflictError, PartnerDeskError
from partnerdesk.core.platform.files import check_output_target
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.program.info import table_counts

CHUNK = 5000


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    counts: dict[str, int]


def location_from_text(text: str) -> DatabaseLocation:
    """`--from` / `--to` take a file path or a SQLAlchemy URL."""
    return DatabaseLocation.for_url(text) if "://" in text else DatabaseLocation.for_path(text)


def _tables() -> list[sa.Table]:
    return [model.__table__ for model in ALL_TABLES]  # type: ignore[attr-defined]


def copy_program(
    source_location: DatabaseLocation,
    target_location: DatabaseLocation,
    progress: Progress = NO_PROGRESS,
) -> CopyReport:
    if source_location.url == target_location.url:
        raise PartnerDeskError("the source and the target are the same database")
    if source_location.path is not None and not source_location.path.exists():
        raise PartnerDeskError(f"{source_location.path} does not exist")
    if target_location.path is not None:  # a regular file or a new name, as for every output
        check_output_target(target_location.path)
    source = open_database(source_location, create=False)
    try:
        target = open_database(target_location, create=True)
        try:
            return _copy(source, target, progress)
        finally:
            target.close()
    finally:
        source.close()


def _copy(source: Database, target: Database, progress: Progress) -> CopyReport:
    target_counts = table_counts(target)
    if any(target_counts.values()):
        filled = ", ".join(f"{name} ({n})" for name, n in target_counts.items() if n)
        raise ConflictError(
            f"{target.location.describe()} already holds records ({filled}); copy only into "
            "an empty database so that nothing there is overwritten"
        )
    source_counts = table_counts(source)
    total = sum(source_counts.values())
    done = 0
    with source.engine.connect() as reader, target.engine.begin() as writer:
        for table in _tables():
            key = [column for column in table.primary_key.columns]
            result = reader.execution_options(stream_results=True).execute(
                sa.select(table).order_by(*key)
            )
            while batch := result.fetchmany(CHUNK):
                writer.execute(table.insert(), [dict(row._mapping) for row in batch])
                done += len(batch)
                progress.step(done, total, f"Copying {table.name}…")
        copied = {
            table.name: int(
                writer.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            )
            for table in _tables()
        }
        if copied != source_counts:
            differing = [n for n in copied if copied[n] != source_counts[n]]
            raise PartnerDeskError(
                f"the copy does not match the source in {', '.join(differing)}; nothing was kept"
            )
        if writer.dialect.name == "postgresql":
            _reset_sequences(writer)
    return CopyReport(source.location.describe(), target.location.describe(), copied)


def _reset_sequences(connection: sa.Connection) -> None:
    """Ids were copied explicitly; move each serial sequence past the largest one."""
    for table in _tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, sa.Integer) or key[0].name != "id":
            continue
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
