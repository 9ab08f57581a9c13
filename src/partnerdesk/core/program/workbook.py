"""The sustainability workbook of the whole program: the funding workbook with the
outcomes' estimated savings added to its Summary sheet (the funding layer cannot read the
outcomes, which stand above it, so the two are put together here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from partnerdesk.core.funding.workbook import ExportReport, export_workbook
from partnerdesk.core.outcomes.savings import SavingsSummary, savings_for_period
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress


def savings_rows(savings: SavingsSummary) -> list[tuple[str, Any]]:
    """The Summary sheet's lines for the savings: each unit cost, the total, the cost and
    savings per program dollar (nothing when no unit cost prices an indicator)."""
    if not savings.lines or savings.period_from is None or savings.period_to is None:
        return []
    rows: list[tuple[str, Any]] = [
        (
            f"Estimated savings, {savings.period_from:%b %Y} to {savings.period_to:%b %Y} "
            "(Outcomes area)",
            None,
        )
    ]
    rows += [(f"{line.name} ({line.indicator})", line.savings) for line in savings.lines]
    rows.append(("Total estimated savings", savings.total))
    if savings.program_cost is not None:
        rows.append(("Program cost of the months with cost lines", savings.program_cost))
    if savings.per_dollar is not None:
        rows.append(("Savings per program dollar", format_money(savings.per_dollar)))
    rows += [(note, "") for note in savings.notes]
    return rows


def export_program_workbook(
    session: Session,
    path: str | Path,
    today: date,
    *,
    fiscal_year: int | None = None,
    scenario: str = "expected",
    progress: Progress = NO_PROGRESS,
) -> ExportReport:
    """The sustainability workbook with the savings of the latest 12 months after launch."""
    savings = savings_for_period(session, today)
    return export_workbook(
        session, path, today, fiscal_year=fiscal_year, scenario=scenario, progress=progress,
        extra_summary=savings_rows(savings),
    )  # fmt: skip
