"""What the ledger adds up to: per-source totals of a fiscal year, budget vs actual, costs.

Analysis reads these and nothing else: :mod:`.diversification` (the mix of one fiscal
year), :mod:`.scenarios` (the years ahead) and the workbook, so a figure on any screen is
the same sum of the same entries. Sums run in SQL, over the ledger's date index.

Revenue rule used everywhere: the *actual* revenue of a source in a fiscal year is the sum
of its ``received`` entries plus its ``adjustment`` entries (an adjustment corrects a
receipt, so it may be negative); the *budget* is the sum of its ``budgeted`` entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    CostCategory,
    FundingSource,
    FundingSourceKind,
    LedgerEntry,
    LedgerEntryType,
    ProgramCost,
)
from partnerdesk.core.platform.dates import check_fiscal_year, fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.settings import FISCAL_YEAR_START_MONTH, get_setting


def fiscal_start_month(session: Session) -> int:
    return int(get_setting(session, FISCAL_YEAR_START_MONTH))


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
    check_fiscal_year(fiscal_year)
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


@dataclass(frozen=True)
class BudgetToDate:
    """The year's money so far: what came in against the share of the budget due by now."""

    fiscal_year: int
    received: Decimal  # actual revenue (received + adjustments) up to and including today
    due: Decimal  # the year's budget pro rata by day, up to and including today
    budget: Decimal  # the whole year's budget
    elapsed_days: int
    year_days: int

    @property
    def difference(self) -> Decimal:
        """Received minus due: negative while the money is behind the budget."""
        return self.received - self.due

    @property
    def percent_of_due(self) -> Decimal | None:
        if self.due == 0:
            return None
        return (self.received * 100 / self.due).quantize(Decimal("0.1"))


def budget_to_date(session: Session, today: date) -> BudgetToDate:
    """The current fiscal year so far. A budget is an amount for the whole year, so what is
    due by ``today`` is its share of the days elapsed (pro rata by day, rounded half-even
    to the cent): comparing the received money with the whole year's budget would show any
    year in progress as far behind."""
    start_month = fiscal_start_month(session)
    fiscal_year = fiscal_year_of(today, start_month)
    first, last = fiscal_year_bounds(fiscal_year, start_month)

    def cents(*where: Any) -> int:
        total = sa.func.coalesce(sa.func.sum(LedgerEntry.amount_cents), 0)
        return int(session.execute(sa.select(total).where(*where)).scalar_one())

    budgeted = col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED
    budget_cents = cents(col(LedgerEntry.entry_date).between(first, last), budgeted)
    received_cents = cents(col(LedgerEntry.entry_date).between(first, today), sa.not_(budgeted))
    elapsed, year_days = (today - first).days + 1, (last - first).days + 1
    due = (Decimal(budget_cents * elapsed) / year_days).quantize(Decimal(1), ROUND_HALF_EVEN)
    return BudgetToDate(
        fiscal_year,
        from_cents(received_cents),
        from_cents(int(due)),
        from_cents(budget_cents),
        elapsed,
        year_days,
    )


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
