"""Responders: adding people of the directory (several at once, in one role), and the
editor of one responder (role and since when, start, the day they left, notes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from sqlmodel import Session

from partnerdesk.core.models import Responder
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.training.responders import (
    CandidateRow,
    ResponderInput,
    add_responders,
    get_responder,
    people_not_responding,
    update_responder,
)
from partnerdesk.core.training.roles import role_choices
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.combos import select_data
from partnerdesk.ui.widgets.dates import DateEdit, OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.table_model import Column

CANDIDATE_COLUMNS: list[Column[CandidateRow]] = [
    Column("Name", lambda r: r.name),
    Column("Organization", lambda r: r.organization),
    Column("Title", lambda r: r.title),
]


def _role_combo(parent: QWidget, roles: list[tuple[int, str]]) -> QComboBox:
    combo = QComboBox(parent)
    for role_id, name in roles:
        combo.addItem(name, role_id)
    return combo


class AddRespondersDialog(FormDialog):
    """Pick people of the directory who are not responders yet; they respond in one role
    from one start date."""

    save_text = "&Add"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Add responders", parent, arrange=False)
        with context.database.session() as session:
            roles = role_choices(session)
        self.people: RecordList[CandidateRow] = RecordList(
            context, CANDIDATE_COLUMNS, people_not_responding, noun="people", parent=self
        )
        self.people.ensure_loaded()
        self.role_combo = _role_combo(self, roles)
        self.add_row("&Role", "role", self.role_combo)
        self.start_edit = DateEdit(context.today(), self)
        self.add_row("&Started", "start_date", self.start_edit)
        hint = QLabel(
            "Select the people who respond to calls (Ctrl+click or Shift+click for several). "
            "Not in the list? Add them in Contacts first: a responder is a person of the "
            "directory, with the same name, agency and email.",
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.people, 1)
        self.add_row("", "contact", QWidget(self))  # where "choose at least one" shows
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        open_at(self, 700, 560)
        if not roles:
            self.show_error(
                "role", "Add roles first (Courses tab, or load the standard catalogue)."
            )

    def work(self) -> Callable[[Session], Any]:
        ids = [row.id for row in self.people.selected_rows()]
        role_id = self.role_combo.currentData()
        if not ids:
            raise ValidationError("select at least one person in the list", field="contact")
        if role_id is None:
            raise ValidationError("choose a role", field="role")
        start = self.start_edit.day()
        return lambda session: add_responders(session, ids, int(role_id), start)


class ResponderEditor(FormDialog):
    """One responder: role (a different one starts on "Role from"), start, leaving, notes."""

    record_type = Responder

    def __init__(
        self, context: AppContext, responder_id: int, parent: QWidget | None = None
    ) -> None:
        with context.database.session() as session:
            detail = get_responder(session, responder_id)
            roles = role_choices(session)
        row = detail.row
        super().__init__(context, f"Responder: {row.name}", parent)
        self.record_id = responder_id
        self.seen_version = detail.row_version
        self.detail = detail
        person = QLabel(f"<b>{row.name}</b>" + (f" — {row.agency}" if row.agency else ""), self)
        person.setToolTip("Name, agency and email are the person's, in Contacts")
        self.form.addRow("Person", person)
        if row.role_id is not None and row.role_id not in dict(roles):
            roles.append((row.role_id, f"{row.role} (no longer in use)"))
        self.role_combo = _role_combo(self, roles)
        select_data(self.role_combo, row.role_id)
        self.add_row("&Role", "role", self.role_combo)
        self.since_edit = DateEdit(row.role_since or row.start_date, self)
        self.add_row("Role &from", "role_since", self.since_edit)
        self.start_edit = DateEdit(row.start_date, self)
        self.add_row("&Started", "start_date", self.start_edit)
        self.left_edit = OptionalDateEdit(
            "Left on", row.left_date, default=context.today(), parent=self
        )
        self.add_row("&Left", "left_date", self.left_edit)
        self.notes_edit = QPlainTextEdit(detail.notes, self)
        self.notes_edit.setFixedHeight(70)
        self.add_row("&Notes", "notes", self.notes_edit)
        history = "; ".join(
            f"{spell.role} from {spell.start_date.isoformat()}" for spell in detail.roles
        )
        self.history_label = QLabel(history or "—", self)
        self.history_label.setWordWrap(True)
        self.form.addRow("Roles held", self.history_label)
        self.form.addRow("Sessions attended", QLabel(str(detail.attendance), self))
        self.role_combo.currentIndexChanged.connect(self._role_changed)

    def _role_changed(self, _index: int) -> None:
        """A different role applies from a day to say (today by default)."""
        if self.role_combo.currentData() != self.detail.row.role_id:
            self.since_edit.set_day(self.context.today())
        else:
            self.since_edit.set_day(self.detail.row.role_since or self.detail.row.start_date)

    def values(self) -> ResponderInput:
        role_id = self.role_combo.currentData()
        if role_id is None:
            raise ValidationError("choose a role", field="role")
        return ResponderInput(
            contact_id=self.detail.row.contact_id,
            role_id=int(role_id),
            start_date=self.start_edit.day(),
            role_since=self.since_edit.day(),
            left_date=self.left_edit.value(),
            notes=self.notes_edit.toPlainText(),
        )

    def work(self) -> Callable[[Session], Any]:
        data, responder_id, version = self.values(), self.record_id, self.seen_version
        assert responder_id is not None

        def save(session: Session) -> int:
            update_responder(session, responder_id, data, seen_version=version)
            return responder_id

        return save
