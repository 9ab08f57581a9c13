"""How a grant obligation's rule becomes dated items: pure rules, no database.

Three schedules:

- ``once``: one item, due on the rule's date;
- ``each_period``: the grant period cut into periods of N months, one item per period,
  due an offset after the period's last day ("30 days after each quarter"). Periods run
  from the grant's start (grant quarters), or follow calendar or fiscal quarters/years;
  the first and last periods are cut at the grant's start and end;
- ``grant_end``: one item, due an offset before or after the grant's last day ("90 days
  after the end", "nine months before the end").

Dates follow the calendar rules of the review schedule (``platform.dates.add_months``):
a month-end stays a month-end, and a day the target month lacks becomes its last day.
A period of N months that starts on day D ends on the day before day D of the N-th month
after (15 March -> 14 June); counting from the day before the start keeps that right on
29 February (a year from 29 February 2028 ends on 28 February 2029) and on the 31st
(three months from 31 January end on 30 April).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from partnerdesk.core.models import ObligationSchedule, PeriodAlignment
from partnerdesk.core.platform.dates import add_months, check_supported_day
from partnerdesk.core.platform.errors import ValidationError

# A rule expanding into more items than this is a typing slip (monthly over decades).
MAX_ITEMS = 400
MAX_PERIOD_MONTHS = 36
MAX_OFFSET_MONTHS = 60
MAX_OFFSET_DAYS = 366


@dataclass(frozen=True)
class RuleSpec:
    """The schedule part of a rule (what decides its due dates)."""

    schedule: ObligationSchedule
    due_date: date | None = None
    period_months: int = 3
    alignment: PeriodAlignment = PeriodAlignment.GRANT
    offset_months: int = 0
    offset_days: int = 0


@dataclass(frozen=True)
class ScheduledItem:
    """One dated item of a rule; ``sequence`` is its place in the schedule."""

    sequence: int
    due_date: date
    period_start: date | None
    period_end: date | None


def shift(day: date, months: int, days: int) -> date:
    """``day`` moved by whole months (month-end safe), then by days."""
    return add_months(day, months) + timedelta(days=days)


def validate_spec(spec: RuleSpec) -> None:
    """Refuse values that cannot make a schedule, naming the field."""
    if spec.schedule is ObligationSchedule.ONCE:
        if spec.due_date is None:
            raise ValidationError("give the due date", field="due_date")
        check_supported_day(spec.due_date, "due_date")
        return
    if spec.schedule is ObligationSchedule.EACH_PERIOD:
        if not 1 <= spec.period_months <= MAX_PERIOD_MONTHS:
            raise ValidationError(
                f"a period is 1 to {MAX_PERIOD_MONTHS} months, not {spec.period_months}",
                field="period_months",
            )
        if spec.alignment is not PeriodAlignment.GRANT and 12 % spec.period_months:
            raise ValidationError(
                f"{spec.alignment.label.lower()} periods divide the year: choose 1, 2, 3, 4, "
                f"6 or 12 months, not {spec.period_months}",
                field="period_months",
            )
    if not -MAX_OFFSET_MONTHS <= spec.offset_months <= MAX_OFFSET_MONTHS:
        raise ValidationError(
            f"the offset is at most {MAX_OFFSET_MONTHS} months either way", field="offset"
        )
    if not -MAX_OFFSET_DAYS <= spec.offset_days <= MAX_OFFSET_DAYS:
        raise ValidationError(
            f"the offset is at most {MAX_OFFSET_DAYS} days either way", field="offset"
        )


def needs_grant_period(spec: RuleSpec) -> bool:
    return spec.schedule is not ObligationSchedule.ONCE


def expand(
    spec: RuleSpec,
    grant_start: date | None,
    grant_end: date | None,
    fiscal_start_month: int = 7,
) -> list[ScheduledItem]:
    """The rule's items in date order. A rule that needs the grant period gives none while
    the source has no start and end (``needs_grant_period``; the editor says so)."""
    validate_spec(spec)
    if spec.schedule is ObligationSchedule.ONCE:
        assert spec.due_date is not None
        return [ScheduledItem(0, spec.due_date, grant_start, grant_end)]
    if grant_start is None or grant_end is None or grant_end < grant_start:
        return []
    if spec.schedule is ObligationSchedule.GRANT_END:
        due = _due(grant_end, spec)
        return [ScheduledItem(0, due, grant_start, grant_end)]
    return [
        ScheduledItem(sequence, _due(last, spec), first, last)
        for sequence, (first, last) in enumerate(
            periods(grant_start, grant_end, spec.period_months, spec.alignment, fiscal_start_month)
        )
    ]


def _due(day: date, spec: RuleSpec) -> date:
    try:
        due = shift(day, spec.offset_months, spec.offset_days)
    except (OverflowError, ValueError):
        due = date.max
    return check_supported_day(due, "due_date")


def periods(
    grant_start: date,
    grant_end: date,
    months: int,
    alignment: PeriodAlignment,
    fiscal_start_month: int = 7,
) -> list[tuple[date, date]]:
    """The periods of ``months`` months covering the grant period, cut at its ends."""
    if alignment is PeriodAlignment.GRANT:
        anchor = grant_start
    else:
        first_month = 1 if alignment is PeriodAlignment.CALENDAR else fiscal_start_month
        anchor = date(grant_start.year, first_month, 1)
        if anchor > grant_start:
            anchor = date(grant_start.year - 1, first_month, 1)
    # Period k ends on (the day before the anchor) + k periods: see the module docstring.
    eve = anchor - timedelta(days=1)
    result: list[tuple[date, date]] = []
    start = anchor
    k = 1
    while start <= grant_end:
        end = add_months(eve, k * months)
        if end >= grant_start:
            result.append((max(start, grant_start), min(end, grant_end)))
            if len(result) > MAX_ITEMS:
                raise ValidationError(
                    f"this rule would schedule more than {MAX_ITEMS} items over the grant "
                    "period; choose a longer period",
                    field="period_months",
                )
        start = end + timedelta(days=1)
        k += 1
    return result


# --------------------------------------------------------------------------- in words

_PERIOD_NAMES = {1: "month", 3: "quarter", 6: "half-year", 12: "year"}


def period_name(months: int) -> str:
    return _PERIOD_NAMES.get(months, f"{months}-month period")


def offset_text(months: int, days: int) -> str:
    """``(0, 30)`` -> "30 days"; ``(-9, 0)`` -> "9 months"; ``(1, 15)`` -> "1 month and 15 days"."""
    parts = []
    if months:
        parts.append(f"{abs(months)} month{'s' if abs(months) != 1 else ''}")
    if days:
        parts.append(f"{abs(days)} day{'s' if abs(days) != 1 else ''}")
    return " and ".join(parts)


def describe(spec: RuleSpec) -> str:
    """The rule in words, as lists and messages show it."""
    if spec.schedule is ObligationSchedule.ONCE:
        return f"due {spec.due_date.isoformat()}" if spec.due_date else "due on a date"
    before = spec.offset_months < 0 or (spec.offset_months == 0 and spec.offset_days < 0)
    offset = offset_text(spec.offset_months, spec.offset_days)
    if spec.schedule is ObligationSchedule.GRANT_END:
        if not offset:
            return "on the last day of the grant"
        return f"{offset} {'before' if before else 'after'} the grant ends"
    name = period_name(spec.period_months)
    whose = {
        PeriodAlignment.GRANT: "of the grant period",
        PeriodAlignment.CALENDAR: "of the calendar",
        PeriodAlignment.FISCAL: "of the fiscal year" if spec.period_months < 12 else "",
    }[spec.alignment]
    if spec.alignment is PeriodAlignment.FISCAL and spec.period_months == 12:
        name = "fiscal year"
    elif spec.alignment is PeriodAlignment.CALENDAR and spec.period_months == 12:
        name, whose = "calendar year", ""
    each = f"each {name} {whose}".strip()
    if not offset:
        return f"at the end of {each}"
    return f"{offset} {'before the end of' if before else 'after'} {each}"
