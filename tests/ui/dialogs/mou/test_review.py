"""Completing and snoozing a review: refusals are shown in the dialog."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from partnerdesk.ui.dialogs.mou.review import SnoozeDialog
from tests.ui.helpers import select_code


def test_a_refused_review_date_is_shown_in_the_dialog(
    mous: Any, qtbot: Any, dialogs: list[QDialog]
) -> None:
    select_code(mous, "RIV-HD-01")
    mous.complete_action.trigger()
    dialog = dialogs[-1]
    dialog.date_edit.set_day(date(2027, 1, 5))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "in the future" in dialog.errors["completed_date"].text()


def test_snooze_needs_a_reason(mous: Any, qtbot: Any, dialogs: list[QDialog]) -> None:
    select_code(mous, "RIV-HD-01")
    mous.snooze_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, SnoozeDialog)
    dialog.until_edit.set_day(date(2027, 1, 15))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "say why" in dialog.errors["snooze_reason"].text()
    qtbot.keyClicks(dialog.reason_edit, "Hospital board meets in January")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert mous.list.current_row().next_review_due == date(2027, 1, 15)
