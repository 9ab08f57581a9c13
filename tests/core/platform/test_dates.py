"""Calendar rules behind review due dates and fiscal years."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core.platform.dates import (
    add_months,
    fiscal_year_bounds,
    fiscal_year_of,
    is_month_end,
)

# The autouse isolation fixtures are not reset between examples; these are pure functions.
pure = settings(max_examples=500, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # A review due on 29 February falls on 28 February in a non-leap year...
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), -12, date(2027, 2, 28)),
        # ...and returns to the 29th four years on.
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        # A day the target month lacks becomes its last day.
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2027, 1, 30), 1, date(2027, 2, 28)),
        (date(2027, 3, 31), 1, date(2027, 4, 30)),
        # A month-end stays a month-end.
        (date(2027, 4, 30), 1, date(2027, 5, 31)),
        (date(2027, 2, 28), 1, date(2027, 3, 31)),
        # An ordinary day keeps its number.
        (date(2027, 4, 15), 1, date(2027, 5, 15)),
        (date(2026, 11, 27), 12, date(2027, 11, 27)),
        # Across year ends, both ways.
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2027, 1, 15), -1, date(2026, 12, 15)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 3, 15), -27, date(2024, 12, 15)),
        (date(2027, 5, 31), -3, date(2027, 2, 28)),
        (date(2027, 6, 10), 0, date(2027, 6, 10)),
        # 28 January is no month-end, but 28 February 1995 is: it stays one going forward.
        (date(2000, 1, 28), -59, date(1995, 2, 28)),
        (date(1995, 2, 28), 59, date(2000, 1, 31)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pure
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    months=st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_lands_in_the_right_month_on_the_right_day(day: date, months: int) -> None:
    result = add_months(day, months)
    index = day.year * 12 + day.month - 1 + months
    assert (result.year, result.month - 1) == divmod(index, 12)
    last = calendar.monthrange(result.year, result.month)[1]
    if is_month_end(day):
        assert result.day == last
    else:
        assert result.day == min(day.day, last)


@pure
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    months=st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_round_trip_away_from_month_ends(day: date, months: int) -> None:
    there = add_months(day, months)
    # Month-ends are sticky (28 February becomes 31 March), so only other days come back.
    if not is_month_end(day) and not is_month_end(there):
        assert there.day == day.day
        assert add_months(there, -months) == day


@pytest.mark.parametrize(
    ("day", "start_month", "fiscal_year"),
    [
        # Calendar fiscal year.
        (date(2026, 1, 1), 1, 2026),
        (date(2026, 12, 31), 1, 2026),
        # July start: named by the year it ends in.
        (date(2026, 6, 30), 7, 2026),
        (date(2026, 7, 1), 7, 2027),
        (date(2027, 6, 30), 7, 2027),
        (date(2026, 11, 27), 7, 2027),
        # October start (the US federal year).
        (date(2026, 9, 30), 10, 2026),
        (date(2026, 10, 1), 10, 2027),
        (date(2027, 2, 28), 10, 2027),
    ],
)
def test_fiscal_year_of(day: date, start_month: int, fiscal_year: int) -> None:
    assert fiscal_year_of(day, start_month) == fiscal_year


@pytest.mark.parametrize(
    ("fiscal_year", "start_month", "first", "last"),
    [
        (2026, 1, date(2026, 1, 1), date(2026, 12, 31)),
        (2027, 7, date(2026, 7, 1), date(2027, 6, 30)),
        (2027, 10, date(2026, 10, 1), date(2027, 9, 30)),
        (2028, 3, date(2027, 3, 1), date(2028, 2, 29)),
    ],
)
def test_fiscal_year_bounds(fiscal_year: int, start_month: int, first: date, last: date) -> None:
    assert fiscal_year_bounds(fiscal_year, start_month) == (first, last)


@pure
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    start_month=st.integers(min_value=1, max_value=12),
)
def test_every_day_lies_in_its_fiscal_year_and_years_do_not_overlap(
    day: date, start_month: int
) -> None:
    fiscal_year = fiscal_year_of(day, start_month)
    first, last = fiscal_year_bounds(fiscal_year, start_month)
    assert first <= day <= last
    assert first.day == 1 and first.month == start_month
    # The next fiscal year starts the day after this one ends: no gap, no overlap.
    assert fiscal_year_bounds(fiscal_year + 1, start_month)[0] == last + timedelta(days=1)
    assert fiscal_year_of(first, start_month) == fiscal_year_of(last, start_month)


# --------------------------------------------------------------------------- dates in files

from partnerdesk.core.platform.dates import DATE_FORMATS, read_date_text  # noqa: E402
from partnerdesk.core.platform.errors import ValidationError  # noqa: E402


@pytest.mark.parametrize("text", ["2026-04-03", " 2026-04-03 ", "2026-04-03 00:00:00",
                                  "2026-04-03T00:00"])  # fmt: skip
def test_iso_dates_are_read_whatever_format_is_declared(text: str) -> None:
    for declared in (None, *DATE_FORMATS):
        assert read_date_text(text, declared) == date(2026, 4, 3)


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("03/04/2026", "DD/MM/YYYY", date(2026, 4, 3)),
        ("03/04/2026", "MM/DD/YYYY", date(2026, 3, 4)),
        ("3/4/2026", "DD/MM/YYYY", date(2026, 4, 3)),
        ("03.04.2026", "DD.MM.YYYY", date(2026, 4, 3)),
        ("03-04-2026", "DD-MM-YYYY", date(2026, 4, 3)),
        ("2026/04/03", "YYYY/MM/DD", date(2026, 4, 3)),
        ("03/04/2026", "dd/mm/yyyy", date(2026, 4, 3)),  # any capitals
    ],
)
def test_other_formats_are_read_only_as_declared(text: str, declared: str, expected: date) -> None:
    assert read_date_text(text, declared) == expected


@pytest.mark.parametrize(
    "text", ["03/04/2026", "12/31/2026", "31/12/2026", "3.4.2026", "2026/04/03"]
)
def test_without_a_declared_format_only_iso_is_read_never_guessed(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_date_text(text)
    message = caught.value.message
    assert repr(text) in message
    # It says what would be accepted, and how to declare the order.
    for name in DATE_FORMATS:
        assert name in message


@pytest.mark.parametrize(
    ("text", "declared"),
    [("03/04/2026", "DD.MM.YYYY"), ("2026-13-01", None), ("31/02/2026", "DD/MM/YYYY"),
     ("03/04/26", "DD/MM/YYYY"), ("", None), ("soon", "MM/DD/YYYY")],
)  # fmt: skip
def test_a_text_that_does_not_match_is_refused_naming_it(text: str, declared: str | None) -> None:
    with pytest.raises(ValidationError) as caught:
        read_date_text(text, declared)
    assert repr(text) in caught.value.message or "empty" in caught.value.message
    if declared:
        assert declared in caught.value.message


@pytest.mark.parametrize("text", ["1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01"])
def test_dates_outside_the_supported_range_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="outside the supported range 1900-2199"):
        read_date_text(text)


def test_an_unknown_declared_format_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="DD/MM/YYYY") as caught:
        read_date_text("2026-04-03", "D/M/Y")
    assert "'D/M/Y'" in caught.value.message


@pure
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_every_format_reads_back_what_it_writes(day: date) -> None:
    for name, pattern in DATE_FORMATS.items():
        assert read_date_text(day.strftime(pattern), name) == day


@pytest.mark.parametrize("year", [-1, 0, 1899, 2201, 10000, 1180591620717411303424])
def test_fiscal_years_outside_the_supported_range_are_refused(year: int) -> None:
    from partnerdesk.core.platform.dates import check_fiscal_year

    with pytest.raises(ValidationError, match="1900-2200") as caught:
        check_fiscal_year(year)
    assert len(caught.value.message) < 120  # a huge number is cut short


def test_every_supported_day_lies_in_a_supported_fiscal_year() -> None:
    from partnerdesk.core.platform.dates import (
        FIRST_SUPPORTED_DAY,
        LAST_SUPPORTED_DAY,
        check_fiscal_year,
    )

    for start_month in range(1, 13):
        for day in (FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY):
            check_fiscal_year(fiscal_year_of(day, start_month))
