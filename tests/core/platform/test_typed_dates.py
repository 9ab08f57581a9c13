"""Reading a date a person typed or pasted (issue #15, defect 2: the year could not be typed)."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.typed_dates import parse_typed_date

SHOWN = date(2026, 11, 27)  # what the field showed before the user typed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full dates
        ("2027-03-15", date(2027, 3, 15)),
        ("2027/3/5", date(2027, 3, 5)),
        ("2027.03.15", date(2027, 3, 15)),
        ("20270315", date(2027, 3, 15)),
        ("15 March 2027", date(2027, 3, 15)),
        ("Mar 15, 2027", date(2027, 3, 15)),
        ("3/15/2027", date(2027, 3, 15)),
        ("3/15/27", date(2027, 3, 15)),
        # partial dates: the rest from the date shown
        ("2027", date(2027, 11, 27)),
        ("3/15", date(2026, 3, 15)),
        ("15 Mar", date(2026, 3, 15)),
        ("15", date(2026, 11, 15)),
        ("March", date(2026, 3, 27)),
        # pasted
        ("  2027-03-15\n", date(2027, 3, 15)),
        ("2027-03-15T10:30:00", date(2027, 3, 15)),
        ("2027-03-15 10:30", date(2027, 3, 15)),
    ],
)
def test_full_partial_and_pasted_dates(text: str, expected: date) -> None:
    assert parse_typed_date(text, SHOWN) == expected


def test_the_locale_says_whether_the_day_comes_first() -> None:
    assert parse_typed_date("3/4/2027", SHOWN) == date(2027, 3, 4)
    assert parse_typed_date("3/4/2027", SHOWN, day_first=True) == date(2027, 4, 3)
    # Year first is never read the other way round.
    assert parse_typed_date("2027-03-04", SHOWN, day_first=True) == date(2027, 3, 4)
    # A day above 12 can only be a day.
    assert parse_typed_date("15/3/2027", SHOWN) == date(2027, 3, 15)


def test_a_missing_day_of_the_month_falls_back_to_the_months_last() -> None:
    assert parse_typed_date("2027-02", date(2028, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "give a date"),
        ("   ", "give a date"),
        ("2027-02-30", "“2027-02-30” is not a date (day is out of range for month)"),
        ("2027-13-01", "is not a date"),
        ("soon", "“soon” is not a date: type it as 2027-03-15"),
        ("45", "“45” is not a date"),
        ("1899-12-31", "outside the supported range 1900-2199"),
        ("2200-01-01", "outside the supported range"),
    ],
)
def test_what_is_not_a_date_is_refused_saying_why(text: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_typed_date(text, SHOWN)
