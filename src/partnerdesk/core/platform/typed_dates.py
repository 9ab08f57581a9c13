"""What a person means by a date typed or pasted into a date field.

One rule for every date field of the app (``ui/widgets/dates.DateEdit``), so that the
same text means the same day everywhere:

- a full date: ``2027-03-15``, ``2027/3/15``, ``20270315``, ``15 March 2027``,
  ``Mar 15, 2027``, ``3/15/2027`` (``15/3/2027`` where the day comes first);
- part of a date, the missing parts taken from the date the field showed before
  (``reference``): ``3/15`` or ``15 Mar`` (that year), ``15`` (that month), ``2027``
  (the same day in 2027), ``March``;
- what pasting brings along: spaces around it, a time of day (``2027-03-15T10:30``).

The words and orders come from python-dateutil's parser (well tested on exactly this);
year-month-day text is read here first, because dateutil would swap its month and day
when the day comes first in the user's locale.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from partnerdesk.core.platform.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY
from partnerdesk.core.platform.errors import ValidationError

_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_BARE_NUMBER = re.compile(r"\d{1,3}")
EXAMPLES = "2027-03-15, 3/15/2027 or 15 Mar 2027"


def _refused(text: str, why: str = "") -> ValidationError:
    reason = f" ({why})" if why else ""
    return ValidationError(f"“{text}” is not a date{reason}: type it as {EXAMPLES}")


def parse_typed_date(text: str, reference: date, *, day_first: bool = False) -> date:
    """The day ``text`` names, parts it leaves out taken from ``reference``; ``day_first``
    reads ``3/4/2027`` as 3 April (the user's locale says which). Raises ValidationError
    saying what was not understood."""
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError(f"give a date, e.g. {EXAMPLES}")
    found = _YEAR_FIRST.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned)
    if found is not None:
        year, month, day = (int(part) for part in found.groups())
        try:
            parsed = date(year, month, day)
        except ValueError as exc:
            raise _refused(cleaned, str(exc)) from None
    else:
        if _BARE_NUMBER.fullmatch(cleaned) and not 1 <= int(cleaned) <= 31:
            raise _refused(cleaned)  # dateutil would take "45" for the year 2045
        parsed = _dateutil_parse(cleaned, reference, day_first)
    if not FIRST_SUPPORTED_DAY <= parsed <= LAST_SUPPORTED_DAY:
        raise ValidationError(
            f"{parsed.isoformat()} is outside the supported range "
            f"{FIRST_SUPPORTED_DAY.year}-{LAST_SUPPORTED_DAY.year}"
        )
    return parsed


def _dateutil_parse(text: str, reference: date, day_first: bool) -> date:
    from dateutil import parser

    default = datetime(reference.year, reference.month, reference.day)
    try:
        parsed: datetime = parser.parse(text, default=default, dayfirst=day_first)
        return parsed.date()
    except (ValueError, OverflowError) as exc:  # ParserError is a ValueError
        message = str(exc).split(":")[0] if "Unknown string format" not in str(exc) else ""
        raise _refused(text, message) from None
