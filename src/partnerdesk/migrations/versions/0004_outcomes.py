"""outcomes: indicators and their versions, monthly values, unit costs, evaluations, the
indicators an MOU commits to and per-MOU launch dates

Revision ID: 0004_outcomes
Revises: 0003_deleted_records
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_outcomes"
down_revision: str | None = "0003_deleted_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("definition", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "unit",
            sa.Enum(
                "count",
                "minutes",
                "percent",
                "dollars",
                name="indicatorunit",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "better",
            sa.Enum("lower", "higher", name="direction", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "aggregation",
            sa.Enum(
                "sum", "mean", "median", "rate", name="aggregation", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("numerator_id", sa.Integer(), nullable=True),
        sa.Column("denominator_id", sa.Integer(), nullable=True),
        sa.Column(
            "data_source",
            sa.Enum(
                "dispatch",
                "police_records",
                "hospital",
                "program_records",
                "survey",
                "other",
                name="datasource",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("by_agency", sa.Boolean(), nullable=False),
        sa.Column("core", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("baseline_from", sa.Date(), nullable=True),
        sa.Column("baseline_to", sa.Date(), nullable=True),
        sa.Column(
            "target_kind",
            sa.Enum("absolute", "change", name="targetkind", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("target_milli", sa.BigInteger(), nullable=True),
        sa.Column("target_month", sa.Integer(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["denominator_id"],
            ["indicator.id"],
        ),
        sa.ForeignKeyConstraint(
            ["numerator_id"],
            ["indicator.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("value_milli", sa.BigInteger(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicator_id", "month", "agency_id"),
    )
    op.create_index(
        op.f("ix_indicator_value_agency_id"), "indicator_value", ["agency_id"], unique=False
    )
    op.create_index(
        "ix_indicator_value_covering",
        "indicator_value",
        ["indicator_id", "month", "agency_id", "value_milli"],
        unique=False,
    )
    op.create_table(
        "indicator_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("definition", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "unit",
            sa.Enum(
                "count",
                "minutes",
                "percent",
                "dollars",
                name="indicatorunit",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "aggregation",
            sa.Enum(
                "sum", "mean", "median", "rate", name="aggregation", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column(
            "data_source",
            sa.Enum(
                "dispatch",
                "police_records",
                "hospital",
                "program_records",
                "survey",
                "other",
                name="datasource",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicator_id", "version"),
    )
    op.create_index(
        op.f("ix_indicator_version_indicator_id"),
        "indicator_version",
        ["indicator_id"],
        unique=False,
    )
    op.create_table(
        "unit_cost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("per_event_milli", sa.BigInteger(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index(op.f("ix_unit_cost_indicator_id"), "unit_cost", ["indicator_id"], unique=False)
    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mou_id", sa.Integer(), nullable=True),
        sa.Column("milestone_months", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "completed",
                "cancelled",
                name="evaluationstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("completed_date", sa.Date(), nullable=True),
        sa.Column("evaluator", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("findings", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("qualitative_notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mou_id"],
            ["mou.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_evaluation_due_date"), "evaluation", ["due_date"], unique=False)
    op.create_index(op.f("ix_evaluation_mou_id"), "evaluation", ["mou_id"], unique=False)
    op.create_table(
        "mou_indicator",
        sa.Column("mou_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mou_id"],
            ["mou.id"],
        ),
        sa.PrimaryKeyConstraint("mou_id", "indicator_id"),
    )
    op.create_index(
        op.f("ix_mou_indicator_indicator_id"), "mou_indicator", ["indicator_id"], unique=False
    )
    op.create_table(
        "mou_launch",
        sa.Column("mou_id", sa.Integer(), nullable=False),
        sa.Column("launch_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mou_id"],
            ["mou.id"],
        ),
        sa.PrimaryKeyConstraint("mou_id"),
    )


def downgrade() -> None:
    op.drop_table("mou_launch")
    op.drop_index(op.f("ix_mou_indicator_indicator_id"), table_name="mou_indicator")
    op.drop_table("mou_indicator")
    op.drop_index(op.f("ix_evaluation_mou_id"), table_name="evaluation")
    op.drop_index(op.f("ix_evaluation_due_date"), table_name="evaluation")
    op.drop_table("evaluation")
    op.drop_index(op.f("ix_unit_cost_indicator_id"), table_name="unit_cost")
    op.drop_table("unit_cost")
    op.drop_index(op.f("ix_indicator_version_indicator_id"), table_name="indicator_version")
    op.drop_table("indicator_version")
    op.drop_index("ix_indicator_value_covering", table_name="indicator_value")
    op.drop_index(op.f("ix_indicator_value_agency_id"), table_name="indicator_value")
    op.drop_table("indicator_value")
    op.drop_table("indicator")
