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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import FISCAL_YEAR_START_MONTH, get_setting, set_setting


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


# The committee's threshold (Assumptions): a source is flagged when it has received less
# than its budget due so far by more than this share of that budget.
BUDGET_ALERT_KEY = "funding_budget_alert_pct"
DEFAULT_BUDGET_ALERT = Decimal("10")


def behind_budget(received: Decimal, due: Decimal, alert_pct: Decimal) -> bool:
    """Short of the budget ``due`` so far by more than ``alert_pct`` percent of it: the one
    rule for a source's line in Budget vs actual and for the year on the Dashboard."""
    shortfall = due - received
    return shortfall > 0 and shortfall * 100 > due * alert_pct


def budget_alert_pct(session: Session) -> Decimal:
    text = get_setting(session, BUDGET_ALERT_KEY)
    try:
        return Decimal(text) if text else DEFAULT_BUDGET_ALERT
    except ArithmeticError:  # a damaged setting must not break the comparison
        return DEFAULT_BUDGET_ALERT


def save_budget_alert_pct(session: Session, pct: Decimal) -> None:
    from partnerdesk.core.models import AuditAction
    from partnerdesk.core.platform import audit

    if not Decimal(0) < pct <= Decimal(100):
        raise ValidationError(
            "the shortfall that flags a source must be above 0 and at most 100 % of its "
            "budget due so far",
            field="budget_alert_pct",
        )
    before = budget_alert_pct(session)
    set_setting(session, BUDGET_ALERT_KEY, format(pct, "f"))
    changes = audit.diff({"budget_alert_pct": before}, {"budget_alert_pct": pct})
    if changes:
        audit.record(
            session,
            ChangeKind.SETTING,
            None,
            AuditAction.UPDATE,
            summary="budget shortfall threshold",
            changes=changes,
        )


def budget_due_cents(
    lines: Sequence[tuple[date, int]], first: date, last: date, today: date
) -> int:
    """How much of a fiscal year's budget (its budget lines: date, cents) is due by
    ``today``. A year that is over is due in full, one not begun not at all. In a year
    under way, a budget entered as one line for the year is due evenly across it (pro
    rata by days, today included); a budget entered in instalments is due line by line,
    on each line's date."""
    total = sum(cents for _day, cents in lines)
    if today >= last:
        return total
    if today < first or not lines:
        return 0
    if len(lines) == 1:
        elapsed = (today - first).days + 1
        days = (last - first).days + 1
        share = Decimal(total) * elapsed / days
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return sum(cents for day, cents in lines if day <= today)


@dataclass(frozen=True)
class BudgetVsActual:
    fiscal_year: int
    source_id: int
    source: str
    kind: FundingSourceKind
    budget: Decimal
    actual: Decimal
    due: Decimal | None = None  # the budget due so far (None: compared with the year)
    alert_pct: Decimal = DEFAULT_BUDGET_ALERT

    @property
    def variance(self) -> Decimal:
        """Actual minus the year's budget: negative while money is still to come."""
        return self.actual - self.budget

    @property
    def percent_received(self) -> Decimal | None:
        if self.budget == 0:
            return None
        return (self.actual * 100 / self.budget).quantize(Decimal("0.1"))

    @property
    def due_so_far(self) -> Decimal:
        return self.budget if self.due is None else self.due

    @property
    def variance_to_date(self) -> Decimal:
        """Actual minus the budget due so far: what is really ahead or behind."""
        return self.actual - self.due_so_far

    @property
    def percent_of_due(self) -> Decimal | None:
        if self.due_so_far == 0:
            return None
        return (self.actual * 100 / self.due_so_far).quantize(Decimal("0.1"))

    @property
    def behind(self) -> bool:
        """Short of the budget due so far by more than the committee's threshold."""
        return behind_budget(self.actual, self.due_so_far, self.alert_pct)


def _budget_lines(session: Session, first: date, last: date) -> dict[int, list[tuple[date, int]]]:
    statement = sa.select(
        col(LedgerEntry.funding_source_id),
        col(LedgerEntry.entry_date),
        col(LedgerEntry.amount_cents),
    ).where(
        col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED,
        col(LedgerEntry.entry_date).between(first, last),
    )
    lines: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for source_id, day, cents in session.execute(statement):
        lines[source_id].append((day, int(cents)))
    return lines


def budget_vs_actual(
    session: Session, fiscal_years: Iterable[int] | None = None, *, today: date | None = None
) -> list[BudgetVsActual]:
    """Budget and actual per source and fiscal year (every year with entries by default).
    With ``today``, each row also has the budget due so far (:func:`budget_due_cents`) and
    the committee's threshold, so that ``behind`` says which sources really lag."""
    years = sorted(fiscal_years if fiscal_years is not None else ledger_fiscal_years(session))
    infos = source_infos(session)
    start = fiscal_start_month(session)
    alert = budget_alert_pct(session)
    rows: list[BudgetVsActual] = []
    for year in years:
        totals = year_totals(session, year)
        first, last = fiscal_year_bounds(year, start)
        lines = _budget_lines(session, first, last) if today is not None else {}
        for source_id in sorted(
            set(totals.actual_cents) | set(totals.budget_cents), key=lambda i: infos[i].name
        ):
            info = infos[source_id]
            due = (
                None
                if today is None
                else from_cents(budget_due_cents(lines.get(source_id, []), first, last, today))
            )
            rows.append(
                BudgetVsActual(
                    year,
                    source_id,
                    info.name,
                    info.kind,
                    from_cents(totals.budget_cents.get(source_id, 0)),
                    from_cents(totals.actual_cents.get(source_id, 0)),
                    due,
                    alert,
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
    alert_pct: Decimal = DEFAULT_BUDGET_ALERT  # the committee's threshold (Assumptions)

    @property
    def difference(self) -> Decimal:
        """Received minus due: negative while the money is behind the budget."""
        return self.received - self.due

    @property
    def behind(self) -> bool:
        """Short of the budget due so far by more than the threshold (as Budget vs actual)."""
        return behind_budget(self.received, self.due, self.alert_pct)

    @property
    def percent_of_due(self) -> Decimal | None:
        if self.due == 0:
            return None
        return (self.received * 100 / self.due).quantize(Decimal("0.1"))


def budget_to_date(session: Session, today: date) -> BudgetToDate:
    """The current fiscal year so far: the money received against the budget due by
    ``today``, by the one rule of :func:`budget_due_cents` applied to each source (a budget
    for the whole year is due pro rata by day, one in instalments on their dates), so the
    Dashboard and Budget vs actual always agree."""
    start_month = fiscal_start_month(session)
    fiscal_year = fiscal_year_of(today, start_month)
    first, last = fiscal_year_bounds(fiscal_year, start_month)
    lines = _budget_lines(session, first, last)
    budget_cents = sum(cents for source in lines.values() for _day, cents in source)
    due_cents = sum(budget_due_cents(source, first, last, today) for source in lines.values())
    received = sa.func.coalesce(sa.func.sum(LedgerEntry.amount_cents), 0)
    received_cents = session.execute(
        sa.select(received).where(
            col(LedgerEntry.entry_date).between(first, today),
            col(LedgerEntry.entry_type) != LedgerEntryType.BUDGETED,
        )
    ).scalar_one()
    return BudgetToDate(
        fiscal_year,
        from_cents(int(received_cents)),
        from_cents(due_cents),
        from_cents(budget_cents),
        (today - first).days + 1,
        (last - first).days + 1,
        budget_alert_pct(session),
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
