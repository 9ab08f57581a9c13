"""A user-defined group (its name and description), and adding people to a group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.directory.contact_queries import ContactRow, list_contacts
from partnerdesk.core.directory.groups import GroupRow, group_members
from partnerdesk.core.models import StakeholderGroup
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.table_model import Column
from partnerdesk.ui.widgets.text_caps import cap_to_field


class GroupDialog(FormDialog):
    """Name and description of a user-defined group (new, or renaming one)."""

    record_type = StakeholderGroup

    def __init__(
        self, context: AppContext, group: GroupRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "New group" if group is None else f"Edit {group.name}", parent)
        self.group = group
        self.record_id = group.id if group is not None else None
        self.name_edit = QLineEdit(group.name if group else "", self)
        self.name_edit.setPlaceholderText("e.g. Data and evaluation subcommittee")
        self.add_row("&Name", "name", self.name_edit)
        self.description_edit = QPlainTextEdit(group.description if group else "", self)
        self.description_edit.setMaximumHeight(80)
        self.description_edit.setTabChangesFocus(True)
        cap_to_field(self.description_edit, StakeholderGroup, "description")
        self.form.addRow("&Description", self.description_edit)
        self.setMinimumWidth(440)

    def work(self) -> Callable[[Session], int]:
        from partnerdesk.core.directory.groups import create_group, update_group

        name, description = self.name_edit.text(), self.description_edit.toPlainText()
        group_id = self.record_id

        def job(session: Session) -> int:
            if group_id is None:
                saved = create_group(session, name, description)
            else:
                saved = update_group(session, group_id, name, description)
            assert saved.id is not None
            return saved.id

        return job


class AddMembersDialog(QDialog):
    """Pick active people who are not in the group yet (several at once)."""

    def __init__(
        self,
        context: AppContext,
        group: GroupRow,
        columns: list[Column[ContactRow]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.group = group
        self.setWindowTitle(f"Add people to {group.name}")

        def candidates(session: Session) -> list[ContactRow]:
            present = {m.contact_id for m in group_members(session, group.id)}
            return [c for c in list_contacts(session, active_only=True) if c.id not in present]

        self.people: RecordList[ContactRow] = RecordList(
            context, columns, candidates, noun="people", one="person", parent=self
        )
        self.people.ensure_loaded()
        self.people.sig_row_activated.connect(lambda _row: self.save())
        hint = QLabel("Select one or more people (Ctrl+click, Shift+click), then Add.", self)
        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton("&Add", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.add_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.people, 1)
        layout.addWidget(buttons)
        open_at(self, 640, 480)

    def save(self) -> None:
        from partnerdesk.core.directory.groups import add_members

        ids = [row.id for row in self.people.selected_rows()]
        if not ids:
            QMessageBox.information(self, APP_NAME, "Select the people to add first.")
            return
        database, group_id = self.context.database, self.group.id

        def job(_progress: Any) -> int:
            with database.transaction() as session:
                return add_members(session, group_id, ids)

        def failed(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(self, APP_NAME, error_message(exc))

        run_task(job, lambda _added: self.accept(), failed, parent=self)
