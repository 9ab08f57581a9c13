"""Training area: who is ready (the people x requirements matrix), the responders, the
sessions with their sign-in and attendance sheets, the catalogue (courses, what each role
requires, roles), and completion rates by agency and role.

The usual path: schedule a session (Ctrl+N), print its sign-in sheet (Ctrl+Shift+P),
record who came (Ctrl+R) or import the filled-in attendance sheet (Ctrl+I); the matrix
turns green as requirements are met.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.training.courses import (
    CourseRow,
    RequirementRow,
    list_courses,
    list_requirements,
)
from partnerdesk.core.training.rates import RateRow, rate_table
from partnerdesk.core.training.responders import ResponderRow, list_responders
from partnerdesk.core.training.roles import RoleRow, list_roles
from partnerdesk.core.training.rules import format_hours
from partnerdesk.core.training.sessions import SessionRow, list_sessions
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, GREY, RED
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column
from partnerdesk.ui.widgets.training_matrix import MATRIX_KINDS, MatrixPane

CATALOGUE_KINDS = (
    ChangeKind.TRAINING_COURSE,
    ChangeKind.TRAINING_REQUIREMENT,
    ChangeKind.TRAINING_ROLE,
    ChangeKind.TRAINING_SESSION,
    ChangeKind.RESPONDER,
)
MONTHS_SHOWN = 12


def _left_grey(today: Any) -> Any:
    return lambda r: GREY if r.left_date is not None and r.left_date <= today() else None


def _rate_colour(rate: Any) -> str | None:
    if rate.rate is None:
        return None
    return RED if rate.rate < 80 else AMBER if rate.rate < 95 else None


def _month_text(row: RateRow, index: int) -> str:
    rate = row.months[index].rate
    return "" if rate is None else f"{rate} %"


def _month_colour(row: RateRow, index: int) -> str | None:
    return _rate_colour(row.months[index])


def _month_tooltip(row: RateRow, index: int) -> str:
    month = row.months[index]
    return f"{month.describe()}; {month.late} late, {month.missing} missing"


class TrainingView(AreaView):
    title = "Training"
    shortcut_number = 7  # Ctrl+6 is the outcomes area's

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        today = context.today
        self.matrix = MatrixPane(context, self)
        self.matrix.sig_open_responder.connect(self.edit_responder)
        self.responders: RecordList[ResponderRow] = RecordList(
            context,
            [
                Column("Name", lambda r: r.name, colour=_left_grey(today)),
                Column("Agency", lambda r: r.agency),
                Column("Role", lambda r: r.role),
                Column("Role since", lambda r: r.role_since),
                Column("Started", lambda r: r.start_date),
                Column("Left", lambda r: r.left_date),
                Column("Email", lambda r: r.email),
            ],
            list_responders,
            kinds=MATRIX_KINDS,
            noun="responders",
        )
        self.sessions: RecordList[SessionRow] = RecordList(
            context,
            [
                Column("Session", lambda r: f"S-{r.id}"),
                Column("When", lambda r: r.dates()),
                Column("Course", lambda r: r.course),
                Column("Hours", lambda r: format_hours(r.hours), align_right=True),
                Column("Attended", lambda r: r.seats(), align_right=True),
                Column(
                    "Status",
                    lambda r: "Scheduled" if r.start_date > today() else "Held",
                    colour=lambda r: AMBER if r.start_date > today() else None,
                ),
                Column("Place", lambda r: r.place),
                Column("Trainers", lambda r: r.trainers),
            ],
            list_sessions,
            kinds=CATALOGUE_KINDS,
            noun="sessions",
        )
        self.courses: RecordList[CourseRow] = RecordList(
            context,
            [
                Column("Course", lambda r: r.name, colour=lambda r: None if r.active else GREY),
                Column("Hours", lambda r: format_hours(r.hours), align_right=True),
                Column("Required of", lambda r: r.required_by),
                Column("Sessions", lambda r: r.sessions, align_right=True),
                Column("Offered", lambda r: r.active),
            ],
            list_courses,
            kinds=CATALOGUE_KINDS,
            noun="courses",
        )
        self.requirements: RecordList[RequirementRow] = RecordList(
            context,
            [
                Column("Role", lambda r: r.role),
                Column("Course", lambda r: r.course),
                Column("What completes it", lambda r: r.describe()),
            ],
            list_requirements,
            kinds=CATALOGUE_KINDS,
            noun="requirements",
        )
        self.roles: RecordList[RoleRow] = RecordList(
            context,
            [
                Column("Role", lambda r: r.name, colour=lambda r: None if r.active else GREY),
                Column("Responders", lambda r: r.responders, align_right=True),
                Column("Requirements", lambda r: r.requirements, align_right=True),
                Column("In use", lambda r: r.active),
            ],
            list_roles,
            kinds=CATALOGUE_KINDS,
            noun="roles",
        )
        self.rates: RecordList[RateRow] = RecordList(
            context,
            self._rate_columns(),
            lambda session: list(rate_table(session, today(), MONTHS_SHOWN).rows),
            kinds=MATRIX_KINDS,
            noun="groups",
        )
        self._catalogue_list: RecordList[Any] = self.courses
        for lst in (self.courses, self.requirements, self.roles):
            lst.sig_selection_changed.connect(lambda lst=lst: self._catalogue_chosen(lst))
            lst.sig_row_activated.connect(lambda _row, lst=lst: self._edit_catalogue(lst))
        self.responders.sig_row_activated.connect(lambda row: self.edit_responder(row.id))
        self.sessions.sig_row_activated.connect(lambda row: self.edit_session(row.id))

        catalogue = QSplitter(Qt.Orientation.Vertical, self)
        upper = QSplitter(Qt.Orientation.Horizontal, catalogue)
        upper.addWidget(self.courses)
        upper.addWidget(self.roles)
        upper.setSizes([700, 380])
        catalogue.addWidget(upper)
        catalogue.addWidget(self.requirements)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.matrix, "Readiness")
        self.tabs.addTab(self.responders, "Responders")
        self.tabs.addTab(self.sessions, "Sessions")
        self.tabs.addTab(catalogue, "Courses and requirements")
        rates_page = QWidget(self)
        rates_layout = QVBoxLayout(rates_page)
        rates_layout.setContentsMargins(0, 0, 0, 0)
        explanation = QLabel(
            "Completion rate: of the trainings that fell due in each month (an initial "
            "training, each quarterly refresher), the share completed by their due date. "
            "Hover over a cell for late and missing ones.",
            rates_page,
        )
        explanation.setWordWrap(True)
        rates_layout.addWidget(explanation)
        rates_layout.addWidget(self.rates, 1)
        self.tabs.addTab(rates_page, "Completion rates")

        self.banner = QWidget(self)
        banner_layout = QHBoxLayout(self.banner)
        self.banner_text = QLabel(
            "No courses or roles yet. Start from the standard catalogue: five roles (police "
            "officer, clinician, peer specialist, dispatcher / call-taker, supervisor), the "
            "40-hour joint initial training, quarterly refreshers and three more courses, "
            "with what each role requires. Change any of it afterwards.",
            self.banner,
        )
        self.banner_text.setWordWrap(True)
        self.load_button = QPushButton("Load standard catalogue", self.banner)
        self.load_button.clicked.connect(self.load_standard_catalogue)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.load_button)
        self.banner.setStyleSheet("background: #eef4fb; border-radius: 4px;")
        self.banner.hide()
        self.roles.sig_loaded.connect(self._update_banner)
        self.courses.sig_loaded.connect(self._update_banner)

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self._make_actions()
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        for shown in (self.responders, self.sessions, self.courses, self.requirements, self.roles):
            shown.sig_selection_changed.connect(self._update_actions)
        self._update_actions()
        self.watch(CATALOGUE_KINDS)

    def _rate_columns(self) -> list[Column[RateRow]]:
        from partnerdesk.core.platform.dates import add_months

        first = add_months(self.context.today().replace(day=1), -(MONTHS_SHOWN - 1))
        columns: list[Column[RateRow]] = [
            Column("Group", lambda r: r.group),
            Column("Name", lambda r: r.name),
        ]
        columns.append(
            Column(
                "12 months",
                lambda r: r.total.describe(),
                colour=lambda r: _rate_colour(r.total),
                tooltip=lambda r: f"{r.total.late} late, {r.total.missing} missing",
            )
        )
        for index in range(MONTHS_SHOWN):
            columns.append(
                Column(
                    add_months(first, index).strftime("%b %Y"),
                    partial(_month_text, index=index),
                    colour=partial(_month_colour, index=index),
                    align_right=True,
                    tooltip=partial(_month_tooltip, index=index),
                )
            )
        return columns

    def _make_actions(self) -> None:
        add = self.add_action
        self.new_session_action = add(
            "&New session…",
            self.new_session,
            "Ctrl+N",
            tip="Schedule a training session",
            short="New session",
        )
        self.add_responders_action = add(
            "&Add responders…", self.add_responders, "Ctrl+Shift+N", short="Add responders"
        )
        self.edit_action = add("&Edit…", self.edit_selected, "Ctrl+E")
        self.edit_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Return")])
        self.attendance_action = add(
            "&Record attendance…", self.record_attendance, "Ctrl+R", short="Attendance"
        )
        self.sign_in_action = add(
            "Print &sign-in sheet…",
            self.sign_in_sheet,
            "Ctrl+Shift+P",
            tip="The session's sign-in sheet (.docx), to print",
            short="Sign-in sheet",
        )
        self.attendance_sheet_action = add(
            "Attendance s&heet (.xlsx)…",
            self.attendance_sheet,
            toolbar=False,
            tip="A spreadsheet of the session's people to fill in and import back",
        )
        self.import_action = add(
            "&Import attendance…", self.import_attendance, "Ctrl+I", short="Import"
        )
        self.print_action = add(
            "&Print matrix…", self.print_matrix, QKeySequence.StandardKey.Print, short="Print"
        )
        self.export_action = add(
            "E&xport…",
            self.export,
            "Ctrl+Shift+E",
            tip="The training workbook (.xlsx) or the printable matrix (.html)",
        )
        self.delete_action = add("&Delete…", self.delete_selected, "Delete")
        self.new_course_action = add("New &course…", self.new_course, toolbar=False)
        self.new_requirement_action = add("New re&quirement…", self.new_requirement, toolbar=False)
        self.new_role_action = add("New r&ole…", self.new_role, toolbar=False)
        self.load_action = add(
            "&Load standard catalogue", self.load_standard_catalogue, toolbar=False
        )

    # -- state
    def current_list(self) -> RecordList[Any] | None:
        page = self.tabs.currentWidget()
        if page is self.responders or page is self.sessions:
            return page
        if page is self.rates.parentWidget():
            return self.rates
        return self._catalogue_list if self.tabs.currentIndex() == 3 else None

    def focus_filter(self) -> None:
        if self.tabs.currentWidget() is self.matrix:
            self.matrix.focus_filter()
        else:
            super().focus_filter()

    def _catalogue_chosen(self, chosen: RecordList[Any]) -> None:
        if chosen.current_row() is not None:
            self._catalogue_list = chosen
        self._update_actions()

    def _update_actions(self) -> None:
        page = self.tabs.currentWidget()
        on_sessions = page is self.sessions and self.sessions.current_row() is not None
        for action in (self.attendance_action, self.sign_in_action, self.attendance_sheet_action):
            action.setEnabled(page is not self.sessions or on_sessions)
        editable = page is self.matrix or (
            (lst := self.current_list()) is not None
            and lst is not self.rates
            and lst.current_row() is not None
        )
        self.edit_action.setEnabled(editable)
        self.delete_action.setEnabled(editable and page is not self.matrix)

    def _update_banner(self) -> None:
        empty = self.roles.model.total_rows == 0 and self.courses.model.total_rows == 0
        self.banner.setVisible(empty)
        self.load_action.setVisible(empty)

    def reload(self) -> None:
        super().reload()
        self.roles.ensure_loaded()
        self.courses.ensure_loaded()

    # -- the dashboard's way in
    def show_attention(self) -> None:
        self.tabs.setCurrentWidget(self.matrix)
        self.matrix.show_attention()

    # -- responders
    def add_responders(self) -> None:
        from partnerdesk.ui.dialogs.training.responder import AddRespondersDialog

        self.run_dialog(AddRespondersDialog(self.context, self))

    def edit_responder(self, responder_id: int) -> None:
        from partnerdesk.ui.dialogs.training.responder import ResponderEditor

        self.run_dialog(ResponderEditor(self.context, responder_id, self))

    # -- sessions
    def new_session(self) -> None:
        from partnerdesk.ui.dialogs.training.session import SessionEditor

        dialog = SessionEditor(self.context, parent=self)
        dialog.sig_saved.connect(self._show_session)
        self.run_dialog(dialog)

    def edit_session(self, session_id: int) -> None:
        from partnerdesk.ui.dialogs.training.session import SessionEditor

        self.run_dialog(SessionEditor(self.context, session_id, self))

    def _show_session(self, session_id: int) -> None:
        """After scheduling: the Sessions tab, the new session selected (to print its
        sign-in sheet next)."""
        self.tabs.setCurrentWidget(self.sessions)
        self.sessions.reload()
        self.sessions.select_where(lambda row: row.id == session_id)

    def selected_session(self) -> SessionRow | None:
        if self.tabs.currentWidget() is not self.sessions:
            self.tabs.setCurrentWidget(self.sessions)
        return self.selected(self.sessions, "a session")

    def record_attendance(self) -> None:
        from partnerdesk.ui.dialogs.training.attendance import AttendanceDialog

        row = self.selected_session()
        if row is not None:
            self.run_dialog(AttendanceDialog(self.context, row.id, self))

    def sign_in_sheet(self) -> None:
        from partnerdesk.ui.dialogs.training.files import save_sign_in_sheet

        row = self.selected_session()
        if row is not None:
            save_sign_in_sheet(self, self.context, row)

    def attendance_sheet(self) -> None:
        from partnerdesk.ui.dialogs.training.files import save_attendance_sheet

        row = self.selected_session()
        if row is not None:
            save_attendance_sheet(self, self.context, row)

    def import_attendance(self) -> None:
        from pathlib import Path

        from partnerdesk.ui.dialogs.training.attendance_import import ImportAttendanceDialog

        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import attendance",
            str(Path.home()),
            "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)",
        )
        if not name:
            return
        on_sessions = self.tabs.currentWidget() is self.sessions
        row = self.sessions.current_row() if on_sessions else None
        self.run_dialog(
            ImportAttendanceDialog(
                self.context, Path(name), self, session_id=row.id if row else None
            )
        )

    # -- catalogue
    def new_course(self) -> None:
        from partnerdesk.ui.dialogs.training.catalogue import CourseEditor

        self.tabs.setCurrentIndex(3)
        self.run_dialog(CourseEditor(self.context, parent=self))

    def new_requirement(self) -> None:
        from partnerdesk.ui.dialogs.training.catalogue import RequirementEditor

        self.tabs.setCurrentIndex(3)
        role, course = self.roles.current_row(), self.courses.current_row()
        self.run_dialog(
            RequirementEditor(
                self.context,
                parent=self,
                role_id=role.id if role else None,
                course_id=course.id if course else None,
            )
        )

    def new_role(self) -> None:
        from partnerdesk.ui.dialogs.training.catalogue import RoleEditor

        self.tabs.setCurrentIndex(3)
        self.run_dialog(RoleEditor(self.context, parent=self))

    def _edit_catalogue(self, chosen: RecordList[Any]) -> None:
        from partnerdesk.ui.dialogs.training.catalogue import (
            CourseEditor,
            RequirementEditor,
            RoleEditor,
        )

        row = chosen.current_row()
        if row is None:
            return
        editors = {
            id(self.courses): CourseEditor,
            id(self.requirements): RequirementEditor,
            id(self.roles): RoleEditor,
        }
        self.run_dialog(editors[id(chosen)](self.context, row.id, self))

    def load_standard_catalogue(self) -> None:
        from partnerdesk.core.training.seed import load_standard_catalogue

        self.run_write(
            load_standard_catalogue,
            done=lambda _ids: self.show_status(
                "Loaded the standard roles, courses and requirements"
            ),
        )

    # -- either
    def edit_selected(self) -> None:
        page = self.tabs.currentWidget()
        if page is self.matrix:
            person = self.matrix.current_person()
            if person is None:
                QMessageBox.information(self, APP_NAME, "Select a person in the matrix first.")
            else:
                self.edit_responder(person.responder_id)
        elif page is self.responders:
            if (responder := self.selected(self.responders, "a responder")) is not None:
                self.edit_responder(responder.id)
        elif page is self.sessions:
            if (session_row := self.selected(self.sessions, "a session")) is not None:
                self.edit_session(session_row.id)
        elif self.tabs.currentIndex() == 3:
            self._edit_catalogue(self._catalogue_list)

    def delete_selected(self) -> None:
        found = self._deletion()
        if found is None:
            return
        what, job = found
        answer = QMessageBox.question(
            self, APP_NAME, f"Delete {what}? The audit log keeps a record of it."
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run_write(job)

    def _deletion(self) -> tuple[str, Callable[[Session], object]] | None:
        """What Delete would remove on the tab shown, in words, and the job doing it."""
        from partnerdesk.core.training import courses, responders, roles, sessions

        page = self.tabs.currentWidget()
        if page is self.responders and (person := self.responders.current_row()) is not None:
            return (
                f"{person.name} as a responder (they stay in Contacts)",
                partial(responders.delete_responder, responder_id=person.id),
            )
        if page is self.sessions and (meeting := self.sessions.current_row()) is not None:
            records = (
                f" and its {meeting.attendees} attendance record(s)" if meeting.attendees else ""
            )
            return (
                f"the {meeting.label()} session{records}",
                partial(sessions.delete_session, session_id=meeting.id),
            )
        if self.tabs.currentIndex() != 3:
            return None
        chosen = self._catalogue_list
        row = chosen.current_row()
        if row is None:
            return None
        if chosen is self.courses:
            return f"the course {row.name}", partial(courses.delete_course, course_id=row.id)
        if chosen is self.requirements:
            return (
                f"the requirement {row.role}: {row.course}",
                partial(courses.delete_requirement, requirement_id=row.id),
            )
        return f"the role {row.name}", partial(roles.delete_role, role_id=row.id)

    # -- files
    def print_matrix(self) -> None:
        from partnerdesk.core.platform.settings import load_settings
        from partnerdesk.ui.dialogs.training.files import print_matrix, visible_readiness

        result = self.matrix.model.result
        if result is None:
            self.tabs.setCurrentWidget(self.matrix)
            return
        with self.context.database.session() as session:
            program = load_settings(session).program_name
        shown = visible_readiness(result, self.matrix.visible_people(), result.today)
        print_matrix(self, shown, program, self.run_dialog)

    def export(self) -> None:
        from partnerdesk.ui.dialogs.training.files import export_training

        export_training(self, self.context)
