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


def test_a_review_recorded_meanwhile_by_a_colleague_is_a_conflict_not_a_second_review(
    mous: Any, qtbot: Any, dialogs: list[QDialog], monkeypatch: Any
) -> None:
    """Issue #13, item 1: two people recording the same review from the dialog each saved,
    so the agreement got two completed reviews and its next review moved a year too far."""
    from partnerdesk.core.models import ReviewOutcome
    from partnerdesk.core.mou.register import find_mou
    from partnerdesk.core.mou.reviews import complete_review, review_history
    from partnerdesk.ui.widgets import conflicts

    select_code(mous, "RIV-HD-01")
    mous.complete_action.trigger()
    dialog = dialogs[-1]  # opened; a colleague records the review before this one is saved
    database = mous.context.database
    with database.transaction() as session:
        mou_id = find_mou(session, "RIV-HD-01")
        complete_review(
            session,
            mou_id,
            completed_date=date(2026, 11, 20),
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=date(2026, 11, 27),
            notes="Recorded by a colleague",
        )
    shown: list[str] = []

    def ask(parent: Any, db: Any, kind: str, entity_id: int, seen: Any) -> str:
        shown.append(conflicts.what_changed(db, kind, entity_id, seen))
        return "cancel"

    monkeypatch.setattr(conflicts, "ask_about_conflict", ask)
    dialog.date_edit.set_day(date(2026, 11, 20))
    qtbot.keyClicks(dialog.notes_edit, "Mine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown and "completed 2026-11-20" in shown[0]  # what the colleague did
    assert dialog.isVisible()
    with database.session() as session:
        completed = [r for r in review_history(session, mou_id) if not r.is_open]
    notes = [r.notes for r in completed]
    assert notes.count("Recorded by a colleague") == 1 and "Mine" not in notes


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
