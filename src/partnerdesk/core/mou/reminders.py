"""What is coming up: open reviews and the ends of agreements in force, with the lead times
at which to remind people of them.

One query (:func:`reminders`) serves the Dashboard, the ``reviews`` command and the calendar
export, so that they all count the same dates: a snoozed review counts at its snoozed date,
archived and superseded versions never count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from partnerdesk.core.models import Mou, Review
from partnerdesk.core.mou.reviews import as_date
from partnerdesk.core.mou.rules import IN_FORCE, NOT_YET_IN_FORCE, parse_reminder_days
from partnerdesk.core.mou.versions import current_versions


class ReminderKind(StrEnum):
    REVIEW = "review"
    EXPIRY = "expiry"

    @property
    def label(self) -> str:
        return "Review" if self is ReminderKind.REVIEW else "Expiry"


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """A date that needs attention: an open review or the end of an agreement in force."""

    kind: ReminderKind
    mou_id: int
    reference_code: str
    version_number: int
    title: str
    due_date: date  # for a review, snoozes applied; for an expiry, the last day in force
    days_until_due: int  # negative when overdue (review) or already expired (expiry)
    reminder_days: tuple[int, ...]
    review_id: int | None = None
    snoozed: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_until_due < 0

    def describe(self) -> str:
        days = self.days_until_due
        what = "review" if self.kind is ReminderKind.REVIEW else "expiry"
        if days < 0:
            return (
                f"{-days} day{'s' if days != -1 else ''} overdue"
                if self.kind is ReminderKind.REVIEW
                else f"expired {-days} day{'s' if days != -1 else ''} ago"
            )
        if days == 0:
            return f"{what} today"
        return f"in {days} day{'s' if days != 1 else ''}"


def reminders(session: Session, today: date, within_days: int | None = 90) -> list[ReminderItem]:
    """Open reviews and expiries of agreements in force, due on or before
    ``today + within_days`` (every one when ``within_days`` is None), overdue first."""
    limit = None if within_days is None else today + timedelta(days=within_days)
    items = _review_reminders(session, today, limit) + _expiry_reminders(session, today, limit)
    items.sort(key=lambda item: (item.due_date, item.reference_code, item.kind.value))
    return items


def _review_reminders(session: Session, today: date, limit: date | None) -> list[ReminderItem]:
    effective_due = sa.func.coalesce(Review.snoozed_until, Review.due_date)
    query = (
        sa.select(
            col(Review.id),
            col(Review.snoozed_until),
            effective_due,
            col(Mou.id),
            col(Mou.reference_code),
            col(Mou.version_number),
            col(Mou.title),
            col(Mou.reminder_days),
        )
        .join(Mou, col(Mou.id) == col(Review.mou_id))
        .where(
            col(Review.completed_date).is_(None),
            col(Mou.archived).is_(False),
            col(Mou.id).in_(current_versions()),
        )
    )
    if limit is not None:
        query = query.where(effective_due <= limit)
    items: list[ReminderItem] = []
    for (
        review_id,
        snoozed,
        due,
        mou_id,
        code,
        version,
        title,
        days,
    ) in session.execute(query):
        due_date = as_date(due)
        items.append(
            ReminderItem(
                ReminderKind.REVIEW,
                mou_id,
                code,
                version,
                title,
                due_date,
                (due_date - today).days,
                parse_reminder_days(days),
                review_id,
                snoozed is not None,
            )
        )
    return items


def _expiry_reminders(session: Session, today: date, limit: date | None) -> list[ReminderItem]:
    """The end of each agreement in force: of its current version, or, while an amendment
    is not signed yet, of the version still in force (``versions.in_force_version``)."""
    amended = aliased(Mou)
    queries = []
    for ends, joined, condition in (
        (col(Mou.expiry_date), None, col(Mou.status).in_(IN_FORCE)),
        (
            col(amended.expiry_date),
            amended,
            sa.and_(col(Mou.status).in_(NOT_YET_IN_FORCE), col(amended.status).in_(IN_FORCE)),
        ),
    ):
        query = sa.select(
            col(Mou.id),
            col(Mou.reference_code),
            col(Mou.version_number),
            col(Mou.title),
            ends,
            col(Mou.reminder_days),
        )
        if joined is not None:
            query = query.join(joined, col(joined.id) == col(Mou.supersedes_id))
        query = query.where(
            col(Mou.archived).is_(False),
            col(Mou.id).in_(current_versions()),
            condition,
            ends.is_not(None),
        )
        queries.append(query if limit is None else query.where(ends <= limit))
    items: list[ReminderItem] = []
    for mou_id, code, version, title, expiry, days in session.execute(sa.union_all(*queries)):
        expiry_date = as_date(expiry)
        items.append(
            ReminderItem(
                ReminderKind.EXPIRY,
                mou_id,
                code,
                version,
                title,
                expiry_date,
                (expiry_date - today).days,
                parse_reminder_days(days),
            )
        )
    return items


@dataclass(frozen=True, slots=True)
class UpcomingReview:
    review_id: int
    mou_id: int
    reference_code: str
    title: str
    due_date: date
    days_until: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_until < 0


def upcoming_reviews(session: Session, today: date, within_days: int) -> list[UpcomingReview]:
    """Open reviews due on or before ``today + within_days`` (overdue ones included): the
    review part of :func:`reminders`."""
    return reviews_among(reminders(session, today, within_days))


def reviews_among(items: Iterable[ReminderItem]) -> list[UpcomingReview]:
    """The reviews (not the expiries) among reminder items, in their order."""
    return [
        UpcomingReview(
            item.review_id or 0,
            item.mou_id,
            item.reference_code,
            item.title,
            item.due_date,
            item.days_until_due,
        )
        for item in items
        if item.kind is ReminderKind.REVIEW
    ]
