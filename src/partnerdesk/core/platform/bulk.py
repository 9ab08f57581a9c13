"""Loading many rows at once: imports, copies between databases, generated programs.

Adding one model object per row and flushing costs an object, identity-map bookkeeping
and a statement per row; for tens of thousands of rows a single Core ``INSERT`` run with
a list of parameter dicts (one ``executemany`` per chunk) is many times faster.

On a driver with positional parameters (SQLite) the rows go one step further down: each
value is converted the way SQLAlchemy would bind it (ISO dates, enum values, UTC stamps),
remembering the conversions within a chunk (a ledger has a few thousand distinct days
among 200,000 lines), and the chunk is handed to the driver's ``executemany`` as tuples.
SQLAlchemy's own per-value processing would otherwise cost more than the insert itself;
this keeps the load within a few times the speed of raw ``sqlite3`` (``make bench``,
storage.bulk_insert, and the ledger import of funding.workbook).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from partnerdesk.core.platform.progress import NO_PROGRESS, Progress

DEFAULT_CHUNK_ROWS = 10_000

# Reports progress after each chunk: (rows inserted so far, rows in all, table name) -> text.
Describe = Callable[[int, int, str], str]


def _inserting(done: int, total: int, table: str) -> str:
    return f"Inserting into {table}…"


def insert_rows(
    session: Session,
    model: type[SQLModel],
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    *,
    columns: Sequence[str] | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: Progress = NO_PROGRESS,
    describe: Describe = _inserting,
) -> int:
    """Insert ``rows`` into ``model``'s table; return how many. A row is a mapping of column
    name -> value, or, when ``columns`` names the columns, a tuple of values in that order
    (cheaper to build than a dict, for the 200,000 lines of an import).

    Runs inside the caller's transaction (use ``Database.transaction()``): nothing is
    committed here, and an error or a cancel through ``progress`` (checked after every
    chunk, reported with ``describe``) rolls back every row.

    What the caller must know, because the ORM is bypassed:

    - every row has the same keys: the statement is compiled once, from the first row
      (or from ``columns``);
      a column missing from the rows gets its column default (``created_at``, ``active``...),
      computed once for the whole call (every row of one load has the same stamp);
    - values are stored as given: enums as their ``.value`` strings (members work too),
      money as integer cents, dates as ``datetime.date``; model validation does not run;
    - no ids come back: give explicit ``id`` values when later rows must point at these;
    - foreign keys are checked row by row (``PRAGMA foreign_keys=ON``), so insert parents
      before children and tables in :data:`partnerdesk.core.models.ALL_TABLES` order;
    - no audit event is written: record one summary event (e.g. ``AuditAction.IMPORT``)
      for the whole load.
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    if not rows:
        return 0
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    keys = list(columns) if columns is not None else list(cast(Mapping[str, Any], rows[0]))
    as_mappings = columns is None
    defaults = _defaults_once(table, keys)
    run_chunk = (
        None
        if defaults is None
        else _positional_runner(connection, table, keys, defaults, as_mappings)
    ) or _core_runner(connection, table, defaults, keys, as_mappings)
    total = len(rows)
    for start in range(0, total, chunk_rows):
        chunk = rows[start : start + chunk_rows]
        run_chunk(chunk)
        done = start + len(chunk)
        progress.step(done, total, describe(done, total, table.name))
    return total


ChunkRunner = Callable[[Sequence[Any]], None]


def _defaults_once(table: sa.Table, keys: list[str]) -> dict[str, Any] | None:
    """The Python-side defaults of the columns the rows leave out, each computed once;
    ``None`` when one of them is computed by the database (a sequence, a SQL expression)."""
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.key in keys or default is None:
            continue
        if default.is_scalar:
            defaults[column.key] = default.arg  # type: ignore[attr-defined]
        elif default.is_callable:
            defaults[column.key] = default.arg(None)  # type: ignore[attr-defined]
        else:
            return None
    return defaults


def _core_runner(
    connection: sa.Connection,
    table: sa.Table,
    defaults: dict[str, Any] | None,
    keys: list[str],
    as_mappings: bool,
) -> ChunkRunner:
    """The portable way: one Core INSERT per chunk, SQLAlchemy binds every value."""
    statement = sa.insert(table).values(defaults) if defaults else sa.insert(table)

    def run(chunk: Sequence[Any]) -> None:
        rows = list(chunk) if as_mappings else [dict(zip(keys, row, strict=True)) for row in chunk]
        connection.execute(statement, rows)

    return run


def _positional_runner(
    connection: sa.Connection,
    table: sa.Table,
    keys: list[str],
    defaults: dict[str, Any],
    as_mappings: bool,
) -> ChunkRunner | None:
    """Tuples straight to the driver, converted as SQLAlchemy would convert them; ``None``
    for a driver that takes named parameters (psycopg)."""
    dialect = connection.dialect
    names = keys + list(defaults)
    compiled = (
        sa.insert(table)
        .values({name: sa.bindparam(name) for name in names})
        .compile(dialect=dialect)
    )
    if compiled.positiontup is None or list(compiled.positiontup) != names:
        return None
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    # Defaults are converted once: they are the same for every row.
    constants = [
        repeat(value if process is None or value is None else process(value))
        for value, process in zip(defaults.values(), processors[len(keys) :], strict=True)
    ]
    sql = compiled.string

    def run(chunk: Sequence[Any]) -> None:
        # Column by column: the loops run in C, and each distinct value is converted once.
        if as_mappings:
            columns = [list(map(operator.itemgetter(key), chunk)) for key in keys]
        else:
            columns = [list(column) for column in zip(*chunk, strict=True)]
        for index, process in enumerate(processors[: len(keys)]):
            if process is not None:
                columns[index] = _converted(columns[index], process)
        rows = list(zip(*columns, *constants, strict=False))  # constants repeat endlessly
        connection.exec_driver_sql(sql, rows)

    return run


def _converted(values: list[Any], process: Callable[[Any], Any]) -> list[Any]:
    """``values`` bound as SQLAlchemy binds them, each distinct value converted once."""
    try:
        distinct = {value: None if value is None else process(value) for value in set(values)}
    except TypeError:  # a value that cannot be hashed (a JSON document)
        return [None if value is None else process(value) for value in values]
    return list(map(distinct.__getitem__, values))
