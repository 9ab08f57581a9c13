"""Writing iCalendar (.ics) files that calendar programs can re-import without duplicates.

A calendar program that imported an earlier export keeps its events. For a re-export to
move or cancel them instead of adding copies, every event follows three rules:

- its UID names the *thing* it reminds of (an agreement's next review, a grant's report),
  never a row that is replaced when the thing moves on, so that the next export's event
  replaces the earlier one;
- its SEQUENCE grows whenever the event changes (the ``calendar_event`` table remembers
  what was last written for each UID and a fingerprint of it), so calendar programs take
  the newer version;
- what an earlier export wrote and no longer applies is written as a ``STATUS:CANCELLED``
  event with the same UID, at its last date (khal, Outlook and Google Calendar then strike
  it out or drop it).

Domain packages describe their live events as :class:`CalendarEvent`; :func:`plan_events`
gives each its SEQUENCE and adds the cancellations; :func:`build_ics` writes them.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from partnerdesk.core.platform import settings
from partnerdesk.core.platform.schema import CalendarEventState

CALENDAR_TOKEN = "calendar_uid_token"  # setting: makes UIDs unique per database
PRODUCT_ID = "-//PartnerDesk//Reminders//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day reminder. ``key`` is stable for the thing reminded of (see above)."""

    key: str
    day: date
    summary: str
    description: str
    category: str
    reminder_days: tuple[int, ...] = ()
    cancelled: bool = False
    sequence: int = 0  # set by plan_events

    def fingerprint(self) -> str:
        content = "\x1f".join(
            [self.day.isoformat(), self.summary, self.description, self.category]
            + [str(days) for days in self.reminder_days]
        )
        return hashlib.sha256(content.encode("utf-8")).hexdigest()


def calendar_token(session: Session) -> str:
    """A random token stored once per database (written on first use), so that two
    databases never produce the same UIDs."""
    token = settings.get_setting(session, CALENDAR_TOKEN)
    if not token:
        token = uuid.uuid4().hex[:12]
        settings.set_setting(session, CALENDAR_TOKEN, token)
        session.flush()
    return token


def event_uid(key: str, token: str) -> str:
    return f"{key}-{token}@partnerdesk"


def plan_events(
    session: Session,
    live: Iterable[CalendarEvent],
    shown: Callable[[CalendarEvent], bool] = lambda _event: True,
) -> list[CalendarEvent]:
    """The events to write: the live ones ``shown`` selects, each with its SEQUENCE, and a
    cancelled event for every key an earlier export wrote that is no longer live. Records
    what is written (the caller's transaction commits it with the file)."""
    states = {state.key: state for state in session.exec(select(CalendarEventState))}
    planned: list[CalendarEvent] = []
    live_keys: set[str] = set()
    for event in live:
        live_keys.add(event.key)
        fingerprint = event.fingerprint()
        state = states.get(event.key)
        if state is None:
            state = CalendarEventState(
                key=event.key, fingerprint="", day=event.day, summary="", category=""
            )
            session.add(state)
            states[event.key] = state
        elif state.fingerprint != fingerprint or state.cancelled:
            state.sequence += 1
        state.fingerprint, state.day, state.cancelled = fingerprint, event.day, False
        state.summary, state.category = event.summary[:400], event.category[:80]
        if shown(event):
            planned.append(replace(event, sequence=state.sequence))
    for key, state in sorted(states.items()):
        if key in live_keys:
            continue
        if not state.cancelled:
            state.sequence += 1
            state.cancelled = True
        planned.append(
            CalendarEvent(
                key=key,
                day=state.day,
                summary=state.summary,
                description="No longer due: PartnerDesk cancelled this reminder.",
                category=state.category,
                cancelled=True,
                sequence=state.sequence,
            )
        )
    return planned


def build_ics(events: Iterable[CalendarEvent], token: str, name: str, stamp: datetime) -> bytes:
    """The .ics bytes: all-day events, one display alarm per lead time of a live event."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", event_uid(item.key, token))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("categories", ["PartnerDesk", item.category])
        event.add("sequence", item.sequence)
        event.add("transp", "TRANSPARENT")
        if item.cancelled:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
            for days in item.reminder_days:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{item.summary} (in {days} days)")
                alarm.add("trigger", timedelta(days=-days))
                event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
