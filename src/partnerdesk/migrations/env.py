"""Alembic environment. PartnerDesk runs migrations itself (see ``core.db.upgrade_to_head``),
handing over an open connection in ``config.attributes['connection']``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import partnerdesk.core.models  # noqa: F401  (registers every table on the metadata)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("PartnerDesk migrations run through partnerdesk.core.platform.db")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
