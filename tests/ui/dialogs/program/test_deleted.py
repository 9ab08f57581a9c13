"""Undoing a deletion in the app: Ctrl+Z, and the Deleted records dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from partnerdesk.core.platform import trash
from partnerdesk.ui.dialogs.program.deleted import DeletedRecordsDialog
from partnerdesk.ui.main_window import MainWindow


def _delete_first_cost(window: MainWindow) -> str:
    funding = window.funding
    window.show_area(window.areas.index(funding))
    funding.tabs.setCurrentWidget(funding.costs)
    funding.costs.ensure_loaded()
    funding.costs.table.selectRow(0)
    row = funding.costs.current_row()
    assert row is not None
    funding.delete_action.trigger()
    return row.description


def _cost_descriptions(window: MainWindow) -> list[str]:
    window.funding.costs.ensure_loaded()
    return [r.description for r in window.funding.costs.model.all_rows()]


def test_ctrl_z_brings_back_the_deleted_record(
    qtbot: Any, window: MainWindow, message_boxes: list[tuple[str, str]]
) -> None:
    count = len(_cost_descriptions(window))
    description = _delete_first_cost(window)
    question = message_boxes[-1][1]
    assert "Ctrl+Z" in question  # the question says the deletion can be undone
    assert len(_cost_descriptions(window)) == count - 1

    window.funding.costs.table.setFocus()
    qtbot.keyClick(window.funding.costs.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(_cost_descriptions(window)) == count
    assert description in _cost_descriptions(window)
    assert window.statusBar().currentMessage().startswith("Restored cost line FY")


def test_the_edit_menu_names_what_undo_brings_back(window: MainWindow) -> None:
    window._name_undo()
    assert window.undo_action.text() == "&Undo deletion" and not window.undo_action.isEnabled()
    _delete_first_cost(window)
    window._name_undo()
    assert window.undo_action.text().startswith("&Undo deletion of cost line FY")
    assert window.undo_action.isEnabled()


def test_ctrl_z_with_nothing_deleted_says_so(window: MainWindow) -> None:
    window.undo_action.trigger()
    assert window.statusBar().currentMessage() == "There is no deletion to undo."


def test_the_deleted_records_dialog_restores_and_empties(
    qtbot: Any, window: MainWindow, message_boxes: list[tuple[str, str]]
) -> None:
    _delete_first_cost(window)
    window.deleted_action.trigger()
    dialog = window.deleted_dialog
    assert isinstance(dialog, DeletedRecordsDialog)
    dialog.list.ensure_loaded()
    assert dialog.list.model.total_rows == 1
    dialog.list.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    QApplication.processEvents()
    assert dialog.list.model.total_rows == 0  # the list reloads by itself
    assert not dialog.empty_button.isEnabled()

    _delete_first_cost(window)
    dialog.list.ensure_loaded()
    assert dialog.list.model.total_rows == 1
    dialog.empty_button.click()
    assert "can no longer be restored" in message_boxes[-1][1]
    with window.context.database.session() as session:
        assert trash.list_deleted(session) == []
    dialog.close()
