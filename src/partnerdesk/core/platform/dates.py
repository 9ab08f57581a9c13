"""Calendar rules shared by reviews, reminders and fiscal years."""

from __future__ import annotations

import calendar
from datetime import date

from partnerdesk.core.platform.errors import ValidationError


def is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later; a day the target month lacks becomes its last day
    (29 February -> 28 February), and a month-end stays a month-end (30 April -> 31 May)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    target_day = last if is_month_end(day) else min(day.day, last)
    return date(year, month, target_day)


def fiscal_year_of(day: date, start_month: int) -> int:
    """The fiscal year a date falls in, named by the calendar year in which it ends
    (start month 7: 1 July 2026 - 30 June 2027 is FY2027; start month 1: the calendar year)."""
    if start_month == 1:
        return day.year
    return day.year + 1 if day.month >= start_month else day.year


def fiscal_year_bounds(fiscal_year: int, start_month: int) -> tuple[date, date]:
    """First and last day of a fiscal year (see :func:`fiscal_year_of` for the naming)."""
    first = date(fiscal_year if start_month == 1 else fiscal_year - 1, start_month, 1)
    last = date.fromordinal(add_months(first, 12).toordinal() - 1)
    return first, last


# The days PartnerDesk works with. Wide enough for any agreement or grant, narrow enough
# that projections, fiscal years and "N months later" never leave Python's date range.
FIRST_SUPPORTED_DAY = date(1900, 1, 1)
LAST_SUPPORTED_DAY = date(2199, 12, 31)


def check_supported_day(day: date, where: str = "date") -> date:
    """``day`` itself, or a ValidationError naming ``where`` when it is out of range."""
    if not FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY:
        raise ValidationError(
            f"{where}: {day.isoformat()} is outside the supported range "
            f"{FIRST_SUPPORTED_DAY.year}-{LAST_SUPPORTED_DAY.year}",
            field=where,
        )
    return day
