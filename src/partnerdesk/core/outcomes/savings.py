"""Estimated savings, tied to the money: avoided events against the baseline rate, priced
with the unit costs, set beside the program's cost from the funding services.

The arithmetic, in exact Decimals:

- the baseline rate of an indicator is its baseline monthly average (total ÷ months);
- each month of the period with a value avoids ``baseline rate − value`` events (negative
  when there were more events than before launch: the estimate shows it, it does not hide it);
- a unit cost tied to the indicator saves ``avoided × units per event × unit cost``;
  amounts are rounded to the cent (half-even) per unit cost and period, never before;
- the program's cost of a month is one twelfth of its fiscal year's program cost lines
  (Funding › Costs); months of a fiscal year without cost lines are named, and savings per
  program dollar then compares the months that have a cost only.

Every figure is traceable: each line names its indicator, baseline rate and months, the
events counted, the unit cost and its source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlmodel import Session

from partnerdesk.core.funding.totals import costs_by_year, fiscal_start_month
from partnerdesk.core.outcomes.overview import OutcomeSummary, outcome_summary
from partnerdesk.core.outcomes.summaries import months_between
from partnerdesk.core.outcomes.unit_costs import UnitCostRow, list_unit_costs
from partnerdesk.core.platform.dates import fiscal_year_of
from partnerdesk.core.platform.money import CENT

TWELVE = Decimal(12)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Avoided:
    events: Decimal  # avoided events over the months counted
    actual: Decimal  # events that happened in those months
    months: int


def avoided_events(
    baseline_rate: Decimal, values: Mapping[date, Decimal], months: Iterable[date]
) -> Avoided:
    """Events avoided in ``months`` (those with a value) against ``baseline_rate`` a month."""
    counted = [values[m] for m in months if m in values]
    actual = sum(counted, Decimal(0))
    return Avoided(baseline_rate * len(counted) - actual, actual, len(counted))


def priced(events: Decimal, per_event: Decimal, unit_cost: Decimal) -> Decimal:
    """What ``events`` avoided save at ``per_event`` units of ``unit_cost``, to the cent."""
    return cents(events * per_event * unit_cost)


@dataclass(frozen=True)
class SavingsLine:
    unit_cost_id: int
    name: str
    source: str
    unit_cost: Decimal
    per_event: Decimal
    indicator_id: int
    indicator: str
    baseline_rate: Decimal | None  # events a month before launch
    baseline_months: int
    months: int  # months of the period with a value
    actual: Decimal  # events in those months
    avoided: Decimal
    savings: Decimal  # to the cent
    monthly: dict[date, Decimal] = field(default_factory=dict)  # unrounded, per month


@dataclass(frozen=True)
class SavingsSummary:
    period_from: date | None
    period_to: date | None
    lines: list[SavingsLine]
    total: Decimal
    program_cost: Decimal | None  # of the months that have cost lines
    costed_months: int
    uncosted_months: list[date]
    savings_of_costed_months: Decimal
    monthly_total: dict[date, Decimal]
    notes: list[str] = field(default_factory=list)

    @property
    def per_dollar(self) -> Decimal | None:
        """Savings per program dollar, over the months that have a cost."""
        if not self.program_cost:
            return None
        return (self.savings_of_costed_months / self.program_cost).quantize(Decimal("0.01"))


def monthly_program_cost(
    months: Iterable[date], annual_cost: Mapping[int, Decimal], start_month: int
) -> dict[date, Decimal]:
    """A twelfth of the fiscal year's cost for each month whose year has cost lines."""
    result: dict[date, Decimal] = {}
    for month in months:
        year = fiscal_year_of(month, start_month)
        if year in annual_cost:
            result[month] = annual_cost[year] / TWELVE
    return result


def estimate_savings(
    summary: OutcomeSummary,
    unit_costs: Iterable[UnitCostRow],
    annual_cost: Mapping[int, Decimal],
    start_month: int,
) -> SavingsSummary:
    """The savings of ``summary``'s period (pure: everything it needs is passed in)."""
    months = (
        months_between(summary.period_from, summary.period_to)
        if summary.period_from and summary.period_to
        else []
    )
    rows = {row.indicator_id: row for row in summary.rows}
    lines: list[SavingsLine] = []
    notes: list[str] = []
    monthly_total: dict[date, Decimal] = {}
    for cost in unit_costs:
        row = rows.get(cost.indicator_id or 0)
        if row is None:
            continue
        baseline = row.baseline
        values = summary.series.get(row.indicator_id, {})
        rate = baseline.value
        if rate is None:
            notes.append(f"{cost.name}: {row.name} has no baseline, so no savings are estimated")
            continue
        avoided = avoided_events(rate, values, months)
        monthly = {
            m: (rate - values[m]) * cost.per_event * cost.amount for m in months if m in values
        }
        for month, amount in monthly.items():
            monthly_total[month] = monthly_total.get(month, Decimal(0)) + amount
        lines.append(
            SavingsLine(
                unit_cost_id=cost.id,
                name=cost.name,
                source=cost.source,
                unit_cost=cost.amount,
                per_event=cost.per_event,
                indicator_id=row.indicator_id,
                indicator=row.name,
                baseline_rate=rate,
                baseline_months=baseline.months,
                months=avoided.months,
                actual=avoided.actual,
                avoided=avoided.events,
                savings=priced(avoided.events, cost.per_event, cost.amount),
                monthly=monthly,
            )
        )
    costs = monthly_program_cost(months, annual_cost, start_month)
    uncosted = [m for m in months if m not in costs]
    if uncosted and months:
        years = sorted({fiscal_year_of(m, start_month) for m in uncosted})
        notes.append(
            "No program cost lines for "
            + ", ".join(f"FY{y}" for y in years)
            + f": savings per program dollar compares the {len(costs)} month(s) with a cost"
        )
    costed_savings = cents(sum((monthly_total.get(m, Decimal(0)) for m in costs), Decimal(0)))
    return SavingsSummary(
        period_from=summary.period_from,
        period_to=summary.period_to,
        lines=lines,
        total=sum((line.savings for line in lines), Decimal("0.00")),
        program_cost=cents(sum(costs.values(), Decimal(0))) if costs else None,
        costed_months=len(costs),
        uncosted_months=uncosted,
        savings_of_costed_months=costed_savings,
        monthly_total=monthly_total,
        notes=notes,
    )


def annual_program_cost(session: Session) -> dict[int, Decimal]:
    """The program's cost per fiscal year, from the funding services (Decimal dollars)."""
    return {
        year: Decimal(sum(by_category.values())) / 100
        for year, by_category in costs_by_year(session).items()
    }


def savings_for_period(
    session: Session,
    today: date,
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    mou_id: int | None = None,
    summary: OutcomeSummary | None = None,
) -> SavingsSummary:
    """Savings of a period (default: the summary's, the latest 12 months after launch)."""
    if summary is None:
        summary = outcome_summary(
            session, today, period_from=period_from, period_to=period_to, mou_id=mou_id,
            include_retired=True,
        )  # fmt: skip
    return estimate_savings(
        summary, list_unit_costs(session), annual_program_cost(session), fiscal_start_month(session)
    )
