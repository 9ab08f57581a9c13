"""The funding ledger: sources, ledger entries and program costs (lists, edits, totals).

Analysis lives in its own modules: :mod:`.diversification` (the mix of one fiscal year)
and :mod:`.projections` (the years ahead). Both read the per-source, per-fiscal-year
totals computed here, so a figure on any screen is the same sum of the same entries.

Revenue rule used everywhere: the *actual* revenue of a source in a fiscal year is the sum
of its ``received`` entries plus its ``adjustment`` entries (an adjustment corrects a
receipt, so it may be negative); the *budget* is the sum of its ``budgeted`` entries.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    AuditAction,
    CostCategory,
    FundingSource,
    FundingSourceKind,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    Organization,
    ProgramCost,
    utc_now,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.errors import (
    ConflictError,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.core.platform.money import amount_cents, from_cents, parse_amount, to_cents
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import FISCAL_YEAR_START_MONTH, get_setting

ACTUAL_TYPES = (LedgerEntryType.RECEIVED, LedgerEntryType.ADJUSTMENT)


def fiscal_start_month(session: Session) -> int:
    return int(get_setting(session, FISCAL_YEAR_START_MONTH))


# --------------------------------------------------------------------------- rows for lists


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    name: str
    kind: FundingSourceKind
    funder: str
    restricted: bool
    grant_end: date | None
    renewal_probability_pct: int
    received: Decimal
    budgeted: Decimal
    grant_start: date | None = None
    annual_growth_pct: Decimal = Decimal("0")
    active: bool = True
    entries: int = 0


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One ledger line as a list shows it; kept small because a ledger can hold 200,000."""

    id: int
    entry_date: date
    source: str
    entry_type: LedgerEntryType
    amount_cents: int
    memo: str

    @property
    def amount(self) -> Decimal:
        return from_cents(self.amount_cents)


@dataclass(frozen=True, slots=True)
class CostRow:
    id: int
    fiscal_year: int
    category: CostCategory
    amount: Decimal
    description: str


@dataclass(frozen=True)
class LedgerFilter:
    """What the ledger list shows; applied in SQL so a 200,000-row ledger filters fast."""

    fiscal_year: int | None = None
    source_id: int | None = None
    entry_type: LedgerEntryType | None = None
    text: str = ""


def list_sources(session: Session) -> list[SourceRow]:
    totals = (
        select(
            LedgerEntry.funding_source_id,
            sa.func.sum(
                sa.case((col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED, 0), else_=1)
                * LedgerEntry.amount_cents
            ).label("actual"),
            sa.func.sum(
                sa.case((col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED, 1), else_=0)
                * LedgerEntry.amount_cents
            ).label("budget"),
            sa.func.count().label("n"),
        )
        .group_by(col(LedgerEntry.funding_source_id))
        .subquery()
    )
    statement = (
        sa.select(
            FundingSource, col(Organization.name), totals.c.actual, totals.c.budget, totals.c.n
        )
        .outerjoin(Organization, col(Organization.id) == col(FundingSource.funder_organization_id))
        .outerjoin(totals, totals.c.funding_source_id == FundingSource.id)
        .order_by(col(FundingSource.name))
    )
    rows: list[SourceRow] = []
    for source, funder, actual, budget, count in session.execute(statement):
        assert source.id is not None
        rows.append(
            SourceRow(
                id=source.id,
                name=source.name,
                kind=source.kind,
                funder=funder or "",
                restricted=source.restricted,
                grant_end=source.grant_end,
                renewal_probability_pct=source.renewal_probability_pct,
                received=from_cents(int(actual or 0)),
                budgeted=from_cents(int(budget or 0)),
                grant_start=source.grant_start,
                annual_growth_pct=Decimal(source.annual_growth_bp) / 100,
                active=source.active,
                entries=int(count or 0),
            )
        )
    return rows


def _ledger_statement(session: Session, where: LedgerFilter) -> Any:
    statement = sa.select(
        col(LedgerEntry.id),
        col(LedgerEntry.entry_date),
        col(FundingSource.name),
        col(LedgerEntry.entry_type),
        col(LedgerEntry.amount_cents),
        col(LedgerEntry.memo),
    ).join(FundingSource, col(FundingSource.id) == col(LedgerEntry.funding_source_id))
    if where.fiscal_year is not None:
        first, last = fiscal_year_bounds(where.fiscal_year, fiscal_start_month(session))
        statement = statement.where(col(LedgerEntry.entry_date).between(first, last))
    if where.source_id is not None:
        statement = statement.where(col(LedgerEntry.funding_source_id) == where.source_id)
    if where.entry_type is not None:
        statement = statement.where(col(LedgerEntry.entry_type) == where.entry_type)
    for word in where.text.split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        matches = [
            col(LedgerEntry.memo).ilike(pattern, escape="\\"),
            col(FundingSource.name).ilike(pattern, escape="\\"),
            sa.cast(col(LedgerEntry.entry_date), sa.String).ilike(pattern, escape="\\"),
        ]
        cents = _word_cents(word)
        if cents is not None:  # "1,250.50" or "$480000" finds that amount
            matches.append(col(LedgerEntry.amount_cents).in_([cents, -cents]))
        statement = statement.where(sa.or_(*matches))
    return statement.order_by(col(LedgerEntry.entry_date).desc(), col(LedgerEntry.id).desc())


def _word_cents(word: str) -> int | None:
    if not any(ch.isdigit() for ch in word):
        return None
    try:
        return abs(to_cents(parse_amount(word)))
    except ValidationError:
        return None


def list_ledger(session: Session, where: LedgerFilter | None = None) -> list[LedgerRow]:
    """Ledger lines, newest first. Repeated texts (source names, memos such as "FY2027
    commitment") are shared between rows rather than copied 200,000 times."""
    statement = _ledger_statement(session, where or LedgerFilter())
    intern = sys.intern
    days: dict[date, date] = {}
    return [
        LedgerRow(
            entry_id,
            days.setdefault(day, day),
            intern(source),
            entry_type,
            cents,
            intern(memo) if memo else "",
        )
        for entry_id, day, source, entry_type, cents, memo in session.execute(
            statement, execution_options={"yield_per": 10_000}
        )
    ]


def list_costs(session: Session) -> list[CostRow]:
    statement = select(ProgramCost).order_by(
        col(ProgramCost.fiscal_year).desc(), col(ProgramCost.category), col(ProgramCost.id)
    )
    return [
        CostRow(
            c.id or 0, c.fiscal_year, c.category, from_cents(c.amount_cents), c.description or ""
        )
        for c in session.exec(statement)
    ]


def ledger_fiscal_years(session: Session) -> list[int]:
    """Fiscal years that have ledger entries or costs, newest first (for filters)."""
    start = fiscal_start_month(session)
    first, last = session.execute(
        sa.select(sa.func.min(LedgerEntry.entry_date), sa.func.max(LedgerEntry.entry_date))
    ).one()
    years: set[int] = set()
    if first is not None and last is not None:
        years.update(range(fiscal_year_of(first, start), fiscal_year_of(last, start) + 1))
    years.update(session.exec(select(ProgramCost.fiscal_year).distinct()))
    return sorted(years, reverse=True)


# --------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class SourceInfo:
    """What analysis needs to know about a source (no ORM object leaves the session)."""

    id: int
    name: str
    kind: FundingSourceKind
    restricted: bool
    grant_start: date | None
    grant_end: date | None
    renewal_probability_pct: int
    annual_growth_bp: int
    active: bool


def source_infos(session: Session) -> dict[int, SourceInfo]:
    return {
        s.id: SourceInfo(
            s.id,
            s.name,
            s.kind,
            s.restricted,
            s.grant_start,
            s.grant_end,
            s.renewal_probability_pct,
            s.annual_growth_bp,
            s.active,
        )
        for s in session.exec(select(FundingSource).order_by(col(FundingSource.name)))
        if s.id is not None
    }


@dataclass(frozen=True)
class YearTotals:
    """Cents per source for one fiscal year, by basis."""

    fiscal_year: int
    actual_cents: dict[int, int] = field(default_factory=dict)
    budget_cents: dict[int, int] = field(default_factory=dict)
    entries: int = 0


def year_totals(session: Session, fiscal_year: int) -> YearTotals:
    """Sum the ledger of one fiscal year per source in SQL (the date range uses its index)."""
    first, last = fiscal_year_bounds(fiscal_year, fiscal_start_month(session))
    statement = (
        sa.select(
            col(LedgerEntry.funding_source_id),
            col(LedgerEntry.entry_type),
            sa.func.sum(LedgerEntry.amount_cents),
            sa.func.count(),
        )
        .where(col(LedgerEntry.entry_date).between(first, last))
        .group_by(col(LedgerEntry.funding_source_id), col(LedgerEntry.entry_type))
    )
    actual: dict[int, int] = defaultdict(int)
    budget: dict[int, int] = defaultdict(int)
    entries = 0
    for source_id, entry_type, cents, count in session.execute(statement):
        target = budget if entry_type == LedgerEntryType.BUDGETED else actual
        target[source_id] += int(cents)
        entries += int(count)
    return YearTotals(fiscal_year, dict(actual), dict(budget), entries)


@dataclass(frozen=True)
class BudgetVsActual:
    fiscal_year: int
    source_id: int
    source: str
    kind: FundingSourceKind
    budget: Decimal
    actual: Decimal

    @property
    def variance(self) -> Decimal:
        """Actual minus budget: negative while money is still to come (or was cut)."""
        return self.actual - self.budget

    @property
    def percent_received(self) -> Decimal | None:
        if self.budget == 0:
            return None
        return (self.actual * 100 / self.budget).quantize(Decimal("0.1"))


def budget_vs_actual(
    session: Session, fiscal_years: Iterable[int] | None = None
) -> list[BudgetVsActual]:
    """Budget and actual per source and fiscal year (every year with entries by default)."""
    years = sorted(fiscal_years if fiscal_years is not None else ledger_fiscal_years(session))
    infos = source_infos(session)
    rows: list[BudgetVsActual] = []
    for year in years:
        totals = year_totals(session, year)
        for source_id in sorted(
            set(totals.actual_cents) | set(totals.budget_cents), key=lambda i: infos[i].name
        ):
            info = infos[source_id]
            rows.append(
                BudgetVsActual(
                    year,
                    source_id,
                    info.name,
                    info.kind,
                    from_cents(totals.budget_cents.get(source_id, 0)),
                    from_cents(totals.actual_cents.get(source_id, 0)),
                )
            )
    return rows


def costs_by_year(session: Session) -> dict[int, dict[CostCategory, int]]:
    """Program cost cents per fiscal year and category."""
    statement = sa.select(
        col(ProgramCost.fiscal_year),
        col(ProgramCost.category),
        sa.func.sum(ProgramCost.amount_cents),
    ).group_by(col(ProgramCost.fiscal_year), col(ProgramCost.category))
    result: dict[int, dict[CostCategory, int]] = defaultdict(dict)
    for year, category, cents in session.execute(statement):
        result[int(year)][category] = int(cents)
    return dict(result)


# --------------------------------------------------------------------------- editing sources


@dataclass
class SourceInput:
    """A source as a dialog or an import supplies it. Growth is a percent (2.5 = +2.5 %)."""

    name: str
    kind: FundingSourceKind
    funder_organization_id: int | None = None
    restricted: bool = False
    grant_start: date | None = None
    grant_end: date | None = None
    renewal_probability_pct: int = 100
    annual_growth_pct: Decimal = Decimal("0")
    mou_ids: Sequence[int] = ()
    notes: str = ""
    active: bool = True


@dataclass(frozen=True)
class SourceDetail:
    id: int
    row_version: int
    values: SourceInput


def _source_snapshot(source: FundingSource, mou_ids: Sequence[int]) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "funder_organization_id": source.funder_organization_id,
        "restricted": source.restricted,
        "grant_start": source.grant_start,
        "grant_end": source.grant_end,
        "renewal_probability_pct": source.renewal_probability_pct,
        "annual_growth_bp": source.annual_growth_bp,
        "notes": source.notes,
        "active": source.active,
        "mous": ",".join(str(i) for i in sorted(mou_ids)),
    }


def _validate_source(session: Session, data: SourceInput, source_id: int | None) -> tuple[str, int]:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("a funding source needs a name", field="name")
    if len(name) > 200:
        raise ValidationError("the name is longer than 200 characters", field="name")
    clash = session.exec(
        select(FundingSource.id).where(sa.func.lower(FundingSource.name) == name.lower())
    ).first()
    if clash is not None and clash != source_id:
        raise ValidationError(f'there is already a funding source named "{name}"', field="name")
    if not 0 <= data.renewal_probability_pct <= 100:
        raise ValidationError(
            f"the renewal probability must be 0 to 100 %, not {data.renewal_probability_pct}",
            field="renewal_probability_pct",
        )
    growth_bp = Decimal(data.annual_growth_pct) * 100
    if growth_bp != growth_bp.to_integral_value():
        raise ValidationError(
            "give the growth with at most two decimals (e.g. 2.25 %)", field="annual_growth_pct"
        )
    if not -100 < data.annual_growth_pct <= 1000:
        raise ValidationError(
            f"a growth of {data.annual_growth_pct} % a year is not plausible "
            "(give more than -100 and at most 1000)",
            field="annual_growth_pct",
        )
    if data.grant_start and data.grant_end and data.grant_end < data.grant_start:
        raise ValidationError(
            f"the grant ends ({data.grant_end}) before it starts ({data.grant_start})",
            field="grant_end",
        )
    if (
        data.funder_organization_id is not None
        and session.get(Organization, data.funder_organization_id) is None
    ):
        raise ValidationError("the funder organization no longer exists", field="funder")
    for mou_id in data.mou_ids:
        if session.get(Mou, mou_id) is None:
            raise ValidationError(f"MOU #{mou_id} does not exist", field="mous")
    return name, int(growth_bp)


def _source_mou_ids(session: Session, source_id: int) -> list[int]:
    return sorted(
        session.exec(
            select(FundingSourceMou.mou_id).where(FundingSourceMou.funding_source_id == source_id)
        )
    )


def get_source(session: Session, source_id: int) -> SourceDetail:
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} does not exist")
    return SourceDetail(
        source_id,
        source.row_version,
        SourceInput(
            name=source.name,
            kind=source.kind,
            funder_organization_id=source.funder_organization_id,
            restricted=source.restricted,
            grant_start=source.grant_start,
            grant_end=source.grant_end,
            renewal_probability_pct=source.renewal_probability_pct,
            annual_growth_pct=Decimal(source.annual_growth_bp) / 100,
            mou_ids=_source_mou_ids(session, source_id),
            notes=source.notes or "",
            active=source.active,
        ),
    )


def _apply_source(source: FundingSource, data: SourceInput, name: str, growth_bp: int) -> None:
    source.name = name
    source.kind = data.kind
    source.funder_organization_id = data.funder_organization_id
    source.restricted = data.restricted
    source.grant_start = data.grant_start
    source.grant_end = data.grant_end
    source.renewal_probability_pct = data.renewal_probability_pct
    source.annual_growth_bp = growth_bp
    source.notes = data.notes.strip() or None
    source.active = data.active


def _set_source_mous(session: Session, source_id: int, mou_ids: Sequence[int]) -> None:
    wanted = set(mou_ids)
    current = set(_source_mou_ids(session, source_id))
    for mou_id in current - wanted:
        link = session.get(FundingSourceMou, (source_id, mou_id))
        if link is not None:
            session.delete(link)
    for mou_id in wanted - current:
        session.add(FundingSourceMou(funding_source_id=source_id, mou_id=mou_id))


def create_source(session: Session, data: SourceInput) -> int:
    name, growth_bp = _validate_source(session, data, None)
    source = FundingSource(name=name, kind=data.kind)
    _apply_source(source, data, name, growth_bp)
    session.add(source)
    session.flush()
    assert source.id is not None
    _set_source_mous(session, source.id, data.mou_ids)
    audit.record(
        session,
        ChangeKind.FUNDING_SOURCE,
        source.id,
        AuditAction.CREATE,
        summary=name,
        changes=audit.diff({}, _source_snapshot(source, data.mou_ids)),
    )
    return source.id


def update_source(session: Session, source_id: int, data: SourceInput, seen_version: int) -> None:
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} was deleted by someone else")
    if source.row_version != seen_version:
        raise StaleRecordError(f'funding source "{source.name}"', "funding_source", source_id)
    before = _source_snapshot(source, _source_mou_ids(session, source_id))
    name, growth_bp = _validate_source(session, data, source_id)
    after = {
        **before,
        "name": name,
        "kind": data.kind,
        "funder_organization_id": data.funder_organization_id,
        "restricted": data.restricted,
        "grant_start": data.grant_start,
        "grant_end": data.grant_end,
        "renewal_probability_pct": data.renewal_probability_pct,
        "annual_growth_bp": growth_bp,
        "notes": data.notes.strip() or None,
        "active": data.active,
        "mous": ",".join(str(i) for i in sorted(data.mou_ids)),
    }
    changes = audit.diff(before, after)
    if not changes:
        return
    # Links first: their queries flush, and the source itself must be written in one UPDATE.
    _set_source_mous(session, source_id, data.mou_ids)
    _apply_source(source, data, name, growth_bp)
    source.updated_at = utc_now()
    session.add(source)
    audit.record(session, ChangeKind.FUNDING_SOURCE, source_id, AuditAction.UPDATE, name, changes)


def delete_source(session: Session, source_id: int) -> None:
    """Delete a source that has no ledger entries (the ledger must keep its history:
    a source with entries is made inactive instead)."""
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} does not exist")
    entries = session.execute(
        sa.select(sa.func.count()).where(col(LedgerEntry.funding_source_id) == source_id)
    ).scalar_one()
    if entries:
        raise ConflictError(
            f'"{source.name}" has {entries:,} ledger entries and cannot be deleted; '
            "delete those entries first, or untick Active to retire the source"
        )
    _set_source_mous(session, source_id, ())
    session.flush()
    session.delete(source)
    audit.record(
        session, ChangeKind.FUNDING_SOURCE, source_id, AuditAction.DELETE, summary=source.name
    )


# --------------------------------------------------------------------------- editing entries


@dataclass
class EntryInput:
    entry_date: date
    funding_source_id: int
    entry_type: LedgerEntryType
    amount: Decimal
    memo: str = ""
    mou_id: int | None = None


@dataclass(frozen=True)
class EntryDetail:
    id: int
    row_version: int
    values: EntryInput


def validate_amount(
    amount: Decimal | int | float | str, entry_type: LedgerEntryType, *, allow_zero: bool = False
) -> int:
    """Cents of a ledger amount (the editor's, or a cell of an imported ledger): the amount
    rule of :func:`amount_cents`, and only adjustments may be negative. Zero is a typing
    slip in an editor, but an imported ledger may carry zero lines and keeps them."""
    cents = amount_cents(amount)
    if cents < 0 and entry_type != LedgerEntryType.ADJUSTMENT:
        raise ValidationError(
            "only an adjustment can be negative; record a correction as an adjustment",
            field="amount",
        )
    if cents == 0 and not allow_zero:
        raise ValidationError("the amount is zero", field="amount")
    return cents


def _validate_entry(session: Session, data: EntryInput) -> int:
    if session.get(FundingSource, data.funding_source_id) is None:
        raise ValidationError("choose a funding source", field="source")
    if data.mou_id is not None and session.get(Mou, data.mou_id) is None:
        raise ValidationError(f"MOU #{data.mou_id} does not exist", field="mou")
    if not date(1900, 1, 1) <= data.entry_date <= date(2200, 12, 31):
        raise ValidationError(f"{data.entry_date} is not a plausible date", field="date")
    return validate_amount(data.amount, data.entry_type)


def _entry_snapshot(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "entry_date": entry.entry_date,
        "funding_source_id": entry.funding_source_id,
        "entry_type": entry.entry_type,
        "amount": from_cents(entry.amount_cents),
        "memo": entry.memo,
        "mou_id": entry.mou_id,
    }


def _describe_entry(session: Session, entry: LedgerEntry) -> str:
    source = session.get(FundingSource, entry.funding_source_id)
    name = source.name if source is not None else f"source #{entry.funding_source_id}"
    return f"{entry.entry_type.label} {from_cents(entry.amount_cents)} from {name}"


def get_entry(session: Session, entry_id: int) -> EntryDetail:
    entry = session.get(LedgerEntry, entry_id)
    if entry is None:
        raise NotFoundError(f"ledger entry #{entry_id} does not exist")
    return EntryDetail(
        entry_id,
        entry.row_version,
        EntryInput(
            entry.entry_date,
            entry.funding_source_id,
            entry.entry_type,
            from_cents(entry.amount_cents),
            entry.memo or "",
            entry.mou_id,
        ),
    )


def create_entry(session: Session, data: EntryInput) -> int:
    cents = _validate_entry(session, data)
    entry = LedgerEntry(
        entry_date=data.entry_date,
        funding_source_id=data.funding_source_id,
        entry_type=data.entry_type,
        amount_cents=cents,
        memo=data.memo.strip() or None,
        mou_id=data.mou_id,
    )
    session.add(entry)
    session.flush()
    assert entry.id is not None
    audit.record(
        session,
        ChangeKind.LEDGER_ENTRY,
        entry.id,
        AuditAction.CREATE,
        summary=_describe_entry(session, entry),
        changes=audit.diff({}, _entry_snapshot(entry)),
    )
    return entry.id


def update_entry(session: Session, entry_id: int, data: EntryInput, seen_version: int) -> None:
    entry = session.get(LedgerEntry, entry_id)
    if entry is None:
        raise NotFoundError(f"ledger entry #{entry_id} was deleted by someone else")
    if entry.row_version != seen_version:
        raise StaleRecordError(f"ledger entry #{entry_id}", "ledger_entry", entry_id)
    cents = _validate_entry(session, data)
    before = _entry_snapshot(entry)
    entry.entry_date = data.entry_date
    entry.funding_source_id = data.funding_source_id
    entry.entry_type = data.entry_type
    entry.amount_cents = cents
    entry.memo = data.memo.strip() or None
    entry.mou_id = data.mou_id
    changes = audit.diff(before, _entry_snapshot(entry))
    if not changes:
        return
    session.add(entry)
    audit.record(
        session,
        ChangeKind.LEDGER_ENTRY,
        entry_id,
        AuditAction.UPDATE,
        _describe_entry(session, entry),
        changes,
    )


def delete_entries(session: Session, entry_ids: Sequence[int]) -> int:
    """Delete ledger entries (each one recorded in the audit log with what it was)."""
    deleted = 0
    for entry_id in entry_ids:
        entry = session.get(LedgerEntry, entry_id)
        if entry is None:
            raise NotFoundError(f"ledger entry #{entry_id} was already deleted")
        summary = _describe_entry(session, entry)
        snapshot = _entry_snapshot(entry)
        session.delete(entry)
        audit.record(
            session,
            ChangeKind.LEDGER_ENTRY,
            entry_id,
            AuditAction.DELETE,
            summary=f"{summary} on {snapshot['entry_date']}",
            changes={key: (value, None) for key, value in snapshot.items()},
        )
        deleted += 1
    return deleted


# --------------------------------------------------------------------------- editing costs


@dataclass
class CostInput:
    fiscal_year: int
    category: CostCategory
    amount: Decimal
    description: str = ""


def _validate_cost(data: CostInput) -> int:
    if not 1900 <= data.fiscal_year <= 2200:
        raise ValidationError(f"{data.fiscal_year} is not a fiscal year", field="fiscal_year")
    cents = amount_cents(data.amount)
    if cents < 0:
        raise ValidationError("a cost cannot be negative", field="amount")
    return cents


def _cost_snapshot(cost: ProgramCost) -> dict[str, Any]:
    return {
        "fiscal_year": cost.fiscal_year,
        "category": cost.category,
        "amount": from_cents(cost.amount_cents),
        "description": cost.description,
    }


def get_cost(session: Session, cost_id: int) -> tuple[int, CostInput]:
    cost = session.get(ProgramCost, cost_id)
    if cost is None:
        raise NotFoundError(f"program cost #{cost_id} does not exist")
    return cost.row_version, CostInput(
        cost.fiscal_year, cost.category, from_cents(cost.amount_cents), cost.description or ""
    )


def create_cost(session: Session, data: CostInput) -> int:
    cents = _validate_cost(data)
    cost = ProgramCost(
        fiscal_year=data.fiscal_year,
        category=data.category,
        amount_cents=cents,
        description=data.description.strip() or None,
    )
    session.add(cost)
    session.flush()
    assert cost.id is not None
    audit.record(
        session,
        ChangeKind.PROGRAM_COST,
        cost.id,
        AuditAction.CREATE,
        summary=f"FY{cost.fiscal_year} {cost.category.label}",
        changes=audit.diff({}, _cost_snapshot(cost)),
    )
    return cost.id


def update_cost(session: Session, cost_id: int, data: CostInput, seen_version: int) -> None:
    cost = session.get(ProgramCost, cost_id)
    if cost is None:
        raise NotFoundError(f"program cost #{cost_id} was deleted by someone else")
    if cost.row_version != seen_version:
        raise StaleRecordError(f"program cost #{cost_id}", "program_cost", cost_id)
    cents = _validate_cost(data)
    before = _cost_snapshot(cost)
    cost.fiscal_year = data.fiscal_year
    cost.category = data.category
    cost.amount_cents = cents
    cost.description = data.description.strip() or None
    changes = audit.diff(before, _cost_snapshot(cost))
    if not changes:
        return
    session.add(cost)
    audit.record(
        session,
        ChangeKind.PROGRAM_COST,
        cost_id,
        AuditAction.UPDATE,
        f"FY{cost.fiscal_year} {cost.category.label}",
        changes,
    )


def delete_cost(session: Session, cost_id: int) -> None:
    cost = session.get(ProgramCost, cost_id)
    if cost is None:
        raise NotFoundError(f"program cost #{cost_id} was already deleted")
    snapshot = _cost_snapshot(cost)
    session.delete(cost)
    audit.record(
        session,
        ChangeKind.PROGRAM_COST,
        cost_id,
        AuditAction.DELETE,
        summary=f"FY{snapshot['fiscal_year']} {cost.category.label}",
        changes={key: (value, None) for key, value in snapshot.items()},
    )


# --------------------------------------------------------------------------- choices for editors


def organization_choices(session: Session) -> list[tuple[int, str]]:
    statement = sa.select(col(Organization.id), col(Organization.name)).order_by(
        col(Organization.name)
    )
    return [(int(i), str(n)) for i, n in session.execute(statement)]


def mou_choices(session: Session) -> list[tuple[int, str]]:
    statement = (
        sa.select(col(Mou.id), col(Mou.reference_code), col(Mou.title))
        .where(col(Mou.archived).is_(False))
        .order_by(col(Mou.reference_code))
    )
    return [(int(i), f"{code} — {title}") for i, code, title in session.execute(statement)]


def source_choices(session: Session) -> list[tuple[int, str]]:
    statement = sa.select(col(FundingSource.id), col(FundingSource.name)).order_by(
        col(FundingSource.name)
    )
    return [(int(i), str(n)) for i, n in session.execute(statement)]
