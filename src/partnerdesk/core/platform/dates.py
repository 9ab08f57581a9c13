"""Calendar rules shared by reviews, reminders and fiscal years."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

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


# Fiscal years are named by the calendar year they end in: a July year that begins in the
# last supported calendar year is FY2200.
FIRST_SUPPORTED_FISCAL_YEAR = FIRST_SUPPORTED_DAY.year
LAST_SUPPORTED_FISCAL_YEAR = LAST_SUPPORTED_DAY.year + 1


def check_fiscal_year(year: int, where: str = "fiscal_year") -> int:
    """``year`` itself, or a ValidationError when no supported day falls in it."""
    if not FIRST_SUPPORTED_FISCAL_YEAR <= year <= LAST_SUPPORTED_FISCAL_YEAR:
        shown = str(year) if abs(year) < 10**12 else f"{str(year)[:12]}…"
        raise ValidationError(
            f"{shown} is not a fiscal year PartnerDesk supports "
            f"({FIRST_SUPPORTED_FISCAL_YEAR}-{LAST_SUPPORTED_FISCAL_YEAR})",
            field=where,
        )
    return year


def check_supported_day(day: date, where: str = "date", *, prefix: bool = True) -> date:
    """``day`` itself, or a ValidationError naming ``where`` (at the start of the message,
    unless ``prefix`` is off because the caller names the place) when it is out of range."""
    if not FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY:
        raise ValidationError(
            f"{where + ': ' if prefix else ''}{day.isoformat()} is outside the supported range "
            f"{FIRST_SUPPORTED_DAY.year}-{LAST_SUPPORTED_DAY.year}",
            field=where,
        )
    return day


# --------------------------------------------------------------------------- dates in files

# How a file may write a date as text. ISO 8601 is always read; the others only when the
# user declares which one the file uses: 03/04/2026 is 3 April in most of the world and
# 4 March in the United States, and nothing in the text says which.
ISO_DATE_FORMAT = "YYYY-MM-DD"
DATE_FORMATS: dict[str, str] = {
    ISO_DATE_FORMAT: "%Y-%m-%d",
    "DD/MM/YYYY": "%d/%m/%Y",
    "MM/DD/YYYY": "%m/%d/%Y",
    "DD.MM.YYYY": "%d.%m.%Y",
    "DD-MM-YYYY": "%d-%m-%Y",
    "YYYY/MM/DD": "%Y/%m/%d",
}
# Where a user declares the format: every import that reads dates offers it in both places.
HOW_TO_DECLARE = '--date-format, or "Dates written as" in the import dialog'
# An ISO day, optionally with a time of day (spreadsheet programs export date cells so).
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?")


def check_date_format(name: str | None) -> str | None:
    """The declared format's name as :data:`DATE_FORMATS` spells it (None: none declared),
    or a ValidationError listing the formats there are."""
    if name is None or not name.strip():
        return None
    wanted = name.strip().upper()
    if wanted not in DATE_FORMATS:
        raise ValidationError(
            f"{name!r} is not a date format PartnerDesk reads; use one of "
            f"{', '.join(DATE_FORMATS)}",
            field="date_format",
        )
    return wanted


def read_date_text(text: str, date_format: str | None = None, where: str = "date") -> date:
    """A date written as text in an imported file: ISO 8601 (``2026-04-03``) always, another
    format only when ``date_format`` declares it (a name from :data:`DATE_FORMATS`). Never
    guesses between day-first and month-first; refuses, naming the text and what would be
    accepted. The day must lie in the supported range."""
    declared = check_date_format(date_format)
    value = text.strip()
    if not value:
        raise ValidationError("the date is empty", field=where)
    iso = _ISO_DAY.fullmatch(value)
    day: date | None = None
    if iso is not None:
        try:
            day = date.fromisoformat(iso.group(1))
        except ValueError:
            raise ValidationError(
                f"{text!r} is not a date: there is no such day", field=where
            ) from None
    elif declared is not None and declared != ISO_DATE_FORMAT:
        try:
            day = datetime.strptime(value, DATE_FORMATS[declared]).date()
        except ValueError:
            raise ValidationError(
                f"{text!r} is not a date in the declared format {declared} (nor {ISO_DATE_FORMAT})",
                field=where,
            ) from None
    else:
        raise ValidationError(
            f"{text!r} is not written as {ISO_DATE_FORMAT}; other formats are read only when "
            "declared, since 03/04 may be 3 April or 4 March (declare one of "
            f"{', '.join(DATE_FORMATS)} with {HOW_TO_DECLARE})",
            field=where,
        )
    return check_supported_day(day, where, prefix=False)
