"""The Training area as a program manager uses it: see who is overdue from the dashboard,
open the matrix, schedule a refresher, print its sign-in sheet, import the attendance back
and watch the matrix turn green."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.core.training import seed
from partnerdesk.core.training.readiness import STATUS_FILL
from partnerdesk.core.training.rules import Status
from partnerdesk.core.training.sessions import list_sessions
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.training.attendance import AttendanceDialog
from partnerdesk.ui.dialogs.training.attendance_import import ImportAttendanceDialog
from partnerdesk.ui.dialogs.training.responder import AddRespondersDialog, ResponderEditor
from partnerdesk.ui.dialogs.training.session import SessionEditor
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.training import TrainingView
from partnerdesk.ui.widgets.training_matrix import MatrixPane
from tests.ui.conftest import TODAY
from tests.ui.helpers import pick


@pytest.fixture
def training(window: MainWindow) -> TrainingView:
    window.show_area(window.areas.index(window.training))
    window.training.matrix.ensure_loaded()
    return window.training


def _cell(matrix: MatrixPane, name: str, course: str) -> Any:
    model = matrix.model
    assert model.result is not None
    column = 3 + [c for _id, c in model.result.courses].index(course)
    for row in range(matrix.proxy.rowCount()):
        index = matrix.proxy.index(row, 0)
        if index.data() == name:
            return matrix.proxy.index(row, column)
    raise AssertionError(f"{name} is not shown")


def test_the_matrix_follows_the_qt_contract_and_says_each_status_in_words_and_colour(
    training: TrainingView,
) -> None:
    matrix = training.matrix
    ModelTester(None).check(matrix.model)
    assert matrix.proxy.rowCount() == 29  # the one who left is hidden
    cell = _cell(matrix, "Daniel Okafor", seed.REFRESHER)
    assert cell.data().startswith("Overdue ")
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(STATUS_FILL[Status.OVERDUE])
    assert cell.data(Qt.ItemDataRole.FontRole).bold()
    assert "Due " in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert _cell(matrix, "Ethan Cho", seed.INITIAL).data() == "—"  # not a dispatcher's
    assert "22 of 29 active responders have nothing overdue" in matrix.count_label.text()


def test_filters_narrow_the_matrix(training: TrainingView, qtbot: Any) -> None:
    matrix = training.matrix
    pick(matrix.show_combo, "Needing attention")
    shown = matrix.visible_people()
    assert shown and all(
        any(i.status in (Status.OVERDUE, Status.DUE_SOON) for i in p.items) for p in shown
    )
    pick(matrix.show_combo, "Active responders")
    pick(matrix.agency_combo, "St. Brigid Regional Hospital")
    assert {p.agency for p in matrix.visible_people()} == {"St. Brigid Regional Hospital"}
    matrix.agency_combo.setCurrentIndex(0)
    qtbot.keyClicks(matrix.filter_edit, "ortega")
    assert [p.name for p in matrix.visible_people()] == ["Luis Ortega"]
    matrix.filter_edit.clear()
    pick(matrix.show_combo, "Also those who left")
    assert _cell(matrix, "Megan O'Brien", seed.INITIAL).data().startswith("Left ")


def test_sorting_a_course_column_puts_the_overdue_first(training: TrainingView) -> None:
    matrix = training.matrix
    column = 3 + [c for _id, c in matrix.model.result.courses].index(seed.REFRESHER)  # type: ignore[union-attr]
    matrix.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    first = matrix.proxy.index(0, column).data()
    assert first.startswith("Overdue")


def test_the_dashboard_shows_who_is_overdue_and_opens_the_matrix_on_them(
    window: MainWindow,
) -> None:
    cards = window.dashboard.cards
    assert window.dashboard.sections["Training"].isVisible()
    assert cards["refreshers_overdue"].value.text() == "4"
    assert cards["refreshers_due"].value.text() == "3"
    assert cards["other_overdue"].value.text() == "3"
    assert cards["training_current"].value.text() == "22 of 29"
    cards["refreshers_overdue"].sig_clicked.emit()
    assert window.current_area() is window.training
    assert window.training.matrix.show_combo.currentText() == "Needing attention"
    assert window.training.tabs.currentWidget() is window.training.matrix


def test_ctrl_7_opens_the_training_area(window: MainWindow) -> None:
    shortcuts = {action.shortcut().toString(): action.text() for action in window.actions()}
    assert shortcuts[QKeySequence("Ctrl+7").toString()] == "Training"


def test_schedule_print_import_and_the_matrix_turns_green(
    training: TrainingView,
    dialogs: list[QDialog],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    message_boxes: list[tuple[str, str]],
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    before = _cell(training.matrix, "Daniel Okafor", seed.REFRESHER).data()
    assert before.startswith("Overdue")
    # 1. Schedule a refresher today.
    training.new_session_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, SessionEditor)
    pick(editor.course_combo, seed.REFRESHER)
    assert editor.hours_edit.text() == "4"  # the course's length
    editor.place_edit.setText("Riverton Police Training Center")
    editor.save()
    assert training.tabs.currentWidget() is training.sessions
    new = training.sessions.current_row()
    assert new is not None and new.start_date == TODAY and new.course == seed.REFRESHER
    # 2. Print its sign-in sheet.
    sheet = tmp_path / "sign-in.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(sheet), ""))
    training.sign_in_action.trigger()
    assert opened == [str(sheet)]  # offered to open it for printing, and the user said yes
    names = [row.cells[1].text for row in docx.Document(str(sheet)).tables[0].rows]
    assert "Daniel Okafor" in names
    # 3. The attendance sheet, filled in, imported back.
    attendance = tmp_path / "attendance.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(attendance), ""))
    training.attendance_sheet_action.trigger()
    book = openpyxl.load_workbook(attendance)
    for row in book["Attendance"].iter_rows(min_row=2):
        if row[3].value == "Daniel Okafor":
            row[7].value = 4
    book.save(attendance)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(attendance), ""))
    training.import_action.trigger()
    importer = dialogs[-1]
    assert isinstance(importer, ImportAttendanceDialog)
    importer.check_button.click()
    assert "would record 1 attendance(s)" in importer.result_text()
    importer.import_button.click()
    assert "recorded 1 attendance(s)" in message_boxes[-1][1]
    # 4. The matrix turns green.
    training.tabs.setCurrentWidget(training.matrix)
    cell = _cell(training.matrix, "Daniel Okafor", seed.REFRESHER)
    assert cell.data() == f"Complete {TODAY.isoformat()}"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(STATUS_FILL[Status.COMPLETE])


def test_recording_attendance_by_hand(training: TrainingView, dialogs: list[QDialog]) -> None:
    training.tabs.setCurrentWidget(training.sessions)
    assert training.sessions.select_where(lambda row: row.attendees == 3)  # the make-up
    training.attendance_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, AttendanceDialog)
    ModelTester(None).check(dialog.model)
    row = next(i for i, c in enumerate(dialog.model.choices) if c.name == "Peter Kowalski")
    index = dialog.model.index(row, 0)
    assert dialog.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    hours = dialog.model.index(row, 1)
    assert not dialog.model.setData(hours, "five")  # refused, and said why
    assert "not a number of hours" in dialog.count_label.text()
    assert dialog.model.setData(hours, "3.5")
    dialog.save()
    with training.context.database.session() as session:
        make_up = next(s for s in list_sessions(session) if s.attendees == 4)
    assert make_up.course == seed.REFRESHER


def test_adding_responders_from_the_directory(
    training: TrainingView, dialogs: list[QDialog]
) -> None:
    training.add_responders_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, AddRespondersDialog)
    assert dialog.people.select_where(lambda row: row.name == "Dana Whitfield")
    pick(dialog.role_combo, seed.SUPERVISOR)
    dialog.save()
    training.tabs.setCurrentWidget(training.responders)
    training.responders.ensure_loaded()
    assert training.responders.select_where(
        lambda row: row.name == "Dana Whitfield" and row.role == seed.SUPERVISOR
    )


def test_saving_no_one_says_what_to_do(training: TrainingView, dialogs: list[QDialog]) -> None:
    training.add_responders_action.trigger()
    dialog = dialogs[-1]
    dialog.save()  # type: ignore[attr-defined]
    assert "select at least one person" in dialog.error_text("contact")  # type: ignore[attr-defined]


def test_changing_someones_role_from_the_matrix(
    training: TrainingView, dialogs: list[QDialog]
) -> None:
    matrix = training.matrix
    matrix.select_responder(
        next(p.responder_id for p in matrix.visible_people() if p.name == "Kevin Marsh")
    )
    training.edit_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, ResponderEditor)
    pick(editor.role_combo, seed.SUPERVISOR)
    assert editor.since_edit.day() == TODAY  # a new role applies from today unless said
    editor.save()
    kevin = next(p for p in matrix.visible_people() if p.name == "Kevin Marsh")
    assert kevin.role == seed.SUPERVISOR and kevin.role_since == TODAY


def test_deleting_a_session_asks_and_names_its_attendance(
    training: TrainingView, message_boxes: list[tuple[str, str]]
) -> None:
    training.tabs.setCurrentWidget(training.sessions)
    assert training.sessions.select_where(lambda row: row.attendees == 3)
    training.delete_action.trigger()
    assert message_boxes[-1][0] == "question"
    assert "and its 3 attendance record(s)" in message_boxes[-1][1]
    assert training.sessions.model.total_rows == 14


def test_a_course_in_use_cannot_be_deleted(
    training: TrainingView, message_boxes: list[tuple[str, str]]
) -> None:
    training.tabs.setCurrentIndex(3)
    training.courses.ensure_loaded()
    assert training.courses.select_where(lambda row: row.name == seed.REFRESHER)
    training.delete_action.trigger()
    assert message_boxes[-1][0] == "warning" and "Make it inactive instead" in message_boxes[-1][1]


def test_print_preview_holds_the_people_shown(
    training: TrainingView, dialogs: list[QDialog]
) -> None:
    pick(training.matrix.show_combo, "Needing attention")
    shown = len(training.matrix.visible_people())
    training.print_action.trigger()
    preview = dialogs[-1]
    assert isinstance(preview, QPrintPreviewDialog)
    html = preview.document.toHtml()  # type: ignore[attr-defined]
    assert "Daniel Okafor" in html and "Kevin Marsh" not in html
    assert f"{shown} responder(s)" in preview.document.toPlainText()  # type: ignore[attr-defined]


def test_an_empty_program_offers_the_standard_catalogue(
    qtbot: Any, tmp_path: Path, qsettings: Any
) -> None:
    database = open_database(DatabaseLocation.for_path(tmp_path / "empty.sqlite3"))
    context = AppContext(database, today=lambda: TODAY)
    main = MainWindow(context, qsettings)
    qtbot.addWidget(main)
    main.show()
    main.show_area(main.areas.index(main.training))
    view = main.training
    assert view.banner.isVisible() and view.load_action.isVisible()
    view.load_button.click()
    assert not view.banner.isVisible()
    assert view.courses.model.total_rows == 5 and view.roles.model.total_rows == 5
    database.close()


def test_the_dashboard_has_no_training_cards_while_nobody_responds(
    qtbot: Any, tmp_path: Path, qsettings: Any
) -> None:
    """A program with an agreement but no responders yet: the Training cards would all say
    0, so the section is hidden; the first responder brings it back."""
    from partnerdesk.core.directory.organizations import OrganizationInput, create_organization
    from partnerdesk.core.models import MouStatus, PartyRole, ResponseModel
    from partnerdesk.core.mou.commands import create_mou
    from partnerdesk.core.mou.validation import MouInput, PartyInput

    database = open_database(DatabaseLocation.for_path(tmp_path / "no-training.sqlite3"))
    with database.transaction() as session:
        police, clinic = (
            create_organization(session, OrganizationInput(name)).id
            for name in ("Lakeside Police", "Lakeside Clinic")
        )
        assert police is not None and clinic is not None
        create_mou(
            session,
            MouInput(
                reference_code="LAK-01",
                title="Co-response",
                response_model=ResponseModel.OTHER,
                parties=[PartyInput(police, PartyRole.LEAD_AGENCY), PartyInput(clinic)],
                status=MouStatus.ACTIVE,
                effective_date=TODAY - timedelta(days=30),
            ),
            today=TODAY,
        )
    main = MainWindow(AppContext(database, today=lambda: TODAY), qsettings)
    qtbot.addWidget(main)
    main.show()
    dashboard = main.dashboard
    qtbot.waitUntil(lambda: dashboard.summary is not None)
    assert dashboard.pages.currentWidget() is dashboard.overview
    assert dashboard.sections["Training"].isHidden()
    assert not dashboard.sections["Program"].isHidden()
    database.close()


def test_session_editor_refuses_bad_hours_under_the_field(
    training: TrainingView, dialogs: list[QDialog]
) -> None:
    training.new_session_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, SessionEditor)
    editor.hours_edit.setText("7,5")
    editor.save()
    assert "not a number of hours" in editor.error_text("hours")
    editor.hours_edit.setText("8")
    editor.end_edit.set_value(TODAY - timedelta(days=1))
    editor.save()
    assert "last day is before the first" in editor.error_text("end_date")


def test_the_attendance_import_reads_dates_in_the_format_the_user_declares(
    training: TrainingView,
    dialogs: list[QDialog],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    training.tabs.setCurrentWidget(training.sessions)
    assert training.sessions.select_where(lambda row: row.attendees == 3)  # the make-up
    held = training.sessions.current_row()
    assert held is not None
    sheet = tmp_path / "european.csv"
    sheet.write_text(
        f"Course;Date;Name;Hours\n{held.course};{held.start_date:%d/%m/%Y};Daniel Okafor;4\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    training.import_action.trigger()
    importer = dialogs[-1]
    assert isinstance(importer, ImportAttendanceDialog)
    assert importer.date_format_combo.currentData() is None  # nothing is guessed
    pick(importer.session_combo, "(each row names its session)")  # by course and date
    importer.check_button.click()
    assert f"'{held.start_date:%d/%m/%Y}' is not written as YYYY-MM-DD" in importer.result_text()
    pick(importer.date_format_combo, "DD/MM/YYYY (3 April 2026 is 03/04/2026)")
    importer.check_button.click()
    assert "would record 1 attendance(s)" in importer.result_text()
