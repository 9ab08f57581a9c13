"""The report pack of a grant obligation: what a funder usually asks for, for the period
the obligation reports on, in one workbook ready to paste into the funder's form.

The funding part: the source's budget for the period (each fiscal year's budget, pro rata
by day), what it received and adjusted in the period, the same since the grant started,
the local match, and every ledger line behind those figures. PartnerDesk's ledger records
money coming in: for a reimbursement grant, its drawdowns are what was spent, and the
pack says so.

The period is the obligation's own (the quarter of a quarterly report, the whole grant
for a final report or a renewal application); a one-off deliverable of a source without a
grant period reports on the fiscal year its due date falls in.

It lives in ``program`` because a pack combines domains: the Outcomes sheet gives every
active outcome indicator's figures for the months of the same period, worked out by the
outcomes area's own summary (:func:`partnerdesk.core.outcomes.overview.outcome_summary`),
with counts too small to share hidden as in every outcomes export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from sqlmodel import Session, col

from partnerdesk.core.funding.grant_terms import MatchStatus, match_statuses
from partnerdesk.core.funding.obligation_queries import period_label
from partnerdesk.core.funding.obligations import ItemDetail, get_item
from partnerdesk.core.funding.totals import fiscal_start_month
from partnerdesk.core.models import (
    FundingSource,
    GrantMatchSource,
    IndicatorUnit,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    Organization,
)
from partnerdesk.core.models.outcomes import outcome_label
from partnerdesk.core.outcomes.baselines import BASELINE_MONTHS, outcome_settings
from partnerdesk.core.outcomes.overview import OutcomeSummary, outcome_summary
from partnerdesk.core.outcomes.report_data import met_text
from partnerdesk.core.outcomes.summaries import (
    exported_figure,
    months_between,
    small_number_note,
)
from partnerdesk.core.platform.dates import add_months, fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.money import CENT, from_cents
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.workbooks import MONEY_FORMAT, SheetWriter, discard

SPENDING_NOTE = (
    "The ledger records money coming in: for a reimbursement grant, the drawdowns received "
    "are what was spent."
)


@dataclass(frozen=True, slots=True)
class PackLine:
    """A ledger line of the pack."""

    entry_date: date
    source: str
    entry_type: LedgerEntryType
    amount: Decimal
    memo: str
    mou: str
    match_note: str  # why it counts as match ("" when it does not)


@dataclass(frozen=True)
class BudgetYear:
    """One fiscal year's budget and the part of it that falls in the period."""

    fiscal_year: int
    budget: Decimal
    days_in_period: int
    days_in_year: int
    share: Decimal


@dataclass(frozen=True)
class PackFigures:
    obligation: ItemDetail
    funder: str
    grant_start: date | None
    grant_end: date | None
    first: date  # the period reported on
    last: date
    today: date
    budget_years: tuple[BudgetYear, ...]
    lines: tuple[PackLine, ...]  # the source's own lines in the period
    to_date_received: Decimal  # since the grant started, up to the end of the period
    to_date_adjustments: Decimal
    grant_budget: Decimal  # all budgeted lines inside the grant period
    match: MatchStatus | None
    match_lines: tuple[PackLine, ...]  # lines counting as match, in the period
    outcome_months: tuple[date, ...]  # the months the outcome figures cover
    outcomes: OutcomeSummary  # every active indicator over those months
    small_number_threshold: int

    @property
    def period(self) -> str:
        return period_label(self.first, self.last)

    def total(self, entry_type: LedgerEntryType) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.entry_type is entry_type), Decimal("0.00"))

    @property
    def budget(self) -> Decimal:
        return sum((year.share for year in self.budget_years), Decimal("0.00"))

    @property
    def actual(self) -> Decimal:
        return self.total(LedgerEntryType.RECEIVED) + self.total(LedgerEntryType.ADJUSTMENT)

    @property
    def variance(self) -> Decimal:
        return self.actual - self.budget

    @property
    def match_in_period(self) -> Decimal:
        return sum((ln.amount for ln in self.match_lines), Decimal("0.00"))

    @property
    def outcome_period(self) -> str:
        """The months of the outcome figures, as the period is written."""
        first, last = self.outcome_months[0], self.outcome_months[-1]
        return period_label(first, add_months(last, 1) - timedelta(days=1))


def _period(session: Session, item: ItemDetail) -> tuple[date, date]:
    if item.period_start is not None and item.period_end is not None:
        return item.period_start, item.period_end
    start_month = fiscal_start_month(session)
    return fiscal_year_bounds(fiscal_year_of(item.due_date, start_month), start_month)


def _outcome_months(first: date, last: date) -> list[date]:
    """The months whose outcome figures belong to the period: outcomes are monthly, so a
    period that starts mid-month (a grant starting on the 15th) takes the months that begin
    in it, and consecutive quarters share no month; a period shorter than that takes the
    month it starts in."""
    months = [month for month in months_between(first, last) if first <= month]
    return months or [first.replace(day=1)]


def _budget_years(session: Session, source_id: int, first: date, last: date) -> list[BudgetYear]:
    start_month = fiscal_start_month(session)
    years: list[BudgetYear] = []
    for year in range(fiscal_year_of(first, start_month), fiscal_year_of(last, start_month) + 1):
        year_first, year_last = fiscal_year_bounds(year, start_month)
        cents = session.execute(
            sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_cents), 0)).where(
                col(LedgerEntry.funding_source_id) == source_id,
                col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED,
                col(LedgerEntry.entry_date).between(year_first, year_last),
            )
        ).scalar_one()
        budget = from_cents(int(cents))
        inside = (min(last, year_last) - max(first, year_first)).days + 1
        length = (year_last - year_first).days + 1
        share = (budget * inside / length).quantize(CENT, rounding=ROUND_HALF_EVEN)
        years.append(BudgetYear(year, budget, inside, length, share))
    return years


def _lines(
    session: Session, where: sa.ColumnElement[bool], note: str | None = None
) -> list[PackLine]:
    matched_grant = sa.orm.aliased(FundingSource)
    statement = (
        sa.select(
            col(LedgerEntry.entry_date),
            col(FundingSource.name),
            col(LedgerEntry.entry_type),
            col(LedgerEntry.amount_cents),
            col(LedgerEntry.memo),
            col(Mou.reference_code),
            col(matched_grant.name),
        )
        .join(FundingSource, col(FundingSource.id) == col(LedgerEntry.funding_source_id))
        .outerjoin(Mou, col(Mou.id) == col(LedgerEntry.mou_id))
        .outerjoin(matched_grant, col(matched_grant.id) == col(LedgerEntry.match_for_source_id))
        .where(where)
        .order_by(col(LedgerEntry.entry_date), col(LedgerEntry.id))
    )
    return [
        PackLine(
            day,
            source,
            entry_type,
            from_cents(cents),
            memo or "",
            code or "",
            note if note is not None else (f"match for {grant}" if grant else ""),
        )
        for day, source, entry_type, cents, memo, code, grant in session.execute(statement)
    ]


def _match_lines(session: Session, source_id: int, first: date, last: date) -> list[PackLine]:
    """Lines in the period counting as the grant's match (see grant_terms for the rule)."""
    in_period = col(LedgerEntry.entry_date).between(first, last)
    money_in = col(LedgerEntry.entry_type) != LedgerEntryType.BUDGETED
    marked = _lines(
        session,
        sa.and_(in_period, money_in, col(LedgerEntry.match_for_source_id) == source_id),
        "marked as match for this grant",
    )
    named_sources = sa.select(col(GrantMatchSource.match_source_id)).where(
        col(GrantMatchSource.grant_source_id) == source_id
    )
    named = _lines(
        session,
        sa.and_(
            in_period,
            money_in,
            col(LedgerEntry.funding_source_id).in_(named_sources),
            col(LedgerEntry.match_for_source_id).is_(None),
        ),
        "from a source named as match",
    )
    return sorted(marked + named, key=lambda ln: (ln.entry_date, ln.source))


def pack_figures(session: Session, obligation_id: int, today: date) -> PackFigures:
    """Everything the pack shows, read in one session."""
    item = get_item(session, obligation_id)
    source = session.get(FundingSource, item.funding_source_id)
    assert source is not None
    funder = (
        session.get(Organization, source.funder_organization_id)
        if source.funder_organization_id
        else None
    )
    first, last = _period(session, item)
    own = col(LedgerEntry.funding_source_id) == source.id
    lines = _lines(session, sa.and_(own, col(LedgerEntry.entry_date).between(first, last)))
    grant_first = source.grant_start or date.min
    to_date = [
        line
        for line in _lines(session, sa.and_(own, col(LedgerEntry.entry_date) <= last))
        if line.entry_date >= grant_first
    ]
    grant_budget = sum(
        (
            line.amount
            for line in _lines(session, own)
            if line.entry_type is LedgerEntryType.BUDGETED
            and (source.grant_start is None or line.entry_date >= source.grant_start)
            and (source.grant_end is None or line.entry_date <= source.grant_end)
        ),
        Decimal("0.00"),
    )
    statuses = match_statuses(session, today, [item.funding_source_id])
    outcome_months = _outcome_months(first, last)
    outcomes = outcome_summary(
        session, today, period_from=outcome_months[0], period_to=outcome_months[-1]
    )
    return PackFigures(
        obligation=item,
        funder=funder.name if funder is not None else "",
        grant_start=source.grant_start,
        grant_end=source.grant_end,
        first=first,
        last=last,
        today=today,
        budget_years=tuple(_budget_years(session, item.funding_source_id, first, last)),
        lines=tuple(lines),
        to_date_received=sum(
            (ln.amount for ln in to_date if ln.entry_type is LedgerEntryType.RECEIVED),
            Decimal("0.00"),
        ),
        to_date_adjustments=sum(
            (ln.amount for ln in to_date if ln.entry_type is LedgerEntryType.ADJUSTMENT),
            Decimal("0.00"),
        ),
        grant_budget=grant_budget,
        match=statuses[0] if statuses else None,
        match_lines=tuple(_match_lines(session, item.funding_source_id, first, last)),
        outcome_months=tuple(outcome_months),
        outcomes=outcomes,
        small_number_threshold=outcome_settings(session).small_number_threshold,
    )


# --------------------------------------------------------------------------- the workbook


def _summary_sheet(workbook: Any, figures: PackFigures) -> None:
    item = figures.obligation
    sheet = SheetWriter(workbook, "Summary", [44, 22, 60])
    sheet.title_row(f"{item.title} — {item.source}")
    grant = period_label(figures.grant_start, figures.grant_end) or "no grant period recorded"
    for label, value in (
        ("Funding source", item.source),
        ("Funder", figures.funder or "—"),
        ("Grant period", grant),
        ("Obligation", f"{item.kind.label}: {item.rule_text}"),
        ("Period reported on", figures.period),
        ("Due", sheet.day(item.due_date)),
        ("Owner", item.owner or "—"),
        ("Figures as of", sheet.day(figures.today)),
    ):
        sheet.append([sheet.cell(label, bold=True), value])
    sheet.append([])
    sheet.header(["In the period", "Amount", "How it is worked out"], freeze=False)
    budget_how = "each fiscal year's budget times its share of the period's days (Budget sheet)"
    for label, amount, how in (
        ("Budget for the period", figures.budget, budget_how),
        ("Received (drawdowns)", figures.total(LedgerEntryType.RECEIVED), SPENDING_NOTE),
        ("Adjustments", figures.total(LedgerEntryType.ADJUSTMENT), "corrections to receipts"),
        ("Actual (received + adjustments)", figures.actual, ""),
        ("Variance (actual − budget)", figures.variance, "negative: less than budgeted"),
    ):
        sheet.append([label, sheet.money(amount, bold=label.startswith("Actual")), how])
    percent = figures.actual * 100 / figures.budget if figures.budget else None
    sheet.append(
        [
            "Share of the budget received",
            sheet.percent(None if percent is None else percent.quantize(CENT)),
            "",
        ]
    )
    sheet.append([])
    sheet.header(["Since the grant started", "Amount", ""], freeze=False)
    received = figures.to_date_received + figures.to_date_adjustments
    for label, amount, how in (
        ("Received and adjusted to the end of the period", received, ""),
        ("Grant budget in total", figures.grant_budget, "budgeted lines inside the grant period"),
        ("Still to come", figures.grant_budget - received, "grant budget − received so far"),
    ):
        sheet.append([label, sheet.money(amount), how])
    sheet.append([])
    sheet.header(["Local match", "Amount", ""], freeze=False)
    match = figures.match
    if match is None:
        sheet.append(["No match is required of this grant.", "", ""])
        return
    for label, amount, how in (
        ("Required so far", match.required, match.requirement),
        ("Met so far", match.met, ", ".join(match.match_sources) or "marked ledger entries"),
        ("Met in the period", figures.match_in_period, "Match sheet"),
        ("Short", match.shortfall, "behind the grant's spending" if match.behind else "on track"),
    ):
        sheet.append([label, sheet.money(amount), how])


def _ledger_sheet(workbook: Any, figures: PackFigures) -> None:
    sheet = SheetWriter(workbook, "Ledger", [12, 22, 16, 44, 14, 36])
    sheet.header(["Date", "Type", "Amount", "Memo", "MOU", "Counts as match for"], filters=True)
    for line in figures.lines:
        sheet.append(
            [
                sheet.day(line.entry_date),
                line.entry_type.label,
                sheet.money(line.amount),
                line.memo,
                line.mou,
                line.match_note.removeprefix("match for "),
            ]
        )
    sheet.filter_to_end(6)
    sheet.append([])
    for entry_type in LedgerEntryType:
        sheet.append(
            ["", sheet.cell(f"Total {entry_type.label.lower()}", bold=True),
             sheet.money(figures.total(entry_type), bold=True)]
        )  # fmt: skip


def _budget_sheet(workbook: Any, figures: PackFigures) -> None:
    sheet = SheetWriter(workbook, "Budget", [14, 18, 20, 16, 22])
    sheet.header(
        ["Fiscal year", "Budget of the year", "Days in the period", "Days in the year",
         "Budget for the period"]
    )  # fmt: skip
    for year in figures.budget_years:
        sheet.append(
            [f"FY{year.fiscal_year}", sheet.money(year.budget), year.days_in_period,
             year.days_in_year, sheet.money(year.share)]
        )  # fmt: skip
    sheet.append(
        [sheet.cell("Total", bold=True), "", "", "", sheet.money(figures.budget, bold=True)]
    )


def _match_sheet(workbook: Any, figures: PackFigures) -> None:
    sheet = SheetWriter(workbook, "Match", [12, 36, 16, 16, 40, 32])
    sheet.header(["Date", "Source", "Type", "Amount", "Memo", "Counts because"], filters=True)
    for line in figures.match_lines:
        sheet.append(
            [sheet.day(line.entry_date), line.source, line.entry_type.label,
             sheet.money(line.amount), line.memo, line.match_note]
        )  # fmt: skip
    sheet.filter_to_end(6)
    sheet.append([])
    sheet.append(
        ["", sheet.cell("Total in the period", bold=True), "",
         sheet.money(figures.match_in_period, bold=True)]
    )  # fmt: skip


OUTCOME_FORMAT = "#,##0.0"


def _outcomes_sheet(workbook: Any, figures: PackFigures) -> None:
    summary = figures.outcomes
    period = figures.outcome_period
    sheet = SheetWriter(workbook, "Outcomes", [44, 10, 14, 14, 10, 14, 14, 10, 36, 18])
    if not summary.rows:
        sheet.append(["The program has no active outcome indicators (Outcomes area)."])
        return
    if all(row.current.months == 0 for row in summary.rows):
        sheet.append([f"No outcome indicator has a value for {period} yet."])
        return
    threshold = figures.small_number_threshold

    def number(value: Decimal | None, unit: IndicatorUnit) -> Any:
        number_format = MONEY_FORMAT if unit is IndicatorUnit.DOLLARS else OUTCOME_FORMAT
        return sheet.cell(exported_figure(value, unit, threshold), number_format)

    sheet.header(
        ["Indicator", "Unit", f"Figure {period}", "Total in the period", "Months with data",
         "Baseline", "Change", "Change %", "Target", "Met"],
        filters=True,
    )  # fmt: skip
    for row in summary.rows:
        # A change next to a hidden count would give the count away.
        hidden = any(
            isinstance(exported_figure(figure.value, row.unit, threshold), str)
            for figure in (row.current, row.baseline)
        )
        change = None if hidden else row.change
        sheet.append(
            [
                row.name,
                outcome_label(row.unit),
                number(row.current.value, row.unit),
                number(row.current.total, row.unit),
                row.current.months,
                number(row.baseline.value, row.unit),
                number(None if change is None else change.absolute, row.unit),
                sheet.cell(None if change is None else change.percent, OUTCOME_FORMAT),
                row.target_text,
                met_text(row),
            ]
        )
    sheet.filter_to_end(10)
    sheet.append([])
    months = (
        f"Months: {period}, those of the period reported on."
        if period == figures.period
        else f"Months: {period}, those that begin in the period reported on ({figures.period}):"
        " outcome figures are monthly."
    )
    launch = f" ({summary.launch.day} {summary.launch:%b %Y})" if summary.launch else ""
    for note in (
        months,
        "Figure: the monthly average for counts that add up (their total beside it), else "
        "the mean, median or rate of the months, as in the Outcomes area.",
        f"Baseline: the indicator's own baseline months, else the {BASELINE_MONTHS} months "
        f"before launch{launch}. Change: figure − baseline, and in percent of the baseline.",
        small_number_note(threshold, "; a change that would give one away is left out,"),
        *summary.notes,
    ):
        sheet.append([note])


# The sheets of a pack, in order, each written from the figures (read beforehand, in one
# session). A domain that has something to say for the period joins as one more writer.
SECTIONS: tuple[tuple[str, Callable[[Any, PackFigures], None]], ...] = (
    ("Summary", _summary_sheet),
    ("Ledger", _ledger_sheet),
    ("Budget", _budget_sheet),
    ("Match", _match_sheet),
    ("Outcomes", _outcomes_sheet),
)


@dataclass(frozen=True)
class PackReport:
    path: Path
    figures: PackFigures


def write_pack(
    session: Session,
    obligation_id: int,
    path: str | Path,
    *,
    today: date,
    progress: Progress = NO_PROGRESS,
) -> PackReport:
    """Write the obligation's report pack to ``path`` (.xlsx); nothing is left behind when
    it fails or is cancelled."""
    from openpyxl import Workbook

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"{target.name}: the report pack must be saved as .xlsx", "path")
    progress.step(0, len(SECTIONS) + 1, "Reading the ledger…")
    figures = pack_figures(session, obligation_id, today)
    with atomic_output(target) as temporary:
        workbook = Workbook(write_only=True)
        try:
            for done, (name, write) in enumerate(SECTIONS, start=1):
                progress.step(done, len(SECTIONS) + 1, f"Writing the {name} sheet…")
                write(workbook, figures)
            progress.step(len(SECTIONS) + 1, len(SECTIONS) + 1, "Saving…")
            workbook.save(temporary)
        except BaseException:
            discard(workbook)
            raise
    return PackReport(target, figures)
