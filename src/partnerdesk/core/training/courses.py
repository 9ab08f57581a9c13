"""Courses and requirements: what training exists, and what each role must complete.

A requirement says, for one role and one course, how many hours of attendance count as
completing it (accumulated over sessions), within how many days of taking up the role it
is due, and whether it recurs (every N months after the last completion). The rules that
turn these into statuses are in :mod:`.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.records import get_record
from partnerdesk.core.directory.validation import clean, raise_first
from partnerdesk.core.models import (
    AuditAction,
    TrainingCourse,
    TrainingRequirement,
    TrainingRole,
    TrainingSession,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import ConflictError, NotFoundError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.training.rules import HUNDRED, MAX_HOURS, format_hours

MAX_DUE_DAYS = 3650
MAX_RECURRENCE_MONTHS = 120

# --------------------------------------------------------------------------- courses


@dataclass
class CourseInput:
    name: str
    hours: int  # hundredths of an hour
    description: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class CourseRow:
    id: int
    name: str
    hours: int
    description: str
    active: bool
    sessions: int
    required_by: str  # the roles that require it, by name
    row_version: int


def list_courses(session: Session) -> list[CourseRow]:
    sessions = dict(
        session.execute(
            sa.select(col(TrainingSession.course_id), sa.func.count()).group_by(
                col(TrainingSession.course_id)
            )
        ).all()
    )
    roles: dict[int, list[str]] = {}
    for course_id, role in session.execute(
        sa.select(col(TrainingRequirement.course_id), col(TrainingRole.name))
        .join(TrainingRole, col(TrainingRole.id) == col(TrainingRequirement.role_id))
        .order_by(col(TrainingRole.position), col(TrainingRole.name))
    ):
        roles.setdefault(int(course_id), []).append(str(role))
    return [
        CourseRow(
            course.id,
            course.name,
            course.hours_hundredths,
            course.description or "",
            course.active,
            int(sessions.get(course.id, 0)),
            ", ".join(roles.get(course.id, [])),
            course.row_version,
        )
        for course in session.exec(select(TrainingCourse).order_by(col(TrainingCourse.name)))
        if course.id is not None
    ]


def course_choices(session: Session, *, include_inactive: bool = False) -> list[tuple[int, str]]:
    statement = sa.select(col(TrainingCourse.id), col(TrainingCourse.name)).order_by(
        col(TrainingCourse.name)
    )
    if not include_inactive:
        statement = statement.where(col(TrainingCourse.active).is_(True))
    return [(int(i), str(n)) for i, n in session.execute(statement)]


def find_course(session: Session, text: str) -> TrainingCourse:
    """A course by id or name (any capitals); NotFoundError listing the courses otherwise."""
    wanted = text.strip()
    for course in session.exec(select(TrainingCourse)):
        if wanted.casefold() == course.name.casefold() or wanted == str(course.id):
            return course
    names = ", ".join(name for _id, name in course_choices(session, include_inactive=True))
    raise NotFoundError(f"no course {text!r}; the courses are: {names or '(none yet)'}")


def _check_course(session: Session, data: CourseInput, course_id: int | None) -> str:
    name = clean(data.name)
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "the course needs a name"
    elif len(name) > 120:
        problems["name"] = "the name is longer than 120 characters"
    else:
        for other in session.exec(select(TrainingCourse).where(TrainingCourse.id != course_id)):
            if other.name.casefold() == name.casefold():
                problems["name"] = f"there is already a course named {other.name}"
    if not 0 < data.hours <= MAX_HOURS * HUNDRED:
        problems["hours"] = f"a course lasts more than 0 and at most {MAX_HOURS:,} hours"
    raise_first(problems)
    return name


def create_course(session: Session, data: CourseInput) -> int:
    name = _check_course(session, data, None)
    course = TrainingCourse(
        name=name,
        hours_hundredths=data.hours,
        description=data.description.strip() or None,
        active=data.active,
    )
    session.add(course)
    session.flush()
    assert course.id is not None
    audit.record(
        session,
        ChangeKind.TRAINING_COURSE,
        course.id,
        AuditAction.CREATE,
        summary=f"{name} ({format_hours(data.hours)})",
    )
    return course.id


def update_course(
    session: Session, course_id: int, data: CourseInput, *, seen_version: int | None = None
) -> None:
    course = get_record(session, TrainingCourse, course_id, "course")
    with audit.tracking(
        session,
        course,
        ChangeKind.TRAINING_COURSE,
        seen_version=seen_version,
        what=course.name,
        summary=lambda: course.name,
    ):
        course.name = _check_course(session, data, course_id)
        course.hours_hundredths = data.hours
        course.description = data.description.strip() or None
        course.active = data.active
    session.flush()


def delete_course(session: Session, course_id: int) -> str:
    """Delete a course that no session and no requirement uses; refuse otherwise."""
    course = get_record(session, TrainingCourse, course_id, "course")
    used = session.execute(
        sa.select(sa.func.count())
        .select_from(TrainingSession)
        .where(col(TrainingSession.course_id) == course_id)
    ).scalar_one()
    required = session.execute(
        sa.select(sa.func.count())
        .select_from(TrainingRequirement)
        .where(col(TrainingRequirement.course_id) == course_id)
    ).scalar_one()
    if used or required:
        raise ConflictError(
            f"the course {course.name} cannot be deleted: {used} session(s) and "
            f"{required} requirement(s) use it. Make it inactive instead"
        )
    audit.record(
        session,
        ChangeKind.TRAINING_COURSE,
        course_id,
        AuditAction.DELETE,
        f"deleted {course.name}",
    )
    session.delete(course)
    session.flush()
    return course.name


# --------------------------------------------------------------------------- requirements


@dataclass
class RequirementInput:
    role_id: int
    course_id: int
    hours: int  # hundredths of an hour of attendance that complete it
    due_within_days: int
    recurrence_months: int | None = None  # None: once


@dataclass(frozen=True, slots=True)
class RequirementRow:
    id: int
    role_id: int
    role: str
    course_id: int
    course: str
    hours: int
    due_within_days: int
    recurrence_months: int | None
    row_version: int

    def describe(self) -> str:
        return describe_requirement(self.hours, self.due_within_days, self.recurrence_months)


def describe_requirement(hours: int, due_within_days: int, recurrence_months: int | None) -> str:
    """``40 h within 90 days, once`` / ``4 h within 180 days, then every 3 months``."""
    first = f"{format_hours(hours)} within {due_within_days} days"
    if not recurrence_months:
        return f"{first}, once"
    unit = "month" if recurrence_months == 1 else f"{recurrence_months} months"
    return f"{first}, then every {unit} after the last completion"


def list_requirements(session: Session) -> list[RequirementRow]:
    statement = (
        sa.select(
            col(TrainingRequirement.id),
            col(TrainingRequirement.role_id),
            col(TrainingRole.name),
            col(TrainingRequirement.course_id),
            col(TrainingCourse.name),
            col(TrainingRequirement.hours_hundredths),
            col(TrainingRequirement.due_within_days),
            col(TrainingRequirement.recurrence_months),
            col(TrainingRequirement.row_version),
        )
        .join(TrainingRole, col(TrainingRole.id) == col(TrainingRequirement.role_id))
        .join(TrainingCourse, col(TrainingCourse.id) == col(TrainingRequirement.course_id))
        .order_by(col(TrainingRole.position), col(TrainingRole.name), col(TrainingCourse.name))
    )
    return [
        RequirementRow(
            int(i),
            int(r),
            str(rn),
            int(c),
            str(cn),
            int(h),
            int(d),
            None if m is None else int(m),
            int(v),
        )
        for i, r, rn, c, cn, h, d, m, v in session.execute(statement)
    ]


def get_requirement(session: Session, requirement_id: int) -> RequirementRow:
    for row in list_requirements(session):
        if row.id == requirement_id:
            return row
    raise NotFoundError(f"requirement #{requirement_id} does not exist (deleted by someone else?)")


def _check_requirement(
    session: Session, data: RequirementInput, requirement_id: int | None
) -> tuple[TrainingRole, TrainingCourse]:
    problems: dict[str, str] = {}
    role = session.get(TrainingRole, data.role_id)
    course = session.get(TrainingCourse, data.course_id)
    if role is None:
        problems["role"] = "that role no longer exists"
    if course is None:
        problems["course"] = "that course no longer exists"
    if not 0 < data.hours <= MAX_HOURS * HUNDRED:
        problems["hours"] = f"the hours that count are more than 0 and at most {MAX_HOURS:,}"
    if not 0 <= data.due_within_days <= MAX_DUE_DAYS:
        problems["due_within_days"] = f"due within 0 to {MAX_DUE_DAYS:,} days of the start"
    if data.recurrence_months is not None and not (
        1 <= data.recurrence_months <= MAX_RECURRENCE_MONTHS
    ):
        problems["recurrence_months"] = (
            f"repeat every 1 to {MAX_RECURRENCE_MONTHS} months, or leave it once only"
        )
    if role is not None and course is not None:
        clash = session.exec(
            select(TrainingRequirement).where(
                TrainingRequirement.role_id == data.role_id,
                TrainingRequirement.course_id == data.course_id,
                TrainingRequirement.id != requirement_id,
            )
        ).first()
        if clash is not None:
            problems["course"] = f"{role.name} already requires {course.name}; edit that one"
    raise_first(problems)
    assert role is not None and course is not None
    return role, course


def create_requirement(session: Session, data: RequirementInput) -> int:
    role, course = _check_requirement(session, data, None)
    requirement = TrainingRequirement(
        role_id=data.role_id,
        course_id=data.course_id,
        hours_hundredths=data.hours,
        due_within_days=data.due_within_days,
        recurrence_months=data.recurrence_months,
    )
    session.add(requirement)
    session.flush()
    assert requirement.id is not None
    audit.record(
        session,
        ChangeKind.TRAINING_REQUIREMENT,
        requirement.id,
        AuditAction.CREATE,
        summary=f"{role.name}: {course.name}, "
        + describe_requirement(data.hours, data.due_within_days, data.recurrence_months),
    )
    return requirement.id


def update_requirement(
    session: Session,
    requirement_id: int,
    data: RequirementInput,
    *,
    seen_version: int | None = None,
) -> None:
    requirement = get_record(session, TrainingRequirement, requirement_id, "requirement")
    with audit.tracking(
        session,
        requirement,
        ChangeKind.TRAINING_REQUIREMENT,
        seen_version=seen_version,
        what="this requirement",
    ):
        _check_requirement(session, data, requirement_id)
        requirement.role_id = data.role_id
        requirement.course_id = data.course_id
        requirement.hours_hundredths = data.hours
        requirement.due_within_days = data.due_within_days
        requirement.recurrence_months = data.recurrence_months
    session.flush()


def delete_requirement(session: Session, requirement_id: int) -> str:
    """Remove a requirement (attendance stays; people simply no longer need the course)."""
    row = get_requirement(session, requirement_id)
    requirement = get_record(session, TrainingRequirement, requirement_id, "requirement")
    what = f"{row.role}: {row.course}"
    audit.record(
        session,
        ChangeKind.TRAINING_REQUIREMENT,
        requirement_id,
        AuditAction.DELETE,
        f"no longer required: {what}",
    )
    session.delete(requirement)
    session.flush()
    return what
