"""grants: grant terms and match sources, obligation rules and their items, the pipeline
of prospective funding, and ledger entries marked as a grant's match

Revision ID: 0006_grants
Revises: 0002_calendar_events
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_grants"
down_revision: str | None = "0005_training"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEDGER_MATCH_FK = "fk_ledger_entry_match_for_source_id_funding_source"


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=40)


def _text(length: int | None = None) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _bookkeeping() -> list[sa.Column[object]]:
    return [
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "grant_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funding_source_id", sa.Integer(), nullable=False),
        sa.Column("match_share_bp", sa.Integer(), nullable=True),
        sa.Column("match_amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("reminder_days", _text(60), nullable=False),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(["funding_source_id"], ["funding_source.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("funding_source_id"),
    )
    op.create_table(
        "grant_match_source",
        sa.Column("grant_source_id", sa.Integer(), nullable=False),
        sa.Column("match_source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["grant_source_id"], ["funding_source.id"]),
        sa.ForeignKeyConstraint(["match_source_id"], ["funding_source.id"]),
        sa.PrimaryKeyConstraint("grant_source_id", "match_source_id"),
    )
    with op.batch_alter_table("grant_match_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grant_match_source_match_source_id"), ["match_source_id"], unique=False
        )

    op.create_table(
        "obligation_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funding_source_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "progress_report",
                "financial_report",
                "final_report",
                "renewal_application",
                "audit",
                "other",
                name="obligationkind",
            ),
            nullable=False,
        ),
        sa.Column("title", _text(200), nullable=False),
        sa.Column(
            "schedule",
            _enum("once", "each_period", "grant_end", name="obligationschedule"),
            nullable=False,
        ),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("period_months", sa.Integer(), nullable=False),
        sa.Column(
            "alignment",
            _enum("grant", "calendar", "fiscal", name="periodalignment"),
            nullable=False,
        ),
        sa.Column("offset_months", sa.Integer(), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("owner_contact_id", sa.Integer(), nullable=True),
        sa.Column("notes", _text(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(["funding_source_id"], ["funding_source.id"]),
        sa.ForeignKeyConstraint(["owner_contact_id"], ["contact.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("obligation_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_obligation_rule_funding_source_id"), ["funding_source_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_obligation_rule_owner_contact_id"), ["owner_contact_id"], unique=False
        )

    op.create_table(
        "obligation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            _enum("upcoming", "submitted", "accepted", name="obligationstatus"),
            nullable=False,
        ),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("notes", _text(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(["rule_id"], ["obligation_rule.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule_id", "sequence"),
    )
    with op.batch_alter_table("obligation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_obligation_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_obligation_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "funding_prospect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _text(200), nullable=False),
        sa.Column("funder_organization_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            _enum(
                "municipal_budget",
                "healthcare_partnership",
                "community_foundation",
                "state_grant",
                "federal_grant",
                "insurance_medicaid",
                "donation",
                "other",
                name="fundingsourcekind",
            ),
            nullable=False,
        ),
        sa.Column(
            "stage",
            _enum(
                "identified", "drafting", "submitted", "awarded", "declined", name="prospectstage"
            ),
            nullable=False,
        ),
        sa.Column("amount_requested_cents", sa.BigInteger(), nullable=False),
        sa.Column("amount_awarded_cents", sa.BigInteger(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("probability_pct", sa.Integer(), nullable=False),
        sa.Column("owner_contact_id", sa.Integer(), nullable=True),
        sa.Column("notes", _text(), nullable=True),
        sa.Column("funding_source_id", sa.Integer(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(["funder_organization_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["funding_source_id"], ["funding_source.id"]),
        sa.ForeignKeyConstraint(["owner_contact_id"], ["contact.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("funding_source_id"),
    )
    with op.batch_alter_table("funding_prospect", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_prospect_funder_organization_id"),
            ["funder_organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_funding_prospect_owner_contact_id"), ["owner_contact_id"], unique=False
        )

    # SQLite rebuilds the ledger table here (batch mode), keeping every row.
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("match_for_source_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_ledger_entry_match_for_source_id"), ["match_for_source_id"], unique=False
        )
        batch_op.create_foreign_key(
            _LEDGER_MATCH_FK, "funding_source", ["match_for_source_id"], ["id"]
        )
        batch_op.create_index(
            "ix_ledger_entry_source_sums",
            [
                "funding_source_id",
                "entry_date",
                "entry_type",
                "amount_cents",
                "match_for_source_id",
            ],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entry_source_sums")
        batch_op.drop_constraint(_LEDGER_MATCH_FK, type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_ledger_entry_match_for_source_id"))
        batch_op.drop_column("match_for_source_id")
    for table, indexes in (
        ("funding_prospect", ("funder_organization_id", "owner_contact_id")),
        ("obligation", ("due_date", "rule_id")),
        ("obligation_rule", ("funding_source_id", "owner_contact_id")),
        ("grant_match_source", ("match_source_id",)),
        ("grant_terms", ()),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
