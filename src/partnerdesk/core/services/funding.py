"""The funding ledger: sources and entries, as lists (analysis lives in its own modules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    FundingSource,
    FundingSourceKind,
    LedgerEntry,
    LedgerEntryType,
    Organization,
)
from partnerdesk.core.money import from_cents


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    name: str
    kind: FundingSourceKind
    funder: str
    restricted: bool
    grant_end: date | None
    renewal_probability_pct: int
    received: Decimal
    budgeted: Decimal


@dataclass(frozen=True, slots=True)
class LedgerRow:
    id: int
    entry_date: date
    source: str
    entry_type: LedgerEntryType
    amount: Decimal
    memo: str


def list_sources(session: Session) -> list[SourceRow]:
    def total(entry_type: LedgerEntryType) -> sa.Subquery:
        return (
            select(LedgerEntry.funding_source_id, sa.func.sum(LedgerEntry.amount_cents).label("c"))
            .where(LedgerEntry.entry_type == entry_type)
            .group_by(col(LedgerEntry.funding_source_id))
            .subquery()
        )

    received, budgeted = total(LedgerEntryType.RECEIVED), total(LedgerEntryType.BUDGETED)
    statement = (
        select(FundingSource, Organization.name, received.c.c, budgeted.c.c)
        .outerjoin(Organization, col(Organization.id) == col(FundingSource.funder_organization_id))
        .outerjoin(received, received.c.funding_source_id == FundingSource.id)
        .outerjoin(budgeted, budgeted.c.funding_source_id == FundingSource.id)
        .order_by(col(FundingSource.name))
    )
    rows: list[SourceRow] = []
    for source, funder, received_cents, budgeted_cents in session.exec(statement):
        assert source.id is not None
        rows.append(
            SourceRow(
                id=source.id,
                name=source.name,
                kind=source.kind,
                funder=funder or "",
                restricted=source.restricted,
                grant_end=source.grant_end,
                renewal_probability_pct=source.renewal_probability_pct,
                received=from_cents(int(received_cents or 0)),
                budgeted=from_cents(int(budgeted_cents or 0)),
            )
        )
    return rows


def list_ledger(session: Session) -> list[LedgerRow]:
    statement = (
        sa.select(
            col(LedgerEntry.id),
            col(LedgerEntry.entry_date),
            col(FundingSource.name),
            col(LedgerEntry.entry_type),
            col(LedgerEntry.amount_cents),
            col(LedgerEntry.memo),
        )
        .join(FundingSource, col(FundingSource.id) == col(LedgerEntry.funding_source_id))
        .order_by(col(LedgerEntry.entry_date).desc(), col(LedgerEntry.id).desc())
    )
    return [
        LedgerRow(entry_id, day, source, entry_type, from_cents(cents), memo or "")
        for entry_id, day, source, entry_type, cents, memo in session.execute(statement)
    ]
