"""How an obligation rule becomes dated items: quarters, month ends, 29 February, periods
that start mid-month, calendar and fiscal alignment, deadlines around the grant's end."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerdesk.core.funding.obligation_rules import (
    MAX_ITEMS,
    RuleSpec,
    describe,
    expand,
    periods,
)
from partnerdesk.core.models import ObligationSchedule, PeriodAlignment
from partnerdesk.core.platform.errors import ValidationError

EACH = ObligationSchedule.EACH_PERIOD
END = ObligationSchedule.GRANT_END
QUARTERLY_30 = RuleSpec(EACH, period_months=3, offset_days=30)


def test_quarterly_reports_30_days_after_each_grant_quarter() -> None:
    items = expand(QUARTERLY_30, date(2025, 7, 1), date(2028, 6, 30))
    assert len(items) == 12
    assert [(i.period_start, i.period_end, i.due_date) for i in items[:4]] == [
        (date(2025, 7, 1), date(2025, 9, 30), date(2025, 10, 30)),
        (date(2025, 10, 1), date(2025, 12, 31), date(2026, 1, 30)),
        (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 30)),
    ]
    assert items[-1].period_end == date(2028, 6, 30)
    assert [i.sequence for i in items] == list(range(12))
    assert describe(QUARTERLY_30) == "30 days after each quarter of the grant period"


def test_an_offset_in_months_keeps_month_ends() -> None:
    """One month after a quarter that ends on 31 March is 30 April (not 1 May), and after
    one ending on 30 June it is 31 July: a month-end stays a month-end, as for reviews."""
    spec = RuleSpec(EACH, period_months=3, offset_months=1)
    dues = [i.due_date for i in expand(spec, date(2026, 1, 1), date(2026, 12, 31))]
    assert dues == [date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31), date(2027, 1, 31)]


def test_periods_that_start_mid_month_end_the_day_before_the_same_day() -> None:
    assert periods(date(2026, 3, 15), date(2027, 3, 14), 3, PeriodAlignment.GRANT) == [
        (date(2026, 3, 15), date(2026, 6, 14)),
        (date(2026, 6, 15), date(2026, 9, 14)),
        (date(2026, 9, 15), date(2026, 12, 14)),
        (date(2026, 12, 15), date(2027, 3, 14)),
    ]


def test_a_grant_ending_mid_period_gets_a_short_last_period() -> None:
    items = expand(QUARTERLY_30, date(2026, 3, 15), date(2026, 11, 1))
    assert [(i.period_start, i.period_end) for i in items] == [
        (date(2026, 3, 15), date(2026, 6, 14)),
        (date(2026, 6, 15), date(2026, 9, 14)),
        (date(2026, 9, 15), date(2026, 11, 1)),
    ]
    assert items[-1].due_date == date(2026, 12, 1)


def test_a_grant_starting_on_29_february_has_years_ending_on_28_february() -> None:
    years = periods(date(2028, 2, 29), date(2032, 3, 31), 12, PeriodAlignment.GRANT)
    assert years == [
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2029, 3, 1), date(2030, 2, 28)),
        (date(2030, 3, 1), date(2031, 2, 28)),
        (date(2031, 3, 1), date(2032, 2, 28)),
        (date(2032, 2, 29), date(2032, 3, 31)),
    ]


def test_a_quarter_ending_on_29_february_and_a_due_date_on_it() -> None:
    # Grant quarters from 1 December 2027: the first ends on the leap day.
    first = expand(QUARTERLY_30, date(2027, 12, 1), date(2028, 11, 30))[0]
    assert (first.period_end, first.due_date) == (date(2028, 2, 29), date(2028, 3, 30))
    # A report one month after a year that ends on 28 February 2029 falls on 31 March:
    # 28 February is that year's month-end.
    spec = RuleSpec(EACH, period_months=12, offset_months=1)
    dues = [i.due_date for i in expand(spec, date(2028, 3, 1), date(2030, 2, 28))]
    assert dues == [date(2029, 3, 31), date(2030, 3, 31)]


def test_starting_on_the_31st() -> None:
    assert periods(date(2026, 1, 31), date(2026, 12, 31), 3, PeriodAlignment.GRANT) == [
        (date(2026, 1, 31), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2026, 7, 30)),
        (date(2026, 7, 31), date(2026, 10, 30)),
        (date(2026, 10, 31), date(2026, 12, 31)),
    ]


def test_calendar_quarters_cut_at_the_grant_start_and_end() -> None:
    spec = RuleSpec(EACH, period_months=3, alignment=PeriodAlignment.CALENDAR, offset_days=30)
    items = expand(spec, date(2026, 3, 15), date(2027, 3, 14))
    assert [(i.period_start, i.period_end) for i in items] == [
        (date(2026, 3, 15), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 3, 14)),
    ]
    assert describe(spec) == "30 days after each quarter of the calendar"


def test_annual_reports_after_each_fiscal_year() -> None:
    spec = RuleSpec(EACH, period_months=12, alignment=PeriodAlignment.FISCAL, offset_days=90)
    items = expand(spec, date(2026, 3, 15), date(2028, 6, 30), fiscal_start_month=7)
    assert [(i.period_start, i.period_end, i.due_date) for i in items] == [
        (date(2026, 3, 15), date(2026, 6, 30), date(2026, 9, 28)),
        (date(2026, 7, 1), date(2027, 6, 30), date(2027, 9, 28)),
        (date(2027, 7, 1), date(2028, 6, 30), date(2028, 9, 28)),
    ]
    assert describe(spec) == "90 days after each fiscal year"


def test_deadlines_before_and_after_the_end_of_the_grant() -> None:
    renewal = RuleSpec(END, offset_months=-9)
    final = RuleSpec(END, offset_days=90)
    start, end = date(2025, 7, 1), date(2028, 6, 30)
    [item] = expand(renewal, start, end)
    assert item.due_date == date(2027, 9, 30)  # nine months before a month-end: a month-end
    assert (item.period_start, item.period_end) == (start, end)
    assert expand(final, start, end)[0].due_date == date(2028, 9, 28)
    assert describe(renewal) == "9 months before the grant ends"
    assert describe(final) == "90 days after the grant ends"
    # Nine months before 29 February 2028 is 31 May 2027 (both month-ends).
    assert expand(renewal, date(2026, 3, 1), date(2028, 2, 29))[0].due_date == date(2027, 5, 31)


def test_once_on_a_date_and_rules_that_need_a_grant_period() -> None:
    once = RuleSpec(ObligationSchedule.ONCE, due_date=date(2027, 1, 15))
    assert [i.due_date for i in expand(once, None, None)] == [date(2027, 1, 15)]
    assert expand(QUARTERLY_30, None, date(2027, 1, 1)) == []
    assert expand(RuleSpec(END, offset_days=30), date(2026, 1, 1), None) == []


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (RuleSpec(ObligationSchedule.ONCE), "due_date"),
        (RuleSpec(EACH, period_months=0), "period_months"),
        (RuleSpec(EACH, period_months=5, alignment=PeriodAlignment.CALENDAR), "period_months"),
        (RuleSpec(END, offset_days=400), "offset"),
        (RuleSpec(END, offset_months=-61), "offset"),
    ],
)
def test_impossible_rules_are_refused_naming_the_field(spec: RuleSpec, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        expand(spec, date(2026, 1, 1), date(2027, 12, 31))
    assert caught.value.field == field


def test_a_rule_scheduling_hundreds_of_items_is_refused() -> None:
    with pytest.raises(ValidationError, match=f"more than {MAX_ITEMS}"):
        expand(RuleSpec(EACH, period_months=1), date(1990, 1, 1), date(2040, 1, 1))


@given(
    start=st.dates(date(1990, 1, 1), date(2150, 12, 31)),
    days=st.integers(0, 3000),
    months=st.sampled_from([1, 2, 3, 4, 6, 12]),
    alignment=st.sampled_from(list(PeriodAlignment)),
    fiscal=st.integers(1, 12),
)
def test_periods_tile_the_grant_without_gaps_or_overlaps(
    start: date, days: int, months: int, alignment: PeriodAlignment, fiscal: int
) -> None:
    end = start + timedelta(days=days)
    cut = periods(start, end, months, alignment, fiscal)
    assert cut[0][0] == start and cut[-1][1] == end
    for (_first, last), (following, _end) in pairwise(cut):
        assert following == last + timedelta(days=1)
    assert all(first <= last for first, last in cut)
    # No period is longer than its months (a 31-day month at most per month).
    assert all((last - first).days < months * 31 for first, last in cut)
