"""The MOU editor, driven as a user drives it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.modeltest import ModelTester

from partnerdesk.core.models import ResponseModel
from partnerdesk.core.mou.register import list_mous
from partnerdesk.ui.dialogs.mou.editor import (
    TAB_DETAILS,
    TAB_HISTORY,
    TAB_PARTIES,
    TAB_REVIEWS,
    TAB_VERSIONS,
    EditorMode,
    MouEditor,
)
from tests.ui.conftest import TODAY
from tests.ui.helpers import pick, select_code, set_date


def fill_new_mou(qtbot: Any, editor: MouEditor) -> None:
    qtbot.keyClicks(editor.details.code_edit, "RIV-PS-01")
    qtbot.keyClicks(editor.details.title_edit, "Peer support follow-up after crisis calls")
    pick(editor.details.model_combo, "Mobile crisis team")
    set_date(editor.details.effective_edit, date(2026, 12, 1))
    first, second = editor.parties.rows
    pick(first.org_combo, "Riverton Peer Support Network")
    pick(first.role_combo, "Lead agency")
    pick(second.org_combo, "Riverton Police Department")


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
    assert any(r.subject == "Party" and r.new_value == "Funder" for r in rows)
    # The tab shows sentences, not field names.
    shown = [
        history.model.data(history.model.index(row, 1)) for row in range(history.model.rowCount())
    ]
    assert any(
        text.startswith("Title changed from Mobile crisis team with peer specialists to ")
        for text in shown
    ), shown
    assert any(text.startswith("Riverton Police Department's role changed from") for text in shown)


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


def test_the_reviews_tab_records_a_review_and_refreshes(
    mous: Any, qtbot: Any, dialogs: list[QDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    select_code(mous, "RIV-HD-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    editor.tabs.setCurrentIndex(TAB_REVIEWS)
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
    assert editor.details.next_review_label.text().startswith("2027-11-25 (12 months after")


def test_unsaved_changes_block_review_actions_in_the_editor(
    mous: Any, qtbot: Any, dialogs: list[QDialog], message_boxes: list[tuple[str, str]]
) -> None:
    select_code(mous, "RIV-HD-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    editor.details.title_edit.setText("Changed but not saved")
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    assert "Save or cancel your changes" in message_boxes[-1][1]


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


def test_an_amendment_starts_unsigned_in_negotiation_and_version_one_says_superseded(
    mous: Any, qtbot: Any, dialogs: list[QDialog], window: Any
) -> None:
    """Issue #15, defect 4: version 2 showed every party signed and "Active, signed";
    version 1 kept reading "Active"; a funding source listed the MOU twice."""
    select_code(mous, "RIV-CR-01")
    old_id = mous.list.current_row().id
    mous.amend_action.trigger()
    editor = dialogs[-1]
    assert editor.details.status_combo.currentText() == "In negotiation"
    assert [row.signed.value() for row in editor.parties.rows] == [None] * 4
    police = editor.parties.rows[0]
    assert police.signatory_combo.currentText() == "Dana Whitfield"  # the signatory is kept
    assert "unsigned and in negotiation" in editor.banner.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    row = mous.list.current_row()
    assert row.version_number == 2 and row.status.label == "In negotiation"
    assert mous.list.proxy.index(0, 3).data() == "In negotiation · v1 in force"
    assert mous.complete_action.isEnabled()  # version 1 is still in force: review it

    mous.open_mou(old_id)  # the superseded version, read only
    viewer = dialogs[-1]
    assert viewer.mode is EditorMode.VIEW
    assert viewer.details.status_combo.currentText() == "Superseded by version 2"
    viewer.tabs.setCurrentIndex(TAB_VERSIONS)
    viewer.versions.ensure_loaded()
    statuses = [viewer.versions.proxy.index(r, 1).data() for r in range(2)]
    assert statuses == ["Superseded by version 2", "In negotiation (current)"]

    mous.document_actions.compare()
    compare = mous.document_actions.dialog
    labels = [compare.old_combo.itemText(i) for i in range(compare.old_combo.count())]
    assert labels == [
        "RIV-CR-01 version 1 (signed; superseded by version 2)",
        "RIV-CR-01 version 2 (In negotiation, not signed)",
    ]

    from partnerdesk.ui.dialogs.funding.source import SourceEditor

    window.show_area(window.areas.index(window.funding))
    city = next(
        r for r in window.funding.sources.model.all_rows() if r.name.startswith("City general")
    )
    source = SourceEditor(window.context, city.id)
    qtbot.addWidget(source)
    linked = [
        source.mou_list.item(i).text()
        for i in range(source.mou_list.count())
        if source.mou_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert [text.split(" — ")[0] for text in linked] == ["RIV-CR-01 v2", "RIV-HD-01 v1"]


def test_typing_in_a_new_mou_goes_into_its_first_field(
    mous: Any, qtbot: Any, dialogs: list[QDialog]
) -> None:
    """Issue #15, defect 10: a new MOU opened with the focus on the tab bar."""
    mous.new_action.trigger()
    editor = dialogs[-1]
    qtbot.waitExposed(editor)
    assert editor.focusWidget() is editor.details.code_edit
    select_code(mous, "RIV-CR-01")
    mous.amend_action.trigger()
    amendment = dialogs[-1]
    assert amendment.focusWidget() is amendment.details.title_edit  # the code cannot change


def test_the_mou_window_has_a_clauses_tab(mous: Any, dialogs: list[QDialog]) -> None:
    """Issue #15, defect 10: the MOU window had no Clauses tab."""
    from partnerdesk.ui.dialogs.mou.composer import MouComposer
    from partnerdesk.ui.dialogs.mou.editor import TAB_CLAUSES

    select_code(mous, "RIV-CR-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    assert editor.tabs.tabText(TAB_CLAUSES).replace("&", "") == "Clauses"
    editor.tabs.setCurrentIndex(TAB_CLAUSES)
    clauses = editor.clauses.list
    assert clauses.model.total_rows == 17
    first = clauses.model.row_at(0)
    assert clauses.proxy.index(0, 0).data() == "Response protocol"
    clauses.select_row(0)
    assert first.title in editor.clauses.text.toPlainText()
    editor.clauses.compose_button.click()
    assert isinstance(dialogs[-1], MouComposer) and dialogs[-1].mou_id == editor.mou_id

    mous.new_action.trigger()
    assert not dialogs[-1].tabs.isTabEnabled(TAB_CLAUSES)  # nothing composed before saving


def test_party_rows_have_column_headings_and_show_whole_organization_names(
    mous: Any, qtbot: Any, dialogs: list[QDialog]
) -> None:
    """Issue #15, defect 10: no column headers, and "Harbor County Behavior…" cut off."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    select_code(mous, "RIV-CR-01")
    mous.open_action.trigger()
    editor = dialogs[-1]
    editor.tabs.setCurrentIndex(TAB_PARTIES)
    qtbot.waitExposed(editor)
    headings = [label.text() for label in editor.parties.headings]
    assert [h.replace("<b>", "").replace("</b>", "") for h in headings][:5] == [
        "Organization", "Role", "Signatory", "Signed on", "Sharing tier"
    ]  # fmt: skip
    for row in editor.parties.rows:
        for combo in (row.org_combo, row.signatory_combo, row.tier_combo):
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            field = combo.style().subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                option,
                QStyle.SubControl.SC_ComboBoxEditField,
                combo,
            )
            text = combo.currentText()
            assert combo.fontMetrics().horizontalAdvance(text) <= field.width(), text
        # The heading sits over its field.
        heading = editor.parties.headings[0]
        heading_x = heading.mapTo(editor, heading.rect().topLeft()).x()
        assert abs(heading_x - row.org_combo.mapTo(editor, row.org_combo.rect().topLeft()).x()) < 4
