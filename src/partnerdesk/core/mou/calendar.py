"""The MOU events of the calendar export: each agreement's next review and its end.

Each agreement has at most two events, keyed by the agreement (its first version's id, which
amendments and renamed codes do not change), never by the review row: completing a review
moves the same event to the next due date, so a calendar that imported an earlier export
shows one event, not the old and the new side by side. An agreement that is terminated,
archived or no longer in force simply has no live event; the export then cancels the one
it wrote before (see :mod:`partnerdesk.core.platform.ics`).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.models import Mou
from partnerdesk.core.mou.reminders import ReminderItem, ReminderKind, reminders
from partnerdesk.core.platform.ics import CalendarEvent

CATEGORIES = {ReminderKind.REVIEW: "MOU review", ReminderKind.EXPIRY: "MOU expiry"}


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


def first_versions(session: Session) -> dict[int, int]:
    """Each MOU version's agreement, named by the id of its first version."""
    earlier: dict[int, int | None] = {
        mou_id: previous
        for mou_id, previous in session.execute(sa.select(col(Mou.id), col(Mou.supersedes_id)))
    }
    first: dict[int, int] = {}
    for mou_id in earlier:
        root, seen = mou_id, {mou_id}
        while (previous := earlier.get(root)) is not None and previous not in seen:
            root = previous
            seen.add(previous)
        first[mou_id] = root
    return first


def mou_events(session: Session, today: date) -> list[CalendarEvent]:
    """Every open review and every end of an agreement in force, as calendar events."""
    agreement = first_versions(session)
    return [
        CalendarEvent(
            key=f"mou-{agreement[item.mou_id]}-{item.kind.value}",
            day=item.due_date,
            summary=_summary(item),
            description=_description(item),
            category=CATEGORIES[item.kind],
            reminder_days=item.reminder_days,
        )
        for item in reminders(session, today, None)
    ]
