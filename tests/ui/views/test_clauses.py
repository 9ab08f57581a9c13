"""The Clauses area as a user works in it: search, status, deleting, the empty library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from pytestqt.modeltest import ModelTester

from partnerdesk.core.models import ClauseCategory, ClauseStatus
from partnerdesk.core.mou.clauses import get_clause, list_clauses
from partnerdesk.core.mou.seed_clauses import SEED_CLAUSES
from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.clauses import ClausesView
from tests.ui.conftest import TODAY


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


def test_the_clauses_area_has_one_search_box(window: Any, qtbot: Any) -> None:
    """Issue #15, defect 10: a search box and a filter box, one above the other."""
    from PySide6.QtWidgets import QLineEdit

    window.show_area(2)
    clauses = window.clauses
    boxes = [edit for edit in clauses.findChildren(QLineEdit) if edit.isVisible()]
    boxes = [edit for edit in boxes if not edit.parent().inherits("QComboBox")]
    assert boxes == [clauses.search_edit]
    assert "Ctrl+F" in clauses.search_edit.placeholderText()
