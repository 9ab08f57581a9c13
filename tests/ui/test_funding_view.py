"""The funding area as the sustainability committee uses it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.core.funding import sources as funding
from partnerdesk.core.models import FundingSourceKind, LedgerEntryType
from partnerdesk.ui.dialogs.funding_entry import EntryEditor
from partnerdesk.ui.dialogs.funding_source import SourceEditor
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.funding import FundingView


@pytest.fixture
def view(window: MainWindow) -> FundingView:
    window.show_area(3)
    return window.funding


def _sustainability(view: FundingView) -> Any:
    view.tabs.setCurrentWidget(view.sustainability)
    return view.sustainability


def test_adding_an_entry_updates_the_mix_chart_and_warnings(
    view: FundingView, dialogs: list[QDialog], qtbot: Any, message_boxes: Any
) -> None:
    panel = _sustainability(view)
    assert panel.donut is not None
    before = panel.donut.slice_labels()
    assert "Municipal budget 33.10 %" in before
    assert panel.warnings.item(0).text().startswith("Funding cliff in FY2029")

    view.tabs.setCurrentWidget(view.ledger)
    view.new_entry_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, EntryEditor)
    editor.source_combo.setCurrentIndex(
        editor.source_combo.findText("Federal crisis response grant")
    )
    editor.type_combo.setCurrentIndex(editor.type_combo.findData(LedgerEntryType.RECEIVED))
    qtbot.keyClicks(editor.amount_edit, "2,000,000")
    editor.memo_edit.setText("Supplemental award")
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted

    view.tabs.setCurrentWidget(view.sustainability)
    after = panel.donut.slice_labels()
    assert after != before
    assert "Federal grant 80.80 %" in after  # 2.10m of 2.60m received in FY2027
    warnings = [panel.warnings.item(i).text() for i in range(panel.warnings.count())]
    assert any('"Federal crisis response grant" provides' in w for w in warnings)
    assert any("grants provide" in w for w in warnings)
    view.tabs.setCurrentWidget(view.ledger)
    assert view.ledger.model.total_rows == 77


def test_entry_editor_shows_the_reason_beside_the_field(
    view: FundingView, dialogs: list[QDialog], qtbot: Any
) -> None:
    view.tabs.setCurrentWidget(view.ledger)
    view.new_entry_action.trigger()
    editor = dialogs[-1]
    qtbot.keyClicks(editor.amount_edit, "12.345")
    editor.save_button.click()
    assert "more than two decimal places" in editor.error_text("amount")
    editor.amount_edit.setText("-50")
    editor.save_button.click()
    assert "only an adjustment can be negative" in editor.error_text("amount")
    assert editor.result() != QDialog.DialogCode.Accepted


def test_new_source_then_edit_it(
    view: FundingView, dialogs: list[QDialog], window: MainWindow
) -> None:
    view.new_source_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, SourceEditor)
    editor.name_edit.setText("County behavioral health levy")
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(FundingSourceKind.OTHER))
    editor.growth_edit.setText("1.5")
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    assert view.sources.select_where(lambda r: r.name == "County behavioral health levy")
    view.edit_action.trigger()
    reopened = dialogs[-1]
    assert isinstance(reopened, SourceEditor)
    assert reopened.growth_edit.text() == "1.5"
    reopened.renewal_spin.setValue(40)
    reopened.save_button.click()
    with window.context.database.session() as session:
        row = next(r for r in funding.list_sources(session) if r.name.startswith("County"))
    assert row.renewal_probability_pct == 40 and row.annual_growth_pct == Decimal("1.5")


def test_deleting_a_ledger_entry_asks_first(
    view: FundingView, message_boxes: list[tuple[str, str]]
) -> None:
    view.tabs.setCurrentWidget(view.ledger)
    view.ledger.table.selectRow(0)
    view.delete_action.trigger()
    assert message_boxes[-1][0] == "question"
    assert view.ledger.model.total_rows == 75


def test_ledger_filters_run_in_sql(view: FundingView, qtbot: Any) -> None:
    ledger = view.ledger
    view.tabs.setCurrentWidget(ledger)
    assert ledger.model.total_rows == 76
    ledger.type_combo.setCurrentIndex(ledger.type_combo.findData(LedgerEntryType.BUDGETED))
    ledger._filters_changed()
    assert ledger.model.total_rows == 8
    ledger.type_combo.setCurrentIndex(0)
    ledger.filter_edit.setText("480,000")
    ledger._apply_filter()
    assert {r.amount for r in ledger.model.all_rows()} == {Decimal("480000.00")}
    assert "match the filters" in ledger.count_label.text()
    ModelTester(None).check(ledger.proxy)


def test_costs_tab_and_assumptions_editor(
    view: FundingView, dialogs: list[QDialog], window: MainWindow
) -> None:
    view.tabs.setCurrentWidget(view.costs)
    assert view.costs.model.total_rows == 12
    view.assumptions_action.trigger()
    editor = dialogs[-1]
    editor.target_edits[FundingSourceKind.MUNICIPAL_BUDGET].setText("50")
    editor.save_button.click()
    assert "adds up to 110" in editor.error_text("target_mix")
    editor.target_edits[FundingSourceKind.MUNICIPAL_BUDGET].setText("40")
    editor.name_edit.setText("Grant lost early")
    editor.rule_combo.setCurrentIndex(editor.rule_combo.findData("as_scheduled"))
    editor.override_source.setCurrentIndex(
        editor.override_source.findText("Federal crisis response grant")
    )
    editor.override_end.set_value(window.context.today())
    editor.set_override()
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    panel = _sustainability(view)
    assert panel.scenario_combo.findText("Grant lost early") >= 0
    panel.scenario_combo.setCurrentIndex(panel.scenario_combo.findText("Grant lost early"))
    panel.refresh()
    assert panel.analysis.projection.cliff.fiscal_year == 2027


def test_export_workbook_from_the_gui(
    view: FundingView, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    message_boxes: list[tuple[str, str]],
) -> None:  # fmt: skip
    target = tmp_path / "committee.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _sustainability(view)
    view.export_action.trigger()
    assert message_boxes[-1][0] == "information" and "76 ledger entries" in message_boxes[-1][1]
    assert openpyxl.load_workbook(target, read_only=True).sheetnames[-1] == "Assumptions"


def test_import_dialog_checks_then_imports(
    view: FundingView, dialogs: list[QDialog], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    csv = tmp_path / "receipts.csv"
    csv.write_text(
        "Posted,Fund,Value\n2026-11-01,City general fund allocation,100.00\n"
        "2026-11-02,City general fund allocation,abc\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    view.import_action.trigger()
    dialog = dialogs[-1]
    assert dialog.mapping() == {
        "date": "Posted", "source": "Fund", "type": None, "amount": "Value",
        "memo": None, "mou": None,
    }  # fmt: skip
    dialog.check_button.click()
    assert 'row 3, column "Value"' in dialog.result_text()
    csv.write_text("Posted,Fund,Value\n2026-11-01,City general fund allocation,100.00\n")
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    view.tabs.setCurrentWidget(view.ledger)
    assert view.ledger.model.total_rows == 77


def test_charts_are_screenshot_ready(view: FundingView, qtbot: Any, tmp_path: Path) -> None:
    panel = _sustainability(view)
    view.window().resize(1400, 860)
    qtbot.wait(50)
    path = tmp_path / "sustainability.png"
    assert view.window().grab().save(str(path))
    assert panel.bars.categories == ["FY2027", "FY2028", "FY2029"]
    assert panel.bars.cost_points[0] == pytest.approx(1428.0)


def test_budget_vs_actual_tab(view: FundingView) -> None:
    view.tabs.setCurrentWidget(view.comparison)
    comparison = view.comparison
    assert comparison.model.total_rows == 8  # 4 sources x FY2026, FY2027
    first = comparison.model.row_at(0)
    assert first.fiscal_year == 2027 and first.variance < 0  # the year is under way
    assert not view.edit_action.isEnabled()
    ModelTester(None).check(comparison.model)


def test_heavy_libraries_wait_until_they_are_needed() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import partnerdesk.ui.main_window; "
        "print(sorted(m for m in ('PySide6.QtCharts', 'pandas', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
