"""The figures on the Dashboard: what needs attention and the program at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.dates import fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.models import (
    Contact,
    FundingSource,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    MouStatus,
)
from partnerdesk.core.money import from_cents
from partnerdesk.core.services.mous import current_versions
from partnerdesk.core.services.reviews import UpcomingReview, upcoming_reviews
from partnerdesk.core.services.settings import load_settings


@dataclass(frozen=True)
class DashboardSummary:
    today: date
    program_name: str
    active_mous: int
    total_mous: int
    reviews_overdue: int
    reviews_due_7: int
    reviews_due_30: int
    reviews_due_90: int
    expiring_90: int
    funding_sources: int
    contacts: int
    fiscal_year: int
    received_this_fiscal_year: Decimal
    upcoming: list[UpcomingReview]


def _count(session: Session, statement: sa.Select[Any]) -> int:
    return int(session.execute(statement).scalar_one())


def dashboard_summary(session: Session, today: date) -> DashboardSummary:
    settings = load_settings(session)
    upcoming = upcoming_reviews(session, today, within_days=90)
    current = col(Mou.id).in_(current_versions())
    live = (current, col(Mou.archived).is_(False))
    fiscal_year = fiscal_year_of(today, settings.fiscal_year_start_month)
    first, last = fiscal_year_bounds(fiscal_year, settings.fiscal_year_start_month)
    received_cents = session.exec(
        select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.entry_type == LedgerEntryType.RECEIVED,
            col(LedgerEntry.entry_date).between(first, last),
        )
    ).one()
    return DashboardSummary(
        today=today,
        program_name=settings.program_name,
        active_mous=_count(
            session,
            sa.select(sa.func.count(col(Mou.id))).where(*live, col(Mou.status) == MouStatus.ACTIVE),
        ),
        total_mous=_count(session, sa.select(sa.func.count(col(Mou.id))).where(*live)),
        reviews_overdue=sum(1 for r in upcoming if r.days_until < 0),
        reviews_due_7=sum(1 for r in upcoming if 0 <= r.days_until <= 7),
        reviews_due_30=sum(1 for r in upcoming if 0 <= r.days_until <= 30),
        reviews_due_90=sum(1 for r in upcoming if 0 <= r.days_until <= 90),
        expiring_90=_count(
            session,
            sa.select(sa.func.count(col(Mou.id))).where(
                *live,
                col(Mou.expiry_date).between(today, today + timedelta(days=90)),
            ),
        ),
        funding_sources=_count(session, sa.select(sa.func.count(col(FundingSource.id)))),
        contacts=_count(session, sa.select(sa.func.count(col(Contact.id)))),
        fiscal_year=fiscal_year,
        received_this_fiscal_year=from_cents(int(received_cents)),
        upcoming=upcoming,
    )
