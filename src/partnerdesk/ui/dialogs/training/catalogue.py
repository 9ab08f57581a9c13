"""The catalogue's editors: a course, a requirement (what a role must complete, by when,
how often), a role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.models import TrainingCourse, TrainingRole
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.training.courses import (
    MAX_DUE_DAYS,
    MAX_RECURRENCE_MONTHS,
    CourseInput,
    RequirementInput,
    course_choices,
    create_course,
    create_requirement,
    get_requirement,
    list_courses,
    update_course,
    update_requirement,
)
from partnerdesk.core.training.roles import create_role, list_roles, role_choices, update_role
from partnerdesk.core.training.rules import hours_decimal, parse_hours
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.combos import select_data
from partnerdesk.ui.widgets.form import FormDialog


class CourseEditor(FormDialog):
    record_type = TrainingCourse

    def __init__(
        self, context: AppContext, course_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "New course" if course_id is None else "Course", parent)
        self.record_id = course_id
        self.name_edit = QLineEdit(self)
        self.add_row("&Name", "name", self.name_edit)
        self.hours_edit = QLineEdit(self)
        self.hours_edit.setPlaceholderText("how long it usually lasts, e.g. 8 or 7.5")
        self.add_row("&Hours", "hours", self.hours_edit)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setFixedHeight(80)
        self.add_row("&Description", "description", self.description_edit)
        self.active_check = QCheckBox("Offered (inactive courses leave the choices)", self)
        self.active_check.setChecked(True)
        self.add_row("", "active", self.active_check)
        if course_id is not None:
            with context.database.session() as session:
                row = next(r for r in list_courses(session) if r.id == course_id)
            self.seen_version = row.row_version
            self.name_edit.setText(row.name)
            self.hours_edit.setText(f"{hours_decimal(row.hours)}")
            self.description_edit.setPlainText(row.description)
            self.active_check.setChecked(row.active)

    def work(self) -> Callable[[Session], Any]:
        data = CourseInput(
            self.name_edit.text(),
            parse_hours(self.hours_edit.text(), "hours"),
            self.description_edit.toPlainText(),
            self.active_check.isChecked(),
        )
        course_id, version = self.record_id, self.seen_version
        if course_id is None:
            return lambda session: create_course(session, data)

        def save(session: Session) -> int:
            update_course(session, course_id, data, seen_version=version)
            return course_id

        return save


class RequirementEditor(FormDialog):
    """What a role must complete: hours of a course, within N days, once or every N months."""

    def __init__(
        self,
        context: AppContext,
        requirement_id: int | None = None,
        parent: QWidget | None = None,
        *,
        role_id: int | None = None,
        course_id: int | None = None,
    ) -> None:
        super().__init__(
            context, "New requirement" if requirement_id is None else "Requirement", parent
        )
        self.record_id = requirement_id
        with context.database.session() as session:
            roles = role_choices(session)
            courses = course_choices(session)
            self.course_hours = {row.id: row.hours for row in list_courses(session)}
            row = get_requirement(session, requirement_id) if requirement_id is not None else None
        self.role_combo = QComboBox(self)
        for choice_id, name in roles:
            self.role_combo.addItem(name, choice_id)
        self.add_row("&Role", "role", self.role_combo)
        self.course_combo = QComboBox(self)
        for choice_id, name in courses:
            self.course_combo.addItem(name, choice_id)
        self.add_row("&Course", "course", self.course_combo)
        self.hours_edit = QLineEdit(self)
        self.hours_edit.setToolTip(
            "Attendance adds up over sessions: 40 hours over five days complete a 40-hour course"
        )
        self.add_row("&Hours that complete it", "hours", self.hours_edit)
        self.days_spin = QSpinBox(self)
        self.days_spin.setRange(0, MAX_DUE_DAYS)
        self.days_spin.setValue(90)
        self.days_spin.setSuffix(" days after taking up the role")
        self.add_row("&Due within", "due_within_days", self.days_spin)
        self.repeat_check = QCheckBox("Repeat every", self)
        self.months_spin = QSpinBox(self)
        self.months_spin.setRange(1, MAX_RECURRENCE_MONTHS)
        self.months_spin.setValue(3)
        self.months_spin.setSuffix(" months after the last completion")
        repeat = QWidget(self)
        repeat_layout = QHBoxLayout(repeat)
        repeat_layout.setContentsMargins(0, 0, 0, 0)
        repeat_layout.addWidget(self.repeat_check)
        repeat_layout.addWidget(self.months_spin, 1)
        self.repeat_check.toggled.connect(self.months_spin.setEnabled)
        self.months_spin.setEnabled(False)
        self.add_row("Re&fresh", "recurrence_months", repeat)
        self.course_combo.currentIndexChanged.connect(self._course_changed)
        if row is not None:
            self.seen_version = row.row_version
            if row.role_id not in dict(roles):
                self.role_combo.addItem(row.role, row.role_id)
            if row.course_id not in dict(courses):
                self.course_combo.addItem(row.course, row.course_id)
            select_data(self.role_combo, row.role_id)
            select_data(self.course_combo, row.course_id)
            self.hours_edit.setText(f"{hours_decimal(row.hours)}")
            self.days_spin.setValue(row.due_within_days)
            self.repeat_check.setChecked(row.recurrence_months is not None)
            self.months_spin.setValue(row.recurrence_months or 3)
        else:
            select_data(self.role_combo, role_id)
            select_data(self.course_combo, course_id)
            self._course_changed()

    def _course_changed(self, *_args: Any) -> None:
        hours = self.course_hours.get(self.course_combo.currentData())
        if hours is not None and self.record_id is None:
            self.hours_edit.setText(f"{hours_decimal(hours)}")

    def work(self) -> Callable[[Session], Any]:
        role_id, course_id = self.role_combo.currentData(), self.course_combo.currentData()
        if role_id is None:
            raise ValidationError("choose a role", field="role")
        if course_id is None:
            raise ValidationError("choose a course", field="course")
        data = RequirementInput(
            int(role_id),
            int(course_id),
            parse_hours(self.hours_edit.text(), "hours"),
            self.days_spin.value(),
            self.months_spin.value() if self.repeat_check.isChecked() else None,
        )
        requirement_id, version = self.record_id, self.seen_version
        if requirement_id is None:
            return lambda session: create_requirement(session, data)

        def save(session: Session) -> int:
            update_requirement(session, requirement_id, data, seen_version=version)
            return requirement_id

        return save


class RoleEditor(FormDialog):
    record_type = TrainingRole

    def __init__(
        self, context: AppContext, role_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "New role" if role_id is None else "Role", parent)
        self.record_id = role_id
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("e.g. Crisis counselor")
        self.add_row("&Name", "name", self.name_edit)
        self.active_check = QCheckBox("In use (inactive roles leave the choices)", self)
        self.active_check.setChecked(True)
        self.add_row("", "active", self.active_check)
        if role_id is not None:
            with context.database.session() as session:
                row = next(r for r in list_roles(session) if r.id == role_id)
            self.seen_version = row.row_version
            self.name_edit.setText(row.name)
            self.active_check.setChecked(row.active)

    def work(self) -> Callable[[Session], Any]:
        name, active = self.name_edit.text(), self.active_check.isChecked()
        role_id, version = self.record_id, self.seen_version
        if role_id is None:
            return lambda session: create_role(session, name)

        def save(session: Session) -> int:
            update_role(session, role_id, name, active, seen_version=version)
            return role_id

        return save
