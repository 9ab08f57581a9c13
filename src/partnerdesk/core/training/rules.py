"""The readiness rules, pure (no database): hours, when a requirement is met and when it is
next due, what counts after a role change, and who counts at all.

- **Hours** are exact: whole hundredths of an hour (7.5 h is 750), never floats.
- **Split hours.** Attendance accumulates: a requirement of 40 h is met on the day the
  hours attended reach 40, however many sessions that took. For a recurring requirement
  the count starts again after each completion (hours beyond the requirement do not carry
  over to the next cycle).
- **Due dates.** The first time, a requirement is due ``due_within_days`` after the person
  took up the role that requires it. A recurring one is then due ``recurrence_months``
  after the *last completion* (a late refresher moves the next one later; an early one
  brings it forward), never earlier than that first deadline.
- **Role changes.** The new role's requirements apply from the day of the change, due
  ``due_within_days`` after it; a course the previous role required too keeps its
  schedule (the clock does not restart); training done before the change counts.
- **People who left** count only while they were there: from the day they left, they have
  no requirements, appear in no rate, and nothing of theirs is due.
- Only attendance of sessions that have ended (on or before the day asked about) counts.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.schema import LabelledEnum

# ---------------------------------------------------------------------------- hours

HUNDRED = 100
MAX_HOURS = 1000  # a course or a session longer than this is a typing mistake
DUE_SOON_DAYS = 30  # the default "due soon" window (the dashboard's)


def parse_hours(value: Any, where: str = "hours", *, allow_zero: bool = False) -> int:
    """Hours as people type them (``7.5``, ``40``, ``7.5 h``, ``7:30``) or a spreadsheet
    gives them (a number), as whole hundredths of an hour. Refuses what is not a number
    of hours, more than two decimals, a negative or absurd figure (ValidationError naming
    ``where``)."""
    if isinstance(value, bool):  # a ticked box is not hours
        raise ValidationError(f"{value!r} is not a number of hours", field=where)
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError(f"{value!r} is not a number of hours", field=where)
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text = str(value)
    else:
        text = str(value).strip()
        number = _read_hours_text(text, where)
    hundredths = number * HUNDRED
    if hundredths != hundredths.to_integral_value():
        raise ValidationError(
            f"{text!r}: give hours with at most two decimals (e.g. 7.25)", field=where
        )
    if number < 0 or (number == 0 and not allow_zero):
        raise ValidationError(f"{text!r}: the hours must be more than zero", field=where)
    if number > MAX_HOURS:
        raise ValidationError(f"{text!r}: more than {MAX_HOURS:,} hours", field=where)
    return int(hundredths)


def _read_hours_text(text: str, where: str) -> Decimal:
    cleaned = text.lower().removesuffix("hours").removesuffix("hrs").removesuffix("h").strip()
    if ":" in cleaned:  # 7:30 = seven and a half hours
        whole, _, minutes = cleaned.partition(":")
        digits = (whole + minutes).isascii() and whole.isdigit() and minutes.isdigit()
        if digits and len(minutes) == 2 and int(minutes) < 60:
            return Decimal(whole) + Decimal(int(minutes)) / 60
        raise ValidationError(f"{text!r} is not a number of hours", field=where)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(f"{text!r} is not a number of hours", field=where) from None
    if not number.is_finite():
        raise ValidationError(f"{text!r} is not a number of hours", field=where)
    return number


def hours_decimal(hundredths: int) -> Decimal:
    """``750`` -> ``Decimal('7.5')`` (no trailing zeros: for JSON and spreadsheets)."""
    value = Decimal(hundredths) / HUNDRED
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def format_hours(hundredths: int) -> str:
    """``4000`` -> ``40 h``, ``750`` -> ``7.5 h``."""
    return f"{hours_decimal(hundredths):f} h"


# ---------------------------------------------------------------------------- statuses


class Status(LabelledEnum):
    """Where one person stands on one requirement. Ordered from worst to best by
    :data:`SEVERITY` (sorting and "worst of" use it)."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


SEVERITY: dict[Status, int] = {status: rank for rank, status in enumerate(Status)}


@dataclass(frozen=True, slots=True)
class Rule:
    """A requirement as the rules see it (hours in hundredths)."""

    requirement_id: int
    role_id: int
    course_id: int
    hours: int
    due_within_days: int
    recurrence_months: int | None = None

    @property
    def recurring(self) -> bool:
        return bool(self.recurrence_months)


class Credit(NamedTuple):
    """Hours attended of a course, counted on the last day of the session. A tuple: the
    rules walk tens of thousands of them, and unpacking a tuple is the cheapest read."""

    day: date
    hours: int


@dataclass(frozen=True, slots=True)
class Spell:
    """A role held from ``start`` (until the next spell starts)."""

    role_id: int
    start: date


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One time a requirement falls due, and when (if ever) it was met."""

    due: date
    completed: date | None


@dataclass(slots=True)  # not frozen: made thousands of times (see readiness)
class Standing:
    """Where a person stands on one requirement on one day."""

    status: Status
    due_date: date | None  # None once a one-off requirement is met
    last_completed: date | None
    hours_so_far: int  # toward the current cycle (all hours for a one-off not yet met)
    hours_required: int

    def days_until_due(self, today: date) -> int | None:
        return None if self.due_date is None else (self.due_date - today).days


# ---------------------------------------------------------------------------- who counts


def is_active_on(start: date, left: date | None, day: date) -> bool:
    """Someone counts from their start date until the day before they left."""
    return start <= day and (left is None or day < left)


def spell_on(spells: Sequence[Spell], day: date) -> int | None:
    """The index of the spell in force on ``day`` (spells sorted by start), or None."""
    found = None
    for index, spell in enumerate(spells):
        if spell.start > day:
            break
        found = index
    return found


def requirement_base(
    spells: Sequence[Spell],
    index: int,
    course_id: int,
    courses_by_role: Mapping[int, frozenset[int]],
    responder_start: date,
) -> date:
    """The day the clock of ``course_id`` started for the spell at ``index``: the day the
    person took up that role, or earlier while the roles before it required the course too
    (a course both roles require keeps its schedule across a role change)."""
    base_index = index
    while base_index > 0 and course_id in courses_by_role.get(
        spells[base_index - 1].role_id, frozenset()
    ):
        base_index -= 1
    return max(spells[base_index].start, responder_start)


# ---------------------------------------------------------------------------- completion


def completions(
    credits: Sequence[Credit], required: int, recurring: bool
) -> tuple[list[date], int]:
    """The days a requirement of ``required`` hours was met by ``credits`` (sorted by day),
    and the hours counted toward the next completion (all of them, for a one-off
    requirement not met yet). A one-off requirement is met once."""
    done: list[date] = []
    accumulated = 0
    for day, hours in credits:
        accumulated += hours
        if accumulated >= required:
            done.append(day)
            if not recurring:
                return done, accumulated
            accumulated = 0
    return done, accumulated


@functools.lru_cache(maxsize=16384)
def _months_after(day: date, months: int) -> date:
    # Completions fall on a few hundred session days: the same sums come back thousands
    # of times when 2,000 people are judged.
    return add_months(day, months)


def occurrences(rule: Rule, base: date, credits: Sequence[Credit]) -> list[Occurrence]:
    """Every time the requirement fell (or falls) due since ``base``, oldest first, each
    with the day it was met; the last one is still open when its ``completed`` is None.

    ``credits`` are the person's attendance of the course, sorted by day, up to the day
    asked about."""
    first_due = base + timedelta(days=rule.due_within_days)
    met, _ = completions(credits, rule.hours, rule.recurring)
    if not rule.recurring or rule.recurrence_months is None:
        return [Occurrence(first_due, met[0] if met else None)]
    months = rule.recurrence_months
    # Completions before the person took up the role count as the last one before it.
    earlier = [day for day in met if day < base]
    later = [day for day in met if day >= base]
    due = max(first_due, _months_after(earlier[-1], months)) if earlier else first_due
    result: list[Occurrence] = []
    for day in later:
        result.append(Occurrence(due, day))
        due = _months_after(day, months)
    result.append(Occurrence(due, None))
    return result


def next_due(rule: Rule, base: date, met: Sequence[date]) -> date:
    """When the requirement is next due, given the days it was met (the last of
    :func:`occurrences`, without building them)."""
    first_due = base + timedelta(days=rule.due_within_days)
    if not met or not rule.recurrence_months:
        return first_due
    after_last = _months_after(met[-1], rule.recurrence_months)
    return after_last if met[-1] >= base else max(first_due, after_last)


def standing(
    rule: Rule,
    base: date,
    credits: Sequence[Credit],
    today: date,
    window_days: int = DUE_SOON_DAYS,
) -> Standing:
    """Where the person stands on ``today``: complete, due within ``window_days``,
    overdue, not started or in progress, with the hours so far. ``credits`` must already
    leave out attendance after ``today``."""
    met, toward_next = completions(credits, rule.hours, rule.recurring)
    last = met[-1] if met else None
    if not rule.recurring:
        if last is not None:
            return Standing(Status.COMPLETE, None, last, toward_next, rule.hours)
        due: date = base + timedelta(days=rule.due_within_days)
    else:
        due = next_due(rule, base, met)
    days = (due - today).days
    if days < 0:
        status = Status.OVERDUE
    elif days <= window_days:
        status = Status.DUE_SOON
    elif last is not None:
        status = Status.COMPLETE
    elif toward_next > 0:
        status = Status.IN_PROGRESS
    else:
        status = Status.NOT_STARTED
    return Standing(status, due, last, toward_next, rule.hours)
