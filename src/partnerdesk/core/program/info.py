"""What `partnerdesk info` and the About box say about an open database."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from partnerdesk.core.models import ALL_TABLES
from partnerdesk.core.platform.db import Database


@dataclass(frozen=True)
class DatabaseInfo:
    location: str
    backend: str
    schema_revision: str | None
    counts: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "location": self.location,
            "backend": self.backend,
            "schema_revision": self.schema_revision,
            "counts": self.counts,
        }


def table_counts(database: Database) -> dict[str, int]:
    counts: dict[str, int] = {}
    with database.engine.connect() as connection:
        for model in ALL_TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            counts[table.name] = int(
                connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            )
    return counts


def database_info(database: Database) -> DatabaseInfo:
    return DatabaseInfo(
        location=database.location.describe(),
        backend=database.engine.dialect.name,
        schema_revision=database.schema_revision(),
        counts=table_counts(database),
    )
