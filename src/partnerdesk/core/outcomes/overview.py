"""What changed since launch: for every indicator, the baseline, the figure of a period,
the change, the target and whether it is met, each with the months behind it.

The rules are :mod:`.summaries` (pure); this module reads what they need (the catalogue,
the launch, the monthly values) and applies them. The same function serves the Outcomes
area, ``outcomes summary``, the dashboard and the evaluation reports, so a figure is the
same wherever it is shown.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    Aggregation,
    DataSource,
    Direction,
    Indicator,
    IndicatorUnit,
    MouIndicator,
)
from partnerdesk.core.models.outcomes import describe_target, milli_to_decimal
from partnerdesk.core.outcomes.baselines import baseline_window, launch_for
from partnerdesk.core.outcomes.series import load_values
from partnerdesk.core.outcomes.summaries import (
    NO_FIGURE,
    Change,
    PeriodFigure,
    TargetResult,
    change,
    improved,
    judge_target,
    month_index,
    month_of,
    monthly_rate,
    months_between,
    period_figure,
)
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.errors import ValidationError

DEFAULT_PERIOD_MONTHS = 12


@dataclass(frozen=True)
class IndicatorSummary:
    indicator_id: int
    code: str
    name: str
    definition: str
    unit: IndicatorUnit
    better: Direction
    aggregation: Aggregation
    data_source: DataSource
    core: bool
    baseline_window: tuple[date, date] | None
    baseline: PeriodFigure
    current: PeriodFigure
    change: Change | None
    target_text: str
    target_month: int | None
    target: TargetResult | None
    improved: bool | None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met

    @property
    def off_target(self) -> bool:
        """A target whose month has come, judged and not met."""
        return self.target is not None and self.target.due and self.target.met is False


@dataclass(frozen=True)
class OutcomeSummary:
    launch: date | None
    period_from: date | None
    period_to: date | None
    rows: list[IndicatorSummary]
    # Monthly values of every indicator shown (rates derived), for charts and workbooks.
    series: dict[int, dict[date, Decimal]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def row(self, indicator_id: int) -> IndicatorSummary:
        return next(r for r in self.rows if r.indicator_id == indicator_id)


def last_complete_month(today: date) -> date:
    return add_months(month_of(today), -1)


def default_period(
    today: date, launch: date | None, latest: date | None
) -> tuple[date, date] | None:
    """The latest 12 complete months with data after launch (fewer when launch is nearer)."""
    end = last_complete_month(today)
    if latest is not None:
        end = min(end, month_of(latest))
    start = add_months(end, -(DEFAULT_PERIOD_MONTHS - 1))
    if launch is not None:
        start = max(start, month_of(launch))
    return (start, end) if start <= end else None


def committed_indicator_ids(session: Session, mou_id: int) -> list[int]:
    return list(
        session.exec(
            select(MouIndicator.indicator_id)
            .where(MouIndicator.mou_id == mou_id)
            .order_by(col(MouIndicator.position))
        )
    )


def outcome_summary(
    session: Session,
    today: date,
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    mou_id: int | None = None,
    indicator_ids: Sequence[int] | None = None,
    include_retired: bool = False,
) -> OutcomeSummary:
    """Every (active) indicator's figures for a period (default: the latest 12 complete
    months after launch); only an MOU's committed indicators, against its launch, with
    ``mou_id``."""
    launch = launch_for(session, mou_id)
    if mou_id is not None and indicator_ids is None:
        indicator_ids = committed_indicator_ids(session, mou_id)
    indicators = list(session.exec(select(Indicator).order_by(col(Indicator.position))))
    by_id = {i.id: i for i in indicators if i.id is not None}
    if indicator_ids is not None:
        shown = [by_id[i] for i in indicator_ids if i in by_id]
    else:
        shown = [i for i in indicators if include_retired or i.active]
    rules = {i.id: i.aggregation for i in indicators if i.id is not None}
    values = load_values(session, rules)
    latest = max((max(s) for s in values.values.values() if s), default=None)
    notes: list[str] = []
    if period_from is not None or period_to is not None:
        if period_from is None or period_to is None:
            raise ValidationError("give both the first and the last month of the period")
        period: tuple[date, date] | None = (month_of(period_from), month_of(period_to))
        assert period is not None
        if period[0] > period[1]:
            raise ValidationError(
                f"the period ends ({period[1]:%Y-%m}) before it starts ({period[0]:%Y-%m})"
            )
    else:
        period = default_period(today, launch, latest)
    if launch is None:
        notes.append(
            "No launch date is set: figures are not compared with a baseline. Set it under "
            "Outcomes › Launch and settings (or `partnerdesk outcomes launch YYYY-MM-DD`)."
        )
    elif period is None:
        notes.append("No complete month after launch has values yet.")
    period_months = months_between(*period) if period else []
    launch_month = month_of(launch) if launch else None
    end_index = month_index(launch_month, period[1]) if launch_month and period else None
    series: dict[int, dict[date, Decimal]] = {}
    rows: list[IndicatorSummary] = []
    for indicator in shown:
        assert indicator.id is not None
        percent = indicator.unit is IndicatorUnit.PERCENT
        numerator = values.of(indicator.numerator_id or 0)
        denominator = values.of(indicator.denominator_id or 0)
        if indicator.aggregation is Aggregation.RATE:
            monthly = monthly_rate(numerator, denominator, percent)
        else:
            monthly = values.of(indicator.id)
        series[indicator.id] = monthly

        figure = functools.partial(
            period_figure,
            values.of(indicator.id),
            rule=indicator.aggregation,
            numerator=numerator,
            denominator=denominator,
            percent=percent,
        )
        window = baseline_window(indicator, launch)
        baseline = figure(months_between(*window)) if window else NO_FIGURE
        current = figure(period_months) if period_months else NO_FIGURE
        changed = change(baseline.value, current.value)
        target = None
        if indicator.target_kind is not None and indicator.target_milli is not None:
            target = judge_target(
                indicator.target_kind,
                milli_to_decimal(indicator.target_milli),
                indicator.target_month,
                indicator.better,
                baseline.value,
                current.value,
                end_index,
            )
        rows.append(
            IndicatorSummary(
                indicator_id=indicator.id,
                code=indicator.code,
                name=indicator.name,
                definition=indicator.definition,
                unit=indicator.unit,
                better=indicator.better,
                aggregation=indicator.aggregation,
                data_source=indicator.data_source,
                core=indicator.core,
                baseline_window=window,
                baseline=baseline,
                current=current,
                change=changed,
                target_text=describe_target(
                    indicator.target_kind,
                    indicator.target_milli,
                    indicator.target_month,
                    indicator.unit,
                    indicator.better,
                ),
                target_month=indicator.target_month,
                target=target,
                improved=improved(changed, indicator.better),
            )
        )
    return OutcomeSummary(
        launch=launch,
        period_from=period[0] if period else None,
        period_to=period[1] if period else None,
        rows=rows,
        series=series,
        notes=notes,
    )
