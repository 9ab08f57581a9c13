"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from partnerdesk.core.models import ALL_TABLES
from partnerdesk.core.platform.database_files import MIGRATIONS_DIR
from partnerdesk.core.platform.db import (
    SCHEMA_HEAD,
    Database,
    DatabaseLocation,
    open_database,
)


def _script() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_schema_head_constant_is_the_newest_migration() -> None:
    assert _script().get_current_head() == SCHEMA_HEAD


def test_migrations_have_a_single_head() -> None:
    assert len(_script().get_heads()) == 1


def test_every_model_table_is_counted_and_created(database: Database) -> None:
    created = set(sa.inspect(database.engine).get_table_names()) - {"alembic_version"}
    assert created == {model.__table__.name for model in ALL_TABLES}  # type: ignore[attr-defined]
    assert created == set(SQLModel.metadata.tables)


def test_new_database_records_the_head_revision(tmp_path: Path) -> None:
    database = open_database(DatabaseLocation.for_path(tmp_path / "fresh.sqlite3"))
    try:
        assert database.schema_revision() == SCHEMA_HEAD
    finally:
        database.close()
