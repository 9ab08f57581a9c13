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


def test_a_next_review_after_the_expiry_is_warned_about_when_completing(
    mous: Any, dialogs: list[QDialog]
) -> None:
    """Issue #15, defect 7: the hospital pathway expires on 15 Nov 2027; a review recorded
    today schedules the next one on 27 Nov 2027, after the agreement has ended."""
    select_code(mous, "RIV-HD-01")
    mous.complete_action.trigger()
    dialog = dialogs[-1]
    assert "due on 27 November 2027" in dialog.outcome_hint.text()
    assert dialog.expiry_warning.isVisible()
    assert "falls after the agreement expires on 15 Nov 2027" in dialog.expiry_warning.text()
    dialog.date_edit.set_day(date(2026, 11, 14))  # reviewed earlier: next one before expiry
    assert "due on 14 November 2027" in dialog.outcome_hint.text()
    assert not dialog.expiry_warning.isVisible()


def test_snoozing_past_the_expiry_is_warned_about(
    mous: Any, dialogs: list[QDialog], window: Any
) -> None:
    from tests.ui.views.test_dashboard import set_expiry

    set_expiry(window, "RIV-HD-01", date(2026, 12, 10))
    select_code(mous, "RIV-HD-01")
    mous.snooze_action.trigger()
    dialog = dialogs[-1]
    dialog.until_edit.set_day(date(2026, 12, 5))
    assert not dialog.expiry_warning.isVisible()
    dialog.until_edit.set_day(date(2026, 12, 20))
    assert "expires on 10 Dec 2026" in dialog.expiry_warning.text()
    assert dialog.expiry_warning.isVisible()


def test_the_editor_says_when_and_why_saving_moves_the_next_review(
    mous: Any, dialogs: list[QDialog]
) -> None:
    """Defect 7: an amendment moved the next review from 2027-01-26 to 2027-02-01 silently."""
    from tests.ui.helpers import set_date

    select_code(mous, "RIV-MC-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    label = editor.details.next_review_label
    assert label.text() == (
        "2027-03-01 (12 months after the effective date 01 Mar 2026: the first review)"
    )
    set_date(editor.details.effective_edit, date(2026, 4, 15))
    assert label.text().startswith("moves from 2027-03-01 to 2027-04-15 when saved: 12 months")
    set_date(editor.details.expiry_edit, date(2027, 1, 31))
    warning = editor.details.next_review_warning
    assert warning.isVisible() and "expires on 31 Jan 2027" in warning.text()
    editor.reject()

    select_code(mous, "RIV-CR-01")
    mous.amend_action.trigger()
    amendment = dialogs[-1]
    assert amendment.details.next_review_label.text().startswith("2027-01-26 (12 months after")
