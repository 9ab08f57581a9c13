"""Tables of the outcomes: the indicator catalogue and its versions, monthly values, the
unit costs that turn avoided events into savings, the evaluations at 6, 12 and 24 months,
and the indicators an MOU commits to.

Values are exact: a monthly value is stored in thousandths (``value_milli``, BigInteger),
so 14.5 minutes or 62.25 % survive every round trip; money is integer cents as everywhere.
Only aggregated monthly figures are kept, never anything about a person.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from partnerdesk.core.models.directory import DESCRIPTION_CHARS, NOTES_CHARS
from partnerdesk.core.models.funding import MEMO_CHARS
from partnerdesk.core.platform.schema import (
    LabelledEnum,
    enum_type,
    timestamp_field,
    version_column,
)
from partnerdesk.core.platform.text_limits import limited_text

# Values are stored as whole thousandths of their unit.
VALUE_SCALE = 1000


REPORT_TEXT_CHARS = 50_000  # an evaluation's findings: a report's worth of text


class IndicatorUnit(LabelledEnum):
    COUNT = "count"
    MINUTES = "minutes"
    PERCENT = "percent"
    DOLLARS = "dollars"


class Direction(LabelledEnum):
    """Which way is better for an indicator."""

    LOWER = "lower"
    HIGHER = "higher"


class Aggregation(LabelledEnum):
    """How the months (and the agencies) of an indicator are combined into one figure."""

    SUM = "sum"
    MEAN = "mean"
    MEDIAN = "median"
    RATE = "rate"  # numerator / denominator, two other indicators


class DataSource(LabelledEnum):
    DISPATCH = "dispatch"
    POLICE_RECORDS = "police_records"
    HOSPITAL = "hospital"
    PROGRAM_RECORDS = "program_records"
    SURVEY = "survey"
    OTHER = "other"


class TargetKind(LabelledEnum):
    ABSOLUTE = "absolute"  # the figure itself, e.g. at most 12 minutes
    CHANGE = "change"  # a change from the baseline in percent, e.g. -30


class EvaluationStatus(LabelledEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


_OVERRIDES = {
    "dispatch": "Dispatch / CAD",
    "minutes": "Minutes",
    "in_progress": "In progress",
}


def outcome_label(member: LabelledEnum) -> str:
    """The label of an outcomes enum member (a few read better than their capitalised value)."""
    return _OVERRIDES.get(member.value, member.label)


def milli_to_decimal(milli: int) -> Decimal:
    return Decimal(milli) / VALUE_SCALE


_INDICATOR_VERSION = version_column()


class Indicator(SQLModel, table=True):
    """A measure the program tracks monthly. Its definition is versioned once values exist
    (:class:`IndicatorVersion`); baseline window and target are settings of the measure."""

    __tablename__ = "indicator"
    __mapper_args__ = {"version_id_col": _INDICATOR_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200, unique=True)
    definition: str = limited_text(DESCRIPTION_CHARS, default="")
    unit: IndicatorUnit = Field(sa_type=enum_type(IndicatorUnit))
    better: Direction = Field(sa_type=enum_type(Direction))
    aggregation: Aggregation = Field(sa_type=enum_type(Aggregation))
    numerator_id: int | None = Field(default=None, foreign_key="indicator.id")
    denominator_id: int | None = Field(default=None, foreign_key="indicator.id")
    data_source: DataSource = Field(sa_type=enum_type(DataSource))
    by_agency: bool = False
    # A core measure gets a trend chart in the evaluation report.
    core: bool = False
    position: int = 0
    active: bool = True
    current_version: int = 1
    # Baseline window (first days of months); None: the 12 months before launch.
    baseline_from: date | None = None
    baseline_to: date | None = None
    target_kind: TargetKind | None = Field(default=None, sa_type=enum_type(TargetKind))
    target_milli: int | None = Field(default=None, sa_type=sa.BigInteger)
    target_month: int | None = None  # months after launch by which the target applies
    row_version: int = Field(default=1, sa_column=_INDICATOR_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class IndicatorVersion(SQLModel, table=True):
    """One definition of an indicator, kept when it changed after values were recorded."""

    __tablename__ = "indicator_version"
    __table_args__ = (sa.UniqueConstraint("indicator_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    version: int
    name: str = Field(max_length=200)
    definition: str = limited_text(DESCRIPTION_CHARS, default="")
    unit: IndicatorUnit = Field(sa_type=enum_type(IndicatorUnit))
    aggregation: Aggregation = Field(sa_type=enum_type(Aggregation))
    data_source: DataSource = Field(sa_type=enum_type(DataSource))
    # The first month this definition applies to (None: from the start).
    valid_from: date | None = None
    created_at: datetime = timestamp_field()
    created_by: str | None = Field(default=None, max_length=120)


class IndicatorValue(SQLModel, table=True):
    """The figure of one indicator for one month, for the whole program (no agency) or for
    one partner agency. An aggregate: never a record about a person."""

    __tablename__ = "indicator_value"
    # Databases let NULLs repeat in a unique constraint, so the services keep one
    # whole-program value per month. The second index holds the value too: a summary reads
    # every value of the program from the index alone, without visiting the table.
    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "month", "agency_id"),
        sa.Index(
            "ix_indicator_value_covering", "indicator_id", "month", "agency_id", "value_milli"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id")
    month: date  # the first day of the month
    agency_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    value_milli: int = Field(sa_type=sa.BigInteger)
    note: str | None = limited_text(MEMO_CHARS)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


_UNIT_COST_VERSION = version_column()


class UnitCost(SQLModel, table=True):
    """What one avoided event saves (a booking, a jail day, an ED visit...), where the figure
    comes from, and the indicator whose avoided events it prices."""

    __tablename__ = "unit_cost"
    __mapper_args__ = {"version_id_col": _UNIT_COST_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    amount_cents: int = Field(sa_type=sa.BigInteger)
    source: str = limited_text(MEMO_CHARS, default="")
    indicator_id: int | None = Field(default=None, foreign_key="indicator.id", index=True)
    # Units saved per avoided event of the indicator, in thousandths (2.5 jail days: 2500).
    per_event_milli: int = Field(default=VALUE_SCALE, sa_type=sa.BigInteger)
    notes: str | None = limited_text(NOTES_CHARS)
    row_version: int = Field(default=1, sa_column=_UNIT_COST_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


_EVALUATION_VERSION = version_column()


class Evaluation(SQLModel, table=True):
    """A formal evaluation milestone (6, 12, 24 months after launch) of the program, or of
    one MOU's part of it."""

    __tablename__ = "evaluation"
    __mapper_args__ = {"version_id_col": _EVALUATION_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    mou_id: int | None = Field(default=None, foreign_key="mou.id", index=True)
    milestone_months: int
    title: str = Field(max_length=200)
    due_date: date = Field(index=True)
    period_start: date  # first day of the first month covered
    period_end: date  # first day of the last month covered
    status: EvaluationStatus = Field(
        default=EvaluationStatus.PLANNED, sa_type=enum_type(EvaluationStatus)
    )
    completed_date: date | None = None
    evaluator: str | None = Field(default=None, max_length=200)
    findings: str | None = limited_text(REPORT_TEXT_CHARS)
    qualitative_notes: str | None = limited_text(REPORT_TEXT_CHARS)
    row_version: int = Field(default=1, sa_column=_EVALUATION_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class MouIndicator(SQLModel, table=True):
    """An indicator an MOU commits the parties to report on (its evaluation metrics)."""

    __tablename__ = "mou_indicator"

    mou_id: int = Field(foreign_key="mou.id", primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", primary_key=True, index=True)
    position: int = 0


class MouLaunch(SQLModel, table=True):
    """The day an MOU's part of the program started, when it differs from the program's."""

    __tablename__ = "mou_launch"

    mou_id: int = Field(foreign_key="mou.id", primary_key=True)
    launch_date: date


# --------------------------------------------------------------------------- how figures read
# Here, below every domain, so that an MOU clause and an evaluation report word an
# indicator's figures and target the same way.

_PLACES = {
    IndicatorUnit.COUNT: Decimal("0.1"),
    IndicatorUnit.MINUTES: Decimal("0.1"),
    IndicatorUnit.PERCENT: Decimal("0.1"),
    IndicatorUnit.DOLLARS: Decimal("0.01"),
}


def format_value(value: Decimal | None, unit: IndicatorUnit) -> str:
    """``Decimal("14.25")`` minutes -> ``14.3 min``; a whole count stays whole (``1,204``)."""
    if value is None:
        return "—"
    if unit is IndicatorUnit.DOLLARS:
        rounded = value.quantize(_PLACES[unit])
        sign = "-" if rounded < 0 else ""
        return f"{sign}${abs(rounded):,.2f}"
    rounded = value.quantize(_PLACES[unit])
    text = f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.1f}"
    if unit is IndicatorUnit.MINUTES:
        return f"{text} min"
    if unit is IndicatorUnit.PERCENT:
        return f"{text} %"
    return text


def format_percent_change(percent: Decimal | None) -> str:
    if percent is None:
        return "—"
    rounded = percent.quantize(Decimal("0.1"))
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "")
    whole = rounded == rounded.to_integral_value()
    return f"{sign}{abs(rounded):.0f} %" if whole else f"{sign}{abs(rounded)} %"


def describe_target(
    kind: TargetKind | None,
    target_milli: int | None,
    target_month: int | None,
    unit: IndicatorUnit,
    better: Direction,
) -> str:
    """``-30 % from the baseline by month 12``, ``at most 12 min by month 6``, or ``""``."""
    if kind is None or target_milli is None:
        return ""
    value = milli_to_decimal(target_milli)
    by = f" by month {target_month}" if target_month else ""
    if kind is TargetKind.CHANGE:
        return f"{format_percent_change(value)} from the baseline{by}"
    bound = "at most" if better is Direction.LOWER else "at least"
    return f"{bound} {format_value(value, unit)}{by}"
