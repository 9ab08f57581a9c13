"""The program's one clock.

"Today" is a business date: which reviews are due, which fiscal year is current, what the
demo's ledger looks like. It comes from one place, in this order:

1. a day pinned for this process (the command line's global ``--today``);
2. the ``PARTNERDESK_TODAY`` environment variable (the GUI, scripts, tests);
3. the machine's calendar.

Core functions never ask for the date themselves: they take ``today`` as an argument, and
the CLI and the GUI read it here. Moments written to the audit log, backup names and file
properties are real wall-clock time and are read here too (``now_utc``/``now_local``), so
that one module is the only place that touches the system clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from partnerdesk.core.platform.dates import check_supported_day
from partnerdesk.core.platform.errors import ValidationError

TODAY_ENV = "PARTNERDESK_TODAY"

_pinned: date | None = None


def parse_day(text: str, where: str = "date") -> date:
    """An ISO 8601 day (YYYY-MM-DD) inside the supported range, or a ValidationError that
    names the text and where it came from."""
    value = text.strip()
    problem = f"{where}: {text!r} is not a valid date; use YYYY-MM-DD"
    # fromisoformat alone would also take 20261127 and week dates such as 2026-W48-5.
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise ValidationError(problem, field=where)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(problem, field=where) from None
    check_supported_day(day, where)
    return day


def pin_today(day: date | None) -> None:
    """Make ``day`` today for this process (None: back to the environment / the machine)."""
    global _pinned
    if day is not None:
        check_supported_day(day, "--today")
    _pinned = day


def today() -> date:
    """The business date: pinned, else ``PARTNERDESK_TODAY``, else the machine's calendar."""
    if _pinned is not None:
        return _pinned
    text = os.environ.get(TODAY_ENV, "").strip()
    if text:
        return parse_day(text, TODAY_ENV)
    return date.today()


def now_utc() -> datetime:
    """The real moment, time-zone aware (audit timestamps, calendar DTSTAMP)."""
    return datetime.now(UTC)


def now_local() -> datetime:
    """The real moment in the machine's time zone, naive (file names, document properties)."""
    return datetime.now()
