"""Reading obligations: the list (filtered in SQL), what needs attention on the Dashboard,
and the calendar events of the open ones.

One query (:func:`list_obligations`) serves the Funding area, the Dashboard, the command
line and the calendar export, so they all count the same items. An item is *late* when it
is still upcoming after its due date; "late" is shown, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.models import (
    Contact,
    FundingSource,
    GrantTerms,
    Obligation,
    ObligationKind,
    ObligationRule,
    ObligationStatus,
)
from partnerdesk.core.mou.reviews import as_date
from partnerdesk.core.mou.rules import DEFAULT_REMINDER_DAYS, parse_reminder_days
from partnerdesk.core.platform.ics import CalendarEvent

DUE_SOON_DAYS = 30
CALENDAR_CATEGORY = "Grant obligation"


class ShownStatus(StrEnum):
    UPCOMING = "upcoming"
    LATE = "late"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def period_label(first: date | None, last: date | None) -> str:
    """``Jul–Sep 2026`` for whole months, ``15 Mar – 14 Jun 2026`` otherwise."""
    if first is None or last is None:
        return ""
    whole_months = first.day == 1 and (last + timedelta(days=1)).day == 1
    if whole_months:
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%b %Y}"
        if first.year == last.year:
            return f"{first:%b}–{last:%b %Y}"
        return f"{first:%b %Y} – {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


@dataclass(frozen=True, slots=True)
class ObligationRow:
    """One item as lists show it."""

    id: int
    rule_id: int
    source_id: int
    source: str
    kind: ObligationKind
    title: str
    due_date: date
    period_start: date | None
    period_end: date | None
    status: ObligationStatus
    submitted_on: date | None
    accepted_on: date | None
    owner: str
    notes: str
    days_until_due: int  # negative when the due date has passed
    reminder_days: tuple[int, ...]
    row_version: int

    @property
    def shown(self) -> ShownStatus:
        if self.status is ObligationStatus.UPCOMING:
            return ShownStatus.LATE if self.days_until_due < 0 else ShownStatus.UPCOMING
        return ShownStatus(self.status.value)

    @property
    def is_open(self) -> bool:
        return self.status is ObligationStatus.UPCOMING

    @property
    def overdue(self) -> bool:
        return self.is_open and self.days_until_due < 0

    @property
    def period(self) -> str:
        return period_label(self.period_start, self.period_end)

    def describe(self) -> str:
        """How far off it is: "12 days overdue", "due today", "in 5 days", "submitted …"."""
        if self.status is ObligationStatus.ACCEPTED:
            return f"accepted {self.accepted_on}"
        if self.status is ObligationStatus.SUBMITTED:
            late = (
                self.submitted_on is not None
                and self.submitted_on > self.due_date
                and f" ({(self.submitted_on - self.due_date).days} days late)"
            )
            return f"submitted {self.submitted_on}{late or ''}"
        days = self.days_until_due
        if days < 0:
            return f"{-days} day{'s' if days != -1 else ''} overdue"
        if days == 0:
            return "due today"
        return f"in {days} day{'s' if days != 1 else ''}"


Show = Literal["open", "overdue", "due_soon", "done", "all"]
SHOW_CHOICES: dict[Show, str] = {
    "open": "Open (not submitted)",
    "overdue": "Overdue",
    "due_soon": f"Due within {DUE_SOON_DAYS} days",
    "done": "Submitted or accepted",
    "all": "All",
}


@dataclass(frozen=True)
class ObligationFilter:
    """What a list shows. ``within_days`` (with "open") limits it to items overdue or due
    within that many days; "due_soon" is "open" within 30 days, overdue ones included."""

    show: Show = "open"
    source_id: int | None = None
    within_days: int | None = None


def list_obligations(
    session: Session, today: date, where: ObligationFilter | None = None
) -> list[ObligationRow]:
    """Items by due date (then source and title), as ``where`` selects them."""
    where = where or ObligationFilter()
    statement = (
        sa.select(
            col(Obligation.id),
            col(Obligation.rule_id),
            col(ObligationRule.funding_source_id),
            col(FundingSource.name),
            col(ObligationRule.kind),
            col(ObligationRule.title),
            col(Obligation.due_date),
            col(Obligation.period_start),
            col(Obligation.period_end),
            col(Obligation.status),
            col(Obligation.submitted_on),
            col(Obligation.accepted_on),
            col(Contact.full_name),
            col(Obligation.notes),
            col(GrantTerms.reminder_days),
            col(Obligation.row_version),
        )
        .join(ObligationRule, col(ObligationRule.id) == col(Obligation.rule_id))
        .join(FundingSource, col(FundingSource.id) == col(ObligationRule.funding_source_id))
        .outerjoin(Contact, col(Contact.id) == col(ObligationRule.owner_contact_id))
        .outerjoin(GrantTerms, col(GrantTerms.funding_source_id) == col(FundingSource.id))
    )
    upcoming = col(Obligation.status) == ObligationStatus.UPCOMING
    within = where.within_days
    if where.show == "due_soon":
        within = DUE_SOON_DAYS if within is None else min(within, DUE_SOON_DAYS)
    if where.show in ("open", "due_soon"):
        statement = statement.where(upcoming)
        if within is not None:
            statement = statement.where(col(Obligation.due_date) <= today + timedelta(within))
    elif where.show == "overdue":
        statement = statement.where(upcoming, col(Obligation.due_date) < today)
    elif where.show == "done":
        statement = statement.where(col(Obligation.status) != ObligationStatus.UPCOMING)
    if where.source_id is not None:
        statement = statement.where(col(ObligationRule.funding_source_id) == where.source_id)
    statement = statement.order_by(
        col(Obligation.due_date), col(FundingSource.name), col(ObligationRule.title)
    )
    default_days = DEFAULT_REMINDER_DAYS
    parsed_days: dict[str | None, tuple[int, ...]] = {None: default_days}
    rows: list[ObligationRow] = []
    for (
        item_id,
        rule_id,
        source_id,
        source,
        kind,
        title,
        due,
        first,
        last,
        status,
        submitted,
        accepted,
        owner,
        notes,
        reminder_text,
        version,
    ) in session.execute(statement):
        due_date = as_date(due)
        if reminder_text not in parsed_days:
            parsed_days[reminder_text] = parse_reminder_days(reminder_text)
        rows.append(
            ObligationRow(
                id=item_id,
                rule_id=rule_id,
                source_id=source_id,
                source=source,
                kind=kind,
                title=title,
                due_date=due_date,
                period_start=None if first is None else as_date(first),
                period_end=None if last is None else as_date(last),
                status=status,
                submitted_on=None if submitted is None else as_date(submitted),
                accepted_on=None if accepted is None else as_date(accepted),
                owner=owner or "",
                notes=notes or "",
                days_until_due=(due_date - today).days,
                reminder_days=parsed_days[reminder_text],
                row_version=version,
            )
        )
    return rows


# --------------------------------------------------------------------------- the Dashboard


@dataclass(frozen=True)
class ObligationAttention:
    """What the Dashboard shows of the grants: items overdue and due within 30 days."""

    today: date
    items: tuple[ObligationRow, ...]  # overdue and due within 30 days, soonest first

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def due_soon(self) -> int:
        """Due today or within the next 30 days (not overdue)."""
        return sum(1 for item in self.items if not item.overdue)


def obligation_attention(session: Session, today: date) -> ObligationAttention:
    return ObligationAttention(
        today, tuple(list_obligations(session, today, ObligationFilter(show="due_soon")))
    )


# --------------------------------------------------------------------------- the calendar


def _event(row: ObligationRow) -> CalendarEvent:
    period = f" for {row.period}" if row.period else ""
    owner = f" Owner: {row.owner}." if row.owner else ""
    return CalendarEvent(
        key=f"obligation-{row.id}",
        day=row.due_date,
        summary=f"Grant {row.kind.label.lower()} due: {row.source} — {row.title}",
        description=(
            f'"{row.title}"{period} is due to the funder of {row.source}.{owner} Record the '
            "submission in PartnerDesk (Funding › Obligations, Mark submitted), or "
            f"`partnerdesk grants submit {row.id} --date YYYY-MM-DD`."
        ),
        category=CALENDAR_CATEGORY,
        reminder_days=row.reminder_days,
    )


def obligation_events(session: Session, today: date) -> list[CalendarEvent]:
    """Every open item as an all-day event keyed by the item (its id never changes when
    it moves); a submitted item is no longer live, so the next export cancels it."""
    return [_event(row) for row in list_obligations(session, today, ObligationFilter("open"))]
