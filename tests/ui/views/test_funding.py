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
