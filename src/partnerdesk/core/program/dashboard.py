"""The figures on the Dashboard: what needs attention, the health of the funding, and the
program at a glance (or, for a program with no MOU yet, the steps to get started).

Every funding figure comes from the funding services (the mix of the year, the expected
projection, the budget so far), so the dashboard says what the Funding area explains."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.funding.diversification import current_fiscal_year, funding_mix
from partnerdesk.core.funding.scenarios import project
from partnerdesk.core.funding.totals import BudgetToDate, budget_to_date, source_infos
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
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.settings import load_settings
from partnerdesk.core.program.setup import SetupStep, getting_started

# The attention windows: overdue, then due within 7, 30 and 90 days (each includes today and
# the shorter windows, so "within 30 days" counts what is due within 7 days too).
WINDOWS: tuple[str, ...] = ("overdue", "7", "30", "90")
ATTENTION_DAYS = 90


def in_window(item: ReminderItem, window: str) -> bool:
    if window == "overdue":
        return item.days_until_due < 0
    return 0 <= item.days_until_due <= int(window)


@dataclass(frozen=True)
class FundingHealth:
    """The Monday-morning money questions, each answered by one funding service."""

    fiscal_year: int
    # Concentration of this year's received revenue (None before any money came in).
    hhi: Decimal | None
    concentration: str
    largest_source: str | None
    largest_share_pct: Decimal | None
    # The next funding cliff in the expected scenario.
    cliff_year: int | None
    cliff_sources: tuple[str, ...]
    cliff_reason: str
    # The next grant period to end, from today on.
    next_grant_end: date | None
    next_grant_sources: tuple[str, ...]
    # Revenue received this year so far against the budget due by today.
    budget: BudgetToDate


def funding_health(session: Session, today: date) -> FundingHealth:
    fiscal_year = current_fiscal_year(session, today)
    mix = funding_mix(session, fiscal_year, basis="actual")
    received_any = mix.largest is not None
    try:
        cliff = project(session, today).cliff
    except PartnerDeskError:  # a damaged stored rate: the Funding area says what is wrong
        cliff = None
    ends = [
        (info.grant_end, info.name)
        for info in source_infos(session).values()
        if info.active and info.grant_end is not None and info.grant_end >= today
    ]
    next_end = min((end for end, _name in ends), default=None)
    return FundingHealth(
        fiscal_year=fiscal_year,
        hhi=mix.hhi if received_any else None,
        concentration=mix.concentration if received_any else "",
        largest_source=mix.largest.name if mix.largest else None,
        largest_share_pct=mix.largest.share_pct if mix.largest else None,
        cliff_year=cliff.fiscal_year if cliff else None,
        cliff_sources=tuple(source.name for source in cliff.sources) if cliff else (),
        cliff_reason=cliff.reason if cliff else "",
        next_grant_end=next_end,
        next_grant_sources=tuple(sorted(name for end, name in ends if end == next_end)),
        budget=budget_to_date(session, today),
    )


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
    funding: FundingHealth | None = None
    # The first steps of a new program; the dashboard shows them while it has no MOU.
    setup: tuple[SetupStep, ...] = ()

    @property
    def getting_started(self) -> bool:
        """A program with no MOU at all (not even archived): show the first steps."""
        return not any(step.done for step in self.setup if step.key == "mou")

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
        funding=funding_health(session, today),
        setup=tuple(getting_started(session)),
    )
