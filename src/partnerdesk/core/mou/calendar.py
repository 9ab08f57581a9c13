"""Calendar export: upcoming reviews and expiries as an RFC 5545 (.ics) file.

Each event has a UID that stays the same from one export to the next (the review's or the
agreement's id plus a per-database token), so re-importing an updated file moves or changes
the events already in the user's calendar instead of adding copies; SEQUENCE grows with
every change so that calendar programs accept the newer version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from partnerdesk.core.mou.reminders import ReminderItem, ReminderKind, reminders
from partnerdesk.core.platform import clock, settings
from partnerdesk.core.platform.files import atomic_output

CALENDAR_TOKEN = "calendar_uid_token"  # setting: makes UIDs unique per database
PRODUCT_ID = "-//PartnerDesk//MOU reviews and expiries//EN"


def calendar_token(session: Session) -> str:
    """A random token stored once per database (written on first use)."""
    token = settings.get_setting(session, CALENDAR_TOKEN)
    if not token:
        token = uuid.uuid4().hex[:12]
        settings.set_setting(session, CALENDAR_TOKEN, token)
        session.flush()
    return token


def event_uid(item: ReminderItem, token: str) -> str:
    if item.kind is ReminderKind.REVIEW:
        return f"review-{item.review_id}-{token}@partnerdesk"
    # One expiry event per agreement: an amendment that moves the expiry moves the event.
    return f"expiry-{item.reference_code}-{token}@partnerdesk"


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    events: int
    alarms: int


def _summary(item: ReminderItem) -> str:
    if item.kind is ReminderKind.REVIEW:
        return f"MOU review due: {item.reference_code} {item.title}"
    return f"MOU expires: {item.reference_code} {item.title}"


def _description(item: ReminderItem) -> str:
    if item.kind is ReminderKind.REVIEW:
        return (
            f"The periodic review of {item.reference_code} (version {item.version_number}) "
            f'"{item.title}" is due. Record it in PartnerDesk with Complete review, or '
            "`partnerdesk reviews complete "
            f"{item.mou_id} --date YYYY-MM-DD --outcome renewed_unchanged`."
        )
    return (
        f'{item.reference_code} "{item.title}" is in force until this day. Renew it with an '
        "amendment in PartnerDesk, or record that it expired."
    )


def build_calendar(items: list[ReminderItem], token: str, stamp: datetime) -> bytes:
    """The .ics bytes for ``items``: all-day events with one display alarm per lead time."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "PartnerDesk reviews and expiries")
    for item in items:
        event = Event()
        event.add("uid", event_uid(item, token))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_date)
        event.add("dtend", item.due_date + timedelta(days=1))
        event.add("summary", _summary(item))
        event.add("description", _description(item))
        kind = "MOU review" if item.kind is ReminderKind.REVIEW else "MOU expiry"
        event.add("categories", ["PartnerDesk", kind])
        event.add("sequence", item.row_version)
        event.add("transp", "TRANSPARENT")
        for days in item.reminder_days:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{_summary(item)} (in {days} days)")
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def export_calendar(
    session: Session,
    path: str | Path,
    *,
    today: date,
    within_days: int | None = None,
    stamp: datetime | None = None,
) -> CalendarExport:
    """Write every open review and expiry (or those within ``within_days``) to ``path``."""
    items = reminders(session, today, within_days)
    token = calendar_token(session)
    data = build_calendar(items, token, stamp or clock.now_utc())
    with atomic_output(path) as temporary:
        temporary.write_bytes(data)
    return CalendarExport(Path(path), len(items), sum(len(item.reminder_days) for item in items))
