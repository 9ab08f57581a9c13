"""The sustainability workbook (export) and ledger import from .xlsx / .ods / .csv.

Export writes with openpyxl in write-only mode (a 200,000-line ledger streams to disk
instead of being built in memory) through :func:`partnerdesk.core.platform.files.atomic_output`.
Import reads through :func:`partnerdesk.core.platform.spreadsheet.read_table` (python-calamine),
validates every row first and writes all or nothing. Importing an exported workbook into
a database recreates its sources and ledger; lines already in the ledger (same date,
source, type, amount and memo, counting repeats) are skipped, so importing twice does not
double the ledger.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.directory.organizations import organization_key
from partnerdesk.core.funding.diversification import MixSummary, funding_mix
from partnerdesk.core.funding.ledger import (
    BudgetVsActual,
    SourceInput,
    budget_vs_actual,
    create_source,
    fiscal_start_month,
    list_costs,
    list_sources,
    validate_amount,
)
from partnerdesk.core.funding.projection import BUILT_IN, RULES, Projection, project
from partnerdesk.core.models import (
    AuditAction,
    FundingSource,
    FundingSourceKind,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    Organization,
    OrganizationKind,
    utc_now,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import fiscal_year_of
from partnerdesk.core.platform.db import current_os_user
from partnerdesk.core.platform.errors import ImportFileError, ValidationError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import load_settings
from partnerdesk.core.platform.spreadsheet import (
    SheetRow,
    Table,
    cell_date,
    cell_decimal,
    cell_text,
    neutralise_formula,
    read_table,
)

SHEETS = ("Summary", "Projection", "Mix", "Sources", "Ledger", "Costs", "Assumptions")
LEDGER_HEADERS = ("Date", "Source", "Type", "Amount", "Memo", "MOU")
SOURCE_HEADERS = (
    "Name",
    "Kind",
    "Funder",
    "Restricted",
    "Grant start",
    "Grant end",
    "Renewal %",
    "Growth %",
    "Active",
    "MOUs",
    "Notes",
    "Budgeted (all years)",
    "Received (all years)",
)
MONEY_FORMAT = '"$"#,##0.00;[Red]-"$"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = '0.00" %"'
_EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportReport:
    path: Path
    ledger_rows: int
    sources: int
    fiscal_year: int
    scenario: str


class _Sheet:
    """A write-only sheet with a bold frozen header, widths, filters and styled cells."""

    def __init__(self, workbook: Any, title: str, widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        self.sheet = workbook.create_sheet(title)
        self.workbook = workbook
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.rows = 0
        self.width = len(widths)

    def cell(self, value: Any, number_format: str | None = None, bold: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cell = WriteOnlyCell(self.sheet, value=neutralise_formula(value))
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        return cell

    def header(self, titles: Sequence[str], *, freeze: bool = True, filters: bool = False) -> None:
        from openpyxl.styles import Font, PatternFill

        fill = PatternFill("solid", fgColor="DDE4EE")
        row = []
        for title in titles:
            cell = self.cell(title, bold=True)
            cell.fill = fill
            cell.font = Font(bold=True)
            row.append(cell)
        if freeze and self.rows == 0:
            self.sheet.freeze_panes = "A2"
        self.append(row)
        if filters:
            self._filter_from = self.rows

    def append(self, row: Sequence[Any]) -> None:
        # Names and notes come from users: text a spreadsheet would run is shown instead.
        self.sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
        self.rows += 1

    def title_row(self, text: str) -> None:
        from openpyxl.styles import Font

        cell = self.cell(text)
        cell.font = Font(bold=True, size=14)
        self.append([cell])

    def filter_to_end(self, columns: int) -> None:
        from openpyxl.utils import get_column_letter

        start = getattr(self, "_filter_from", 1)
        self.sheet.auto_filter.ref = f"A{start}:{get_column_letter(columns)}{max(self.rows, start)}"


def _money(sheet: _Sheet, amount: Decimal | None, bold: bool = False) -> Any:
    # Stored as a number (Decimal is written exactly as its digits) with a currency format.
    return sheet.cell(amount, MONEY_FORMAT, bold=bold)


def _pct(sheet: _Sheet, value: Decimal | None) -> Any:
    return sheet.cell(value, PERCENT_FORMAT)


def _day(sheet: _Sheet, value: date | None) -> Any:
    return sheet.cell(value, DATE_FORMAT)


def export_workbook(
    session: Session,
    path: str | Path,
    today: date,
    *,
    fiscal_year: int | None = None,
    scenario: str = "expected",
    progress: Progress = NO_PROGRESS,
) -> ExportReport:
    """Write the sustainability workbook: a summary for the meeting, then the figures it
    rests on (projection, mix, sources, ledger, costs, assumptions).

    The cycle collector is paused meanwhile: its full passes over the export's large heap
    took 100-170 ms each with the GIL held, freezing the window (measured in
    benchmarks/cases/reliability.py)."""
    with _collector_paused():
        return _export_workbook(
            session, path, today, fiscal_year=fiscal_year, scenario=scenario, progress=progress
        )


def _export_workbook(
    session: Session,
    path: str | Path,
    today: date,
    *,
    fiscal_year: int | None,
    scenario: str,
    progress: Progress,
) -> ExportReport:
    from openpyxl import Workbook

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"{target.name}: the workbook must be saved as .xlsx", "path")
    progress.step(0, 0, "Preparing the summary…")
    start_month = fiscal_start_month(session)
    year = fiscal_year if fiscal_year is not None else fiscal_year_of(today, start_month)
    mix = funding_mix(session, year)
    projection = project(session, today, scenario)
    # The three built-in scenarios side by side: how much rides on grant renewals.
    compared = [
        projection if projection.scenario == name else project(session, today, name)
        for name in BUILT_IN
    ]
    settings = load_settings(session)
    sources = list_sources(session)
    total_entries = session.execute(sa.select(sa.func.count(col(LedgerEntry.id)))).scalar_one()

    # The destination is checked (and its temporary file made) before any work is done.
    with atomic_output(target) as temporary:
        workbook = Workbook(write_only=True)
        try:
            _summary_sheet(
                workbook, settings.program_name, today, mix, projection, total_entries, compared
            )
            _projection_sheet(workbook, projection)
            _mix_sheet(workbook, mix, budget_vs_actual(session, [year]))
            mou_codes = _sources_sheet(workbook, session, sources)
            written = _ledger_sheet(
                workbook, session, start_month, mou_codes, total_entries, progress
            )
            _costs_sheet(workbook, session)
            _assumptions_sheet(workbook, projection, mix, start_month)
            progress.step(total_entries, total_entries, "Saving the workbook…")
            workbook.save(temporary)
        except BaseException:
            _discard(workbook)
            raise
    return ExportReport(target, written, len(sources), year, projection.scenario)


def _discard(workbook: Any) -> None:
    """Finish and delete the half-written sheets of an export that failed or was cancelled
    (openpyxl streams each write-only sheet into a temporary file of its own)."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        with contextlib.suppress(Exception):
            sheet.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def _summary_sheet(
    workbook: Any,
    program: str,
    today: date,
    mix: MixSummary,
    projection: Projection,
    entries: int,
    compared: Sequence[Projection],
) -> None:
    sheet = _Sheet(workbook, "Summary", [44, 22, 18, 18])
    sheet.title_row(f"{program or 'Crisis-response program'}: funding sustainability")
    sheet.append([f"Prepared {today.isoformat()} by {current_os_user()} with PartnerDesk"])
    sheet.append([])
    sheet.header(["Fiscal year " + f"FY{mix.fiscal_year}", "Value"], freeze=False)
    sheet.append(["Revenue received (incl. adjustments)", _money(sheet, mix.actual_total)])
    sheet.append(["Budgeted / committed", _money(sheet, mix.budget_total)])
    sheet.append(["Ledger entries this year", mix.entries])
    sheet.append(["Ledger entries, all years", entries])
    sheet.append(
        ["Herfindahl-Hirschman index (0-10,000)", sheet.cell(mix.hhi, "#,##0.0"), mix.concentration]
    )
    if mix.largest is not None:
        sheet.append(
            [
                f"Largest source: {mix.largest.name}",
                _pct(sheet, mix.largest.share_pct),
            ]
        )
    sheet.append(["Share from state and federal grants", _pct(sheet, mix.grant_share_pct)])
    sheet.append([])
    sheet.header(["Warnings"], freeze=False)
    for warning in mix.warnings or ["None: the mix is within the committee's limits."]:
        sheet.append([warning])
    sheet.append([])
    sheet.header(
        [f'Projection ("{projection.scenario}")', "Revenue", "Cost", "Surplus / gap"],
        freeze=False,
    )
    sheet.append(
        [
            f"FY{projection.base_year} (base year, actual)",
            _money(sheet, projection.base_revenue),
            _money(sheet, projection.base_cost),
            _money(sheet, projection.base_revenue - projection.base_cost),
        ]
    )
    for year in projection.years:
        sheet.append(
            [
                f"FY{year.fiscal_year}",
                _money(sheet, year.revenue),
                _money(sheet, year.cost),
                _money(sheet, year.balance),
            ]
        )
    sheet.append([])
    if projection.cliff is None:
        sheet.append(["Funding cliff: none within the projected years."])
    else:
        cliff = projection.cliff
        sheet.append([sheet.cell(f"Funding cliff: FY{cliff.fiscal_year}", bold=True)])
        sheet.append([cliff.reason])
        for source in cliff.sources:
            sheet.append([f"{source.name}: {source.reason}", _money(sheet, source.change)])
    sheet.append([])
    sheet.header(
        ["Surplus / gap by scenario", *[f'"{p.scenario}"' for p in compared]], freeze=False
    )
    for index, year in enumerate(projection.years):
        sheet.append(
            [
                f"FY{year.fiscal_year}",
                *[
                    _money(sheet, p.years[index].balance) if index < len(p.years) else None
                    for p in compared
                ],
            ]
        )
    sheet.append(
        [
            "Funding cliff",
            *[f"FY{p.cliff.fiscal_year}" if p.cliff else "none" for p in compared],
        ]
    )


def _projection_sheet(workbook: Any, projection: Projection) -> None:
    kinds = projection.kinds
    widths = [14] + [20] * len(kinds) + [18, 18, 18, 40]
    sheet = _Sheet(workbook, "Projection", widths)
    sheet.header(
        ["Fiscal year", *[k.label for k in kinds], "Revenue", "Cost", "Surplus / gap", "Cost basis"]
    )
    for year in projection.years:
        sheet.append(
            [
                f"FY{year.fiscal_year}",
                *[_money(sheet, year.revenue_by_kind.get(k, Decimal("0.00"))) for k in kinds],
                _money(sheet, year.revenue, bold=True),
                _money(sheet, year.cost),
                _money(sheet, year.balance, bold=True),
                year.cost_note,
            ]
        )
    sheet.append([])
    sheet.header(
        [
            "Fiscal year",
            "Source",
            "Kind",
            "Annual base",
            "Growth factor",
            "Days covered",
            "Days in year",
            "Weight",
            "Amount",
            "Note",
        ],
        freeze=False,
    )
    for line in projection.lines:
        sheet.append(
            [
                f"FY{line.fiscal_year}",
                line.source,
                line.kind.label,
                _money(sheet, line.annual_base.quantize(Decimal("0.01"))),
                sheet.cell(line.growth_factor, "0.000000"),
                line.covered_days,
                line.year_days,
                sheet.cell(line.weight.quantize(Decimal("0.000001")), "0.000000"),
                _money(sheet, line.amount),
                line.note,
            ]
        )


def _mix_sheet(workbook: Any, mix: MixSummary, comparison: Sequence[BudgetVsActual]) -> None:
    sheet = _Sheet(workbook, "Mix", [32, 26, 18, 12, 12, 14])
    sheet.header(["Source kind", "", "Amount", "Share %", "Target %", "Difference (pts)"])
    for kind in mix.by_kind:
        sheet.append(
            [
                kind.kind.label,
                "",
                _money(sheet, kind.amount),
                _pct(sheet, kind.share_pct),
                _pct(sheet, kind.target_pct),
                _pct(sheet, kind.difference_pts),
            ]
        )
    sheet.append(
        [
            sheet.cell("Total", bold=True),
            "",
            _money(sheet, sum((k.amount for k in mix.by_kind), Decimal("0.00")), bold=True),
            _pct(sheet, sum((k.share_pct for k in mix.by_kind), Decimal("0.00"))),
        ]
    )
    sheet.append([])
    sheet.header(["Source", "Kind", "Amount", "Share %"], freeze=False)
    for source in mix.by_source:
        sheet.append(
            [
                source.name,
                source.kind.label,
                _money(sheet, source.amount),
                _pct(sheet, source.share_pct),
            ]
        )
    sheet.append([])
    sheet.append(
        [
            f"FY{mix.fiscal_year}, {mix.basis} revenue; HHI {mix.hhi} ({mix.concentration})",
        ]
    )
    sheet.append([])
    sheet.header(
        [f"Budget vs actual FY{mix.fiscal_year}", "Kind", "Budget", "Actual", "Variance",
         "% received"],
        freeze=False,
    )  # fmt: skip
    for line in comparison:
        sheet.append(
            [
                line.source,
                line.kind.label,
                _money(sheet, line.budget),
                _money(sheet, line.actual),
                _money(sheet, line.variance),
                _pct(sheet, line.percent_received),
            ]
        )
    budget = sum((line.budget for line in comparison), Decimal("0.00"))
    actual = sum((line.actual for line in comparison), Decimal("0.00"))
    sheet.append(
        [
            sheet.cell("Total", bold=True),
            "",
            _money(sheet, budget, bold=True),
            _money(sheet, actual, bold=True),
            _money(sheet, actual - budget, bold=True),
        ]
    )


def _sources_sheet(workbook: Any, session: Session, sources: Sequence[Any]) -> dict[int, str]:
    sheet = _Sheet(workbook, "Sources", [36, 28, 30, 11, 12, 12, 11, 10, 8, 18, 40, 20, 20])
    sheet.header(list(SOURCE_HEADERS), filters=True)
    mou_codes = {
        int(i): str(code)
        for i, code in session.execute(sa.select(col(Mou.id), col(Mou.reference_code)))
    }
    links: dict[int, list[str]] = {}
    for source_id, mou_id in session.execute(
        sa.select(col(FundingSourceMou.funding_source_id), col(FundingSourceMou.mou_id))
    ):
        links.setdefault(int(source_id), []).append(mou_codes.get(int(mou_id), ""))
    notes = {
        int(i): n
        for i, n in session.execute(sa.select(col(FundingSource.id), col(FundingSource.notes)))
    }
    for source in sources:
        sheet.append(
            [
                source.name,
                source.kind.label,
                source.funder,
                "Yes" if source.restricted else "No",
                _day(sheet, source.grant_start),
                _day(sheet, source.grant_end),
                source.renewal_probability_pct,
                sheet.cell(source.annual_growth_pct, "0.00"),
                "Yes" if source.active else "No",
                ", ".join(sorted(links.get(source.id, []))),
                notes.get(source.id) or "",
                _money(sheet, source.budgeted),
                _money(sheet, source.received),
            ]
        )
    sheet.filter_to_end(len(SOURCE_HEADERS))
    return mou_codes


def _fixed_style_cell(sheet: Any, number_format: str) -> Any:
    """A write-only cell whose style is looked up once: openpyxl otherwise hashes the
    style of every styled cell it writes, twice per cell, 400,000 times for a ledger."""
    from openpyxl.cell import Cell, WriteOnlyCell

    template = WriteOnlyCell(sheet)
    template.number_format = number_format
    style_id: int = template.style_id

    class FixedStyleCell(Cell):  # type: ignore[misc]
        __slots__ = ()

        @property
        def style_id(self) -> int:
            return style_id

        @property
        def has_style(self) -> bool:
            return True

    cell = FixedStyleCell(sheet, row=1, column=1)
    cell._style = template._style  # the writer still reads the number format from here
    return cell


def _ledger_sheet(
    workbook: Any,
    session: Session,
    start_month: int,
    mou_codes: Mapping[int, str],
    total: int,
    progress: Progress,
) -> int:

    sheet = _Sheet(workbook, "Ledger", [12, 36, 22, 16, 48, 14])
    sheet.header(list(LEDGER_HEADERS))
    sources = {
        int(i): n
        for i, n in session.execute(sa.select(col(FundingSource.id), col(FundingSource.name)))
    }
    sources = {i: neutralise_formula(n) for i, n in sources.items()}
    labels = {member: member.label for member in LedgerEntryType}
    # One styled cell per styled column, reused for every line: openpyxl writes a row the
    # moment it is appended, so the cell is free again for the next one. The date goes in
    # as its spreadsheet serial number, which is what openpyxl would compute anyway.
    day_cell = _fixed_style_cell(sheet.sheet, DATE_FORMAT)
    amount_cell = _fixed_style_cell(sheet.sheet, MONEY_FORMAT)
    append = sheet.sheet.append
    statement = sa.select(
        col(LedgerEntry.entry_date),
        col(LedgerEntry.funding_source_id),
        col(LedgerEntry.entry_type),
        col(LedgerEntry.amount_cents),
        col(LedgerEntry.memo),
        col(LedgerEntry.mou_id),
    ).order_by(col(LedgerEntry.entry_date), col(LedgerEntry.id))
    written = 0
    epoch = _EXCEL_EPOCH_ORDINAL
    codes = {mou_id: neutralise_formula(code) for mou_id, code in mou_codes.items()}
    result = session.execute(statement)
    for chunk in result.partitions(5000):
        for day, source_id, entry_type, cents, memo, mou_id in chunk:
            day_cell.value = day.toordinal() - epoch
            # cents / 100 is the double nearest the exact amount; its shortest repr, which is
            # what the file stores and what calamine reads back, is the exact decimal.
            amount_cell.value = cents / 100
            if memo and memo.startswith(_FORMULA_TRIGGERS):
                memo = "'" + memo
            append(
                (
                    day_cell,
                    sources[source_id],
                    labels[entry_type],
                    amount_cell,
                    memo,
                    codes.get(mou_id) if mou_id is not None else None,
                )
            )
        written += len(chunk)
        progress.step(written, total, f"Writing ledger line {written:,} of {total:,}…")
    sheet.rows += written
    sheet.sheet.auto_filter.ref = f"A1:F{written + 1}"
    return written


def _costs_sheet(workbook: Any, session: Session) -> None:
    sheet = _Sheet(workbook, "Costs", [12, 22, 18, 48])
    sheet.header(["Fiscal year", "Category", "Amount", "Description"], filters=True)
    costs = list_costs(session)
    for cost in costs:
        sheet.append(
            [cost.fiscal_year, cost.category.label, _money(sheet, cost.amount), cost.description]
        )
    sheet.filter_to_end(4)
    sheet.append([])
    sheet.header(["Fiscal year", "Total cost"], freeze=False)
    totals: dict[int, Decimal] = {}
    for cost in costs:
        totals[cost.fiscal_year] = totals.get(cost.fiscal_year, Decimal("0.00")) + cost.amount
    for year in sorted(totals):
        sheet.append([year, _money(sheet, totals[year], bold=True)])


def _assumptions_sheet(
    workbook: Any, projection: Projection, mix: MixSummary, start_month: int
) -> None:
    sheet = _Sheet(workbook, "Assumptions", [40, 22, 16, 16, 16, 12, 14, 14])
    a = projection.assumptions
    sheet.header(["Assumption", "Value"])
    sheet.append(["Scenario", projection.scenario])
    sheet.append(["Rule", f"{a.rule.replace('_', ' ')}: {RULES[a.rule]}"])
    sheet.append(["Base year", f"FY{projection.base_year}"])
    sheet.append(["Base amounts", f"{a.basis} revenue of the base year"])
    sheet.append(["Years projected", a.years])
    sheet.append(["Fiscal year starts in month", start_month])
    sheet.append(["Cost inflation % a year", sheet.cell(a.cost_inflation_pct, "0.00")])
    sheet.append(["Cliff: revenue drop above %", sheet.cell(a.cliff_drop_pct, "0.00")])
    sheet.append(
        ["Warn when one source exceeds %", sheet.cell(mix.policy.single_source_limit_pct, "0.00")]
    )
    sheet.append(
        ["Warn when grants exceed %", sheet.cell(mix.policy.grant_share_limit_pct, "0.00")]
    )
    for kind, share in mix.policy.target_mix.items():
        sheet.append([f"Target share: {kind.label} %", sheet.cell(share, "0.00")])
    sheet.append(
        [
            "Grants ending mid-year",
            "counted pro rata by day up to and including the end date, never after it",
        ]
    )
    for note in projection.notes:
        sheet.append(["Note", note])
    sheet.append([])
    sheet.header(
        [
            "Source (base year)",
            "Kind",
            f"FY{projection.base_year} amount",
            "Share of year covered",
            "Annual base",
            "Growth %",
            "Renewal %",
            "Grant end",
        ],
        freeze=False,
    )
    for base in projection.bases:
        sheet.append(
            [
                base.name,
                base.kind.label,
                _money(sheet, base.base_year_amount),
                sheet.cell(base.base_year_coverage.quantize(Decimal("0.000001")), "0.0000"),
                _money(sheet, base.annual_base.quantize(Decimal("0.01"))),
                sheet.cell(base.growth_pct, "0.00"),
                base.renewal_probability_pct,
                _day(sheet, base.grant_end),
            ]
        )


# --------------------------------------------------------------------------- import

# Field -> header spellings recognised without asking (lower case).
LEDGER_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "entry date", "transaction date", "posted", "posting date"),
    "source": ("source", "funding source", "fund", "revenue source", "funder"),
    "type": ("type", "entry type", "transaction type"),
    "amount": ("amount", "amount ($)", "amount (usd)", "value", "sum"),
    "memo": ("memo", "description", "note", "notes", "details"),
    "mou": ("mou", "mou reference", "agreement"),
}
REQUIRED_FIELDS = ("date", "source", "amount")
_TYPE_WORDS = {
    "committed": LedgerEntryType.BUDGETED,
    "budget": LedgerEntryType.BUDGETED,
    "commitment": LedgerEntryType.BUDGETED,
    "actual": LedgerEntryType.RECEIVED,
    "receipt": LedgerEntryType.RECEIVED,
    "adjust": LedgerEntryType.ADJUSTMENT,
}
_ORG_KIND_FOR_SOURCE = {
    FundingSourceKind.MUNICIPAL_BUDGET: OrganizationKind.LOCAL_GOVERNMENT,
    FundingSourceKind.HEALTHCARE_PARTNERSHIP: OrganizationKind.HEALTHCARE_PARTNER,
    FundingSourceKind.COMMUNITY_FOUNDATION: OrganizationKind.FOUNDATION,
    FundingSourceKind.STATE_GRANT: OrganizationKind.STATE_AGENCY,
    FundingSourceKind.FEDERAL_GRANT: OrganizationKind.FEDERAL_AGENCY,
    FundingSourceKind.INSURANCE_MEDICAID: OrganizationKind.HEALTHCARE_PARTNER,
}


@dataclass
class ImportReport:
    path: Path
    dry_run: bool
    rows: int = 0
    entries_added: int = 0
    entries_already_present: int = 0
    sources_added: list[str] = field(default_factory=list)
    sources_existing: int = 0
    organizations_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total_by_type: dict[LedgerEntryType, Decimal] = field(default_factory=dict)

    def describe(self) -> str:
        verb = "would add" if self.dry_run else "added"
        parts = [
            f"{self.path.name}: {self.rows:,} ledger row(s) read; {verb} "
            f"{self.entries_added:,} entr{'y' if self.entries_added == 1 else 'ies'}"
        ]
        if self.entries_already_present:
            parts.append(f"{self.entries_already_present:,} already in the ledger (skipped)")
        if self.sources_added:
            parts.append(f"{verb} {len(self.sources_added)} source(s)")
        if self.organizations_added:
            parts.append(f"{verb} {len(self.organizations_added)} funder organization(s)")
        text = "; ".join(parts)
        if self.dry_run:
            text += ". Dry run: nothing was changed"
        return text + "."


def guess_mapping(headers: Sequence[str]) -> dict[str, str | None]:
    """Field -> the file's header that holds it (None when nothing matches)."""
    lowered = {h.lower(): h for h in headers}
    mapping: dict[str, str | None] = {}
    for name, spellings in LEDGER_FIELDS.items():
        mapping[name] = next((lowered[s] for s in spellings if s in lowered), None)
    return mapping


def read_headers(path: str | Path) -> list[str]:
    """The column headers of the ledger sheet (or CSV), for the column-mapping step."""
    return _ledger_table(Path(path)).headers


def _sheet_names(path: Path) -> list[str]:
    if path.suffix.lower() == ".csv":
        return []
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # read_table reports damaged files with the proper message
        return []


def _ledger_table(path: Path) -> Table:
    names = [n.lower() for n in _sheet_names(path)]
    return read_table(path, sheet="Ledger" if "ledger" in names else None)


def _unneutralise(text: str) -> str:
    """Undo the apostrophe the export puts before text a spreadsheet would run."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading 200,000 rows allocates a million small containers and nothing cyclic;
    the cycle collector would walk the growing heap again and again (a quarter of the
    reading time). Paused for the import, restored however it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_ledger(
    session: Session,
    path: str | Path,
    *,
    mapping: Mapping[str, str | None] | None = None,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Import sources (a "Sources" sheet, when the workbook has one) and ledger lines.

    Every row is checked before anything is written; any problem raises ImportFileError
    naming file, sheet, row and column, and nothing changes. Call inside a transaction.
    """
    with _collector_paused():
        return _import_ledger(session, Path(path), mapping, dry_run, progress)


def _import_ledger(
    session: Session,
    file: Path,
    mapping: Mapping[str, str | None] | None,
    dry_run: bool,
    progress: Progress,
) -> ImportReport:
    report = ImportReport(file, dry_run)
    progress.step(0, 0, f"Reading {file.name}…")
    table = _ledger_table(file)
    fields = dict(mapping) if mapping is not None else guess_mapping(table.headers)
    missing = [f for f in REQUIRED_FIELDS if not fields.get(f)]
    if missing:
        raise ImportFileError(
            f"{table.where(row=1)}: no column for {', '.join(missing)}; the columns are "
            f"{', '.join(repr(h) for h in table.headers)}. Choose the columns to use."
        )
    keys = {name: (header.lower() if header else None) for name, header in fields.items()}
    for name, key in keys.items():
        if key is not None and key not in {h.lower() for h in table.headers}:
            raise ImportFileError(f'{table.where(row=1)}: there is no column "{fields[name]}"')

    from partnerdesk.core.platform.spreadsheet import RowProblems

    problems = RowProblems(table)
    source_ids = {
        name.casefold(): int(i)
        for i, name in session.execute(sa.select(col(FundingSource.id), col(FundingSource.name)))
    }
    planned_sources = _plan_sources(session, file, source_ids, report)
    known_names = set(source_ids) | {s.name.casefold() for s in planned_sources}
    mou_ids = {
        str(code).casefold(): int(i)
        for i, code in session.execute(
            sa.select(col(Mou.id), col(Mou.reference_code)).order_by(col(Mou.version_number))
        )
    }
    parsed = _parse_rows(
        table, keys, fields, known_names, mou_ids, problems, report.notes, progress
    )
    problems.raise_if_any()
    report.rows = len(parsed)

    # Sources first (so new lines can point at them), then only the lines not yet present.
    for source in planned_sources:
        report.sources_added.append(source.name)
        if not dry_run:
            source_ids[source.name.casefold()] = create_source(session, source)
    existing = _existing_lines(session)
    new_rows: list[tuple[date, int, LedgerEntryType, int, str | None, int | None]] = []
    totals: dict[LedgerEntryType, int] = {}
    for day, source_key, entry_type, cents, memo, mou_id in parsed:
        source_id = source_ids.get(source_key, -1)
        if existing:
            line_key = (day, source_id, entry_type, cents, memo)
            if existing[line_key] > 0:
                existing[line_key] -= 1
                report.entries_already_present += 1
                continue
        totals[entry_type] = totals.get(entry_type, 0) + cents
        new_rows.append((day, source_id, entry_type, cents, memo, mou_id))
    report.total_by_type = {kind: from_cents(cents) for kind, cents in totals.items()}
    report.entries_added = len(new_rows)
    if dry_run:
        return report
    _insert_entries(session, new_rows, progress)
    if new_rows or report.sources_added:
        audit.record(
            session,
            ChangeKind.LEDGER_ENTRY,
            None,
            AuditAction.IMPORT,
            summary=f"imported {len(new_rows):,} ledger entries and "
            f"{len(report.sources_added)} source(s) from {file.name}",
        )
    return report


def _insert_entries(
    session: Session,
    rows: Sequence[tuple[date, int, LedgerEntryType, int, str | None, int | None]],
    progress: Progress,
) -> None:
    """Insert ledger lines in chunks inside the caller's transaction. On SQLite the values
    go straight to the driver in the form SQLAlchemy itself would store them (ISO dates,
    enum values): its per-value conversion would otherwise cost more than the insert."""
    step = 20_000
    now = utc_now()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        sql = (
            "INSERT INTO ledger_entry (entry_date, funding_source_id, entry_type, amount_cents,"
            " memo, mou_id, row_version, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)"
        )
        iso: dict[date, str] = {}  # a few thousand distinct days among 200,000 lines
        for start in range(0, len(rows), step):
            cursor.executemany(
                sql,
                (
                    (iso.get(day) or iso.setdefault(day, day.isoformat()), source_id,
                     kind.value, cents, memo, mou_id, stamp)
                    for day, source_id, kind, cents, memo, mou_id in rows[start : start + step]
                ),
            )  # fmt: skip
            done = min(start + step, len(rows))
            progress.step(done, len(rows), f"Saving entry {done:,} of {len(rows):,}…")
        cursor.close()
        return
    insert = sa.insert(LedgerEntry.__table__)  # type: ignore[attr-defined]
    for start in range(0, len(rows), step):
        chunk = [
            {
                "entry_date": day,
                "funding_source_id": source_id,
                "entry_type": kind,
                "amount_cents": cents,
                "memo": memo,
                "mou_id": mou_id,
                "row_version": 1,
                "created_at": now,
            }
            for day, source_id, kind, cents, memo, mou_id in rows[start : start + step]
        ]
        session.execute(insert, chunk)
        done = min(start + step, len(rows))
        progress.step(done, len(rows), f"Saving entry {done:,} of {len(rows):,}…")


def _existing_lines(session: Session) -> Counter[tuple[Any, ...]]:
    statement = sa.select(
        col(LedgerEntry.entry_date),
        col(LedgerEntry.funding_source_id),
        col(LedgerEntry.entry_type),
        col(LedgerEntry.amount_cents),
        col(LedgerEntry.memo),
    )
    return Counter(tuple(row) for row in session.execute(statement))


def _parse_rows(
    table: Table,
    keys: Mapping[str, str | None],
    fields: Mapping[str, str | None],
    known_sources: set[str],
    mou_ids: Mapping[str, int],
    problems: Any,
    notes: list[str],
    progress: Progress,
) -> list[tuple[date, str, LedgerEntryType, int, str | None, int | None]]:
    date_key, source_key, amount_key = keys["date"], keys["source"], keys["amount"]
    type_key, memo_key, mou_key = keys.get("type"), keys.get("memo"), keys.get("mou")
    assert date_key and source_key and amount_key
    type_cache: dict[Any, LedgerEntryType | None] = {}
    unknown_mous: set[str] = set()
    parsed: list[tuple[date, str, LedgerEntryType, int, str | None, int | None]] = []
    total = len(table.rows)
    row: SheetRow
    source_cache: dict[Any, str] = {}
    received = LedgerEntryType.RECEIVED
    for index, row in enumerate(table.rows):
        if index % 20_000 == 0:
            progress.step(index, total, f"Checking row {index:,} of {total:,}…")
        values = row.values
        ok = True
        raw_day = values.get(date_key)
        if type(raw_day) is date:  # the common case, without a function call
            day = raw_day
        else:
            try:
                day = cell_date(raw_day)
            except ValidationError as exc:
                problems.add(row.number, fields["date"], exc.message)
                ok = False
        raw_source = values.get(source_key)
        source = source_cache.get(raw_source)
        if source is None:
            source = _unneutralise(cell_text(raw_source)).casefold()
            if source in known_sources:
                source_cache[raw_source] = source
        if source not in known_sources:
            problems.add(
                row.number,
                fields["source"],
                "the source is empty"
                if not source
                else f'unknown source "{cell_text(raw_source)}" (add it under Funding > '
                "Sources, or include a Sources sheet)",
            )
            ok = False
        entry_type: LedgerEntryType | None = received
        if type_key is not None:
            raw_type = values.get(type_key)
            if raw_type in type_cache:
                entry_type = type_cache[raw_type]
            else:
                entry_type = type_cache[raw_type] = _entry_type(cell_text(raw_type))
            if entry_type is None:
                problems.add(
                    row.number,
                    fields["type"],
                    f"{cell_text(raw_type)!r} is not an entry type "
                    "(use Budgeted, Received or Adjustment)",
                )
                ok = False
        raw_amount: Any = values.get(amount_key)
        try:
            # The editor's amount rule; a workbook's numbers go in as they are (fast path).
            cents = validate_amount(
                raw_amount if type(raw_amount) in _NUMBER_TYPES else cell_text(raw_amount),
                entry_type or LedgerEntryType.ADJUSTMENT,
                allow_zero=True,
            )
        except ValidationError as exc:
            text = cell_text(raw_amount)
            message = exc.message if text else "the amount is empty"
            if "not an amount" in message:
                message = f"{text!r} is not a number"
            problems.add(row.number, fields["amount"], message)
            ok = False
        memo: str | None = None
        if memo_key is not None:
            raw_memo = values.get(memo_key)
            if type(raw_memo) is str:
                memo = raw_memo.strip()
                if memo[:1] == "'":
                    memo = _unneutralise(memo)
                memo = memo or None
            elif raw_memo is not None:
                memo = cell_text(raw_memo) or None
        mou_id: int | None = None
        if mou_key is not None:
            code = _unneutralise(cell_text(values.get(mou_key)))
            if code:
                mou_id = mou_ids.get(code.casefold())
                if mou_id is None:
                    unknown_mous.add(code)
        if ok and entry_type is not None:
            parsed.append((day, source, entry_type, cents, memo, mou_id))
    if unknown_mous:
        shown = ", ".join(sorted(unknown_mous)[:5])
        notes.append(
            f"{len(unknown_mous)} MOU reference(s) are not in this database ({shown}); "
            "those lines are imported without their MOU link"
        )
    return parsed


# Cells a workbook hands over as numbers (not bool, whose type is a subclass of int).
_NUMBER_TYPES = (float, int)


def _entry_type(text: str) -> LedgerEntryType | None:
    if not text:
        return None
    try:
        return LedgerEntryType(LedgerEntryType.from_text(text))
    except ValueError:
        lowered = text.strip().lower()
        for word, member in _TYPE_WORDS.items():
            if lowered.startswith(word):
                return member
        return None


def _plan_sources(
    session: Session, file: Path, existing: Mapping[str, int], report: ImportReport
) -> list[SourceInput]:
    """Sources from a "Sources" sheet that the database does not have yet (validated)."""
    if "sources" not in [n.lower() for n in _sheet_names(file)]:
        return []
    from partnerdesk.core.platform.spreadsheet import RowProblems

    table = read_table(file, sheet="Sources", required_columns=("Name", "Kind"))
    problems = RowProblems(table)
    organizations = {
        key: int(i)
        for i, key in session.execute(sa.select(col(Organization.id), col(Organization.name_key)))
    }
    mou_ids = {
        str(code).casefold(): int(i)
        for i, code in session.execute(sa.select(col(Mou.id), col(Mou.reference_code)))
    }
    planned: list[SourceInput] = []
    seen: set[str] = set()
    for row in table.rows:
        values = row.values
        name = " ".join(_unneutralise(cell_text(values.get("name"))).split())
        if not name:
            problems.add(row.number, "Name", "the name is empty")
            continue
        if name.casefold() in existing:
            report.sources_existing += 1
            continue
        if name.casefold() in seen:
            problems.add(row.number, "Name", f'"{name}" appears twice')
            continue
        seen.add(name.casefold())
        try:
            kind = FundingSourceKind(FundingSourceKind.from_text(cell_text(values.get("kind"))))
        except ValueError:
            problems.add(row.number, "Kind", f"{cell_text(values.get('kind'))!r} is not a kind")
            continue
        try:
            start = _optional_date(values.get("grant start"))
            end = _optional_date(values.get("grant end"))
        except ValidationError as exc:
            problems.add(row.number, "Grant start/end", exc.message)
            continue
        try:
            renewal_text = cell_text(values.get("renewal %"))
            renewal = int(Decimal(renewal_text)) if renewal_text else 100
            growth_text = cell_text(values.get("growth %"))
            growth = cell_decimal(values.get("growth %")) if growth_text else Decimal("0")
        except (ArithmeticError, ValueError, ValidationError):
            problems.add(row.number, "Renewal % / Growth %", "not a number")
            continue
        funder_name = _unneutralise(cell_text(values.get("funder")))
        funder_id: int | None = None
        if funder_name:
            key = organization_key(funder_name)
            funder_id = organizations.get(key)
            if funder_id is None:
                report.organizations_added.append(funder_name)
                if not report.dry_run:
                    org = Organization(
                        name=funder_name,
                        name_key=key,
                        kind=_ORG_KIND_FOR_SOURCE.get(kind, OrganizationKind.OTHER),
                    )
                    session.add(org)
                    session.flush()
                    assert org.id is not None
                    audit.record(
                        session,
                        ChangeKind.ORGANIZATION,
                        org.id,
                        AuditAction.IMPORT,
                        summary=f"{funder_name} (funder in {file.name})",
                    )
                    funder_id = org.id
                organizations[key] = funder_id or -1
            elif funder_id == -1:
                funder_id = None
        codes = [c.strip() for c in cell_text(values.get("mous")).split(",") if c.strip()]
        linked = [mou_ids[c.casefold()] for c in codes if c.casefold() in mou_ids]
        if len(linked) < len(codes):
            report.notes.append(f'"{name}": MOU references not in this database were not linked')
        source = SourceInput(
            name=name,
            kind=kind,
            funder_organization_id=funder_id,
            restricted=_yes(values.get("restricted")),
            grant_start=start,
            grant_end=end,
            renewal_probability_pct=renewal,
            annual_growth_pct=growth,
            mou_ids=linked,
            notes=_unneutralise(cell_text(values.get("notes"))),
            active=_yes(values.get("active"), default=True),
        )
        if not 0 <= renewal <= 100:
            problems.add(row.number, "Renewal %", f"{renewal} is not 0 to 100")
            continue
        if start and end and end < start:
            problems.add(row.number, "Grant end", "the grant ends before it starts")
            continue
        planned.append(source)
    problems.raise_if_any()
    return planned


def _optional_date(value: Any) -> date | None:
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    return cell_date(value)


def _yes(value: Any, default: bool = False) -> bool:
    text = cell_text(value).lower()
    if not text:
        return default
    return text in ("yes", "y", "true", "1", "x")
