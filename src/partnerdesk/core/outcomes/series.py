"""Reading monthly series from the database: one value per indicator and month, for the
whole program or for one agency.

For the whole program, a month's value is the one recorded for the whole program when there
is one; otherwise the agencies' values combined by the indicator's own rule (added for a
sum, averaged for a mean, the median for a median). Sums and counts run in SQL (one grouped
query over the value index); only median indicators broken down by agency fetch their rows.
Rates are not stored: :func:`partnerdesk.core.outcomes.summaries.monthly_rate` derives them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.models import Aggregation, IndicatorValue
from partnerdesk.core.models.outcomes import VALUE_SCALE

SCALE = Decimal(VALUE_SCALE)


@dataclass
class MonthlyValues:
    """Values by indicator id, then month. ``combined`` names the (indicator, month) cells
    worked out from agencies' values rather than recorded for the whole program."""

    values: dict[int, dict[date, Decimal]] = field(default_factory=dict)
    combined: dict[tuple[int, date], int] = field(default_factory=dict)  # -> agencies

    def of(self, indicator_id: int) -> dict[date, Decimal]:
        return self.values.get(indicator_id, {})


def load_values(
    session: Session,
    rules: Mapping[int, Aggregation],
    *,
    agency_id: int | None = None,
    first: date | None = None,
    last: date | None = None,
) -> MonthlyValues:
    """The monthly values of the indicators in ``rules`` (id -> aggregation; rates are
    skipped), between ``first`` and ``last`` when given; of one agency with ``agency_id``."""
    wanted = [i for i, rule in rules.items() if rule is not Aggregation.RATE]
    result = MonthlyValues()
    if not wanted:
        return result
    whole = col(IndicatorValue.agency_id).is_(None)
    conditions: list[sa.ColumnElement[bool]] = [col(IndicatorValue.indicator_id).in_(wanted)]
    if first is not None:
        conditions.append(col(IndicatorValue.month) >= first)
    if last is not None:
        conditions.append(col(IndicatorValue.month) <= last)
    if agency_id is not None:
        statement = sa.select(
            col(IndicatorValue.indicator_id),
            col(IndicatorValue.month),
            col(IndicatorValue.value_milli),
        ).where(*conditions, col(IndicatorValue.agency_id) == agency_id)
        for indicator_id, month, milli in session.execute(statement):
            result.values.setdefault(indicator_id, {})[month] = Decimal(milli) / SCALE
        return result
    grouped = (
        sa.select(
            col(IndicatorValue.indicator_id),
            col(IndicatorValue.month),
            whole.label("whole"),
            sa.func.sum(IndicatorValue.value_milli),
            sa.func.count(),
        )
        .where(*conditions)
        .group_by(col(IndicatorValue.indicator_id), col(IndicatorValue.month), whole)
    )
    agencies: dict[tuple[int, date], tuple[int, int]] = {}
    for indicator_id, month, is_whole, total, count in session.execute(grouped):
        if is_whole:
            result.values.setdefault(indicator_id, {})[month] = Decimal(total) / SCALE
        else:
            agencies[(indicator_id, month)] = (int(total), int(count))
    medians = _agency_medians(
        session, [i for i in wanted if rules[i] is Aggregation.MEDIAN], conditions
    )
    for (indicator_id, month), (total, count) in agencies.items():
        series = result.values.setdefault(indicator_id, {})
        if month in series:
            continue  # the whole program's own figure wins
        rule = rules[indicator_id]
        if rule is Aggregation.SUM:
            series[month] = Decimal(total) / SCALE
        elif rule is Aggregation.MEAN:
            series[month] = Decimal(total) / count / SCALE
        else:
            series[month] = medians[(indicator_id, month)]
        result.combined[(indicator_id, month)] = count
    return result


def _agency_medians(
    session: Session, indicator_ids: Iterable[int], conditions: list[sa.ColumnElement[bool]]
) -> dict[tuple[int, date], Decimal]:
    ids = list(indicator_ids)
    if not ids:
        return {}
    statement = sa.select(
        col(IndicatorValue.indicator_id),
        col(IndicatorValue.month),
        col(IndicatorValue.value_milli),
    ).where(
        *conditions,
        col(IndicatorValue.indicator_id).in_(ids),
        col(IndicatorValue.agency_id).is_not(None),
    )
    grouped: dict[tuple[int, date], list[Decimal]] = defaultdict(list)
    for indicator_id, month, milli in session.execute(statement):
        grouped[(indicator_id, month)].append(Decimal(milli) / SCALE)
    return {key: Decimal(statistics.median(values)) for key, values in grouped.items()}
