"""Tables of the money: funding sources, the ledger, program costs, saved scenarios."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from partnerdesk.core.models.directory import NOTES_CHARS
from partnerdesk.core.platform.schema import (
    LabelledEnum,
    enum_type,
    timestamp_field,
    version_column,
)
from partnerdesk.core.platform.text_limits import limited_text


class FundingSourceKind(LabelledEnum):
    MUNICIPAL_BUDGET = "municipal_budget"
    HEALTHCARE_PARTNERSHIP = "healthcare_partnership"
    COMMUNITY_FOUNDATION = "community_foundation"
    STATE_GRANT = "state_grant"
    FEDERAL_GRANT = "federal_grant"
    INSURANCE_MEDICAID = "insurance_medicaid"
    DONATION = "donation"
    OTHER = "other"


GRANT_KINDS: tuple[FundingSourceKind, ...] = (
    FundingSourceKind.STATE_GRANT,
    FundingSourceKind.FEDERAL_GRANT,
)


class LedgerEntryType(LabelledEnum):
    BUDGETED = "budgeted"
    RECEIVED = "received"
    ADJUSTMENT = "adjustment"


class CostCategory(LabelledEnum):
    PERSONNEL = "personnel"
    TRAINING = "training"
    VEHICLES = "vehicles"
    TECHNOLOGY = "technology"
    EVALUATION = "evaluation"
    OVERHEAD = "overhead"
    OTHER = "other"


# A ledger line's memo and a cost line's description: a line of text, as in a spreadsheet.
MEMO_CHARS = 500

_FUNDING_SOURCE_VERSION = version_column()


class FundingSource(SQLModel, table=True):
    __tablename__ = "funding_source"
    __mapper_args__ = {"version_id_col": _FUNDING_SOURCE_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    funder_organization_id: int | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    kind: FundingSourceKind = Field(sa_type=enum_type(FundingSourceKind))
    restricted: bool = False
    grant_start: date | None = None
    grant_end: date | None = None
    # Whole percent, 0..100: the chance a grant is renewed after grant_end.
    renewal_probability_pct: int = 100
    # Expected annual growth in basis points (may be negative): 250 = +2.5 % a year.
    annual_growth_bp: int = 0
    notes: str | None = limited_text(NOTES_CHARS)
    active: bool = True
    row_version: int = Field(default=1, sa_column=_FUNDING_SOURCE_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class FundingSourceMou(SQLModel, table=True):
    __tablename__ = "funding_source_mou"

    funding_source_id: int = Field(foreign_key="funding_source.id", primary_key=True)
    mou_id: int = Field(foreign_key="mou.id", primary_key=True, index=True)


_LEDGER_ENTRY_VERSION = version_column()


class LedgerEntry(SQLModel, table=True):
    __tablename__ = "ledger_entry"
    __table_args__ = (
        # Sums per source and period read from the index alone (the match of every grant
        # over a 200,000-line ledger: funding/grant_terms.py).
        sa.Index(
            "ix_ledger_entry_source_sums",
            "funding_source_id",
            "entry_date",
            "entry_type",
            "amount_cents",
            "match_for_source_id",
        ),
        # The date index holds what the fiscal-year sums read (type, source, amount): they
        # are answered from the index alone, without visiting the table (migration 0008).
        sa.Index(
            "ix_ledger_entry_date_covering",
            "entry_date",
            "entry_type",
            "funding_source_id",
            "amount_cents",
        ),
    )
    __mapper_args__ = {"version_id_col": _LEDGER_ENTRY_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    entry_date: date
    funding_source_id: int = Field(foreign_key="funding_source.id", index=True)
    entry_type: LedgerEntryType = Field(sa_type=enum_type(LedgerEntryType))
    amount_cents: int = Field(sa_type=sa.BigInteger)
    memo: str | None = limited_text(MEMO_CHARS)
    mou_id: int | None = Field(default=None, foreign_key="mou.id", index=True)
    # The grant whose local match this money counts towards (see funding/grant_terms.py).
    match_for_source_id: int | None = Field(
        default=None, foreign_key="funding_source.id", index=True
    )
    row_version: int = Field(default=1, sa_column=_LEDGER_ENTRY_VERSION)
    created_at: datetime = timestamp_field()


_PROGRAM_COST_VERSION = version_column()


class ProgramCost(SQLModel, table=True):
    __tablename__ = "program_cost"
    __mapper_args__ = {"version_id_col": _PROGRAM_COST_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    fiscal_year: int = Field(index=True)
    category: CostCategory = Field(sa_type=enum_type(CostCategory))
    amount_cents: int = Field(sa_type=sa.BigInteger)
    description: str | None = limited_text(MEMO_CHARS)
    row_version: int = Field(default=1, sa_column=_PROGRAM_COST_VERSION)
    created_at: datetime = timestamp_field()


_PROJECTION_SCENARIO_VERSION = version_column()


class ProjectionScenario(SQLModel, table=True):
    """A named set of projection assumptions the committee saved (JSON text)."""

    __tablename__ = "projection_scenario"
    __mapper_args__ = {"version_id_col": _PROJECTION_SCENARIO_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    assumptions_json: str = "{}"
    row_version: int = Field(default=1, sa_column=_PROJECTION_SCENARIO_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
