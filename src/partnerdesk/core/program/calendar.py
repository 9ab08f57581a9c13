"""The calendar export: every reminder of the program in one .ics file.

Each domain describes its own events (``mou_events`` today; evaluations, training sessions
and grant obligations add theirs here); the rules that let a calendar re-import the file
without duplicates are in :mod:`partnerdesk.core.platform.ics`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from partnerdesk.core.funding.obligation_queries import obligation_events
from partnerdesk.core.mou.calendar import mou_events
from partnerdesk.core.outcomes.calendar import evaluation_events
from partnerdesk.core.platform import clock
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.ics import CalendarEvent, build_ics, calendar_token, plan_events
from partnerdesk.core.training.calendar import training_events

CALENDAR_NAME = "PartnerDesk reminders"


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    events: int  # live events (cancelled ones are not counted)
    alarms: int
    cancelled: int


def live_events(session: Session, today: date) -> list[CalendarEvent]:
    """Every reminder of the program that still applies, whatever its date."""
    return (
        mou_events(session, today)
        + evaluation_events(session, today)
        + training_events(session, today)
        + obligation_events(session, today)
    )


def export_calendar(
    session: Session,
    path: str | Path,
    *,
    today: date,
    within_days: int | None = None,
    stamp: datetime | None = None,
) -> CalendarExport:
    """Write the program's reminders (or those due within ``within_days``, overdue ones
    included) to ``path``, with the cancellations of what earlier exports wrote and no
    longer applies. What was written is remembered in the same transaction."""
    limit = None if within_days is None else today + timedelta(days=within_days)
    events = plan_events(
        session, live_events(session, today), lambda event: limit is None or event.day <= limit
    )
    events.sort(key=lambda event: (event.cancelled, event.day, event.key))
    data = build_ics(events, calendar_token(session), CALENDAR_NAME, stamp or clock.now_utc())
    with atomic_output(path) as temporary:
        temporary.write_bytes(data)
    live = [event for event in events if not event.cancelled]
    return CalendarExport(
        Path(path),
        len(live),
        sum(len(event.reminder_days) for event in live),
        len(events) - len(live),
    )
