"""Annual reviews: what is overdue or coming up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.models import Mou, Review
from partnerdesk.core.services.mous import current_versions


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
    """Open reviews due on or before ``today + within_days`` (overdue ones included)."""
    effective_due = sa.func.coalesce(Review.snoozed_until, Review.due_date)
    statement = (
        sa.select(
            col(Review.id), col(Mou.id), col(Mou.reference_code), col(Mou.title), effective_due
        )
        .join(Mou, col(Mou.id) == col(Review.mou_id))
        .where(
            col(Review.completed_date).is_(None),
            col(Mou.archived).is_(False),
            col(Mou.id).in_(current_versions()),
            effective_due <= today + timedelta(days=within_days),
        )
        .order_by(effective_due)
    )
    rows: list[UpcomingReview] = []
    for review_id, mou_id, code, title, due in session.execute(statement):
        due_date = due if isinstance(due, date) else date.fromisoformat(str(due))
        rows.append(
            UpcomingReview(review_id, mou_id, code, title, due_date, (due_date - today).days)
        )
    return rows
