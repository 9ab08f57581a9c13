"""Scheduling a session (or changing one): course, days, hours, place, capacity, trainers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.directory.contact_queries import list_contacts
from partnerdesk.core.models import TrainingSession
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.training.courses import course_choices, list_courses
from partnerdesk.core.training.rules import format_hours, hours_decimal, parse_hours
from partnerdesk.core.training.sessions import (
    MAX_CAPACITY,
    SessionInput,
    create_session,
    get_session,
    list_sessions,
    update_session,
)
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.combos import select_data
from partnerdesk.ui.widgets.dates import DateEdit, OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog


class TrainerPicker(QWidget):
    """People of the directory to tick as trainers, with a filter box."""

    def __init__(
        self, people: Sequence[tuple[int, str]], chosen: Sequence[int], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Find a trainer…")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setFixedHeight(120)
        wanted = set(chosen)
        # The chosen ones first, so that they are seen without scrolling.
        ordered = sorted(people, key=lambda p: (p[0] not in wanted, p[1].casefold()))
        for contact_id, label in ordered:
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, contact_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = contact_id in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.filter_edit.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def chosen(self) -> tuple[int, ...]:
        return tuple(
            int(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        )

    def set_chosen(self, contact_id: int, on: bool = True) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == contact_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class SessionEditor(FormDialog):
    """A new session (of ``course_id`` when given, on ``day``), or one to change."""

    record_type = TrainingSession

    def __init__(
        self,
        context: AppContext,
        session_id: int | None = None,
        parent: QWidget | None = None,
        *,
        course_id: int | None = None,
        day: date | None = None,
    ) -> None:
        super().__init__(
            context,
            "Schedule a training session" if session_id is None else "Training session",
            parent,
        )
        self.record_id = session_id
        with context.database.session() as session:
            courses = course_choices(session)
            self.course_hours = {row.id: row.hours for row in list_courses(session)}
            detail = get_session(session, session_id) if session_id is not None else None
            # A new session is most often another of the last one scheduled (a refresher).
            latest = list_sessions(session)[:1]
            if course_id is None and latest:
                course_id = latest[0].course_id
            people = [
                (c.id, f"{c.full_name} ({c.organization})" if c.organization else c.full_name)
                for c in list_contacts(session, active_only=True)
            ]
        if detail is not None and detail.row.course_id not in dict(courses):
            courses.append((detail.row.course_id, f"{detail.row.course} (no longer offered)"))
        self.course_combo = QComboBox(self)
        for choice_id, name in courses:
            self.course_combo.addItem(name, choice_id)
        select_data(self.course_combo, course_id)
        self.add_row("&Course", "course", self.course_combo)
        self.start_edit = DateEdit(day or context.today(), self)
        self.add_row("&First day", "start_date", self.start_edit)
        self.end_edit = OptionalDateEdit("Over several days, until", parent=self)
        self.end_edit.edit.set_day(self.start_edit.day())
        self.add_row("&Last day", "end_date", self.end_edit)
        self.hours_edit = QLineEdit(self)
        self.hours_edit.setPlaceholderText("e.g. 8, 7.5 or 7:30")
        self.add_row("&Hours", "hours", self.hours_edit)
        self.place_edit = QLineEdit(self)
        self.add_row("&Place", "place", self.place_edit)
        self.capacity_spin = QSpinBox(self)
        self.capacity_spin.setRange(0, MAX_CAPACITY)
        self.capacity_spin.setSpecialValueText("No limit")
        self.add_row("C&apacity", "capacity", self.capacity_spin)
        self.trainers = TrainerPicker(people, detail.trainer_ids if detail else (), self)
        self.add_row("&Trainers", "trainers", self.trainers)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setFixedHeight(60)
        self.add_row("&Notes", "notes", self.notes_edit)
        self._hours_typed = False
        self.hours_edit.textEdited.connect(lambda _text: setattr(self, "_hours_typed", True))
        self.course_combo.currentIndexChanged.connect(self._course_changed)
        self.start_edit.sig_day_changed.connect(self._start_changed)
        if detail is not None:
            row = detail.row
            self.seen_version = detail.row_version
            self._hours_typed = True
            select_data(self.course_combo, row.course_id)
            self.start_edit.set_day(row.start_date)
            self.end_edit.set_value(row.end_date if row.end_date != row.start_date else None)
            self.hours_edit.setText(f"{hours_decimal(row.hours)}")
            self.place_edit.setText(row.place)
            self.capacity_spin.setValue(row.capacity or 0)
            self.notes_edit.setPlainText(detail.notes)
        else:
            self._course_changed()
        if not courses:
            self.show_error("course", "Add a course first (Courses tab).")

    def _course_changed(self, *_args: Any) -> None:
        """A new session lasts as long as its course, until the user types other hours."""
        hours = self.course_hours.get(self.course_combo.currentData())
        if hours is not None and not self._hours_typed:
            self.hours_edit.setText(f"{hours_decimal(hours)}")
            self.hours_edit.setToolTip(f"The course usually lasts {format_hours(hours)}")

    def _start_changed(self, *_args: Any) -> None:
        if self.end_edit.value() is None or self.end_edit.edit.day() < self.start_edit.day():
            self.end_edit.edit.set_day(self.start_edit.day())

    def values(self) -> SessionInput:
        course_id = self.course_combo.currentData()
        if course_id is None:
            raise ValidationError("choose a course", field="course")
        return SessionInput(
            course_id=int(course_id),
            start_date=self.start_edit.day(),
            hours=parse_hours(self.hours_edit.text(), "hours"),
            end_date=self.end_edit.value(),
            place=self.place_edit.text(),
            capacity=self.capacity_spin.value() or None,
            trainer_ids=self.trainers.chosen(),
            notes=self.notes_edit.toPlainText(),
        )

    def work(self) -> Callable[[Session], Any]:
        data, session_id, version = self.values(), self.record_id, self.seen_version
        if session_id is None:
            return lambda session: create_session(session, data)

        def save(session: Session) -> int:
            update_session(session, session_id, data, seen_version=version)
            return session_id

        return save
