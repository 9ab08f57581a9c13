"""The indicator catalogue: listing, adding, editing (versioned once values exist), retiring
and deleting measures.

Versioning rule, like the clause library's: every indicator has version rows
(:class:`IndicatorVersion`). Changing the name, definition, unit, aggregation or data source
of an indicator that already has monthly values adds a new version, valid from the month
after its latest value, so that older figures keep the definition they were counted under;
an indicator without values is simply corrected. Baseline windows and targets are settings
of the measure, not its definition: they change in place (and are audited).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    Aggregation,
    AuditAction,
    DataSource,
    Direction,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    IndicatorVersion,
    MouIndicator,
    TargetKind,
    UnitCost,
)
from partnerdesk.core.models.outcomes import VALUE_SCALE, describe_target, milli_to_decimal
from partnerdesk.core.outcomes.summaries import month_of
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.db import current_os_user
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind, typed_record_id

NAME_MAX = 200
CODE_MAX = 40
_CODE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
# The fields of an indicator's definition: a change to one of them, once values exist,
# makes a new version.
VERSIONED_FIELDS = ("name", "definition", "unit", "aggregation", "data_source")


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    name: str
    unit: IndicatorUnit
    better: Direction
    aggregation: Aggregation
    data_source: DataSource
    definition: str = ""
    code: str = ""
    numerator_id: int | None = None
    denominator_id: int | None = None
    by_agency: bool = False
    core: bool = False
    baseline_from: date | None = None
    baseline_to: date | None = None
    target_kind: TargetKind | None = None
    target_value: Decimal | None = None
    target_month: int | None = None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: int
    code: str
    name: str
    definition: str
    unit: IndicatorUnit
    better: Direction
    aggregation: Aggregation
    data_source: DataSource
    by_agency: bool
    core: bool
    active: bool
    version: int
    row_version: int
    numerator_id: int | None
    denominator_id: int | None
    baseline_from: date | None
    baseline_to: date | None
    target_kind: TargetKind | None
    target_value: Decimal | None
    target_month: int | None
    values: int = 0  # monthly values recorded (for a rate: those of its numerator)
    first_month: date | None = None
    last_month: date | None = None

    @property
    def target_text(self) -> str:
        milli = None if self.target_value is None else int(self.target_value * VALUE_SCALE)
        return describe_target(self.target_kind, milli, self.target_month, self.unit, self.better)

    def as_input(self) -> IndicatorInput:
        return IndicatorInput(
            self.name, self.unit, self.better, self.aggregation, self.data_source,
            self.definition, self.code, self.numerator_id, self.denominator_id, self.by_agency,
            self.core, self.baseline_from, self.baseline_to, self.target_kind,
            self.target_value, self.target_month,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class VersionInfo:
    version: int
    name: str
    definition: str
    unit: IndicatorUnit
    aggregation: Aggregation
    data_source: DataSource
    valid_from: date | None
    created_by: str | None


# --------------------------------------------------------------------------- reading


def value_stats(session: Session) -> dict[int, tuple[int, date, date]]:
    """Per indicator with values: how many, the first and the last month."""
    statement = sa.select(
        col(IndicatorValue.indicator_id),
        sa.func.count(),
        sa.func.min(IndicatorValue.month),
        sa.func.max(IndicatorValue.month),
    ).group_by(col(IndicatorValue.indicator_id))
    return {int(i): (int(n), first, last) for i, n, first, last in session.execute(statement)}


def _row(indicator: Indicator, stats: dict[int, tuple[int, date, date]]) -> IndicatorRow:
    assert indicator.id is not None
    own = indicator.numerator_id if indicator.aggregation is Aggregation.RATE else indicator.id
    count, first, last = stats.get(own or 0, (0, None, None))
    return IndicatorRow(
        id=indicator.id,
        code=indicator.code,
        name=indicator.name,
        definition=indicator.definition,
        unit=indicator.unit,
        better=indicator.better,
        aggregation=indicator.aggregation,
        data_source=indicator.data_source,
        by_agency=indicator.by_agency,
        core=indicator.core,
        active=indicator.active,
        version=indicator.current_version,
        row_version=indicator.row_version,
        numerator_id=indicator.numerator_id,
        denominator_id=indicator.denominator_id,
        baseline_from=indicator.baseline_from,
        baseline_to=indicator.baseline_to,
        target_kind=indicator.target_kind,
        target_value=None
        if indicator.target_milli is None
        else milli_to_decimal(indicator.target_milli),
        target_month=indicator.target_month,
        values=count,
        first_month=first,
        last_month=last,
    )


def list_indicators(session: Session, *, include_retired: bool = True) -> list[IndicatorRow]:
    """The catalogue in its order (position, then name)."""
    statement = select(Indicator).order_by(col(Indicator.position), col(Indicator.name))
    if not include_retired:
        statement = statement.where(col(Indicator.active).is_(True))
    stats = value_stats(session)
    return [_row(indicator, stats) for indicator in session.exec(statement)]


def get_indicator(session: Session, indicator_id: int) -> IndicatorRow:
    return _row(_indicator(session, indicator_id), value_stats(session))


def find_indicator(session: Session, text: str) -> int:
    """An indicator by id, code or name (any capitals)."""
    wanted = text.strip()
    number = typed_record_id(wanted)  # ASCII digits only
    if number is not None and session.get(Indicator, number) is not None:
        return number
    folded = wanted.casefold()
    for indicator_id, code, name in session.execute(
        sa.select(col(Indicator.id), col(Indicator.code), col(Indicator.name))
    ):
        if folded in (code.casefold(), name.casefold()):
            return int(indicator_id)
    raise NotFoundError(f"no indicator named {text!r} (see `partnerdesk outcomes indicators`)")


def indicator_versions(session: Session, indicator_id: int) -> list[VersionInfo]:
    """Every definition of an indicator, oldest first."""
    rows = session.exec(
        select(IndicatorVersion)
        .where(IndicatorVersion.indicator_id == indicator_id)
        .order_by(col(IndicatorVersion.version))
    )
    return [
        VersionInfo(
            v.version, v.name, v.definition, v.unit, v.aggregation, v.data_source,
            v.valid_from, v.created_by,
        )
        for v in rows
    ]  # fmt: skip


def _indicator(session: Session, indicator_id: int) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFoundError(f"indicator #{indicator_id} does not exist (it may have been deleted)")
    return indicator


# --------------------------------------------------------------------------- checking


def code_from_name(name: str) -> str:
    """``Arrests during crisis calls`` -> ``arrests_during_crisis_calls`` (at most 40)."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")
    return (slug or "indicator")[:CODE_MAX].rstrip("_")


def value_milli(value: Decimal, field: str, what: str = "the value") -> int:
    """A figure in thousandths, refusing more than three decimals."""
    scaled = value * VALUE_SCALE
    if scaled != scaled.to_integral_value():
        raise ValidationError(f"{what} {value} has more than three decimals", field=field)
    return int(scaled)


def _validated(session: Session, data: IndicatorInput, indicator_id: int | None) -> dict[str, Any]:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("an indicator needs a name", field="name")
    if len(name) > NAME_MAX:
        raise ValidationError(f"keep the name under {NAME_MAX} characters", field="name")
    code = (data.code.strip().casefold() or code_from_name(name))[:CODE_MAX]
    if not _CODE.match(code):
        raise ValidationError(
            f"{data.code!r} is not a code: use lower-case letters, digits and _", field="code"
        )
    for other_id, other_code, other_name in session.execute(
        sa.select(col(Indicator.id), col(Indicator.code), col(Indicator.name))
    ):
        if other_id == indicator_id:
            continue
        if other_name.casefold() == name.casefold():
            raise ValidationError(f"another indicator is already named “{name}”", field="name")
        if other_code == code:
            raise ValidationError(f"another indicator already has the code {code}", field="code")
    numerator, denominator = data.numerator_id, data.denominator_id
    if data.aggregation is Aggregation.RATE:
        _check_rate_parts(session, numerator, denominator, indicator_id)
    else:
        numerator = denominator = None
    baseline_from = month_of(data.baseline_from) if data.baseline_from else None
    baseline_to = month_of(data.baseline_to) if data.baseline_to else None
    if (baseline_from is None) != (baseline_to is None):
        raise ValidationError(
            "give both the first and the last month of the baseline, or neither (the 12 "
            "months before launch)",
            field="baseline",
        )
    if baseline_from and baseline_to and baseline_from > baseline_to:
        raise ValidationError("the baseline ends before it starts", field="baseline")
    return {
        "code": code,
        "name": name,
        "definition": data.definition.strip(),
        "unit": data.unit,
        "better": data.better,
        "aggregation": data.aggregation,
        "numerator_id": numerator,
        "denominator_id": denominator,
        "data_source": data.data_source,
        "by_agency": data.by_agency and data.aggregation is not Aggregation.RATE,
        "core": data.core,
        "baseline_from": baseline_from,
        "baseline_to": baseline_to,
        **_validated_target(data),
    }


def _check_rate_parts(
    session: Session, numerator: int | None, denominator: int | None, indicator_id: int | None
) -> None:
    if numerator is None or denominator is None:
        raise ValidationError(
            "a rate needs a numerator and a denominator (two other indicators)", field="rate"
        )
    if numerator == denominator or indicator_id in (numerator, denominator):
        raise ValidationError(
            "a rate divides two different indicators, neither of them itself", field="rate"
        )
    for part in (numerator, denominator):
        other = session.get(Indicator, part)
        if other is None:
            raise ValidationError(f"indicator #{part} does not exist", field="rate")
        if other.aggregation is not Aggregation.SUM:
            raise ValidationError(
                f"“{other.name}” cannot be part of a rate: a rate divides two counts that "
                "add up (aggregation sum)",
                field="rate",
            )


def _validated_target(data: IndicatorInput) -> dict[str, Any]:
    kind, value, month = data.target_kind, data.target_value, data.target_month
    if kind is None or value is None:
        if (kind is None) != (value is None):
            raise ValidationError("a target needs both its kind and its value", field="target")
        return {"target_kind": None, "target_milli": None, "target_month": None}
    if kind is TargetKind.CHANGE and not Decimal(-100) <= value <= Decimal(1000):
        raise ValidationError(
            f"a change of {value} % is not a plausible target (−100 to +1000)", field="target"
        )
    if kind is TargetKind.ABSOLUTE and value < 0:
        raise ValidationError("a target figure cannot be negative", field="target")
    if kind is TargetKind.ABSOLUTE and data.unit is IndicatorUnit.PERCENT and value > 100:
        raise ValidationError("a percentage target goes up to 100", field="target")
    if month is not None and not 1 <= month <= 240:
        raise ValidationError(
            "the target month counts months after launch: 1 to 240", field="target"
        )
    return {
        "target_kind": kind,
        "target_milli": value_milli(value, "target", "the target"),
        "target_month": month,
    }


# --------------------------------------------------------------------------- writing


def _add_version(session: Session, indicator: Indicator, valid_from: date | None) -> None:
    assert indicator.id is not None
    session.add(
        IndicatorVersion(
            indicator_id=indicator.id,
            version=indicator.current_version,
            name=indicator.name,
            definition=indicator.definition,
            unit=indicator.unit,
            aggregation=indicator.aggregation,
            data_source=indicator.data_source,
            valid_from=valid_from,
            created_by=current_os_user(),
        )
    )


def create_indicator(session: Session, data: IndicatorInput) -> int:
    columns = _validated(session, data, None)
    position = session.execute(sa.select(sa.func.max(Indicator.position))).scalar()
    indicator = Indicator(**columns, position=int(position or 0) + 1)
    session.add(indicator)
    session.flush()
    assert indicator.id is not None
    _add_version(session, indicator, None)
    audit.record(
        session,
        ChangeKind.INDICATOR,
        indicator.id,
        AuditAction.CREATE,
        summary=f"{indicator.name} ({indicator.unit.value}, {indicator.aggregation.value})",
    )
    session.flush()
    return indicator.id


def latest_value_month(session: Session, indicator: Indicator) -> date | None:
    """The last month with a value of the indicator (of its parts, for a rate)."""
    ids = [i for i in (indicator.id, indicator.numerator_id, indicator.denominator_id) if i]
    found = session.execute(
        sa.select(sa.func.max(IndicatorValue.month)).where(
            col(IndicatorValue.indicator_id).in_(ids)
        )
    ).scalar()
    return found if isinstance(found, date) else None


@dataclass(frozen=True, slots=True)
class SaveResult:
    indicator_id: int
    version: int
    new_version: bool


def update_indicator(
    session: Session, indicator_id: int, data: IndicatorInput, seen_row_version: int
) -> SaveResult:
    """Save an edit; a new version when the definition changes after values exist."""
    indicator = _indicator(session, indicator_id)
    new_version = False

    def summary() -> str:
        if new_version:
            return f"{indicator.name}: new version {indicator.current_version}"
        return f"{indicator.name} edited"

    with audit.tracking(
        session,
        indicator,
        ChangeKind.INDICATOR,
        summary=summary,
        seen_version=seen_row_version,
        what=f"the indicator “{indicator.name}”",
    ):
        columns = _validated(session, data, indicator_id)
        before = {field: getattr(indicator, field) for field in VERSIONED_FIELDS}
        latest = latest_value_month(session, indicator)
        for column, value in columns.items():
            setattr(indicator, column, value)
        changed = any(getattr(indicator, field) != before[field] for field in VERSIONED_FIELDS)
        if changed and latest is not None:
            new_version = True
            indicator.current_version += 1
            _add_version(session, indicator, add_months(latest, 1))
        elif changed:
            current = session.exec(
                select(IndicatorVersion).where(
                    IndicatorVersion.indicator_id == indicator_id,
                    IndicatorVersion.version == indicator.current_version,
                )
            ).one()
            for field in VERSIONED_FIELDS:
                setattr(current, field, getattr(indicator, field))
            session.add(current)
    session.flush()
    return SaveResult(indicator_id, indicator.current_version, new_version)


def set_active(session: Session, indicator_id: int, active: bool, seen_row_version: int) -> None:
    """Retire an indicator (its values stay; it leaves the grid and new imports) or bring it
    back."""
    indicator = _indicator(session, indicator_id)
    with audit.tracking(
        session,
        indicator,
        ChangeKind.INDICATOR,
        summary=lambda: f"{indicator.name}: {'restored' if active else 'retired'}",
        seen_version=seen_row_version,
        what=f"the indicator “{indicator.name}”",
    ):
        indicator.active = active
    session.flush()


def delete_indicator(session: Session, indicator_id: int) -> None:
    """Delete an indicator nothing refers to; otherwise it can only be retired."""
    indicator = _indicator(session, indicator_id)
    uses: list[str] = []

    def count(statement: Any) -> int:
        return int(session.execute(statement).scalar_one())

    values = count(
        sa.select(sa.func.count()).where(col(IndicatorValue.indicator_id) == indicator_id)
    )
    if values:
        uses.append(f"{values:,} monthly value(s)")
    mous = count(sa.select(sa.func.count()).where(col(MouIndicator.indicator_id) == indicator_id))
    if mous:
        uses.append(f"{mous} MOU(s)")
    costs = count(sa.select(sa.func.count()).where(col(UnitCost.indicator_id) == indicator_id))
    if costs:
        uses.append(f"{costs} unit cost(s)")
    rates = count(
        sa.select(sa.func.count()).where(
            sa.or_(
                col(Indicator.numerator_id) == indicator_id,
                col(Indicator.denominator_id) == indicator_id,
            )
        )
    )
    if rates:
        uses.append(f"{rates} rate indicator(s)")
    if uses:
        raise ConflictError(
            f"the indicator “{indicator.name}” is used by {', '.join(uses)}, so it cannot be "
            "deleted; retire it instead (its values stay)"
        )
    session.execute(
        sa.delete(IndicatorVersion).where(col(IndicatorVersion.indicator_id) == indicator_id)
    )
    session.delete(indicator)
    audit.record(
        session, ChangeKind.INDICATOR, indicator_id, AuditAction.DELETE, summary=indicator.name
    )
    session.flush()


def indicator_count(session: Session) -> int:
    return int(session.execute(sa.select(sa.func.count(col(Indicator.id)))).scalar_one())
