"""Sessions and attendance: when a course is given, where, by whom, for how many, and the
hours each responder attended.

A session runs on one day or over consecutive days (``end_date``); attendance counts on its
last day. Attendance is recorded for sessions that have begun (never for one still to
come), for people who were responders on those days, and never for more hours than the
session lasted. Every change of attendance is audited on the session, person by person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.records import get_record
from partnerdesk.core.directory.validation import clean, raise_first
from partnerdesk.core.models import (
    Attendance,
    AuditAction,
    Contact,
    Organization,
    Responder,
    SessionTrainer,
    TrainingCourse,
    TrainingSession,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY
from partnerdesk.core.platform.errors import StaleRecordError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.training.rules import HUNDRED, MAX_HOURS, format_hours, is_active_on

MAX_SESSION_DAYS = 31
MAX_CAPACITY = 10_000


@dataclass
class SessionInput:
    course_id: int
    start_date: date
    hours: int  # hundredths of an hour, the whole session
    end_date: date | None = None  # None: a one-day session
    place: str = ""
    capacity: int | None = None
    trainer_ids: tuple[int, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    course_id: int
    course: str
    start_date: date
    end_date: date
    hours: int
    place: str
    capacity: int | None
    trainer_names: tuple[str, ...]
    attendees: int

    @property
    def trainers(self) -> str:
        return ", ".join(self.trainer_names)

    def dates(self) -> str:
        """``2026-12-01`` or ``2026-12-01 to 2026-12-05``."""
        if self.end_date == self.start_date:
            return self.start_date.isoformat()
        return f"{self.start_date.isoformat()} to {self.end_date.isoformat()}"

    def label(self) -> str:
        return f"{self.course}, {self.dates()}"

    def seats(self) -> str:
        return (
            f"{self.attendees}" if self.capacity is None else f"{self.attendees} of {self.capacity}"
        )


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    responder_id: int
    name: str
    agency: str
    hours: int


@dataclass(frozen=True, slots=True)
class SessionDetail:
    row: SessionRow
    notes: str
    row_version: int
    trainer_ids: tuple[int, ...]
    attendees: tuple[AttendeeRow, ...]


@dataclass
class AttendanceChange:
    """What a change of attendance did (or, in a dry run, would do)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    lines: list[str] = field(default_factory=list)  # "Name: 0 h -> 8 h"


# --------------------------------------------------------------------------- reading


def _trainer_names(session: Session) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for session_id, name in session.execute(
        sa.select(col(SessionTrainer.session_id), col(Contact.full_name))
        .join(Contact, col(Contact.id) == col(SessionTrainer.contact_id))
        .order_by(col(Contact.full_name))
    ):
        names.setdefault(int(session_id), []).append(str(name))
    return names


def list_sessions(session: Session, *, session_id: int | None = None) -> list[SessionRow]:
    """Every session (or one), soonest last: newest dates first reads best in a list."""
    counts = dict(
        session.execute(
            sa.select(col(Attendance.session_id), sa.func.count()).group_by(
                col(Attendance.session_id)
            )
        ).all()
    )
    trainers = _trainer_names(session)
    statement = (
        sa.select(
            col(TrainingSession.id),
            col(TrainingSession.course_id),
            col(TrainingCourse.name),
            col(TrainingSession.start_date),
            col(TrainingSession.end_date),
            col(TrainingSession.hours_hundredths),
            col(TrainingSession.place),
            col(TrainingSession.capacity),
        )
        .join(TrainingCourse, col(TrainingCourse.id) == col(TrainingSession.course_id))
        .order_by(col(TrainingSession.start_date).desc(), col(TrainingSession.id).desc())
    )
    if session_id is not None:
        statement = statement.where(col(TrainingSession.id) == session_id)
    return [
        SessionRow(
            int(i),
            int(c),
            str(course),
            start,
            end,
            int(h),
            place or "",
            capacity,
            tuple(trainers.get(int(i), [])),
            int(counts.get(i, 0)),
        )
        for i, c, course, start, end, h, place, capacity in session.execute(statement)
    ]


def get_session(session: Session, session_id: int) -> SessionDetail:
    record = get_record(session, TrainingSession, session_id, "session")
    row = list_sessions(session, session_id=session_id)[0]
    trainer_ids = tuple(
        int(i)
        for i in session.execute(
            sa.select(col(SessionTrainer.contact_id)).where(
                col(SessionTrainer.session_id) == session_id
            )
        ).scalars()
    )
    return SessionDetail(
        row,
        record.notes or "",
        record.row_version,
        trainer_ids,
        tuple(attendees(session, session_id)),
    )


def attendees(session: Session, session_id: int) -> list[AttendeeRow]:
    statement = (
        sa.select(
            col(Attendance.responder_id),
            col(Contact.full_name),
            col(Organization.name),
            col(Attendance.hours_hundredths),
        )
        .join(Responder, col(Responder.id) == col(Attendance.responder_id))
        .join(Contact, col(Contact.id) == col(Responder.contact_id))
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .where(col(Attendance.session_id) == session_id)
        .order_by(col(Contact.full_name))
    )
    return [
        AttendeeRow(int(r), str(n), a or "", int(h)) for r, n, a, h in session.execute(statement)
    ]


# --------------------------------------------------------------------------- writing


def _check(session: Session, data: SessionInput) -> tuple[TrainingCourse, date]:
    problems: dict[str, str] = {}
    course = session.get(TrainingCourse, data.course_id)
    if course is None:
        problems["course"] = "that course no longer exists; pick another"
    end = data.end_date or data.start_date
    for day, where in ((data.start_date, "start_date"), (end, "end_date")):
        if not FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY:
            problems[where] = f"{day.isoformat()} is outside the supported dates"
    if end < data.start_date:
        problems["end_date"] = "the last day is before the first"
    elif (end - data.start_date).days >= MAX_SESSION_DAYS:
        problems["end_date"] = f"a session lasts at most {MAX_SESSION_DAYS} days; split it"
    if not 0 < data.hours <= MAX_HOURS * HUNDRED:
        problems["hours"] = f"a session lasts more than 0 and at most {MAX_HOURS:,} hours"
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        problems["capacity"] = f"the capacity is 1 to {MAX_CAPACITY:,} people, or none"
    if len(clean(data.place)) > 200:
        problems["place"] = "the place is longer than 200 characters"
    for trainer in data.trainer_ids:
        if session.get(Contact, trainer) is None:
            problems["trainers"] = "one of the trainers is no longer in the directory"
    raise_first(problems)
    assert course is not None
    return course, end


def _set_trainers(session: Session, session_id: int, trainer_ids: Sequence[int]) -> None:
    for link in session.exec(select(SessionTrainer).where(SessionTrainer.session_id == session_id)):
        session.delete(link)
    session.flush()
    for contact_id in dict.fromkeys(trainer_ids):
        session.add(SessionTrainer(session_id=session_id, contact_id=contact_id))


def _names(session: Session, contact_ids: Sequence[int]) -> str:
    if not contact_ids:
        return ""
    rows = session.execute(
        sa.select(col(Contact.full_name))
        .where(col(Contact.id).in_(list(contact_ids)))
        .order_by(col(Contact.full_name))
    ).scalars()
    return ", ".join(rows)


def create_session(session: Session, data: SessionInput) -> int:
    course, end = _check(session, data)
    record = TrainingSession(
        course_id=data.course_id,
        start_date=data.start_date,
        end_date=end,
        hours_hundredths=data.hours,
        place=clean(data.place) or None,
        capacity=data.capacity,
        notes=data.notes.strip() or None,
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    _set_trainers(session, record.id, data.trainer_ids)
    audit.record(
        session,
        ChangeKind.TRAINING_SESSION,
        record.id,
        AuditAction.CREATE,
        summary=f"{course.name} on {data.start_date.isoformat()} ({format_hours(data.hours)})",
        changes={"trainers": (None, _names(session, data.trainer_ids) or None)},
    )
    session.flush()
    return record.id


def update_session(
    session: Session, session_id: int, data: SessionInput, *, seen_version: int | None = None
) -> None:
    record = get_record(session, TrainingSession, session_id, "session")
    course = get_record(session, TrainingCourse, record.course_id, "course")
    old_trainers = get_session(session, session_id).trainer_ids
    with audit.tracking(
        session,
        record,
        ChangeKind.TRAINING_SESSION,
        seen_version=seen_version,
        what=f"the {course.name} session of {record.start_date.isoformat()}",
    ) as tracked:
        _course, end = _check(session, data)
        longest = session.execute(
            sa.select(sa.func.max(col(Attendance.hours_hundredths))).where(
                col(Attendance.session_id) == session_id
            )
        ).scalar()
        if longest is not None and data.hours < longest:
            raise ValidationError(
                f"someone attended {format_hours(int(longest))} of this session; it cannot "
                f"last only {format_hours(data.hours)}",
                field="hours",
            )
        record.course_id = data.course_id
        record.start_date = data.start_date
        record.end_date = end
        record.hours_hundredths = data.hours
        record.place = clean(data.place) or None
        record.capacity = data.capacity
        record.notes = data.notes.strip() or None
        if set(old_trainers) != set(data.trainer_ids):
            _set_trainers(session, session_id, data.trainer_ids)
            tracked.add(
                "trainers",
                _names(session, old_trainers) or None,
                _names(session, data.trainer_ids) or None,
            )
    session.flush()


def delete_session(session: Session, session_id: int) -> str:
    """Delete a session with its trainers and attendance (the UI asks first, naming how
    many attendance records go with it); audited."""
    detail = get_session(session, session_id)
    record = get_record(session, TrainingSession, session_id, "session")
    for model in (Attendance, SessionTrainer):
        session.execute(sa.delete(model).where(col(model.session_id) == session_id))  # type: ignore[attr-defined]
    audit.record(
        session,
        ChangeKind.TRAINING_SESSION,
        session_id,
        AuditAction.DELETE,
        f"deleted the {detail.row.label()} session with {len(detail.attendees)} attendance "
        "record(s): " + "; ".join(f"{a.name} {format_hours(a.hours)}" for a in detail.attendees),
    )
    session.delete(record)
    session.flush()
    return detail.row.label()


# --------------------------------------------------------------------------- attendance


def attendance_problem(
    record: TrainingSession, hours: int, start: date, left: date | None, name: str, today: date
) -> str | None:
    """Why ``hours`` of this session cannot be recorded for this person, or None."""
    if record.start_date > today:
        return (
            f"the session of {record.start_date.isoformat()} has not taken place yet; record "
            "attendance once it has"
        )
    if hours > record.hours_hundredths:
        return (
            f"{format_hours(hours)} is more than the session lasted "
            f"({format_hours(record.hours_hundredths)})"
        )
    if not (
        is_active_on(start, left, record.start_date) or is_active_on(start, left, record.end_date)
    ):
        when = (
            f"left on {left.isoformat()}"
            if left and left <= record.start_date
            else (f"started on {start.isoformat()}")
        )
        return f"{name} was not a responder on the day of the session ({when})"
    return None


def apply_attendance(
    session: Session,
    record: TrainingSession,
    hours_by_responder: Mapping[int, int | None],
    today: date,
    *,
    replace_all: bool = False,
    dry_run: bool = False,
) -> AttendanceChange:
    """Set the hours of the given responders at this session (``None`` or 0: did not
    attend); with ``replace_all`` the others' attendance is removed. Checks every person
    first (ValidationError naming the first problem), then writes and audits each change
    on the session."""
    assert record.id is not None
    current = {
        a.responder_id: a
        for a in session.exec(select(Attendance).where(Attendance.session_id == record.id))
    }
    people = {
        int(rid): (str(name), start, left)
        for rid, name, start, left in session.execute(
            sa.select(
                col(Responder.id),
                col(Contact.full_name),
                col(Responder.start_date),
                col(Responder.left_date),
            ).join(Contact, col(Contact.id) == col(Responder.contact_id))
        )
    }
    wanted = dict(hours_by_responder)
    if replace_all:
        for responder_id in current:
            wanted.setdefault(responder_id, None)
    for responder_id, hours in wanted.items():
        if responder_id not in people:
            raise ValidationError(f"responder #{responder_id} does not exist", field="attendance")
        name, start, left = people[responder_id]
        if hours:
            problem = attendance_problem(record, hours, start, left, name, today)
            if problem:
                raise ValidationError(f"{name}: {problem}", field="attendance")
    change = AttendanceChange()
    course = session.get(TrainingCourse, record.course_id)
    with audit.tracking(
        session,
        record,
        ChangeKind.TRAINING_SESSION,
        summary=f"attendance of {course.name if course else 'the'} session of "
        f"{record.start_date.isoformat()}",
    ) as tracked:
        for responder_id, hours in sorted(wanted.items(), key=lambda item: people[item[0]][0]):
            existing = current.get(responder_id)
            old = existing.hours_hundredths if existing is not None else 0
            new = hours or 0
            name = people[responder_id][0]
            if old == new:
                change.unchanged += 1 if new else 0
                continue
            change.lines.append(f"{name}: {format_hours(old)} -> {format_hours(new)}")
            if existing is None:
                change.added += 1
            elif new == 0:
                change.removed += 1
            else:
                change.changed += 1
            if dry_run:
                continue
            tracked.add(
                f"attendance: {name}",
                format_hours(old) if old else None,
                format_hours(new) if new else None,
            )
            if existing is None:
                session.add(
                    Attendance(
                        session_id=record.id, responder_id=responder_id, hours_hundredths=new
                    )
                )
            elif new == 0:
                session.delete(existing)
            else:
                existing.hours_hundredths = new
                session.add(existing)
    session.flush()
    return change


def set_attendance(
    session: Session,
    session_id: int,
    hours_by_responder: Mapping[int, int | None],
    today: date,
    *,
    seen_version: int | None = None,
) -> AttendanceChange:
    """The attendance dialog's save: exactly these people at these hours."""
    record = get_record(session, TrainingSession, session_id, "session")
    if seen_version is not None and record.row_version != seen_version:
        raise StaleRecordError("this session", ChangeKind.TRAINING_SESSION.value, session_id)
    return apply_attendance(session, record, hours_by_responder, today, replace_all=True)
