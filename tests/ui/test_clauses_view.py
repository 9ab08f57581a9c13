"""The Clauses area as a user works in it: search, edit with versions, status, empty library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.core.models import ClauseCategory, ClauseStatus
from partnerdesk.core.mou.clauses import get_clause, list_clauses
from partnerdesk.core.mou.seed_clauses import SEED_CLAUSES
from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.clauses.editor import ClauseEditor
from partnerdesk.ui.dialogs.clauses.history import ClauseHistoryDialog
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.clauses import ClausesView

from .conftest import TODAY


@pytest.fixture
def clauses(window: MainWindow) -> ClausesView:
    window.show_area(2)
    window.clauses.list.ensure_loaded()
    return window.clauses


def _titles(view: ClausesView) -> list[str]:
    return [row.title for row in view.list.model.all_rows()]


def test_searching_the_text_and_filtering_by_category(clauses: ClausesView, qtbot: Any) -> None:
    ModelTester(None).check(clauses.list.model)
    assert len(_titles(clauses)) == len(SEED_CLAUSES)
    qtbot.keyClicks(clauses.search_edit, "perimeter")
    qtbot.waitUntil(lambda: len(_titles(clauses)) < len(SEED_CLAUSES))
    # Found in the text, not the titles.
    assert sorted(_titles(clauses)) == [
        "Clinician lead with police backup",
        "Mobile crisis team: clinicians respond first",
    ]
    clauses.search_edit.clear()
    qtbot.waitUntil(lambda: len(_titles(clauses)) == len(SEED_CLAUSES))
    clauses.category_combo.setCurrentIndex(
        clauses.category_combo.findData(ClauseCategory.LIABILITY.value)
    )
    assert {row.category for row in clauses.list.model.all_rows()} == {ClauseCategory.LIABILITY}


def test_outdated_mous_are_shown_beside_the_clause(clauses: ClausesView) -> None:
    assert clauses.list.select_where(lambda row: row.outdated_in_mous > 0)
    row = clauses.list.current_row()
    assert row is not None and row.title == "Mobile crisis team: clinicians respond first"
    column = clauses.list.model.column_titles().index("On older version")
    source_row = clauses.list.model.all_rows().index(row)
    assert clauses.list.model.index(source_row, column).data() == "1"
    text = clauses.preview.toPlainText()
    assert "MOUs on an older version of this clause" in text
    assert "RIV-MC-01 version 1 includes version 1" in text


def test_a_misspelt_variable_is_shown_next_to_the_text_and_nothing_saved(
    clauses: ClausesView, dialogs: list[QDialog], message_boxes: list[Any]
) -> None:
    clauses.new_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, ClauseEditor)
    editor.title_edit.setText("Night cover")
    editor.category_combo.setCurrentIndex(
        editor.category_combo.findData(ClauseCategory.RESPONSE_PROTOCOL.value)
    )
    assert not editor.tier_combo.isEnabled()
    editor.body_edit.setPlainText("Between 22:00 and 06:00 {{ lead_agncy }} covers calls.")
    editor.buttons.button(editor.buttons.StandardButton.Save).click()
    assert editor.isVisible()
    assert editor.body_error.isVisible()
    assert "did you mean {{ lead_agency }}" in editor.body_error.text()
    with clauses.context.database.session() as session:
        assert "Night cover" not in {r.title for r in list_clauses(session)}

    # Fixed by double-clicking the variable in the list beside the text.
    editor.body_edit.setPlainText("Between 22:00 and 06:00 ")
    cursor = editor.body_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.body_edit.setTextCursor(cursor)
    item = next(
        editor.variables.item(i)
        for i in range(editor.variables.count())
        if editor.variables.item(i).text() == "{{ lead_agency }}"
    )
    editor._insert_variable(item)
    editor.body_edit.insertPlainText(" covers calls.")
    editor.save()
    assert not editor.isVisible()
    assert message_boxes == []
    row = clauses.list.current_row()
    assert row is not None and row.title == "Night cover" and row.status == ClauseStatus.DRAFT
    assert "{{ lead_agency }} covers calls." in clauses.preview.toPlainText()


def test_editing_an_approved_clause_makes_a_version_readable_in_history(
    clauses: ClausesView, dialogs: list[QDialog]
) -> None:
    assert clauses.list.select_where(lambda row: row.title == "Notice of claims")
    clauses.edit_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, ClauseEditor)
    editor.body_edit.setPlainText(editor.body_edit.toPlainText().replace("ten", "fifteen"))
    assert "Saving creates version 2" in editor.version_note.text()
    editor.save()
    row = clauses.list.current_row()
    assert row is not None and row.version == 2

    clauses.history_action.trigger()
    history = dialogs[-1]
    assert isinstance(history, ClauseHistoryDialog)
    assert history.versions.count() == 2
    assert "Changes from version 1" in history.text.toPlainText()
    assert "fifteen" in history.text.toHtml() and "line-through" in history.text.toHtml()
    history.versions.setCurrentRow(1)
    assert "within ten business days" in history.text.toPlainText()


def test_retiring_asks_first_and_approving_is_one_click(
    clauses: ClausesView, message_boxes: list[Any]
) -> None:
    assert clauses.list.select_where(lambda row: row.title == "Mediation")
    clauses.retire_action.trigger()
    assert message_boxes[-1][0] == "question" and "Retire “Mediation”" in message_boxes[-1][1]
    row = clauses.list.current_row()
    assert row is not None and row.status == ClauseStatus.RETIRED
    assert clauses.approve_action.isEnabled()
    clauses.approve_action.trigger()
    row = clauses.list.current_row()
    assert row is not None and row.status == ClauseStatus.APPROVED


def test_a_used_clause_cannot_be_deleted_an_unused_one_can(
    clauses: ClausesView, message_boxes: list[Any]
) -> None:
    assert clauses.list.select_where(lambda row: row.title == "Term and annual review")
    clauses.delete_action.trigger()
    assert "cannot be deleted" in message_boxes[-1][1]
    assert clauses.list.select_where(lambda row: row.title == "Notice of claims")
    clauses.delete_action.trigger()
    assert "Notice of claims" not in _titles(clauses)


def test_an_empty_library_offers_the_default_one(
    qtbot: Any, tmp_path: Path, qsettings: QSettings
) -> None:
    database = open_database(DatabaseLocation.for_path(tmp_path / "new.sqlite3"))
    context = AppContext(database, today=lambda: TODAY)
    try:
        window = MainWindow(context, qsettings)
        qtbot.addWidget(window)
        window.show()
        window.show_area(2)
        view = window.clauses
        view.list.ensure_loaded()
        assert view.empty_banner.isVisible()
        view.load_default_button.click()
        assert len(_titles(view)) == len(SEED_CLAUSES)
        assert not view.empty_banner.isVisible()
        with database.session() as session:
            first = list_clauses(session)[0]
            assert get_clause(session, first.id).versions[0].created_by
    finally:
        database.close()
