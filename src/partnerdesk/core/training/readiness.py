"""Readiness: where every responder stands on every requirement of their role, today.

One loader (:func:`load_training_data`, a handful of queries, no ORM objects) feeds the
people x requirements matrix, the ``training status`` command, the dashboard's figures,
the exports and the completion rates (:mod:`.rates`), so they all count the same way;
the rules themselves are :mod:`.rules`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.models import (
    Attendance,
    ResponderRole,
    TrainingCourse,
    TrainingRequirement,
    TrainingRole,
    TrainingSession,
)
from partnerdesk.core.platform.collector import collector_paused
from partnerdesk.core.training.responders import responders_statement
from partnerdesk.core.training.rules import (
    DUE_SOON_DAYS,
    SEVERITY,
    Credit,
    Rule,
    Spell,
    Standing,
    Status,
    format_hours,
    is_active_on,
    requirement_base,
    spell_on,
    standing,
)

# How each status looks wherever the matrix is drawn (the Training area, the printed report,
# the workbook): a light fill behind dark text, and always the words too, so that the
# matrix reads in black and white and for people who do not tell red from green.
STATUS_FILL: dict[Status, str] = {
    Status.OVERDUE: "#f4c7c3",
    Status.DUE_SOON: "#fce8b2",
    Status.NOT_STARTED: "#e8eaed",
    Status.IN_PROGRESS: "#d2e3fc",
    Status.COMPLETE: "#ceead6",
}
NOT_REQUIRED = "—"

# --------------------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class PersonFacts:
    responder_id: int
    contact_id: int
    name: str
    email: str
    agency: str
    agency_id: int | None
    start_date: date
    left_date: date | None
    spells: tuple[Spell, ...]  # oldest first


@dataclass
class TrainingData:
    """Everything the readiness rules need, read in one go."""

    roles: dict[int, str]
    courses: dict[int, str]  # in catalogue order
    rules_by_role: dict[int, list[Rule]]
    courses_by_role: dict[int, frozenset[int]]
    people: list[PersonFacts]
    credits: dict[tuple[int, int], list[Credit]]  # (responder, course) -> by day

    def credits_of(self, responder_id: int, course_id: int) -> list[Credit]:
        return self.credits.get((responder_id, course_id), [])


def load_training_data(session: Session, as_of: date) -> TrainingData:
    """Roles, requirements, responders with their roles, and the attendance of sessions
    that ended on or before ``as_of``."""
    roles = {
        int(i): str(n)
        for i, n in session.execute(
            sa.select(col(TrainingRole.id), col(TrainingRole.name)).order_by(
                col(TrainingRole.position), col(TrainingRole.name)
            )
        )
    }
    courses = {
        int(i): str(n)
        for i, n in session.execute(
            sa.select(col(TrainingCourse.id), col(TrainingCourse.name)).order_by(
                col(TrainingCourse.id)
            )
        )
    }
    rules_by_role: dict[int, list[Rule]] = defaultdict(list)
    for rid, role, course, hours, days, months in session.execute(
        sa.select(
            col(TrainingRequirement.id),
            col(TrainingRequirement.role_id),
            col(TrainingRequirement.course_id),
            col(TrainingRequirement.hours_hundredths),
            col(TrainingRequirement.due_within_days),
            col(TrainingRequirement.recurrence_months),
        ).order_by(col(TrainingRequirement.course_id))
    ):
        rules_by_role[int(role)].append(Rule(int(rid), int(role), int(course), hours, days, months))
    spells: dict[int, list[Spell]] = defaultdict(list)
    for responder, role, start in session.execute(
        sa.select(
            col(ResponderRole.responder_id),
            col(ResponderRole.role_id),
            col(ResponderRole.start_date),
        ).order_by(col(ResponderRole.responder_id), col(ResponderRole.start_date))
    ):
        spells[responder].append(Spell(role, start))
    people = [
        PersonFacts(
            rid,
            contact,
            name,
            email or "",
            agency or "",
            agency_id,
            start,
            left,
            tuple(spells.get(rid, ())),
        )
        for rid, contact, name, agency, agency_id, start, left, email in session.execute(
            responders_statement()
        )
    ]
    credits = _credits(session, as_of)
    return TrainingData(
        roles=roles,
        courses=courses,
        rules_by_role=dict(rules_by_role),
        courses_by_role={
            role: frozenset(rule.course_id for rule in rules)
            for role, rules in rules_by_role.items()
        },
        people=people,
        credits=credits,
    )


def _credits(session: Session, as_of: date) -> dict[tuple[int, int], list[Credit]]:
    """Each person's attendance of each course, by day. The sessions (a few hundred) are
    read once with their dates; the attendance (tens of thousands of rows) as plain
    integers, without the per-row date conversion, and one Credit is shared by everyone
    who attended the same session for the same hours."""
    connection = session.connection()
    held = {
        session_id: (course, day)
        for session_id, course, day in connection.execute(
            sa.select(
                col(TrainingSession.id),
                col(TrainingSession.course_id),
                col(TrainingSession.end_date),
            ).where(col(TrainingSession.end_date) <= as_of)
        )
    }
    # Sorted by the database and fetched in one go from the driver's cursor: three
    # integers a row need no conversion, and SQLAlchemy's Row objects for 30,000 lines
    # cost more than reading them.
    result = connection.execute(
        sa.select(
            col(Attendance.session_id),
            col(Attendance.responder_id),
            col(Attendance.hours_hundredths),
        )
        .join(TrainingSession, col(TrainingSession.id) == col(Attendance.session_id))
        .where(col(TrainingSession.end_date) <= as_of)
        .order_by(col(TrainingSession.end_date), col(TrainingSession.id))
    )
    try:
        rows: Sequence[tuple[int, int, int]] = result.cursor.fetchall()
    finally:
        result.close()
    shared: dict[tuple[int, int], Credit] = {}
    credits: dict[tuple[int, int], list[Credit]] = defaultdict(list)
    for session_id, responder, hours in rows:
        course, day = held[session_id]
        credit = shared.get((session_id, hours))
        if credit is None:
            credit = shared[(session_id, hours)] = Credit(day, hours)
        credits[(responder, course)].append(credit)
    return dict(credits)


# --------------------------------------------------------------------------- readiness


# The records of a readiness are plain (not frozen) slotted dataclasses: thousands are made
# each time the matrix opens, and a frozen one costs a setattr call per field.
@dataclass(slots=True)
class ReadinessItem:
    """One person on one requirement."""

    requirement_id: int
    course_id: int
    course: str
    recurring: bool
    standing: Standing

    @property
    def status(self) -> Status:
        return self.standing.status

    def describe(self, today: date) -> str:
        """``Overdue 12 days · 16 of 40 h`` / ``Complete 2026-09-12`` / ``Due in 9 days``."""
        s = self.standing
        days = s.days_until_due(today)
        progress = (
            f" · {format_hours(s.hours_so_far)} of {format_hours(s.hours_required)}"
            if s.hours_so_far and s.status is not Status.COMPLETE
            else ""
        )
        if s.status is Status.OVERDUE and days is not None:
            return f"Overdue {-days} day{'s' if days != -1 else ''}{progress}"
        if s.status is Status.DUE_SOON and days is not None:
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            return f"Due {when}{progress}"
        if s.status is Status.COMPLETE:
            return f"Complete {s.last_completed.isoformat()}" if s.last_completed else "Complete"
        if s.status is Status.IN_PROGRESS:
            return f"In progress{progress}"
        return "Not started"


@dataclass(slots=True)
class PersonReadiness:
    responder_id: int
    contact_id: int
    name: str
    email: str
    agency: str
    agency_id: int | None
    role: str
    role_id: int | None
    role_since: date | None
    start_date: date
    left_date: date | None
    active: bool  # started and not left, today
    items: tuple[ReadinessItem, ...]

    def item(self, course_id: int) -> ReadinessItem | None:
        for item in self.items:
            if item.course_id == course_id:
                return item
        return None

    @property
    def worst(self) -> Status | None:
        if not self.items:
            return None
        return min((item.status for item in self.items), key=SEVERITY.__getitem__)

    @property
    def current(self) -> bool:
        """Nothing overdue."""
        return all(item.status is not Status.OVERDUE for item in self.items)

    @property
    def needs_attention(self) -> bool:
        """Something overdue or due soon."""
        return any(item.status in (Status.OVERDUE, Status.DUE_SOON) for item in self.items)


@dataclass(frozen=True)
class Readiness:
    today: date
    window_days: int
    courses: tuple[tuple[int, str], ...]  # the matrix's columns: courses some role requires
    people: tuple[PersonReadiness, ...]

    def count(self, status: Status, *, recurring: bool | None = None) -> int:
        """How many people have at least one item with ``status`` (of recurring
        requirements only, or one-off only, when ``recurring`` says so)."""
        return sum(
            1
            for person in self.people
            if person.active
            and any(
                item.status is status and (recurring is None or item.recurring is recurring)
                for item in person.items
            )
        )

    def items_by_status(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for person in self.people:
            if person.active:
                for item in person.items:
                    counts[item.status] += 1
        return counts


def person_readiness(
    data: TrainingData, person: PersonFacts, today: date, window_days: int
) -> PersonReadiness:
    """Where one person stands on each requirement of the role they hold today (a person
    who has not started yet: of their first role)."""
    spells = person.spells
    index = spell_on(spells, today)
    if index is None and spells:
        index = 0
    role_id = spells[index].role_id if index is not None else None
    active = is_active_on(person.start_date, person.left_date, today)
    items: list[ReadinessItem] = []
    if index is not None and role_id is not None and not _has_left(person, today):
        for rule in data.rules_by_role.get(role_id, ()):
            base = requirement_base(
                spells, index, rule.course_id, data.courses_by_role, person.start_date
            )
            credits = data.credits_of(person.responder_id, rule.course_id)
            items.append(
                ReadinessItem(
                    rule.requirement_id,
                    rule.course_id,
                    data.courses.get(rule.course_id, "?"),
                    rule.recurring,
                    standing(rule, base, credits, today, window_days),
                )
            )
    return PersonReadiness(
        person.responder_id,
        person.contact_id,
        person.name,
        person.email,
        person.agency,
        person.agency_id,
        data.roles.get(role_id, "") if role_id is not None else "",
        role_id,
        spells[index].start if index is not None else None,
        person.start_date,
        person.left_date,
        active,
        tuple(items),
    )


def _has_left(person: PersonFacts, today: date) -> bool:
    return person.left_date is not None and person.left_date <= today


def readiness(
    session: Session,
    today: date,
    *,
    window_days: int = DUE_SOON_DAYS,
    include_left: bool = False,
    agency_id: int | None = None,
    role_id: int | None = None,
    data: TrainingData | None = None,
) -> Readiness:
    """Everyone's standing on ``today`` (people who left are listed, without
    requirements, only with ``include_left``), by name; optionally of one agency or role.

    The cycle collector is paused meanwhile: judging 2,000 people makes some 50,000 small
    records and nothing cyclic, and the collector's passes over the growing heap (full ones,
    in a window holding every area) cost as much again as the work (benchmarks/cases/
    training.py)."""
    with collector_paused():
        return _readiness(session, today, window_days, include_left, agency_id, role_id, data)


def _readiness(
    session: Session,
    today: date,
    window_days: int,
    include_left: bool,
    agency_id: int | None,
    role_id: int | None,
    data: TrainingData | None,
) -> Readiness:
    data = data or load_training_data(session, today)
    people: list[PersonReadiness] = []
    for person in data.people:
        if not include_left and _has_left(person, today):
            continue
        if agency_id is not None and person.agency_id != agency_id:
            continue
        result = person_readiness(data, person, today, window_days)
        if role_id is not None and result.role_id != role_id:
            continue
        people.append(result)
    required = {rule.course_id for rules in data.rules_by_role.values() for rule in rules}
    courses = tuple((cid, name) for cid, name in data.courses.items() if cid in required)
    return Readiness(today, window_days, courses, tuple(people))


# --------------------------------------------------------------------------- for the dashboard


@dataclass(frozen=True)
class TrainingAttention:
    """The dashboard's figures: people (active today) by what needs doing."""

    refreshers_overdue: int
    refreshers_due: int  # within ``window_days``, not overdue
    other_overdue: int  # one-off requirements (initial training, new systems) overdue
    people: int
    people_current: int  # nothing overdue
    window_days: int

    @property
    def any_responders(self) -> bool:
        return self.people > 0


def training_attention(
    session: Session, today: date, window_days: int = DUE_SOON_DAYS
) -> TrainingAttention:
    result = readiness(session, today, window_days=window_days)
    active = [person for person in result.people if person.active]
    return TrainingAttention(
        refreshers_overdue=result.count(Status.OVERDUE, recurring=True),
        refreshers_due=result.count(Status.DUE_SOON, recurring=True),
        other_overdue=result.count(Status.OVERDUE, recurring=False),
        people=len(active),
        people_current=sum(1 for person in active if person.current),
        window_days=window_days,
    )
