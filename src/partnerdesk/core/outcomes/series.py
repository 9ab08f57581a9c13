"""Reading monthly series from the database: one value per indicator and month, for the
whole program or for one agency.

For the whole program, a month's value is the one recorded for the whole program when there
is one; otherwise the agencies' values combined by the indicator's own rule (added for a
sum, averaged for a mean, the median for a median). Sums and counts run in SQL (one grouped
query over the value index, read as plain rows); only median indicators broken down by
agency fetch their rows.
Rates are not stored: :func:`partnerdesk.core.outcomes.summaries.monthly_rate` derives them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from partnerdesk.core.models import Aggregation
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
    # Plain SQL, read without SQLAlchemy's per-value processing (a month is converted once,
    # not once per row): this read is most of the time of every summary.
    where = "indicator_id IN :ids"
    params: dict[str, Any] = {"ids": wanted}
    if first is not None:
        where += " AND month >= :first"
        params["first"] = first
    if last is not None:
        where += " AND month <= :last"
        params["last"] = last
    months = _MonthReader()
    if agency_id is not None:
        params["agency"] = agency_id
        rows = _rows(session, f"SELECT indicator_id, month, value_milli FROM indicator_value "
                     f"WHERE {where} AND agency_id = :agency", params)  # fmt: skip
        for indicator_id, month, milli in rows:
            result.values.setdefault(indicator_id, {})[months(month)] = Decimal(milli) / SCALE
        return result
    # Grouped in the order of the (indicator, month, agency) index: no sorting needed.
    grouped = _rows(
        session,
        "SELECT indicator_id, month, "
        "SUM(CASE WHEN agency_id IS NULL THEN value_milli END), "
        "SUM(CASE WHEN agency_id IS NULL THEN 0 ELSE value_milli END), "
        "SUM(CASE WHEN agency_id IS NULL THEN 0 ELSE 1 END) "
        f"FROM indicator_value WHERE {where} GROUP BY indicator_id, month",
        params,
    )
    agencies: dict[tuple[int, date], tuple[int, int]] = {}
    for indicator_id, raw_month, whole, total, count in grouped:
        month = months(raw_month)
        if whole is not None:
            result.values.setdefault(indicator_id, {})[month] = Decimal(whole) / SCALE
        if count:
            agencies[(indicator_id, month)] = (int(total), int(count))
    median_ids = [i for i in wanted if rules[i] is Aggregation.MEDIAN]
    medians = _agency_medians(session, median_ids, where, params, months)
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


class _MonthReader:
    """A stored month as a date (SQLite hands back text, PostgreSQL a date), each distinct
    value converted once."""

    def __init__(self) -> None:
        self._seen: dict[Any, date] = {}

    def __call__(self, raw: Any) -> date:
        found = self._seen.get(raw)
        if found is None:
            found = raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])
            self._seen[raw] = found
        return found


def _rows(session: Session, sql: str, params: dict[str, Any]) -> Sequence[Any]:
    statement = sa.text(sql)
    if "ids" in params:
        statement = statement.bindparams(sa.bindparam("ids", expanding=True))
    return session.connection().execute(statement, params).all()


def _agency_medians(
    session: Session,
    indicator_ids: Sequence[int],
    where: str,
    params: dict[str, Any],
    months: _MonthReader,
) -> dict[tuple[int, date], Decimal]:
    if not indicator_ids:
        return {}
    rows = _rows(
        session,
        "SELECT indicator_id, month, value_milli FROM indicator_value "
        f"WHERE {where} AND agency_id IS NOT NULL",
        {**params, "ids": list(indicator_ids)},
    )
    grouped: dict[tuple[int, date], list[Decimal]] = defaultdict(list)
    for indicator_id, month, milli in rows:
        grouped[(indicator_id, months(month))].append(Decimal(milli) / SCALE)
    return {key: Decimal(statistics.median(values)) for key, values in grouped.items()}
