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


def test_a_database_from_before_the_grants_upgrades_keeping_its_ledger(tmp_path: Path) -> None:
    """0002 -> 0006_grants rebuilds the ledger table on SQLite (batch mode) for the match
    column: every line, its version and its links survive, and the file is backed up."""
    from alembic import command
    from alembic.config import Config

    path = tmp_path / "old.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_calendar_events")
        connection.execute(
            sa.text(
                "INSERT INTO funding_source (id, name, kind, restricted, renewal_probability_pct,"
                " annual_growth_bp, active, row_version, created_at, updated_at) VALUES "
                "(1, 'City', 'municipal_budget', 0, 100, 0, 1, 1, '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO ledger_entry (id, entry_date, funding_source_id, entry_type,"
                " amount_cents, memo, row_version, created_at) VALUES "
                "(7, '2026-02-01', 1, 'received', 1234, 'kept', 3, '2026-02-01')"
            )
        )
    engine.dispose()
    database = open_database(DatabaseLocation.for_path(path))
    try:
        assert database.schema_revision() == SCHEMA_HEAD
        with database.engine.connect() as connection:
            row = connection.execute(
                sa.text(
                    "SELECT id, amount_cents, memo, row_version, match_for_source_id "
                    "FROM ledger_entry"
                )
            ).one()
        assert tuple(row) == (7, 1234, "kept", 3, None)
    finally:
        database.close()
    assert any("before-upgrade-from-0002" in p.name for p in (tmp_path / "backups").iterdir())
