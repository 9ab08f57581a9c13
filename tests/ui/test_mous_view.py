"""The MOUs area and the MOU editor, driven as a user drives them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from sqlmodel import select

from partnerdesk.core.models import Mou, MouStatus, ResponseModel, ReviewOutcome
from partnerdesk.core.mou.register import find_mou, get_mou, list_mous
from partnerdesk.core.mou.reviews import review_history
from partnerdesk.ui.dialogs.mou.editor import (
    TAB_DETAILS,
    TAB_HISTORY,
    TAB_PARTIES,
    TAB_VERSIONS,
    EditorMode,
    MouEditor,
)
from partnerdesk.ui.dialogs.mou.review import CompleteReviewDialog, SnoozeDialog
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


@pytest.fixture
def mous(window: MainWindow) -> Any:
    window.show_area(1)
    window.mous.list.ensure_loaded()
    return window.mous


def select_code(mous: Any, code: str) -> None:
    assert mous.list.select_where(lambda row: row.reference_code == code)


def pick(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.setCurrentIndex(index)


def set_date(field: OptionalDateEdit, day: date | None) -> None:
    field.set_value(day)


def fill_new_mou(qtbot: Any, editor: MouEditor) -> None:
    qtbot.keyClicks(editor.details.code_edit, "RIV-PS-01")
    qtbot.keyClicks(editor.details.title_edit, "Peer support follow-up after crisis calls")
    pick(editor.details.model_combo, "Mobile crisis team")
    set_date(editor.details.effective_edit, date(2026, 12, 1))
    first, second = editor.parties.rows
    pick(first.org_combo, "Riverton Peer Support Network")
    pick(first.role_combo, "Lead agency")
    pick(second.org_combo, "Riverton Police Department")


def test_the_register_lists_every_mou_and_follows_the_qt_model_contract(mous: Any) -> None:
    assert mous.list.model.total_rows == 4
    ModelTester(None).check(mous.list.model)
    hospital = next(r for r in mous.list.model.all_rows() if r.reference_code == "RIV-HD-01")
    assert hospital.next_review_due == date(2026, 11, 15)


def test_creating_an_mou_by_typing_and_picking(
    mous: Any, qtbot: Any, dialogs: list[QDialog]
) -> None:
    mous.new_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, MouEditor) and editor.windowTitle() == "New MOU"
    fill_new_mou(qtbot, editor)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.result() == QDialog.DialogCode.Accepted
    assert editor.saved is not None
    row = mous.list.current_row()
    assert row is not None and row.reference_code == "RIV-PS-01"
    assert row.response_model == ResponseModel.MOBILE_CRISIS_TEAM
    assert row.parties == "Riverton Peer Support Network (lead); Riverton Police Department"
    assert mous.list.model.total_rows == 5


def test_validation_reasons_appear_next_to_the_fields(
    mous: Any, qtbot: Any, dialogs: list[QDialog]
) -> None:
    mous.new_action.trigger()
    editor = dialogs[-1]
    fill_new_mou(qtbot, editor)
    editor.details.code_edit.setText("")
    qtbot.keyClicks(editor.details.code_edit, "riv-cr-01")  # taken (case does not matter)
    set_date(editor.details.expiry_edit, date(2026, 6, 30))  # before the effective date
    editor.details.interval_spin.setValue(61)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.saved is None
    assert editor.tabs.currentIndex() == TAB_DETAILS
    assert "already used" in editor.errors["reference_code"].text()
    assert editor.errors["reference_code"].isVisible()
    assert "before the effective date" in editor.errors["expiry_date"].text()
    assert "1 to 60 months" in editor.errors["review_interval_months"].text()
    # Fix them; the next problem is a party that signed in the future.
    editor.details.code_edit.setText("RIV-PS-01")
    set_date(editor.details.expiry_edit, None)
    editor.details.interval_spin.setValue(12)
    editor.parties.rows[0].signed.set_value(date(2026, 12, 24))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.tabs.currentIndex() == TAB_PARTIES
    assert "in the future" in editor.parties.rows[0].error.text()
    assert not editor.errors["reference_code"].isVisible()
    # Remove a party: fewer than two is refused, at the top of the Parties tab.
    editor.parties.rows[0].signed.set_value(None)
    qtbot.mouseClick(editor.parties.rows[1].remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "at least two parties" in editor.parties.error.text()
    with editor.context.database.session() as session:
        assert len(list_mous(session, today=TODAY)) == 4


def test_status_offers_only_allowed_transitions(mous: Any, dialogs: list[QDialog]) -> None:
    select_code(mous, "RIV-DS-01")  # in negotiation
    mous.open_action.trigger()
    editor = dialogs[-1]
    offered = [
        editor.details.status_combo.itemText(i) for i in range(editor.details.status_combo.count())
    ]
    assert offered == ["In negotiation", "Draft", "Active", "Terminated"]


def test_editing_writes_history_that_the_history_tab_shows(
    mous: Any, qtbot: Any, dialogs: list[QDialog]
) -> None:
    select_code(mous, "RIV-MC-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    editor.details.title_edit.setText("Mobile crisis team with peer specialists, 24/7")
    pick(editor.parties.rows[1].role_combo, "Funder")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved is not None
    mous.open_mou(editor.saved)
    reopened = dialogs[-1]
    reopened.tabs.setCurrentIndex(TAB_HISTORY)
    history = reopened.history
    history.ensure_loaded()
    ModelTester(None).check(history.model)
    rows = history.model.all_rows()
    title = next(r for r in rows if r.field == "title")
    assert title.new_value == "Mobile crisis team with peer specialists, 24/7"
    assert title.old_value == "Mobile crisis team with peer specialists"
    assert title.who
    assert any(r.subject == "Party" and r.new_value == "funder" for r in rows)


def test_amend_creates_version_two_and_version_one_stays_readable(
    mous: Any, qtbot: Any, dialogs: list[QDialog]
) -> None:
    select_code(mous, "RIV-CR-01")
    old_id = mous.list.current_row().id
    mous.amend_action.trigger()
    editor = dialogs[-1]
    assert editor.mode is EditorMode.AMEND and "version 2" in editor.windowTitle()
    editor.details.title_edit.setText("Co-responder team, extended to weekends")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    row = mous.list.current_row()
    assert row is not None and row.version_number == 2 and row.id != old_id
    assert mous.list.model.total_rows == 4  # the register shows the current version only
    mous.open_mou(row.id)
    current = dialogs[-1]
    current.tabs.setCurrentIndex(TAB_VERSIONS)
    current.versions.ensure_loaded()
    versions = current.versions.model.all_rows()
    assert [v.version_number for v in versions] == [1, 2]
    current.versions.sig_row_activated.emit(versions[0])
    viewer = current.version_viewer
    assert viewer.mode is EditorMode.VIEW
    assert (
        viewer.details.title_edit.text()
        == "Co-responder team: joint response to behavioral-health calls"
    )
    assert not viewer.details.title_edit.isEnabled() and not viewer.save_button.isVisible()
    assert "kept as it was signed" in viewer.banner.text()


def test_complete_review_from_the_register(
    mous: Any, qtbot: Any, dialogs: list[QDialog], window: MainWindow, message_boxes: Any
) -> None:
    assert window.dashboard.cards["overdue"].value.text() == "1"
    select_code(mous, "RIV-HD-01")
    mous.complete_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, CompleteReviewDialog)
    dialog.date_edit.set_day(date(2026, 11, 20))
    pick(dialog.outcome_combo, "Renewed unchanged")
    dialog.reviewer_edit.setText("Dr. Samuel Achebe")
    qtbot.keyClicks(dialog.notes_edit, "Diversion numbers on target")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, message_boxes
    row = mous.list.current_row()
    assert row.next_review_due == date(2027, 11, 20) and row.status == MouStatus.ACTIVE
    window.show_area(0)
    assert window.dashboard.cards["overdue"].value.text() == "0"
    with window.context.database.session() as session:
        done = [r for r in review_history(session, row.id) if not r.is_open]
    assert done[0].notes == "Diversion numbers on target"
    assert done[0].outcome == ReviewOutcome.RENEWED_UNCHANGED


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


def test_deleting_an_mou_with_history_offers_archiving(
    mous: Any, message_boxes: list[tuple[str, str]], window: MainWindow
) -> None:
    select_code(mous, "RIV-HD-01")
    mous.delete_action.trigger()  # message boxes answer Yes: archive it
    kind, text = message_boxes[-1]
    assert kind == "question" and "cannot be deleted" in text and "Archive it instead" in text
    assert [r.reference_code for r in mous.list.model.all_rows()].count("RIV-HD-01") == 0
    with window.context.database.session() as session:
        assert session.get(Mou, find_mou(session, "RIV-HD-01")).archived  # type: ignore[union-attr]
    mous.archived_action.trigger()  # show archived
    select_code(mous, "RIV-HD-01")
    assert mous.archive_action.text() == "Restore from ar&chive"
    mous.archive_action.trigger()
    mous.archived_action.trigger()
    assert any(r.reference_code == "RIV-HD-01" for r in mous.list.model.all_rows())


def test_deleting_an_mou_without_history_asks_then_deletes(
    mous: Any, message_boxes: list[tuple[str, str]], window: MainWindow
) -> None:
    select_code(mous, "RIV-DS-01")
    mous.delete_action.trigger()
    assert "Delete RIV-DS-01" in message_boxes[-1][1]
    assert all(r.reference_code != "RIV-DS-01" for r in mous.list.model.all_rows())
    with window.context.database.session() as session:
        assert session.exec(select(Mou).where(Mou.reference_code == "RIV-DS-01")).first() is None


def test_duplicate_opens_a_prefilled_new_mou(
    mous: Any, qtbot: Any, dialogs: list[QDialog], window: MainWindow
) -> None:
    select_code(mous, "RIV-CR-01")
    mous.duplicate_action.trigger()
    editor = dialogs[-1]
    assert editor.mode is EditorMode.NEW and editor.details.code_edit.text() == ""
    assert editor.details.title_edit.text().startswith("Copy of Co-responder")
    assert len(editor.parties.rows) == 4
    qtbot.keyClicks(editor.details.code_edit, "RIV-CR-02")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert mous.list.current_row().reference_code == "RIV-CR-02"
    with window.context.database.session() as session:
        copy = get_mou(session, find_mou(session, "RIV-CR-02"), today=TODAY)
    assert copy.recorded_status == MouStatus.DRAFT and len(copy.parties) == 4


def test_actions_appear_in_the_area_menu_with_shortcuts(
    mous: Any, window: MainWindow, qtbot: Any
) -> None:
    extra = QAction("Generate draft…", mous)
    mous.add_tool_action(extra)
    window._fill_area_menu()
    texts = [a.text() for a in window.area_menu.actions()]
    assert "&New MOU…" in texts and "&Complete review…" in texts and "Generate draft…" in texts
    assert window.area_menu.title() == "&MOUs"
    assert mous.new_action.shortcut().toString() == "Ctrl+N"
    assert extra in mous.toolbar.actions()
    # An action added from outside with plain addAction shows in the menu too.
    other = QAction("Check completeness", mous)
    mous.addAction(other)
    window._fill_area_menu()
    assert "Check completeness" in [a.text() for a in window.area_menu.actions()]


def test_export_calendar_writes_an_ics_file(
    mous: Any, tmp_path: Path, message_boxes: list[tuple[str, str]]
) -> None:
    target = tmp_path / "reviews.ics"
    mous.export_calendar(str(target))
    assert "Wrote 5 events with 15 reminders" in message_boxes[-1][1]
    assert len(Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == 5


def test_amended_outcome_offers_to_draft_the_amendment(
    mous: Any,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[tuple[str, str]],
) -> None:
    opened: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        opened.append(dialog)
        if isinstance(dialog, CompleteReviewDialog):
            dialog.date_edit.set_day(date(2026, 11, 26))
            pick(dialog.outcome_combo, "Amended")
            dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", run)
    select_code(mous, "RIV-HD-01")
    mous.complete_action.trigger()
    kind, text = message_boxes[-1]
    assert kind == "question" and "Draft the amendment (version 2)" in text
    amend = opened[-1]
    assert isinstance(amend, MouEditor) and amend.mode is EditorMode.AMEND


def test_the_reviews_tab_records_a_review_and_refreshes(
    mous: Any, qtbot: Any, dialogs: list[QDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    select_code(mous, "RIV-HD-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    editor.tabs.setCurrentIndex(2)
    editor.reviews.ensure_loaded()
    assert [r.is_open for r in editor.reviews.model.all_rows()] == [True, False]
    assert editor.complete_button.isEnabled()

    def complete_and_accept(dialog: QDialog) -> int:
        dialog.date_edit.set_day(date(2026, 11, 25))  # type: ignore[attr-defined]
        dialog.save()  # type: ignore[attr-defined]
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", complete_and_accept)
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    editor.reviews.ensure_loaded()
    rows = editor.reviews.model.all_rows()
    assert rows[0].is_open and rows[0].due_date == date(2027, 11, 25)
    assert len(rows) == 3
    assert editor.details.status_combo.currentText() == "Active"
    assert editor.details.next_review_label.text() == "2027-11-25"


def test_unsaved_changes_block_review_actions_in_the_editor(
    mous: Any, qtbot: Any, dialogs: list[QDialog], message_boxes: list[tuple[str, str]]
) -> None:
    select_code(mous, "RIV-HD-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    editor.details.title_edit.setText("Changed but not saved")
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    assert "Save or cancel your changes" in message_boxes[-1][1]


def test_change_status_offers_only_the_allowed_next_statuses(
    mous: Any, message_boxes: list[tuple[str, str]]
) -> None:
    select_code(mous, "RIV-CR-01")
    mous._fill_status_menu()
    offered = [a.text() for a in mous.status_menu.actions()]
    assert offered == ["Under review", "Expired", "Terminated"]
    mous.status_menu.actions()[0].trigger()
    row = mous.list.current_row()
    assert row.reference_code == "RIV-CR-01" and row.status == MouStatus.UNDER_REVIEW
    mous._fill_status_menu()
    terminate = next(a for a in mous.status_menu.actions() if a.text() == "Terminated")
    terminate.trigger()  # asks first (the recorder answers Yes)
    assert "Record RIV-CR-01 as terminated" in message_boxes[-1][1]
    row = mous.list.current_row()
    assert row.status == MouStatus.TERMINATED and row.next_review_due is None
    assert not mous.status_action.isEnabled()  # a terminated MOU has nowhere to go


def test_cancel_asks_before_discarding_typed_changes(
    mous: Any,
    qtbot: Any,
    dialogs: list[QDialog],
    message_boxes: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mous.new_action.trigger()
    editor = dialogs[-1]
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)  # nothing typed yet
    assert not message_boxes and not editor.isVisible()
    mous.new_action.trigger()
    editor = dialogs[-1]
    qtbot.keyClicks(editor.details.title_edit, "Half-typed agreement")
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Cancel
    )
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.details.title_edit.text() == "Half-typed agreement"
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
