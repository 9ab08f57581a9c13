"""deleted records: every deletion kept so that it can be undone (platform/trash.py)

Revision ID: 0003_deleted_records
Revises: 0002_calendar_events
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_deleted_records"
down_revision: str | None = "0002_calendar_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deleted_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("os_user", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("db_user", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("rows_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("deleted_record")
