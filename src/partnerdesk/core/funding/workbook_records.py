"""The sheets of the sustainability workbook that hold the records: sources, the ledger
(200,000 lines, streamed) and program costs, in the layout the ledger import reads back
(:mod:`.ledger_import`), so that an exported workbook imports into another database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.funding.costs import list_costs
from partnerdesk.core.funding.sources import SourceRow
from partnerdesk.core.models import (
    FundingSource,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    Mou,
)
from partnerdesk.core.platform.progress import Progress
from partnerdesk.core.platform.spreadsheet import FORMULA_TRIGGERS, neutralise_formula
from partnerdesk.core.platform.workbooks import (
    DATE_FORMAT,
    EXCEL_EPOCH_ORDINAL,
    MONEY_FORMAT,
    SheetWriter,
)

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


def sources_sheet(workbook: Any, session: Session, sources: Sequence[SourceRow]) -> dict[int, str]:
    """The Sources sheet; returns the MOU reference codes by id, for the ledger sheet."""
    sheet = SheetWriter(workbook, "Sources", [36, 28, 30, 11, 12, 12, 11, 10, 8, 18, 40, 20, 20])
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
                sheet.day(source.grant_start),
                sheet.day(source.grant_end),
                source.renewal_probability_pct,
                sheet.cell(source.annual_growth_pct, "0.00"),
                "Yes" if source.active else "No",
                ", ".join(sorted(links.get(source.id, []))),
                notes.get(source.id) or "",
                sheet.money(source.budgeted),
                sheet.money(source.received),
            ]
        )
    sheet.filter_to_end(len(SOURCE_HEADERS))
    return mou_codes


def ledger_sheet(
    workbook: Any,
    session: Session,
    mou_codes: Mapping[int, str],
    total: int,
    progress: Progress,
) -> int:
    """The Ledger sheet, oldest line first; returns how many lines it holds. Written row
    by row as plain tuples (the 200,000 lines are most of the export's time)."""
    sheet = SheetWriter(workbook, "Ledger", [12, 36, 22, 16, 48, 14])
    sheet.header(list(LEDGER_HEADERS), filters=True)
    sources = {
        int(i): n
        for i, n in session.execute(sa.select(col(FundingSource.id), col(FundingSource.name)))
    }
    sources = {i: neutralise_formula(n) for i, n in sources.items()}
    labels = {member: member.label for member in LedgerEntryType}
    # One styled cell per styled column, reused for every line. The date goes in as its
    # spreadsheet serial number, which is what openpyxl would compute anyway.
    day_cell = sheet.fixed_style_cell(DATE_FORMAT)
    amount_cell = sheet.fixed_style_cell(MONEY_FORMAT)
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
    epoch = EXCEL_EPOCH_ORDINAL
    codes = {mou_id: neutralise_formula(code) for mou_id, code in mou_codes.items()}
    result = session.execute(statement)
    for chunk in result.partitions(5000):
        for day, source_id, entry_type, cents, memo, mou_id in chunk:
            day_cell.value = day.toordinal() - epoch
            # cents / 100 is the double nearest the exact amount; its shortest repr, which is
            # what the file stores and what calamine reads back, is the exact decimal.
            amount_cell.value = cents / 100
            if memo and memo.startswith(FORMULA_TRIGGERS):
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
    sheet.filter_to_end(len(LEDGER_HEADERS))
    return written


def costs_sheet(workbook: Any, session: Session) -> None:
    sheet = SheetWriter(workbook, "Costs", [12, 22, 18, 48])
    sheet.header(["Fiscal year", "Category", "Amount", "Description"], filters=True)
    costs = list_costs(session)
    for cost in costs:
        sheet.append(
            [cost.fiscal_year, cost.category.label, sheet.money(cost.amount), cost.description]
        )
    sheet.filter_to_end(4)
    sheet.append([])
    sheet.header(["Fiscal year", "Total cost"], freeze=False)
    totals: dict[int, Decimal] = {}
    for cost in costs:
        totals[cost.fiscal_year] = totals.get(cost.fiscal_year, Decimal("0.00")) + cost.amount
    for year in sorted(totals):
        sheet.append([year, sheet.money(totals[year], bold=True)])
