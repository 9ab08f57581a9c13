"""The training events of the calendar export: scheduled sessions, and due dates.

- **Sessions**: one event per session, on its first day, keyed by the session
  (``training-session-<id>``): moving the session moves the event; deleting it cancels it.
- **Due dates**: one event per course and due date, naming the people due that day
  (``training-due-<course id>-<date>``), not one per person and requirement. A program of
  2,000 responders has some 8,000 person-requirements; as events they would bury every
  other reminder, while the due dates themselves cluster on a few hundred days (a refresher
  falls due three months after the session people attended together). When some of those
  people complete the course, the event is rewritten without them; when all have, the
  next export cancels it. Overdue dates stay in the calendar, at their date, until done.
  People who left have nothing due.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session

from partnerdesk.core.platform.ics import CalendarEvent
from partnerdesk.core.training.readiness import readiness
from partnerdesk.core.training.rules import format_hours
from partnerdesk.core.training.sessions import list_sessions

SESSION_CATEGORY = "Training session"
DUE_CATEGORY = "Training due"
SESSION_REMINDER_DAYS = (7, 1)
DUE_REMINDER_DAYS = (30, 7)
NAMES_SHOWN = 25


def training_events(session: Session, today: date) -> list[CalendarEvent]:
    return session_events(session) + due_events(session, today)


def session_events(session: Session) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    for row in list_sessions(session):
        details = [f"{row.course}: {row.dates()}, {format_hours(row.hours)}."]
        if row.place:
            details.append(f"Where: {row.place}.")
        if row.trainers:
            details.append(f"Trainers: {row.trainers}.")
        if row.capacity:
            details.append(f"Places: {row.capacity}.")
        details.append("Print the sign-in sheet from PartnerDesk's Training area.")
        events.append(
            CalendarEvent(
                key=f"training-session-{row.id}",
                day=row.start_date,
                summary=f"Training: {row.course}"
                + ("" if row.end_date == row.start_date else f" (to {row.end_date.isoformat()})"),
                description=" ".join(details),
                category=SESSION_CATEGORY,
                reminder_days=SESSION_REMINDER_DAYS,
            )
        )
    return events


def due_events(session: Session, today: date) -> list[CalendarEvent]:
    """One event per course and due date, naming who is due (see the module docstring)."""
    result = readiness(session, today)
    due: dict[tuple[int, date], list[str]] = defaultdict(list)
    courses: dict[int, str] = dict(result.courses)
    for person in result.people:
        for item in person.items:
            if item.standing.due_date is not None:
                label = f"{person.name} ({person.agency})" if person.agency else person.name
                due[(item.course_id, item.standing.due_date)].append(label)
    events: list[CalendarEvent] = []
    for (course_id, day), names in sorted(due.items(), key=lambda pair: (pair[0][1], pair[0][0])):
        course = courses.get(course_id, "training")
        who = names[0].split(" (")[0] if len(names) == 1 else f"{len(names)} people"
        shown = "; ".join(names[:NAMES_SHOWN]) + (
            f"; and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else ""
        )
        events.append(
            CalendarEvent(
                key=f"training-due-{course_id}-{day.isoformat()}",
                day=day,
                summary=f"Training due: {course} — {who}",
                description=(
                    f"{course} is due for: {shown}. Schedule a session before this day; "
                    "PartnerDesk updates or cancels this reminder as people complete it."
                ),
                category=DUE_CATEGORY,
                reminder_days=DUE_REMINDER_DAYS,
            )
        )
    return events
