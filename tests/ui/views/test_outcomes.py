"""The Outcomes area: what changed since launch, the grid typed and pasted into, the
dialogs, the report written from the demo, the dashboard cards and the MOU link."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.core.outcomes.values import grid_data
from partnerdesk.ui.main_window import MainWindow
from tests.ui.conftest import TODAY


def _outcomes(window: MainWindow) -> Any:
    window.show_area(5)
    return window.outcomes


def test_ctrl_6_opens_what_changed_since_launch(window: MainWindow, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() is window.outcomes
    summary = window.outcomes.summary
    summary.list.ensure_loaded()
    ModelTester(None).check(summary.list.model)
    rows = {r.name: r for r in summary.list.model.all_rows()}
    arrests = rows["Arrests on behavioral-health calls"]
    assert arrests.change is not None and arrests.change.percent < -30
    assert "Launched 01 January 2025" in summary.heading.text()
    assert "Off target: Response time" in summary.heading.text()
    assert "saved per program dollar" in summary.savings_label.text()
    assert summary.chart is not None and summary.chart.points  # the selected indicator's trend


def test_typing_and_pasting_into_the_grid_saves_through_the_value_rule(
    window: MainWindow, message_boxes: list[tuple[str, str]]
) -> None:
    outcomes = _outcomes(window)
    outcomes.tabs.setCurrentWidget(outcomes.grid)
    grid = outcomes.grid
    grid.ensure_loaded()
    model = grid.model
    ModelTester(None).check(model)
    last = model.rowCount() - 1  # this month: November 2026, no values yet for most
    columns = [c.indicator_id for c in model.data_.columns]
    ed_visits = columns.index(3)
    assert model.setData(model.index(last, ed_visits), "88")
    grid.view.setCurrentIndex(model.index(last - 1, ed_visits))
    grid.view.paste("91\t15.5\n")  # October's ED visits and response time (whole program)
    with window.context.database.session() as session:
        cells = grid_data(session, TODAY).cells
    assert cells[(3, date(2026, 11, 1))] == Decimal(88)
    assert cells[(3, date(2026, 10, 1))] == Decimal(91)
    assert cells[(4, date(2026, 10, 1))] == Decimal("15.5")  # replaces the agencies' median
    assert model.data(model.index(last, ed_visits)) == "88"
    grid.view.setCurrentIndex(model.index(last, 0))
    grid.view.paste("2.5")  # arrests are a count: refused, nothing saved
    assert message_boxes[-1][0] == "warning" and "whole number" in message_boxes[-1][1]
    share = next(i for i, c in enumerate(model.data_.columns) if not c.editable)
    assert not model.flags(model.index(0, share)) & Qt.ItemFlag.ItemIsEditable


def test_the_12_month_report_from_the_dialog(
    window: MainWindow, dialogs: list[QDialog], tmp_path: Path
) -> None:
    outcomes = _outcomes(window)
    outcomes.write_report()
    dialog = dialogs[-1]
    dialog.evaluation_combo.setCurrentIndex(1)
    assert dialog.evaluation_combo.currentText().startswith("12-month evaluation")
    dialog.docx_edit.setText(str(tmp_path / "twelve.docx"))
    dialog.write()
    assert [p.name for p in dialog.written] == ["twelve.docx", "twelve.xlsx"]
    document = Document(str(tmp_path / "twelve.docx"))
    assert len(document.inline_shapes) == 4
    assert any("12-month evaluation" in p.text for p in document.paragraphs)


def test_dialogs_save_and_the_lists_follow(
    window: MainWindow, dialogs: list[QDialog], message_boxes: list[tuple[str, str]]
) -> None:
    outcomes = _outcomes(window)
    outcomes.tabs.setCurrentWidget(outcomes.unit_costs)
    outcomes.unit_costs.ensure_loaded()
    before = outcomes.unit_costs.model.total_rows
    outcomes.new_unit_cost()
    editor = dialogs[-1]
    editor.name_edit.setText("Ambulance transport")
    editor.amount_edit.setText("850")
    editor.save()
    assert outcomes.unit_costs.model.total_rows == before + 1
    outcomes.new_indicator()
    editor = dialogs[-1]
    editor.name_edit.setText("Welfare checks")
    editor.target_combo.setCurrentIndex(1)  # a change target, with no value
    editor.save()
    assert "enter the target's value" in editor.error_text("target_value")
    editor.target_edit.setText("-10")
    editor.save()
    outcomes.indicators.ensure_loaded()
    assert any(r.name == "Welfare checks" for r in outcomes.indicators.model.all_rows())


def test_the_dashboard_shows_the_next_evaluation_and_what_is_off_target(
    window: MainWindow, qtbot: Any
) -> None:
    dashboard = window.dashboard
    evaluation, off_target = dashboard.cards["next_evaluation"], dashboard.cards["off_target"]
    qtbot.waitUntil(lambda: evaluation.value.text() == "01 Feb 2027")
    assert "24-month evaluation due, in 66 days" in evaluation.caption.text()
    qtbot.waitUntil(lambda: off_target.value.text() == "2")
    evaluation.sig_clicked.emit()
    assert window.current_area() is window.outcomes


def test_the_mou_names_its_indicators(window: MainWindow, dialogs: list[QDialog]) -> None:
    from partnerdesk.core.outcomes.baselines import mou_launch
    from partnerdesk.core.outcomes.mou_links import mou_indicator_ids

    window.show_area(1)
    window.mous.list.ensure_loaded()
    window.mous.list.select_where(lambda row: row.reference_code == "RIV-CR-01")
    action = next(a for a in window.mous.actions() if a.text() == "Evaluation &indicators…")
    action.trigger()
    dialog = dialogs[-1]
    first = dialog.list.item(0)
    assert first.checkState() == Qt.CheckState.Checked
    first.setCheckState(Qt.CheckState.Unchecked)
    dialog.launch_edit.set_value(date(2025, 3, 1))
    dialog.save()
    with window.context.database.session() as session:
        assert 1 not in mou_indicator_ids(session, 1)
        assert mou_launch(session, 1) == date(2025, 3, 1)
