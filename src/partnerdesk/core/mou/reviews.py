"""Periodic reviews: when the next one is due, recording it, snoozing it, an agreement's
review history.

The ``review`` table holds every completed review and, for each agreement in force, exactly
one open (scheduled) review whose ``completed_date`` is empty. The open review's due date is
always :func:`next_review_due_date` of the MOU: the last completed review of the agreement
(any version) plus the review interval, or the effective date plus the interval when no
review was ever completed. :func:`sync_open_review` keeps it so after every change.

Review events carry :func:`~partnerdesk.core.mou.rules.mou_marker` at the start of their
summary, so that the MOU's History finds them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
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
from partnerdesk.core.mou.rules import IN_FORCE, NOT_YET_IN_FORCE, mou_label, mou_marker
from partnerdesk.core.mou.validation import MouInput
from partnerdesk.core.mou.versions import in_force_version, superseded_by, version_chain
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.text_limits import text_problem


def next_review_due_date(
    effective_date: date | None, interval_months: int, last_completed: date | None
) -> date | None:
    """The last completed review (or, before the first one, the effective date) plus the
    interval; ``None`` when the agreement has no effective date yet."""
    base = last_completed if last_completed is not None else effective_date
    if base is None:
        return None
    return add_months(base, interval_months)


def due_reason(
    effective_date: date | None, interval_months: int, last_completed: date | None
) -> str:
    """Why :func:`next_review_due_date` gives what it gives, in a user's words."""
    if last_completed is not None:
        return (
            f"{interval_months} months after the last review, completed {last_completed:%d %b %Y}"
        )
    if effective_date is not None:
        return (
            f"{interval_months} months after the effective date {effective_date:%d %b %Y}: "
            "the first review"
        )
    return "no effective date yet"


def review_after_expiry(due: date | None, expiry: date | None) -> str:
    """A warning when a review would fall after the agreement has ended ("" when not):
    nobody reviews an agreement that is over, so it is renewed or reviewed before then."""
    if due is None or expiry is None or due <= expiry:
        return ""
    return (
        f"the review due {due:%d %b %Y} falls after the agreement expires on "
        f"{expiry:%d %b %Y}: review it by then, or renew the agreement (Amend) before it ends"
    )


def as_date(value: Any) -> date:
    """A date read from a raw column query (SQLite may hand back its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --------------------------------------------------------------------------- reading


def last_completed_review(session: Session, mou_id: int) -> date | None:
    """The latest completion date over every version of the agreement."""
    chain = [m.id for m in version_chain(session, mou_id)]
    value = session.execute(
        sa.select(sa.func.max(Review.completed_date)).where(col(Review.mou_id).in_(chain))
    ).scalar()
    return None if value is None else as_date(value)


def open_review(session: Session, mou_id: int) -> Review | None:
    """The scheduled (not completed) review of one MOU version, if it has one."""
    return session.exec(
        select(Review)
        .where(Review.mou_id == mou_id, col(Review.completed_date).is_(None))
        .order_by(col(Review.due_date), col(Review.id))
    ).first()


def open_reviews_by_mou(session: Session) -> dict[int, tuple[date, bool]]:
    """Per MOU, the earliest open review's effective due date and whether it is snoozed."""
    statement = sa.select(
        col(Review.mou_id), col(Review.due_date), col(Review.snoozed_until)
    ).where(col(Review.completed_date).is_(None))
    result: dict[int, tuple[date, bool]] = {}
    for mou_id, due, snoozed in session.execute(statement):
        effective = as_date(snoozed) if snoozed is not None else as_date(due)
        if mou_id not in result or effective < result[mou_id][0]:
            result[mou_id] = (effective, snoozed is not None)
    return result


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


# --------------------------------------------------------------------------- keeping the schedule


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    """What saving an MOU's terms does to its next review, said before saving."""

    scheduled: date | None  # the open review's due date now (None: none scheduled)
    due: date | None  # after saving (None: no review, the agreement not being in force)
    reason: str  # why ``due`` is what it is
    warning: str  # ``review_after_expiry``, or ""

    @property
    def moves(self) -> bool:
        """Whether a scheduled review would get another due date."""
        return self.scheduled is not None and self.due is not None and self.due != self.scheduled


def schedule_after(
    session: Session, mou_id: int | None, data: MouInput, *, amendment: bool = False
) -> ScheduleChange:
    """The next review once ``data`` is saved: as an edit of ``mou_id``, as an amendment of
    it (``amendment``), or as a new MOU (``mou_id`` None). The same rule as
    :func:`sync_open_review`, which does it on saving."""
    mou = session.get(Mou, mou_id) if mou_id is not None else None
    scheduled = open_review(session, mou_id) if mou_id is not None else None
    terms: tuple[date | None, int, date | None] | None = None
    if data.status in IN_FORCE:
        terms = (data.effective_date, data.review_interval_months, data.expiry_date)
    elif data.status in NOT_YET_IN_FORCE and mou is not None:
        # Not signed yet: the version it amends stays in force, with its own terms.
        earlier = (
            mou
            if amendment
            else (session.get(Mou, mou.supersedes_id) if mou.supersedes_id is not None else None)
        )
        if earlier is not None and earlier.status in IN_FORCE:
            terms = (earlier.effective_date, earlier.review_interval_months, earlier.expiry_date)
    current = None if scheduled is None else scheduled.due_date
    if terms is None:
        return ScheduleChange(current, None, "not in force: no review is scheduled", "")
    effective, interval, expiry = terms
    last = last_completed_review(session, mou_id) if mou_id is not None else None
    due = next_review_due_date(effective, interval, last)
    return ScheduleChange(
        current, due, due_reason(effective, interval, last), review_after_expiry(due, expiry)
    )


def _review_snapshot(review: Review) -> dict[str, Any]:
    """The fields of a review its audit events name."""
    return {
        "due_date": review.due_date,
        "snoozed_until": review.snoozed_until,
        "snooze_reason": review.snooze_reason,
        "completed_date": review.completed_date,
        "outcome": review.outcome,
        "reviewer": review.reviewer,
        "notes": review.notes,
    }


def sync_open_review(session: Session, mou: Mou) -> Review | None:
    """Make the MOU's open review match its dates, interval and status (auditing changes).

    An agreement in force has exactly one open review; any other has none. An amendment not
    yet signed keeps the review of the version it amends (:func:`in_force_version`). A
    snooze survives a change of due date only while it still postpones the review.
    """
    assert mou.id is not None
    marker = mou_marker(mou.id)
    basis = in_force_version(session, mou) if superseded_by(session, mou.id) is None else None
    last = last_completed_review(session, mou.id)
    due = (
        next_review_due_date(basis.effective_date, basis.review_interval_months, last)
        if basis is not None
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
            f"{marker} scheduled review of {mou_label(mou)} withdrawn ({mou.status.label.lower()})",
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
            f"{marker} review of {mou_label(mou)} scheduled",
            {"due_date": (None, due)},
        )
        return keep
    assert basis is not None
    summary = f"{marker} review of {mou_label(mou)} rescheduled"
    if keep.due_date != due:  # say why, in the History
        why = due_reason(basis.effective_date, basis.review_interval_months, last)
        summary += f" from {keep.due_date:%d %b %Y} to {due:%d %b %Y}: {why}"
    with audit.tracking(
        session, keep, ChangeKind.REVIEW, summary=summary, snapshot=_review_snapshot
    ):
        keep.due_date = due
        if keep.snoozed_until is not None and keep.snoozed_until <= due:
            keep.snoozed_until = None
            keep.snooze_reason = None
    session.flush()
    return keep


# --------------------------------------------------------------------------- recording


def _current_mou(session: Session, mou_id: int) -> Mou:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"there is no MOU #{mou_id}")
    assert mou.id is not None
    if superseded_by(session, mou.id) is not None:
        raise ConflictError(
            f"{mou_label(mou)} was superseded by a later version; record reviews on the "
            "current version"
        )
    return mou


def _review_text(review: Review | None) -> str | None:
    """A review in a few words, for the MOU's own audit event when its review changes."""
    if review is None:
        return None
    if review.completed_date is not None:
        outcome = f" ({review.outcome.label.lower()})" if review.outcome else ""
        return f"completed {review.completed_date.isoformat()}{outcome}"
    text = f"due {review.due_date.isoformat()}"
    if review.snoozed_until is not None:
        text += f", snoozed to {review.snoozed_until.isoformat()} ({review.snooze_reason})"
    return text


def _changing_the_review_of(
    session: Session, mou: Mou, seen_version: int | None, summary: str
) -> AbstractContextManager[audit.Tracked]:
    """The review dialogs are opened on an MOU: recording or snoozing its review is a change
    to the MOU. It is refused when the MOU changed since ``seen_version`` (the MOU's
    row_version the dialog opened), and it moves that version, so a colleague still holding
    the MOU as it was is refused too, instead of recording the same review a second time."""
    return audit.tracking(
        session,
        mou,
        ChangeKind.MOU,
        summary=summary,
        seen_version=seen_version,
        what=f"the MOU {mou_label(mou)}",
    )


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
    ``seen_version`` is the MOU's row_version as the dialog opened it (None: as it is now).
    """
    mou = _current_mou(session, mou_id)
    assert mou.id is not None
    with _changing_the_review_of(
        session, mou, seen_version, f"{mou_label(mou)} after its review"
    ) as on_the_mou:
        before = _review_text(open_review(session, mou.id))
        review = _record_review(
            session,
            mou,
            completed_date=completed_date,
            outcome=outcome,
            today=today,
            reviewer=reviewer,
            reviewer_contact_id=reviewer_contact_id,
            notes=notes,
        )
        on_the_mou.add("review", before, _review_text(review))
    session.flush()
    sync_open_review(session, mou)
    return review


def _record_review(
    session: Session,
    mou: Mou,
    *,
    completed_date: date,
    outcome: ReviewOutcome,
    today: date,
    reviewer: str,
    reviewer_contact_id: int | None,
    notes: str,
) -> Review:
    assert mou.id is not None
    in_force = in_force_version(session, mou)
    if in_force is None:
        raise ConflictError(
            f"{mou_label(mou)} is {mou.status.label.lower()}; only an agreement in force "
            "(active or under review) is reviewed"
        )
    last = last_completed_review(session, mou.id)
    _check_completion_date(in_force, completed_date, last, today)
    if reviewer_contact_id is not None:
        contact = session.get(Contact, reviewer_contact_id)
        if contact is None:
            raise ValidationError("the reviewer no longer exists in the contacts", "reviewer")
        reviewer = reviewer or contact.full_name
    reviewer = " ".join(reviewer.split())
    if reason := text_problem(Review, "reviewer", reviewer):
        raise ValidationError(reason, "reviewer")

    def fill_in(review: Review) -> None:
        review.completed_date = completed_date
        review.outcome = outcome
        review.reviewer = reviewer or None
        review.reviewer_contact_id = reviewer_contact_id
        review.notes = notes.strip() or None

    summary = f"{mou_marker(mou.id)} review of {mou_label(mou)} completed: {outcome.label.lower()}"
    review = open_review(session, mou.id)
    if review is None:  # nothing was scheduled (the agreement had no effective date)
        due = (
            next_review_due_date(mou.effective_date, mou.review_interval_months, last)
            or completed_date
        )
        review = Review(mou_id=mou.id, due_date=due)
        fill_in(review)
        session.add(review)
        session.flush()
        changes = audit.diff({}, _review_snapshot(review))
        audit.record(session, ChangeKind.REVIEW, review.id, AuditAction.CREATE, summary, changes)
    else:
        with audit.tracking(
            session, review, ChangeKind.REVIEW, summary=summary, snapshot=_review_snapshot
        ):
            fill_in(review)
        session.flush()
    terminated = outcome == ReviewOutcome.TERMINATED
    # An amendment still being negotiated stays so: the review was of the version in force.
    if terminated or in_force is mou:
        mou.status = MouStatus.TERMINATED if terminated else MouStatus.ACTIVE
    return review


def _check_completion_date(mou: Mou, completed: date, last: date | None, today: date) -> None:
    """A review is completed between the agreement's start (and its last review) and today."""
    if completed > today:
        raise ValidationError(
            f"the review cannot be completed on {completed:%d %b %Y}: that is in the future",
            field="completed_date",
        )
    if mou.effective_date is not None and completed < mou.effective_date:
        raise ValidationError(
            f"the review date {completed:%d %b %Y} is before the agreement took effect "
            f"({mou.effective_date:%d %b %Y})",
            field="completed_date",
        )
    if last is not None and completed < last:
        raise ValidationError(
            f"a later review was already recorded on {last:%d %b %Y}; "
            f"{completed:%d %b %Y} cannot come after it",
            field="completed_date",
        )


def snooze_review(
    session: Session,
    mou_id: int,
    *,
    until: date,
    reason: str,
    today: date,
    seen_version: int | None = None,
) -> Review:
    """Postpone the open review to ``until`` (later than its due date and today), saying why.
    ``seen_version``: the MOU's row_version as the dialog opened it (None: as it is now)."""
    mou = _current_mou(session, mou_id)
    assert mou.id is not None
    with _changing_the_review_of(
        session, mou, seen_version, f"{mou_label(mou)}: review snoozed"
    ) as on_the_mou:
        review = open_review(session, mou.id)
        if review is None:
            raise ConflictError(f"{mou_label(mou)} has no scheduled review to snooze")
        before = _review_text(review)
        with audit.tracking(
            session,
            review,
            ChangeKind.REVIEW,
            summary=f"{mou_marker(mou.id)} review of {mou_label(mou)} snoozed",
            snapshot=_review_snapshot,
        ):
            reason = " ".join(reason.split())
            _check_snooze(review, mou.review_interval_months, until, reason, today)
            review.snoozed_until = until
            review.snooze_reason = reason
        on_the_mou.add("review", before, _review_text(review))
    session.flush()
    return review


def _check_snooze(
    review: Review, interval_months: int, until: date, reason: str, today: date
) -> None:
    """A snooze says why, and postpones the review past today but not past the next one."""
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
    limit = add_months(review.due_date, interval_months)
    if until >= limit:
        raise ValidationError(
            f"a review cannot be postponed past the next one ({limit:%d %b %Y}); "
            "complete it instead",
            field="snoozed_until",
        )
