"""The report pack of an obligation, read back: the period's budget, receipts and match,
the ledger lines behind them, and nothing left behind when it fails."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from partnerdesk.core.funding.obligation_queries import ObligationFilter, list_obligations
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.progress import Cancelled, Progress
from partnerdesk.core.program.grant_pack import SECTIONS, write_pack
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def _overdue_report(database: Database) -> int:
    with database.session() as session:
        [row] = list_obligations(session, TODAY, ObligationFilter("overdue"))
    return row.id


def _number(value: Any) -> Any:
    """A number as read back (openpyxl gives floats), as the Decimal it was written from."""
    return Decimal(repr(value)) if isinstance(value, float | int) else value


def _values(sheet: Any) -> dict[str, Any]:
    """Column A -> column B of a sheet laid out as labels and amounts."""
    return {row[0]: _number(row[1]) for row in sheet.iter_rows(values_only=True) if row and row[0]}


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(_number(v) for v in row) for row in sheet.iter_rows(values_only=True)]


def test_the_pack_of_the_overdue_quarterly_report(demo_database: Database, tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    with demo_database.session() as session:
        report = write_pack(session, _overdue_report(demo_database), target, today=TODAY)
    figures = report.figures
    assert figures.period == "Jul–Sep 2026"
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == [name for name, _writer in SECTIONS]
    summary = _values(workbook["Summary"])
    assert summary["Funding source"] == "Federal crisis response grant"
    assert summary["Funder"] == "Federal Crisis Response Grants Office"
    assert summary["Period reported on"] == "Jul–Sep 2026"
    assert summary["Owner"] == "Jordan Ellis"
    # Three monthly drawdowns of 250,000 / 12; FY2027's budget for 92 of its 365 days.
    assert summary["Received (drawdowns)"] == Decimal("62499.99")
    assert summary["Budget for the period"] == Decimal("63013.70")
    assert summary["Variance (actual − budget)"] == Decimal("-513.71")
    assert summary["Received and adjusted to the end of the period"] == Decimal("312499.95")
    assert summary["Grant budget in total"] == Decimal("500000.00")
    # The match: the city's contribution is named as the grant's match.
    assert summary["Met in the period"] == Decimal("120000.00")
    assert summary["Required so far"] == Decimal("88541.65")
    # Amounts are numbers with a currency format, not text.
    amount_cell = next(
        row[1] for row in workbook["Summary"].iter_rows() if row[0].value == "Budget for the period"
    )
    assert "$" in amount_cell.number_format

    ledger = [row[:3] for row in _rows(workbook["Ledger"])[1:5]]
    assert [row[1:] for row in ledger] == [("Budgeted / committed", Decimal("250000"))] + [
        ("Received", Decimal("20833.33"))
    ] * 3
    budget = _rows(workbook["Budget"])
    assert budget[1] == ("FY2027", Decimal("250000"), 92, 365, Decimal("63013.7"))
    match = _rows(workbook["Match"])
    assert len([row for row in match[1:] if row and row[1] == "City general fund allocation"]) == 3
    assert match[1][5] == "from a source named as match"


def test_a_final_report_covers_the_whole_grant(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session:
        final = next(
            r for r in list_obligations(session, TODAY, ObligationFilter("all"))
            if r.title.startswith("Final")
        )  # fmt: skip
        report = write_pack(session, final.id, tmp_path / "final.xlsx", today=TODAY)
    assert report.figures.period == "Jul 2025 – Jun 2028"
    assert [y.fiscal_year for y in report.figures.budget_years] == [2026, 2027, 2028]
    assert report.figures.budget == Decimal("500000.00")  # FY2028 has no budget yet


def test_a_pack_is_xlsx_and_a_cancelled_one_leaves_nothing(
    demo_database: Database, tmp_path: Path
) -> None:
    item = _overdue_report(demo_database)
    folder = tmp_path / "packs"
    folder.mkdir()
    with demo_database.session() as session:
        with pytest.raises(ValidationError, match=r"\.xlsx"):
            write_pack(session, item, folder / "pack.csv", today=TODAY)
        calls = 0

        def cancel_on_the_third_step() -> bool:
            nonlocal calls
            calls += 1
            return calls >= 3

        with pytest.raises(Cancelled):
            write_pack(
                session, item, folder / "pack.xlsx", today=TODAY,
                progress=Progress(is_cancelled=cancel_on_the_third_step),
            )  # fmt: skip
    assert list(folder.iterdir()) == []
