"""The figures on the Dashboard: what needs attention and the program at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    Contact,
    FundingSource,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    MouStatus,
)
from partnerdesk.core.mou.reminders import (
    ReminderItem,
    ReminderKind,
    UpcomingReview,
    reminders,
    reviews_among,
)
from partnerdesk.core.mou.versions import current_versions
from partnerdesk.core.platform.dates import fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.settings import load_settings

# The attention windows: overdue, then due within 7, 30 and 90 days (each includes today and
# the shorter windows, so "within 30 days" counts what is due within 7 days too).
WINDOWS: tuple[str, ...] = ("overdue", "7", "30", "90")
ATTENTION_DAYS = 90


def in_window(item: ReminderItem, window: str) -> bool:
    if window == "overdue":
        return item.days_until_due < 0
    return 0 <= item.days_until_due <= int(window)


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
    expired_in_force: int = 0  # past their expiry date but still recorded as in force
    expiring_7: int = 0
    expiring_30: int = 0
    # Reviews and expiries overdue or due within 90 days, soonest first.
    attention: tuple[ReminderItem, ...] = ()

    def count(self, kind: ReminderKind, window: str) -> int:
        return sum(1 for item in self.attention if item.kind is kind and in_window(item, window))

    def items(self, kind: ReminderKind | None, window: str | None) -> list[ReminderItem]:
        return [
            item
            for item in self.attention
            if (kind is None or item.kind is kind) and (window is None or in_window(item, window))
        ]


def _count(session: Session, statement: sa.Select[Any]) -> int:
    return int(session.execute(statement).scalar_one())


def dashboard_summary(session: Session, today: date) -> DashboardSummary:
    settings = load_settings(session)
    attention = tuple(reminders(session, today, ATTENTION_DAYS))
    upcoming = reviews_among(attention)
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

    def count(kind: ReminderKind, window: str) -> int:
        return sum(1 for item in attention if item.kind is kind and in_window(item, window))

    review, expiry = ReminderKind.REVIEW, ReminderKind.EXPIRY
    return DashboardSummary(
        today=today,
        program_name=settings.program_name,
        # "Active" as a user sees it: in force and not past its expiry date.
        active_mous=_count(
            session,
            sa.select(sa.func.count(col(Mou.id))).where(
                *live,
                col(Mou.status) == MouStatus.ACTIVE,
                sa.or_(col(Mou.expiry_date).is_(None), col(Mou.expiry_date) >= today),
            ),
        ),
        total_mous=_count(session, sa.select(sa.func.count(col(Mou.id))).where(*live)),
        reviews_overdue=count(review, "overdue"),
        reviews_due_7=count(review, "7"),
        reviews_due_30=count(review, "30"),
        reviews_due_90=count(review, "90"),
        expiring_90=count(expiry, "90"),
        funding_sources=_count(session, sa.select(sa.func.count(col(FundingSource.id)))),
        contacts=_count(session, sa.select(sa.func.count(col(Contact.id)))),
        fiscal_year=fiscal_year,
        received_this_fiscal_year=from_cents(int(received_cents)),
        upcoming=upcoming,
        expired_in_force=count(expiry, "overdue"),
        expiring_7=count(expiry, "7"),
        expiring_30=count(expiry, "30"),
        attention=attention,
    )
