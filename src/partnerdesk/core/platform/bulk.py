"""Loading many rows at once: imports, copies between databases, generated programs.

Adding one model object per row and flushing costs an object, identity-map bookkeeping
and a statement per row; for tens of thousands of rows a single Core ``INSERT`` run with
a list of parameter dicts (one ``executemany`` per chunk) is many times faster and stays
within a few times the speed of raw ``sqlite3`` (see ``make bench``, storage.bulk_insert).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from partnerdesk.core.platform.progress import NO_PROGRESS, Progress

DEFAULT_CHUNK_ROWS = 10_000


def insert_rows(
    session: Session,
    model: type[SQLModel],
    rows: Sequence[Mapping[str, Any]],
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Insert ``rows`` (column name -> value) into ``model``'s table; return how many.

    Runs inside the caller's transaction (use ``Database.transaction()``): nothing is
    committed here, and an error or a cancel through ``progress`` rolls back every row.

    What the caller must know, because the ORM is bypassed:

    - every row has the same keys: the statement is compiled once, from the first row;
      a column missing from the rows gets its column default (``created_at``, ``active``...);
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
    statement = sa.insert(table)
    total = len(rows)
    for start in range(0, total, chunk_rows):
        chunk = rows[start : start + chunk_rows]
        session.exec(statement, params=chunk)
        progress.step(start + len(chunk), total, f"Inserting into {table.name}…")
    return total
