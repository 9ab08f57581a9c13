"""Periodic reviews: when the next one is due, recording it, snoozing it, what is coming up.

The ``review`` table holds every completed review and, for each agreement in force, exactly
one open (scheduled) review whose ``completed_date`` is empty. The open review's due date is
always :func:`next_review_due_date` of the MOU: the last completed review of the agreement
(any version) plus the review interval, or the effective date plus the interval when no
review was ever completed. :func:`sync_open_review` keeps it so after every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    AuditAction,
    Contact,
    Mou,
    MouStatus,
    Review,
    ReviewOutcome,
)
from partnerdesk.core.mou.register import (
    IN_FORCE,
    current_versions,
    mou_marker,
    parse_reminder_days,
    version_chain,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.errors import (
    ConflictError,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.core.platform.schema import ChangeKind


def next_review_due_date(
    effective_date: date | None, interval_months: int, last_completed: date | None
) -> date | None:
    """The last completed review (or, before the first one, the effective date) plus the
    interval; ``None`` when the agreement has no effective date yet."""
    base = last_completed if last_completed is not None else effective_date
    if base is None:
        return None
    return add_months(base, interval_months)


def _label(mou: Mou) -> str:
    return f"{mou.reference_code} v{mou.version_number}"


def last_completed_review(session: Session, mou_id: int) -> date | None:
    """The latest completion date over every version of the agreement."""
    chain = [m.id for m in version_chain(session, mou_id)]
    value = session.execute(
        sa.select(sa.func.max(Review.completed_date)).where(col(Review.mou_id).in_(chain))
    ).scalar()
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def open_review(session: Session, mou_id: int) -> Review | None:
    return session.exec(
        select(Review)
        .where(Review.mou_id == mou_id, col(Review.completed_date).is_(None))
        .order_by(col(Review.due_date))
    ).first()


def _is_current(session: Session, mou: Mou) -> bool:
    return session.exec(select(Mou.id).where(Mou.supersedes_id == mou.id)).first() is None


def sync_open_review(session: Session, mou: Mou) -> Review | None:
    """Make the MOU's open review match its dates, interval and status (auditing changes).

    An agreement in force has exactly one open review; any other has none. A snooze survives
    a change of due date only while it still postpones the review.
    """
    assert mou.id is not None
    marker = mou_marker(mou.id)
    should_exist = mou.status in IN_FORCE and _is_current(session, mou)
    due = (
        next_review_due_date(
            mou.effective_date, mou.review_interval_months, last_completed_review(session, mou.id)
        )
        if should_exist
        else None
    )
    rows = list(
        session.exec(
            select(Review)
            .where(Review.mou_id == mou.id, col(Review.completed_date).is_(None))
            .order_by(col(Review.due_date), col(Review.id))
        )
    )
    keep = rows[0] if rows and due is not None else None
    for extra in rows[1:] if keep is not None else rows:
        audit.record(
            session,
            ChangeKind.REVIEW,
            extra.id,
            AuditAction.DELETE,
            f"{marker} scheduled review of {_label(mou)} withdrawn ({mou.status.label.lower()})",
            {"due_date": (extra.due_date, None), "snoozed_until": (extra.snoozed_until, None)},
        )
        session.delete(extra)
    if due is None:
        session.flush()
        return None
    if keep is None:
        keep = Review(mou_id=mou.id, due_date=due)
        session.add(keep)
        session.flush()
        audit.record(
            session,
            ChangeKind.REVIEW,
            keep.id,
            AuditAction.CREATE,
            f"{marker} review of {_label(mou)} scheduled",
            {"due_date": (None, due)},
        )
        return keep
    changes: dict[str, tuple[Any, Any]] = {}
    if keep.due_date != due:
        changes["due_date"] = (keep.due_date, due)
        keep.due_date = due
    if keep.snoozed_until is not None and keep.snoozed_until <= due:
        changes["snoozed_until"] = (keep.snoozed_until, None)
        changes["snooze_reason"] = (keep.snooze_reason, None)
        keep.snoozed_until = None
        keep.snooze_reason = None
    if changes:
        keep.row_version += 1
        session.add(keep)
        audit.record(
            session,
            ChangeKind.REVIEW,
            keep.id,
            AuditAction.UPDATE,
            f"{marker} review of {_label(mou)} rescheduled",
            changes,
        )
    session.flush()
    return keep


def _current_mou(session: Session, mou_id: int) -> Mou:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"there is no MOU #{mou_id}")
    if not _is_current(session, mou):
        raise ConflictError(
            f"{_label(mou)} was superseded by a later version; record reviews on the "
            "current version"
        )
    return mou


def complete_review(
    session: Session,
    mou_id: int,
    *,
    completed_date: date,
    outcome: ReviewOutcome,
    today: date,
    reviewer: str = "",
    reviewer_contact_id: int | None = None,
    notes: str = "",
    seen_version: int | None = None,
) -> Review:
    """Record the review of an agreement in force and schedule the next one.

    Outcome "terminated" ends the agreement (status terminated, no next review); the other
    outcomes leave it active, and "amended" is followed by an amendment in the editor.
    """
    mou = _current_mou(session, mou_id)
    assert mou.id is not None
    if mou.status not in IN_FORCE:
        raise ConflictError(
            f"{_label(mou)} is {mou.status.label.lower()}; only an agreement in force "
            "(active or under review) is reviewed"
        )
    if completed_date > today:
        raise ValidationError(
            f"the review cannot be completed on {completed_date:%d %b %Y}: that is in the future",
            field="completed_date",
        )
    if mou.effective_date is not None and completed_date < mou.effective_date:
        raise ValidationError(
            f"the review date {completed_date:%d %b %Y} is before the agreement took effect "
            f"({mou.effective_date:%d %b %Y})",
            field="completed_date",
        )
    last = last_completed_review(session, mou.id)
    if last is not None and completed_date < last:
        raise ValidationError(
            f"a later review was already recorded on {last:%d %b %Y}; "
            f"{completed_date:%d %b %Y} cannot come after it",
            field="completed_date",
        )
    if reviewer_contact_id is not None:
        contact = session.get(Contact, reviewer_contact_id)
        if contact is None:
            raise ValidationError("the reviewer no longer exists in the contacts", "reviewer")
        reviewer = reviewer or contact.full_name
    reviewer = " ".join(reviewer.split())
    if len(reviewer) > 200:
        raise ValidationError("the reviewer's name is longer than 200 characters", "reviewer")
    review = open_review(session, mou.id)
    if review is not None and seen_version is not None and review.row_version != seen_version:
        raise StaleRecordError(f"the review of {_label(mou)}", "review", review.id)
    before: dict[str, Any] = {}
    if review is None:
        due = (
            next_review_due_date(mou.effective_date, mou.review_interval_months, last)
            or completed_date
        )
        review = Review(mou_id=mou.id, due_date=due)
    else:
        before = _review_snapshot(review)
    review.completed_date = completed_date
    review.outcome = outcome
    review.reviewer = reviewer or None
    review.reviewer_contact_id = reviewer_contact_id
    review.notes = notes.strip() or None
    review.row_version += 1 if before else 0
    session.add(review)
    session.flush()
    audit.record(
        session,
        ChangeKind.REVIEW,
        review.id,
        AuditAction.UPDATE if before else AuditAction.CREATE,
        f"{mou_marker(mou.id)} review of {_label(mou)} completed: {outcome.label.lower()}",
        audit.diff(before, _review_snapshot(review)),
    )
    new_status = MouStatus.TERMINATED if outcome == ReviewOutcome.TERMINATED else MouStatus.ACTIVE
    if mou.status != new_status:
        audit.record(
            session,
            ChangeKind.MOU,
            mou.id,
            AuditAction.UPDATE,
            f"{_label(mou)} after its review",
            {"status": (mou.status, new_status)},
        )
        mou.status = new_status
        mou.row_version += 1
        session.add(mou)
        session.flush()
    sync_open_review(session, mou)
    return review


def _review_snapshot(review: Review) -> dict[str, Any]:
    return {
        "due_date": review.due_date,
        "snoozed_until": review.snoozed_until,
        "snooze_reason": review.snooze_reason,
        "completed_date": review.completed_date,
        "outcome": review.outcome,
        "reviewer": review.reviewer,
        "notes": review.notes,
    }


def snooze_review(
    session: Session,
    mou_id: int,
    *,
    until: date,
    reason: str,
    today: date,
    seen_version: int | None = None,
) -> Review:
    """Postpone the open review to ``until`` (later than its due date and today), saying why."""
    mou = _current_mou(session, mou_id)
    assert mou.id is not None
    review = open_review(session, mou.id)
    if review is None:
        raise ConflictError(f"{_label(mou)} has no scheduled review to snooze")
    if seen_version is not None and review.row_version != seen_version:
        raise StaleRecordError(f"the review of {_label(mou)}", "review", review.id)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("say why the review is postponed", field="snooze_reason")
    if until <= review.due_date:
        raise ValidationError(
            f"snooze to a date after the due date {review.due_date:%d %b %Y}",
            field="snoozed_until",
        )
    if until <= today:
        raise ValidationError(
            f"snooze to a date after today ({today:%d %b %Y})", field="snoozed_until"
        )
    limit = add_months(review.due_date, mou.review_interval_months)
    if until >= limit:
        raise ValidationError(
            f"a review cannot be postponed past the next one ({limit:%d %b %Y}); "
            "complete it instead",
            field="snoozed_until",
        )
    before = _review_snapshot(review)
    review.snoozed_until = until
    review.snooze_reason = reason
    review.row_version += 1
    session.add(review)
    audit.record(
        session,
        ChangeKind.REVIEW,
        review.id,
        AuditAction.UPDATE,
        f"{mou_marker(mou.id)} review of {_label(mou)} snoozed",
        audit.diff(before, _review_snapshot(review)),
    )
    session.flush()
    return review


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: int
    mou_id: int
    version_number: int
    due_date: date
    snoozed_until: date | None
    snooze_reason: str
    completed_date: date | None
    outcome: ReviewOutcome | None
    reviewer: str
    notes: str
    row_version: int

    @property
    def is_open(self) -> bool:
        return self.completed_date is None


def review_history(session: Session, mou_id: int) -> list[ReviewRow]:
    """Every review of the agreement (all versions): the open one first, then newest first."""
    versions = {m.id: m.version_number for m in version_chain(session, mou_id)}
    reviews = session.exec(select(Review).where(col(Review.mou_id).in_(list(versions))))
    rows = [
        ReviewRow(
            id=r.id or 0,
            mou_id=r.mou_id,
            version_number=versions[r.mou_id],
            due_date=r.due_date,
            snoozed_until=r.snoozed_until,
            snooze_reason=r.snooze_reason or "",
            completed_date=r.completed_date,
            outcome=r.outcome,
            reviewer=r.reviewer or "",
            notes=r.notes or "",
            row_version=r.row_version,
        )
        for r in reviews
    ]
    rows.sort(key=lambda r: (not r.is_open, -(r.completed_date or r.due_date).toordinal()))
    return rows


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


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


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
        .order_by(effective_due, col(Mou.reference_code))
    )
    rows: list[UpcomingReview] = []
    for review_id, mou_id, code, title, due in session.execute(statement):
        due_date = _as_date(due)
        rows.append(
            UpcomingReview(review_id, mou_id, code, title, due_date, (due_date - today).days)
        )
    return rows


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
    row_version: int = 0  # grows with every change of the review or the MOU (calendar SEQUENCE)

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


def _version_stamp(version_number: int, row_version: int) -> int:
    """A number that only grows across edits and amendments of an agreement (calendar
    SEQUENCE): a new version restarts ``row_version`` at 1, so the version number leads."""
    return (version_number - 1) * 1000 + row_version


def reminders(session: Session, today: date, within_days: int | None = 90) -> list[ReminderItem]:
    """Open reviews and expiries of agreements in force, due on or before
    ``today + within_days`` (every one when ``within_days`` is None), overdue first."""
    limit = None if within_days is None else today + timedelta(days=within_days)
    current = col(Mou.id).in_(current_versions())
    effective_due = sa.func.coalesce(Review.snoozed_until, Review.due_date)
    review_query = (
        sa.select(
            col(Review.id),
            col(Review.snoozed_until),
            effective_due,
            col(Review.row_version),
            col(Mou.id),
            col(Mou.reference_code),
            col(Mou.version_number),
            col(Mou.title),
            col(Mou.reminder_days),
            col(Mou.row_version),
        )
        .join(Mou, col(Mou.id) == col(Review.mou_id))
        .where(col(Review.completed_date).is_(None), col(Mou.archived).is_(False), current)
    )
    if limit is not None:
        review_query = review_query.where(effective_due <= limit)
    items: list[ReminderItem] = []
    for (
        review_id,
        snoozed,
        due,
        review_version,
        mou_id,
        code,
        version,
        title,
        days,
        mou_version,
    ) in session.execute(review_query):
        due_date = _as_date(due)
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
                # Grows with any change to the review or to the MOU (title, lead times...).
                review_version + _version_stamp(version, mou_version),
            )
        )
    expiry_query = sa.select(
        col(Mou.id),
        col(Mou.reference_code),
        col(Mou.version_number),
        col(Mou.title),
        col(Mou.expiry_date),
        col(Mou.reminder_days),
        col(Mou.row_version),
    ).where(
        col(Mou.archived).is_(False),
        current,
        col(Mou.status).in_(IN_FORCE),
        col(Mou.expiry_date).is_not(None),
    )
    if limit is not None:
        expiry_query = expiry_query.where(col(Mou.expiry_date) <= limit)
    for mou_id, code, version, title, expiry, days, mou_version in session.execute(expiry_query):
        expiry_date = _as_date(expiry)
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
                row_version=_version_stamp(version, mou_version),
            )
        )
    items.sort(key=lambda item: (item.due_date, item.reference_code, item.kind.value))
    return items
