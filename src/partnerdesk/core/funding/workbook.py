"""The sustainability workbook (.xlsx) for the committee: a summary for the meeting, then
the figures it rests on (projection, mix, sources, ledger, costs, assumptions).

Written with openpyxl in write-only mode (a 200,000-line ledger streams to disk instead of
being built in memory, :mod:`partnerdesk.core.platform.workbooks`) through
:func:`partnerdesk.core.platform.files.atomic_output`: a failed or cancelled export leaves
nothing behind. The sheets themselves are in :mod:`.workbook_analysis` and
:mod:`.workbook_records`; the records read back with :mod:`.ledger_import`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.funding.assumptions import BUILT_IN
from partnerdesk.core.funding.diversification import funding_mix
from partnerdesk.core.funding.scenarios import project
from partnerdesk.core.funding.sources import list_sources
from partnerdesk.core.funding.totals import budget_vs_actual, fiscal_start_month
from partnerdesk.core.funding.workbook_analysis import (
    assumptions_sheet,
    mix_sheet,
    projection_sheet,
    summary_sheet,
)
from partnerdesk.core.funding.workbook_records import costs_sheet, ledger_sheet, sources_sheet
from partnerdesk.core.models import LedgerEntry
from partnerdesk.core.platform.collector import collector_paused
from partnerdesk.core.platform.dates import fiscal_year_of
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.settings import load_settings
from partnerdesk.core.platform.workbooks import discard

SHEETS = ("Summary", "Projection", "Mix", "Sources", "Ledger", "Costs", "Assumptions")


@dataclass(frozen=True)
class ExportReport:
    path: Path
    ledger_rows: int
    sources: int
    fiscal_year: int
    scenario: str


def export_workbook(
    session: Session,
    path: str | Path,
    today: date,
    *,
    fiscal_year: int | None = None,
    scenario: str = "expected",
    progress: Progress = NO_PROGRESS,
    extra_summary: Sequence[tuple[str, Any]] = (),
) -> ExportReport:
    """Write the sustainability workbook to ``path`` (.xlsx), the mix of ``fiscal_year``
    (default: the current one) and the projection of ``scenario``.

    ``extra_summary`` adds (label, value) rows at the end of the Summary sheet, for what a
    layer above the funding adds to it (the program's estimated savings): a value of None
    makes the label a heading, a Decimal is money.

    The cycle collector is paused meanwhile (its passes over the export's large heap froze
    the window)."""
    with collector_paused():
        return _export_workbook(
            session, path, today, fiscal_year=fiscal_year, scenario=scenario,
            progress=progress, extra_summary=extra_summary,
        )  # fmt: skip


def _export_workbook(
    session: Session,
    path: str | Path,
    today: date,
    *,
    fiscal_year: int | None,
    scenario: str,
    progress: Progress,
    extra_summary: Sequence[tuple[str, Any]] = (),
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
            summary_sheet(
                workbook, settings.program_name, today, mix, projection, total_entries, compared,
                extra_summary,
            )  # fmt: skip
            projection_sheet(workbook, projection)
            mix_sheet(workbook, mix, budget_vs_actual(session, [year]))
            mou_codes = sources_sheet(workbook, session, sources)
            written = ledger_sheet(workbook, session, mou_codes, total_entries, progress)
            costs_sheet(workbook, session)
            assumptions_sheet(workbook, projection, mix, start_month)
            progress.step(total_entries, total_entries, "Saving the workbook…")
            workbook.save(temporary)
        except BaseException:
            discard(workbook)
            raise
    return ExportReport(target, written, len(sources), year, projection.scenario)
