"""The aggregation rules, pure: how the agencies of a month and the months of a period
combine into one figure, the change from the baseline, the target and whether it is met.

Every figure is an exact ``Decimal``; rounding happens only when a figure is shown.

The rules, per indicator:

- **sum** (counts that add up): agencies are added; a period's *total* is the sum of its
  months, and its *figure* is the monthly average of that total, so that a 7-month period
  compares fairly with a 12-month baseline.
- **mean**: agencies and months are averaged (the mean of the monthly values).
- **median**: the median of the agencies' values, then of the monthly values.
- **rate**: numerator ÷ denominator of two other indicators, over the same months
  (Σ numerator ÷ Σ denominator, × 100 for a percent); a month counts when both have a value.

A figure always says how many months are behind it. The change is the figure minus the
baseline figure, and in percent of the baseline (none when the baseline is zero). A target is
an absolute figure or a change from the baseline in percent; it is *met* when the period's
figure is at or beyond it in the better direction, and *due* once the period reaches the
target's month after launch.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from partnerdesk.core.models.outcomes import Aggregation, Direction, IndicatorUnit, TargetKind
from partnerdesk.core.platform.dates import add_months

HUNDRED = Decimal(100)
Series = Mapping[date, Decimal]  # first day of a month -> that month's value


# --------------------------------------------------------------------------- months


def month_of(day: date) -> date:
    return day.replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first``'s to ``last``'s, inclusive ([] when last is earlier)."""
    start, end = month_of(first), month_of(last)
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return [add_months(start, index) for index in range(max(count, 0))]


def month_index(launch_month: date, month: date) -> int:
    """1 for the launch month, 2 for the next...; 0 and below before launch."""
    return (month.year - launch_month.year) * 12 + month.month - launch_month.month + 1


# --------------------------------------------------------------------------- combining


def combine(values: Sequence[Decimal], rule: Aggregation) -> Decimal:
    """The agencies of one month (or any values) combined by ``rule`` (not for rates)."""
    if not values:
        raise ValueError("nothing to combine")
    if rule is Aggregation.SUM:
        return sum(values, Decimal(0))
    if rule is Aggregation.MEAN:
        return sum(values, Decimal(0)) / len(values)
    if rule is Aggregation.MEDIAN:
        return Decimal(statistics.median(values))
    raise ValueError("a rate is combined from its numerator and denominator")


@dataclass(frozen=True)
class PeriodFigure:
    """One figure for a span of months, and how many months with data are behind it."""

    value: Decimal | None
    months: int
    total: Decimal | None = None  # sum indicators: the period's total


NO_FIGURE = PeriodFigure(None, 0)


def period_figure(
    series: Series,
    months: Iterable[date],
    rule: Aggregation,
    *,
    numerator: Series | None = None,
    denominator: Series | None = None,
    percent: bool = False,
) -> PeriodFigure:
    """The figure of ``months`` by ``rule`` (see the module docstring)."""
    wanted = list(months)
    if rule is Aggregation.RATE:
        top, bottom = numerator or {}, denominator or {}
        both = [m for m in wanted if m in top and m in bottom]
        total_bottom = sum((bottom[m] for m in both), Decimal(0))
        if not both or total_bottom == 0:
            return PeriodFigure(None, len(both))
        ratio = sum((top[m] for m in both), Decimal(0)) / total_bottom
        return PeriodFigure(ratio * HUNDRED if percent else ratio, len(both))
    present = [series[m] for m in wanted if m in series]
    if not present:
        return NO_FIGURE
    if rule is Aggregation.SUM:
        total = sum(present, Decimal(0))
        return PeriodFigure(total / len(present), len(present), total)
    return PeriodFigure(combine(present, rule), len(present))


def monthly_rate(numerator: Series, denominator: Series, percent: bool) -> dict[date, Decimal]:
    """A rate indicator's value for each month where both parts are known (and the
    denominator is not zero)."""
    factor = HUNDRED if percent else Decimal(1)
    return {
        month: numerator[month] / denominator[month] * factor
        for month in numerator
        if month in denominator and denominator[month] != 0
    }


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Change:
    absolute: Decimal
    percent: Decimal | None  # None when the baseline is zero


def change(baseline: Decimal | None, current: Decimal | None) -> Change | None:
    if baseline is None or current is None:
        return None
    difference = current - baseline
    return Change(difference, None if baseline == 0 else difference / baseline * HUNDRED)


def target_figure(kind: TargetKind, value: Decimal, baseline: Decimal | None) -> Decimal | None:
    """The figure a target asks for: itself, or the baseline changed by ``value`` percent
    (unknown without a baseline)."""
    if kind is TargetKind.ABSOLUTE:
        return value
    if baseline is None:
        return None
    return baseline * (HUNDRED + value) / HUNDRED


def meets(figure: Decimal, wanted: Decimal, better: Direction) -> bool:
    return figure <= wanted if better is Direction.LOWER else figure >= wanted


def improved(change_: Change | None, better: Direction) -> bool | None:
    """Whether the change went the better way (None without a change; False when flat)."""
    if change_ is None or change_.absolute == 0:
        return None if change_ is None else False
    return (change_.absolute < 0) == (better is Direction.LOWER)


@dataclass(frozen=True)
class TargetResult:
    figure: Decimal | None  # what the target asks for in this period
    met: bool | None  # None: no figure to judge, or no target figure
    due: bool  # the period reaches the target's month after launch


def judge_target(
    kind: TargetKind,
    value: Decimal,
    target_month: int | None,
    better: Direction,
    baseline: Decimal | None,
    current: Decimal | None,
    period_end_index: int | None,
) -> TargetResult:
    """The target of one indicator against a period's figure. ``period_end_index`` is the
    period's last month counted from launch (1 = launch month); None without a launch."""
    wanted = target_figure(kind, value, baseline)
    met = None if wanted is None or current is None else meets(current, wanted, better)
    due = target_month is None or period_end_index is None or period_end_index >= target_month
    return TargetResult(wanted, met, due)


# --------------------------------------------------------------------------- small numbers


def is_small_count(value: Decimal | None, threshold: int) -> bool:
    """A count from 1 up to (not including) ``threshold``: shown as "<threshold" in every
    exported report, so that nobody can be recognised from a small number. Zero is shown
    (it discloses nobody), and so are figures that are not counts."""
    return value is not None and 0 < value < threshold


def small_number_text(threshold: int) -> str:
    return f"<{threshold}"


def small_number_note(threshold: int, also: str = "") -> str:
    """The line an export carries to say how small counts are shown (``also``: what else
    happens to them there)."""
    return (
        f"Counts from 1 to {threshold - 1} are shown as “{small_number_text(threshold)}”"
        f"{also} so that nobody can be recognised from a small number."
    )


def exported_figure(
    value: Decimal | None, unit: IndicatorUnit, threshold: int
) -> Decimal | str | None:
    """A figure as a file written for others holds it: a number, or for a small count the
    text that stands in for it."""
    if unit is IndicatorUnit.COUNT and is_small_count(value, threshold):
        return small_number_text(threshold)
    return value
