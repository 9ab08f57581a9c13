"""Monthly values: the rule for one figure, the months × indicators grid, and saving the
cells a person typed or pasted.

One rule for a value, whether typed, pasted or imported (:func:`check_value`): a count is
a whole number from 0, minutes are not negative, a percentage lies between 0 and 100, dollars
follow the amount rule of the ledger, and nothing has more than three decimals. Only
aggregated figures are kept; a rate is never typed (it is worked out from its parts).

Saving refuses a stale copy: each cell carries the value the person saw, and a cell someone
else changed in the meantime stops the whole save (nothing is written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    Aggregation,
    AuditAction,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    Organization,
)
from partnerdesk.core.models.outcomes import VALUE_SCALE, format_value, milli_to_decimal
from partnerdesk.core.outcomes.baselines import BASELINE_MONTHS, program_launch
from partnerdesk.core.outcomes.series import load_values
from partnerdesk.core.outcomes.summaries import month_of, monthly_rate, months_between
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import add_months, check_supported_day
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.money import amount_cents, to_decimal
from partnerdesk.core.platform.schema import ChangeKind, utc_now

LARGEST_VALUE = Decimal("999999999")


# --------------------------------------------------------------------------- one value


def read_number(raw: Any) -> Decimal:
    """A typed or imported number: ``1,204``, ``14.5``, ``62 %``; workbook floats by their
    shortest form. Raises ValidationError on field "value"."""
    if isinstance(raw, str):
        text = raw.strip().removesuffix("%").strip()
        if not text:
            raise ValidationError("the value is empty", field="value")
        raw = text
    try:
        return to_decimal(raw)
    except ValidationError:
        raise ValidationError(f"{str(raw).strip()!r} is not a number", field="value") from None


def check_value(value: Decimal, unit: IndicatorUnit) -> int:
    """The value in thousandths, if it is a plausible figure of ``unit``."""
    if unit is IndicatorUnit.COUNT and (value != value.to_integral_value() or value < 0):
        raise ValidationError(f"{value} is not a count: use a whole number from 0", field="value")
    if unit is IndicatorUnit.MINUTES and value < 0:
        raise ValidationError("minutes cannot be negative", field="value")
    if unit is IndicatorUnit.PERCENT and not 0 <= value <= 100:
        raise ValidationError(f"{value} is not a percentage from 0 to 100", field="value")
    if unit is IndicatorUnit.DOLLARS:
        return amount_cents(value) * (VALUE_SCALE // 100)
    if abs(value) > LARGEST_VALUE:
        raise ValidationError(f"{value} is not a plausible monthly figure", field="value")
    scaled = value * VALUE_SCALE
    if scaled != scaled.to_integral_value():
        raise ValidationError(f"{value} has more than three decimals", field="value")
    return int(scaled)


# --------------------------------------------------------------------------- the grid


@dataclass(frozen=True)
class GridColumn:
    indicator_id: int
    name: str
    unit: IndicatorUnit
    editable: bool  # False for a rate (worked out from its parts)
    note: str = ""  # why not editable, or how it combines


@dataclass
class GridData:
    """The months (oldest first) × indicators of one scope (the whole program, or one
    agency), with the value of every filled cell."""

    agency_id: int | None
    months: list[date]
    columns: list[GridColumn]
    cells: dict[tuple[int, date], Decimal] = field(default_factory=dict)
    # Cells of the whole program worked out from agencies (how many agencies).
    combined: dict[tuple[int, date], int] = field(default_factory=dict)

    def text(self, indicator_id: int, month: date, unit: IndicatorUnit) -> str:
        value = self.cells.get((indicator_id, month))
        return "" if value is None else format_value(value, unit)


def agencies(session: Session) -> list[tuple[int, str]]:
    """Organizations a value can be recorded for (active ones), by name."""
    rows = session.execute(
        sa.select(col(Organization.id), col(Organization.name))
        .where(col(Organization.active).is_(True))
        .order_by(col(Organization.name))
    )
    return [(int(i), str(n)) for i, n in rows]


def grid_data(session: Session, today: date, agency_id: int | None = None) -> GridData:
    """The grid for the whole program (``agency_id`` None) or one agency: every month from
    the baseline (or the first value) to the current month, every active indicator (only
    those broken down by agency, for an agency)."""
    indicators = list(
        session.exec(
            select(Indicator)
            .where(col(Indicator.active).is_(True))
            .order_by(col(Indicator.position), col(Indicator.name))
        )
    )
    if agency_id is not None:
        indicators = [i for i in indicators if i.by_agency]
    rules = {i.id: i.aggregation for i in indicators if i.id is not None}
    for indicator in indicators:  # a rate needs its parts, shown or not
        for part in (indicator.numerator_id, indicator.denominator_id):
            if part is not None:
                rules.setdefault(part, Aggregation.SUM)
    loaded = load_values(session, rules, agency_id=agency_id)
    columns: list[GridColumn] = []
    data = GridData(agency_id, [], columns, combined=loaded.combined)
    for indicator in indicators:
        assert indicator.id is not None
        if indicator.aggregation is Aggregation.RATE:
            rate = monthly_rate(
                loaded.of(indicator.numerator_id or 0),
                loaded.of(indicator.denominator_id or 0),
                indicator.unit is IndicatorUnit.PERCENT,
            )
            for month, value in rate.items():
                data.cells[(indicator.id, month)] = value
            columns.append(
                GridColumn(indicator.id, indicator.name, indicator.unit, False, "worked out")
            )
            continue
        for month, value in loaded.of(indicator.id).items():
            data.cells[(indicator.id, month)] = value
        note = "by agency" if indicator.by_agency and agency_id is None else ""
        columns.append(GridColumn(indicator.id, indicator.name, indicator.unit, True, note))
    current = month_of(today)
    launch = program_launch(session)
    first = add_months(month_of(launch), -BASELINE_MONTHS) if launch else add_months(current, -11)
    filled = [month for (_, month) in data.cells]
    if filled:
        first = min(first, min(filled))
    last = max([current, *filled])
    data.months = months_between(first, last)
    return data


# --------------------------------------------------------------------------- saving


@dataclass(frozen=True)
class CellChange:
    """One cell to save: ``new`` None clears it; ``seen`` is what the person saw there."""

    indicator_id: int
    month: date
    new: Decimal | None
    seen: Decimal | None
    agency_id: int | None = None


def _describe(indicator: Indicator, month: date, agency: str | None) -> str:
    return f"{indicator.name}, {month:%Y-%m}, {agency or 'whole program'}"


def set_values(session: Session, changes: Sequence[CellChange]) -> int:
    """Save cells in one go (call inside a transaction); returns how many changed. Any
    refused cell (a bad value, a rate, a stale copy) raises and nothing is written."""
    indicators = {i.id: i for i in session.exec(select(Indicator))}
    names = dict(agencies(session))
    changed = 0
    for cell in changes:
        indicator = indicators.get(cell.indicator_id)
        if indicator is None:
            raise NotFoundError(f"indicator #{cell.indicator_id} no longer exists")
        month = month_of(check_supported_day(cell.month, "month"))
        agency = names.get(cell.agency_id) if cell.agency_id is not None else None
        where = _describe(indicator, month, agency)
        if indicator.aggregation is Aggregation.RATE:
            raise ValidationError(
                f"{indicator.name} is worked out from its numerator and denominator; enter "
                "those instead",
                field="value",
            )
        if not indicator.active:
            raise ValidationError(f"{indicator.name} is retired; restore it to add values")
        if cell.agency_id is not None:
            if not indicator.by_agency:
                raise ValidationError(f"{indicator.name} is not broken down by agency")
            if agency is None:
                raise NotFoundError(f"agency #{cell.agency_id} does not exist or is inactive")
        stored = _stored(session, indicator.id or 0, month, cell.agency_id)
        stored_value = milli_to_decimal(stored.value_milli) if stored is not None else None
        if stored_value != cell.seen:
            raise ConflictError(
                f"{where} was changed by someone else since you opened the grid (it is now "
                f"{format_value(stored_value, indicator.unit)}); nothing was saved. Reload "
                "the grid (F5) and enter it again"
            )
        new_milli = None
        if cell.new is not None:
            try:
                new_milli = check_value(cell.new, indicator.unit)
            except ValidationError as exc:
                raise ValidationError(f"{where}: {exc.message}", field="value") from None
        if stored is not None and new_milli == stored.value_milli:
            continue
        changed += 1
        _write(session, indicator, month, cell.agency_id, stored, new_milli, where)
    session.flush()
    return changed


def _stored(
    session: Session, indicator_id: int, month: date, agency_id: int | None
) -> IndicatorValue | None:
    agency = (
        col(IndicatorValue.agency_id).is_(None)
        if agency_id is None
        else col(IndicatorValue.agency_id) == agency_id
    )
    return session.exec(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator_id, IndicatorValue.month == month, agency
        )
    ).first()


def _write(
    session: Session,
    indicator: Indicator,
    month: date,
    agency_id: int | None,
    stored: IndicatorValue | None,
    new_milli: int | None,
    where: str,
) -> None:
    old = milli_to_decimal(stored.value_milli) if stored is not None else None
    new = milli_to_decimal(new_milli) if new_milli is not None else None
    if stored is None:
        assert new_milli is not None and indicator.id is not None
        stored = IndicatorValue(
            indicator_id=indicator.id, month=month, agency_id=agency_id, value_milli=new_milli
        )
        session.add(stored)
        session.flush()
        action = AuditAction.CREATE
    elif new_milli is None:
        session.delete(stored)
        action = AuditAction.DELETE
    else:
        stored.value_milli = new_milli
        stored.updated_at = utc_now()
        session.add(stored)
        action = AuditAction.UPDATE
    audit.record(
        session,
        ChangeKind.INDICATOR_VALUE,
        stored.id,
        action,
        summary=where,
        changes={"value": (old, new)},
    )
