"""joint training: roles, responders (contacts), courses, requirements, sessions, attendance

Revision ID: 0005_training
Revises: 0002_calendar_events
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_training"
down_revision: str | None = "0004_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _bookkeeping() -> list[sa.Column[object]]:
    """row_version, created_at, updated_at: what every record users edit carries."""
    return [
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "training_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _text(120), nullable=False),
        sa.Column("hours_hundredths", sa.Integer(), nullable=False),
        sa.Column("description", _text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "training_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _text(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "training_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("hours_hundredths", sa.Integer(), nullable=False),
        sa.Column("due_within_days", sa.Integer(), nullable=False),
        sa.Column("recurrence_months", sa.Integer(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(["course_id"], ["training_course.id"]),
        sa.ForeignKeyConstraint(["role_id"], ["training_role.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("role_id", "course_id"),
    )
    _indexes("training_requirement", "course_id", "role_id")
    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("hours_hundredths", sa.Integer(), nullable=False),
        sa.Column("place", _text(200), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("notes", _text(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(["course_id"], ["training_course.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("training_session", "course_id", "start_date")
    op.create_table(
        "responder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("left_date", sa.Date(), nullable=True),
        sa.Column("notes", _text(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contact_id"),
    )
    op.create_table(
        "training_session_trainer",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["training_session.id"]),
        sa.PrimaryKeyConstraint("session_id", "contact_id"),
    )
    _indexes("training_session_trainer", "contact_id")
    op.create_table(
        "responder_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("responder_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["responder_id"], ["responder.id"]),
        sa.ForeignKeyConstraint(["role_id"], ["training_role.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("responder_id", "start_date"),
    )
    _indexes("responder_role", "responder_id", "role_id")
    op.create_table(
        "training_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("responder_id", sa.Integer(), nullable=False),
        sa.Column("hours_hundredths", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["responder_id"], ["responder.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["training_session.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "responder_id"),
    )
    _indexes("training_attendance", "responder_id", "session_id")


def downgrade() -> None:
    for table in (
        "training_attendance",
        "responder_role",
        "training_session_trainer",
        "responder",
        "training_session",
        "training_requirement",
        "training_role",
        "training_course",
    ):
        op.drop_table(table)
