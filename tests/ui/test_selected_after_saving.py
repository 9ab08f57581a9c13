"""The record just created or edited is the one selected afterwards (issue #15, defect 10),
with saving and reloading in the background as in the app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from partnerdesk.ui import tasks
from partnerdesk.ui.main_window import MainWindow
from tests.ui.dialogs.mou.test_editor import fill_new_mou


@pytest.fixture
def background_tasks() -> Iterator[None]:
    tasks.set_synchronous(False)
    yield
    tasks.set_synchronous(True)


def test_a_new_mou_is_selected_after_saving(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog], background_tasks: None
) -> None:
    mous = window.mous
    window.show_area(window.areas.index(mous))
    qtbot.waitUntil(lambda: mous.list.model.total_rows == 4)
    mous.list.select_where(lambda row: row.reference_code == "RIV-CR-01")
    mous.new_action.trigger()
    editor = dialogs[-1]
    fill_new_mou(qtbot, editor)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: mous.list.model.total_rows == 5)
    qtbot.waitUntil(lambda: mous.list.current_row().reference_code == "RIV-PS-01")


def test_a_new_and_an_edited_funding_source_are_selected_after_saving(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog], background_tasks: None
) -> None:
    funding = window.funding
    window.show_area(window.areas.index(funding))
    sources = funding.sources
    qtbot.waitUntil(lambda: sources.model.total_rows == 4)
    funding.new_source_action.trigger()
    editor = dialogs[-1]
    editor.name_edit.setText("Harbor County opioid settlement")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sources.model.total_rows == 5)
    qtbot.waitUntil(
        lambda: (
            sources.current_row() is not None
            and sources.current_row().name == "Harbor County opioid settlement"
        )
    )
    # Another line in another list, then an edit: the edited line is selected again.
    funding.tabs.setCurrentWidget(funding.costs)
    qtbot.waitUntil(lambda: funding.costs.model.total_rows == 12)
    funding.costs.select_row(3)
    edited_id = funding.costs.current_row().id
    funding.edit_action.trigger()
    cost = dialogs[-1]
    cost.description_edit.setText("Two more clinicians")
    funding.costs.select_row(0)
    qtbot.mouseClick(cost.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: funding.costs.current_row().id == edited_id)
