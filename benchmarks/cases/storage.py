"""Loading a large program through the storage layer, against raw sqlite3."""

from __future__ import annotations

import operator
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.generate import Program, Row, table_of
from benchmarks.harness import BenchContext, Figure, case
from partnerdesk.core.platform.bulk import insert_rows
from partnerdesk.core.platform.db import DatabaseLocation, open_database

RATIO_TARGET = 3.0
REPEATS = 2
RAW_DB_NAME = "raw-baseline.sqlite3"
_DATETIME_FORMAT = "%04d-%02d-%02d %02d:%02d:%02d.%06d"


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def load_through_storage_layer(program: Program, path: Path) -> float:
    """Create ``path`` with :func:`open_database` (untimed: migrations) and insert every
    generated row in one ``Database.transaction()``; return the seconds the inserts took."""
    remove_database(path)
    database = open_database(DatabaseLocation.for_path(path))
    try:
        started = time.perf_counter()
        with database.transaction() as session:
            for model, rows in program.tables():
                insert_rows(session, model, rows)
        return time.perf_counter() - started
    finally:
        database.close()


def _sqlite_converter(column: sa.Column[Any]) -> Callable[[Any], Any] | None:
    """What SQLAlchemy's SQLite dialect does to a value of this column before binding it."""
    # Timestamps are a TypeDecorator (UTCDateTime) over DateTime; the generator's stamps
    # are already UTC, so the decorator's conversion changes nothing here.
    column_type = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
    if isinstance(column_type, sa.DateTime):
        # The dialect's storage format, built the way it builds it (faster than strftime);
        # a time zone is dropped (see the README).
        return lambda v: (
            _DATETIME_FORMAT % (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)
        )
    if isinstance(column_type, sa.Date):
        return lambda value: value.isoformat()
    if isinstance(column_type, sa.Boolean):
        return int
    return None


def _raw_parameters(table: sa.Table, rows: Sequence[Row]) -> tuple[str, list[tuple[Any, ...]]]:
    """The INSERT and its parameter tuples, converted the way the dialect converts them."""
    names = [column.name for column in table.columns]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    values_of = operator.itemgetter(*names)  # every table has at least two columns
    conversions = [
        (index, convert)
        for index, convert in enumerate(_sqlite_converter(column) for column in table.columns)
        if convert is not None
    ]
    if not conversions:
        return sql, [values_of(row) for row in rows]
    parameters = []
    for row in rows:
        values = list(values_of(row))
        for index, convert in conversions:
            if values[index] is not None:
                values[index] = convert(values[index])
        parameters.append(tuple(values))
    return sql, parameters


def load_with_raw_sqlite(program: Program, path: Path) -> float:
    """The baseline: the same rows with plain ``sqlite3.executemany`` into a file whose
    schema ``open_database`` created (untimed), with the storage layer's pragmas."""
    remove_database(path)
    open_database(DatabaseLocation.for_path(path)).close()
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        started = time.perf_counter()
        connection.execute("BEGIN")
        for model, rows in program.tables():
            if rows:
                sql, parameters = _raw_parameters(table_of(model), rows)
                connection.executemany(sql, parameters)
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()


def differing_tables(program: Program, first: Path, second: Path) -> list[str]:
    """Tables whose stored contents differ between the two files (should be none)."""
    connection = sqlite3.connect(first)
    try:
        connection.execute("ATTACH DATABASE ? AS other", (str(second),))
        differing = []
        for model, rows in program.tables():
            name = table_of(model).name
            counts = [
                connection.execute(f"SELECT count(*) FROM {schema}.{name}").fetchone()[0]
                for schema in ("main", "other")
            ]
            diff = connection.execute(
                f"SELECT count(*) FROM (SELECT * FROM main.{name} "
                f"EXCEPT SELECT * FROM other.{name})"
            ).fetchone()[0]
            if counts != [len(rows), len(rows)] or diff:
                differing.append(name)
        return differing
    finally:
        connection.close()


@case(
    "storage.bulk_insert",
    "every generated row through open_database + Database.transaction() + Core bulk "
    "inserts, against raw sqlite3.executemany into a schema-identical file",
)
def bulk_insert(context: BenchContext) -> list[Figure]:
    program = context.program()
    rows = program.total_rows
    layer_path = context.large_db_path
    raw_path = context.out_dir / RAW_DB_NAME
    context.out_dir.mkdir(parents=True, exist_ok=True)

    # Alternated and repeated, best of each: one slow moment of a busy machine should not
    # decide the ratio. The storage layer's last load stays as the large database.
    layer_times: list[float] = []
    raw_times: list[float] = []
    for _ in range(REPEATS):
        layer_times.append(load_through_storage_layer(program, layer_path))
        raw_times.append(load_with_raw_sqlite(program, raw_path))
    context.set_large_database(layer_path)
    layer_seconds, raw_seconds = min(layer_times), min(raw_times)

    differing = differing_tables(program, layer_path, raw_path)
    if differing:
        raise RuntimeError(
            "the storage layer and the raw baseline stored different rows in: "
            + ", ".join(differing)
        )
    remove_database(raw_path)

    ratio = layer_seconds / raw_seconds
    size_mb = layer_path.stat().st_size / 1e6
    return [
        Figure("rows inserted (identical in both files)", rows, "rows"),
        Figure(
            "storage layer (SQLAlchemy Core in one transaction)",
            layer_seconds,
            "s",
            f"best of {REPEATS}",
        ),
        Figure("  rate", rows / layer_seconds, "rows/s"),
        Figure("raw sqlite3.executemany (baseline)", raw_seconds, "s", f"best of {REPEATS}"),
        Figure("  rate", rows / raw_seconds, "rows/s"),
        Figure(
            "ratio storage layer / raw",
            ratio,
            "x",
            f"within {RATIO_TARGET:g}x",
            ratio <= RATIO_TARGET,
        ),
        Figure("large database file", size_mb, "MB", str(layer_path.name)),
    ]
