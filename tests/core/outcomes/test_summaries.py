"""The aggregation rules: sum, mean, median and rate, baseline windows, changes, targets and
the small-number rule, with property tests for the combining of agencies and months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerdesk.core.models import Aggregation, Direction, Indicator, TargetKind
from partnerdesk.core.outcomes.baselines import baseline_window
from partnerdesk.core.outcomes.summaries import (
    change,
    combine,
    is_small_count,
    judge_target,
    month_index,
    monthly_rate,
    months_between,
    period_figure,
)

JAN, FEB, MAR, APR = (date(2026, m, 1) for m in (1, 2, 3, 4))
D = Decimal


def test_a_sum_gives_the_total_and_its_monthly_average() -> None:
    figure = period_figure({JAN: D(10), FEB: D(20), MAR: D(33)}, [JAN, FEB, MAR], Aggregation.SUM)
    assert figure.total == D(63)
    assert figure.value == D(21)
    assert figure.months == 3


def test_months_without_a_value_are_not_counted() -> None:
    figure = period_figure({JAN: D(10), MAR: D(20)}, [JAN, FEB, MAR, APR], Aggregation.SUM)
    assert (figure.value, figure.months, figure.total) == (D(15), 2, D(30))
    assert period_figure({}, [JAN], Aggregation.MEAN).value is None


def test_mean_and_median() -> None:
    series = {JAN: D("10.5"), FEB: D(11), MAR: D(30)}
    assert period_figure(series, [JAN, FEB, MAR], Aggregation.MEAN).value == D(
        "17.16666666666666666666666667"
    )
    assert period_figure(series, [JAN, FEB, MAR], Aggregation.MEDIAN).value == D(11)
    assert combine([D(1), D(2), D(3), D(10)], Aggregation.MEDIAN) == D("2.5")


def test_a_rate_divides_the_sums_of_its_parts_over_the_same_months() -> None:
    numerator = {JAN: D(30), FEB: D(10), MAR: D(5)}
    denominator = {JAN: D(100), FEB: D(100)}  # March has no denominator: not counted
    figure = period_figure(
        {},
        [JAN, FEB, MAR],
        Aggregation.RATE,
        numerator=numerator,
        denominator=denominator,
        percent=True,
    )
    assert (figure.value, figure.months) == (D(20), 2)  # (30 + 10) / 200, not mean(30 %, 10 %)
    assert monthly_rate(numerator, denominator, percent=False) == {JAN: D("0.3"), FEB: D("0.1")}
    zero = period_figure(
        {}, [JAN], Aggregation.RATE, numerator={JAN: D(1)}, denominator={JAN: D(0)}
    )
    assert zero.value is None


def test_change_in_percent_of_the_baseline() -> None:
    moved = change(D(50), D(30))
    assert moved is not None and moved.absolute == D(-20) and moved.percent == D(-40)
    assert change(D(0), D(3)) is not None and change(D(0), D(3)).percent is None  # type: ignore[union-attr]
    assert change(None, D(3)) is None


def test_a_change_target_is_met_when_the_figure_moved_far_enough_the_better_way() -> None:
    # Arrests -30 % from a baseline of 50 by month 12: 35 or fewer.
    met = judge_target(TargetKind.CHANGE, D(-30), 12, Direction.LOWER, D(50), D(35), 12)
    assert (met.figure, met.met, met.due) == (D(35), True, True)
    missed = judge_target(TargetKind.CHANGE, D(-30), 12, Direction.LOWER, D(50), D("35.1"), 12)
    assert missed.met is False
    early = judge_target(TargetKind.CHANGE, D(-30), 12, Direction.LOWER, D(50), D(40), 6)
    assert (early.met, early.due) == (False, False)
    unknown = judge_target(TargetKind.CHANGE, D(-30), 12, Direction.LOWER, None, D(40), 12)
    assert (unknown.figure, unknown.met) == (None, None)


def test_an_absolute_target_in_the_better_direction() -> None:
    higher = judge_target(TargetKind.ABSOLUTE, D(60), None, Direction.HIGHER, None, D(60), 3)
    assert higher.met is True and higher.due is True
    lower = judge_target(TargetKind.ABSOLUTE, D(15), 6, Direction.LOWER, D(20), D("15.2"), 6)
    assert lower.met is False


def test_the_baseline_is_the_12_months_before_the_launch_month_unless_set() -> None:
    indicator = Indicator(
        code="x", name="X", unit="count", better="lower", aggregation="sum", data_source="other"
    )  # type: ignore[arg-type]
    assert baseline_window(indicator, date(2025, 1, 20)) == (date(2024, 1, 1), date(2024, 12, 1))
    assert baseline_window(indicator, None) is None
    indicator.baseline_from, indicator.baseline_to = date(2023, 7, 1), date(2024, 6, 1)
    assert baseline_window(indicator, date(2025, 1, 20)) == (date(2023, 7, 1), date(2024, 6, 1))


def test_months_and_their_place_after_launch() -> None:
    assert months_between(date(2025, 11, 15), date(2026, 2, 3)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        JAN,
        FEB,
    ]
    assert months_between(FEB, JAN) == []
    assert month_index(JAN, JAN) == 1 and month_index(JAN, date(2025, 12, 1)) == 0
    assert month_index(date(2025, 1, 1), date(2025, 12, 1)) == 12


@pytest.mark.parametrize(
    ("value", "small"),
    [(D(0), False), (D(1), True), (D(10), True), (D("10.5"), True), (D(11), False), (None, False)],
)
def test_small_counts_are_those_from_1_up_to_the_threshold(
    value: Decimal | None, small: bool
) -> None:
    assert is_small_count(value, 11) is small


# --------------------------------------------------------------------------- properties

amounts = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
agency_months = st.lists(st.lists(amounts, min_size=1, max_size=6), min_size=1, max_size=24)


@given(agency_months)
def test_summing_agencies_then_months_is_the_grand_total(grid: list[list[Decimal]]) -> None:
    months = months_between(date(2020, 1, 1), date(2020 + 3, 12, 1))[: len(grid)]
    series = {m: combine(values, Aggregation.SUM) for m, values in zip(months, grid, strict=True)}
    figure = period_figure(series, months, Aggregation.SUM)
    assert figure.total == sum((v for values in grid for v in values), D(0))
    assert figure.value == figure.total / len(grid)  # type: ignore[operator]


@given(st.lists(amounts, min_size=1, max_size=40), st.randoms())
def test_mean_and_median_lie_within_the_values_and_ignore_their_order(
    values: list[Decimal], random: object
) -> None:
    shuffled = list(values)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    for rule in (Aggregation.MEAN, Aggregation.MEDIAN):
        assert min(values) <= combine(values, rule) <= max(values)
        assert combine(values, rule) == combine(shuffled, rule)


@given(st.lists(st.tuples(amounts, amounts.filter(lambda d: d > 0)), min_size=1, max_size=24))
def test_a_rate_over_a_period_is_between_its_monthly_rates(
    parts: list[tuple[Decimal, Decimal]],
) -> None:
    months = months_between(date(2020, 1, 1), date(2021, 12, 1))[: len(parts)]
    numerator = {m: n for m, (n, _) in zip(months, parts, strict=True)}
    denominator = {m: d for m, (_, d) in zip(months, parts, strict=True)}
    rate = period_figure({}, months, Aggregation.RATE, numerator=numerator, denominator=denominator)
    monthly = monthly_rate(numerator, denominator, percent=False).values()
    assert rate.value is not None and rate.months == len(parts)
    assert min(monthly) <= rate.value <= max(monthly)
