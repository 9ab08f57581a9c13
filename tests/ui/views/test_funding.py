"""The funding area as the sustainability committee uses it: deleting, the workbook,
budget against actual."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.ui.views.funding import FundingView
from tests.ui.helpers import sustainability_tab


def test_deleting_a_ledger_entry_asks_first(
    funding: FundingView, message_boxes: list[tuple[str, str]]
) -> None:
    funding.tabs.setCurrentWidget(funding.ledger)
    funding.ledger.table.selectRow(0)
    funding.delete_action.trigger()
    assert message_boxes[-1][0] == "question"
    assert funding.ledger.model.total_rows == 75


def test_export_workbook_from_the_gui(
    funding: FundingView, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    message_boxes: list[tuple[str, str]],
) -> None:  # fmt: skip
    target = tmp_path / "committee.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    sustainability_tab(funding)
    funding.export_action.trigger()
    assert message_boxes[-1][0] == "information" and "76 ledger entries" in message_boxes[-1][1]
    assert openpyxl.load_workbook(target, read_only=True).sheetnames[-1] == "Assumptions"


def test_budget_vs_actual_tab(funding: FundingView) -> None:
    funding.tabs.setCurrentWidget(funding.comparison)
    comparison = funding.comparison
    assert comparison.model.total_rows == 8  # 4 sources x FY2026, FY2027
    first = comparison.model.row_at(0)
    assert first.fiscal_year == 2027 and first.variance < 0  # the year is under way
    assert not funding.edit_action.isEnabled()
    ModelTester(None).check(comparison.model)


def test_budget_vs_actual_compares_a_year_under_way_with_the_budget_due_so_far(
    funding: FundingView,
) -> None:
    """Issue #15, defect 9: FY2027, five months in, was shown ~$845k behind in red (the
    whole year's budget against five months of receipts), and even -$0.04 was red."""
    from datetime import date
    from decimal import Decimal

    from PySide6.QtCore import Qt

    from partnerdesk.core.funding.ledger import EntryInput, create_entry
    from partnerdesk.core.models import LedgerEntryType

    funding.tabs.setCurrentWidget(funding.comparison)
    comparison = funding.comparison
    titles = comparison.model.column_titles()
    assert titles[3:] == ["Budget", "Due so far", "Received", "Variance", "% of due"]

    def shown(source: str, year: int = 2027) -> dict[str, object]:
        for row in range(comparison.proxy.rowCount()):
            cells = {
                title: comparison.proxy.index(row, column).data()
                for column, title in enumerate(titles)
            }
            if cells["Source"] == source and cells["Fiscal year"] == f"FY{year}":
                variance = comparison.proxy.index(row, titles.index("Variance"))
                cells["red"] = variance.data(Qt.ItemDataRole.ForegroundRole) is not None
                return cells
        raise AssertionError(source)

    city = shown("City general fund allocation")
    assert (city["Due so far"], city["Received"], city["Variance"]) == (
        "$197,260.27", "$200,000.00", "$2,739.73"
    )  # fmt: skip
    assert not any(shown(r.source, r.fiscal_year)["red"] for r in comparison.model.all_rows())
    assert "more than 10 % short" in comparison.caption.text()

    # An instalment due in August that never came: that source is really behind.
    with funding.context.database.transaction() as session:
        valley = next(r for r in comparison.model.all_rows() if r.source.startswith("Valley"))
        create_entry(
            session,
            EntryInput(
                date(2026, 8, 1), valley.source_id, LedgerEntryType.BUDGETED, Decimal("500000")
            ),
        )
    valley_row = shown("Valley Health Plan partnership")
    assert valley_row["Due so far"] == "$920,000.00" and valley_row["red"]
    assert not shown("City general fund allocation")["red"]
