"""Contacts area: the stakeholder directory.

Three tabs over one search box: People, Organizations (with what each one is involved in)
and Groups (the working group, the sustainability committee and the user's own groups,
each with its members, their emails in one piece, and a roster export).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.directory.contact_queries import ContactRow, list_contacts
from partnerdesk.core.directory.groups import GroupRow, MemberRow, group_members, list_groups
from partnerdesk.core.directory.organizations import OrganizationRow, list_organizations
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column
from partnerdesk.ui.tasks import error_message, run_task

INACTIVE_COLOUR = "#6b6b6b"
ENTITY_TYPES = ("contact", "organization", "group", "mou", "funding_source")


def _inactive(row: Any) -> str | None:
    return None if row.active else INACTIVE_COLOUR


CONTACT_COLUMNS: list[Column[ContactRow]] = [
    Column("Name", lambda r: r.full_name, colour=_inactive),
    Column("Organization", lambda r: r.organization),
    Column("Title", lambda r: r.title),
    Column("Email", lambda r: r.email),
    Column("Phone", lambda r: r.phone),
    Column("Groups", lambda r: r.groups),
    Column("Active", lambda r: r.active),
]

ORGANIZATION_COLUMNS: list[Column[OrganizationRow]] = [
    Column("Organization", lambda r: r.name, colour=_inactive),
    Column("Kind", lambda r: r.kind),
    Column("Phone", lambda r: r.phone),
    Column("Website", lambda r: r.website),
    Column("Contacts", lambda r: r.contacts, align_right=True),
    Column("Active", lambda r: r.active),
]

GROUP_COLUMNS: list[Column[GroupRow]] = [
    Column("Group", lambda r: r.name),
    Column("Members", lambda r: r.members, align_right=True),
]

MEMBER_COLUMNS: list[Column[MemberRow]] = [
    Column("Name", lambda r: r.full_name, colour=_inactive),
    Column("Organization", lambda r: r.organization),
    Column("Title", lambda r: r.title),
    Column("Role in group", lambda r: r.role_in_group),
    Column("Email", lambda r: r.email),
    Column("Phone", lambda r: r.phone),
    Column("Active", lambda r: r.active),
]

EXPORT_FILTERS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV file (*.csv)": ".csv",
    "vCard for address books (*.vcf)": ".vcf",
}


class GroupDialog(QDialog):
    """Name and description of a user-defined group (new, or renaming one)."""

    def __init__(
        self, context: AppContext, group: GroupRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.group = group
        self.setWindowTitle("New group" if group is None else f"Edit {group.name}")
        self.name_edit = QLineEdit(group.name if group else "", self)
        self.name_edit.setPlaceholderText("e.g. Data and evaluation subcommittee")
        self.description_edit = QPlainTextEdit(group.description if group else "", self)
        self.description_edit.setMaximumHeight(80)
        self.description_edit.setTabChangesFocus(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name", self.name_edit)
        form.addRow("", self.error)
        form.addRow("&Description", self.description_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def save(self) -> None:
        from partnerdesk.core.directory.groups import create_group, update_group

        name, description = self.name_edit.text(), self.description_edit.toPlainText()
        database, group = self.context.database, self.group

        def job(_progress: Any) -> int:
            with database.transaction() as session:
                if group is None:
                    saved = create_group(session, name, description)
                else:
                    saved = update_group(session, group.id, name, description)
                assert saved.id is not None
                return saved.id

        def failed(exc: BaseException, _trace: str) -> None:
            self.error.setText(error_message(exc))

        def done(group_id: int) -> None:
            self.saved_id = group_id
            self.context.sig_data_changed.emit("group")
            self.accept()

        run_task(job, done, failed, parent=self)


class AddMembersDialog(QDialog):
    """Pick active people who are not in the group yet (several at once)."""

    def __init__(self, context: AppContext, group: GroupRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.group = group
        self.setWindowTitle(f"Add people to {group.name}")

        def candidates(session: Session) -> list[ContactRow]:
            present = {m.contact_id for m in group_members(session, group.id)}
            return [c for c in list_contacts(session, active_only=True) if c.id not in present]

        self.people: RecordList[ContactRow] = RecordList(
            context, CONTACT_COLUMNS[:3], candidates, noun="people", parent=self
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
        self.resize(640, 480)

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

        def done(_added: int) -> None:
            self.context.sig_data_changed.emit("group")
            self.accept()

        run_task(
            job,
            done,
            lambda exc, _t: QMessageBox.warning(self, APP_NAME, error_message(exc)),
            parent=self,
        )


class ContactsView(QWidget):
    title = "Contacts"
    sig_open_mou = Signal(int)  # an MOU link in an organization's detail was clicked

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QDialog | None = None  # the editor or dialog open right now
        self._group_id: int | None = None
        self._members_sized = False

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search people and organizations… (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search)

        # -- people
        # Inactive people and organizations leave the lists unless asked for (they stay on
        # their MOUs, sources and groups).
        self.show_inactive = QCheckBox("Show &inactive", self)
        self.show_inactive.setToolTip("Also list people and organizations no longer active")
        self.show_inactive.toggled.connect(self._inactive_toggled)
        self.contacts: RecordList[ContactRow] = RecordList(
            context,
            CONTACT_COLUMNS,
            self._load_contacts,
            entity_types=ENTITY_TYPES,
            noun="contacts",
        )
        self.contacts.filter_edit.hide()  # the view's search box drives it
        self.contacts.sig_row_activated.connect(lambda row: self.edit_contact(row.id))

        # -- organizations, with what each is involved in
        self.organizations: RecordList[OrganizationRow] = RecordList(
            context,
            ORGANIZATION_COLUMNS,
            self._load_organizations,
            entity_types=ENTITY_TYPES,
            noun="organizations",
        )
        self.organizations.filter_edit.hide()
        self.organizations.sig_row_activated.connect(lambda row: self.edit_organization(row.id))
        self.org_detail = QTextBrowser(self)
        self.org_detail.setOpenLinks(False)
        self.org_detail.anchorClicked.connect(self._follow_link)
        self.org_detail.setPlaceholderText(
            "Select an organization to see its contacts, MOUs and funding sources."
        )
        org_page = QSplitter(Qt.Orientation.Vertical, self)
        org_page.addWidget(self.organizations)
        org_page.addWidget(self.org_detail)
        org_page.setStretchFactor(0, 3)
        org_page.setStretchFactor(1, 2)
        self.organizations.sig_selection_changed.connect(self.show_organization_detail)
        self.organizations.sig_loaded.connect(self.show_organization_detail)

        # -- groups
        self.groups: RecordList[GroupRow] = RecordList(
            context, GROUP_COLUMNS, list_groups, entity_types=ENTITY_TYPES, noun="groups"
        )
        self.groups.filter_edit.hide()
        self.groups.sig_selection_changed.connect(self._group_selected)
        self.groups.sig_loaded.connect(self._groups_loaded)
        self.groups.sig_row_activated.connect(lambda _row: self.edit_group())
        self.members: RecordList[MemberRow] = RecordList(
            context, MEMBER_COLUMNS, self._load_members, entity_types=ENTITY_TYPES, noun="members"
        )
        self.members.sig_row_activated.connect(lambda row: self.edit_contact(row.contact_id))
        self.members.sig_loaded.connect(self._members_loaded)
        self.group_heading = QLabel(self)
        self.group_heading.setWordWrap(True)
        self.group_heading.setTextFormat(Qt.TextFormat.RichText)
        self.group_status = QLabel(self)
        self.group_status.setWordWrap(True)

        self._build_actions()

        # Toolbars rather than rows of buttons: they fold into a ">>" menu when narrow, so
        # this page never makes the main window wider than it needs to be.
        group_buttons = QToolBar(self)
        group_buttons.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.add_members_action,
            self.remove_members_action,
            self.copy_emails_action,
            self.email_group_action,
            self.export_roster_action,
        ):
            group_buttons.addAction(action)
        members_page = QWidget(self)
        members_layout = QVBoxLayout(members_page)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self.group_heading)
        members_layout.addWidget(group_buttons)
        members_layout.addWidget(self.members, 1)
        members_layout.addWidget(self.group_status)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_buttons = QToolBar(self)
        left_buttons.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_group_action, self.edit_group_action, self.delete_group_action):
            left_buttons.addAction(action)
        left_layout.addWidget(left_buttons)
        left_layout.addWidget(self.groups, 1)
        groups_page = QSplitter(Qt.Orientation.Horizontal, self)
        groups_page.addWidget(left)
        groups_page.addWidget(members_page)
        groups_page.setStretchFactor(0, 1)
        groups_page.setStretchFactor(1, 3)
        groups_page.setSizes([300, 740])

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.contacts, "People")
        self.tabs.addTab(org_page, "Organizations")
        self.tabs.addTab(groups_page, "Groups")
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        for lst in (self.contacts, self.organizations):
            lst.sig_loaded.connect(self._update_tab_titles)
            lst.sig_loaded.connect(lambda lst=lst: QTimer.singleShot(0, lst.model.prepare_search))
            lst.sig_selection_changed.connect(self._update_actions)
        self.members.sig_selection_changed.connect(self._update_actions)

        toolbar = QToolBar(self)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.new_contact_action,
            self.new_organization_action,
            self.edit_action,
            self.toggle_active_action,
            self.delete_action,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(toolbar)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._update_actions()

    # ------------------------------------------------------------------ actions

    def _action(
        self, text: str, slot: Any, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            "&New…", self.new_record, QKeySequence.StandardKey.New,
            "New contact, organization or group (depends on the tab)",
        )  # fmt: skip
        self.new_contact_action = self._action("New &contact…", self.new_contact)
        self.new_organization_action = self._action("New &organization…", self.new_organization)
        self.new_group_action = self._action("New &group…", self.new_group)
        self.edit_action = self._action("&Edit…", self.edit_selected, "Ctrl+E")
        self.toggle_active_action = self._action(
            "De&activate", self.toggle_active, "Ctrl+Shift+D",
            "Inactive people and organizations stay on their MOUs but leave the active lists",
        )  # fmt: skip
        self.delete_action = self._action(
            "&Delete…", self.delete_selected, QKeySequence.StandardKey.Delete
        )
        self.import_action = self._action(
            "&Import…", self.import_file, "Ctrl+I", "Import organizations and contacts"
        )
        self.export_action = self._action(
            "E&xport…", self.export_directory, "Ctrl+Shift+E",
            "Export contacts to .xlsx, .csv or vCard (.vcf)",
        )  # fmt: skip
        self.edit_group_action = self._action("&Rename group…", self.edit_group)
        self.delete_group_action = self._action("Delete group…", self.delete_group)
        self.add_members_action = self._action("Add &members…", self.add_members)
        self.remove_members_action = self._action("Remove from group", self.remove_members)
        self.copy_emails_action = self._action(
            "Copy &emails", self.copy_emails, "Ctrl+Shift+C",
            "Copy the group's email addresses, ready to paste into a message",
        )  # fmt: skip
        self.email_group_action = self._action(
            "Email the group", self.email_group, None,
            "Open a new message to the whole group in your mail program",
        )  # fmt: skip
        self.export_roster_action = self._action("Export &roster…", self.export_roster)

    def _update_actions(self) -> None:
        tab = self.tabs.currentIndex()
        record = self._current_record()
        self.edit_action.setEnabled(record is not None or tab == 2)
        self.delete_action.setEnabled(record is not None)
        self.toggle_active_action.setEnabled(record is not None and tab in (0, 1))
        if record is not None and hasattr(record, "active"):
            self.toggle_active_action.setText("Re&activate" if not record.active else "De&activate")
        group = self.groups.current_row()
        has_group = group is not None
        self.edit_group_action.setEnabled(has_group)
        self.delete_group_action.setEnabled(has_group and group.kind == "custom")  # type: ignore[union-attr]
        for action in (
            self.add_members_action,
            self.copy_emails_action,
            self.email_group_action,
            self.export_roster_action,
        ):
            action.setEnabled(has_group)
        self.remove_members_action.setEnabled(has_group and bool(self.members.selected_rows()))

    def _current_record(self) -> Any:
        tab = self.tabs.currentIndex()
        if tab == 0:
            return self.contacts.current_row()
        if tab == 1:
            return self.organizations.current_row()
        return self.members.current_row()

    # ------------------------------------------------------------------ search

    def _load_contacts(self, session: Session) -> list[ContactRow]:
        return list_contacts(session, active_only=not self.show_inactive.isChecked())

    def _load_organizations(self, session: Session) -> list[OrganizationRow]:
        rows = list_organizations(session)
        return rows if self.show_inactive.isChecked() else [r for r in rows if r.active]

    def _inactive_toggled(self, _on: bool) -> None:
        for lst in (self.contacts, self.organizations):
            lst.mark_stale()

    def _search(self, text: str) -> None:
        for lst in (self.contacts, self.organizations):
            lst.filter_edit.setText(text)
        self._update_tab_titles()

    def _update_tab_titles(self) -> None:
        filtering = bool(self.search_edit.text())
        for index, lst, name in ((0, self.contacts, "People"), (1, self.organizations,
                                                                 "Organizations")):  # fmt: skip
            total = lst.model.total_rows
            shown = lst.proxy.rowCount() if filtering else total
            self.tabs.setTabText(index, f"{name} ({shown:,})" if filtering else name)

    def focus_filter(self) -> None:
        if self.tabs.currentIndex() == 2:
            self.members.focus_filter()
            return
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ------------------------------------------------------------------ editing

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def new_record(self) -> None:
        [self.new_contact, self.new_organization, self.new_group][self.tabs.currentIndex()]()

    def new_contact(self) -> QDialog:
        from partnerdesk.ui.dialogs.contact_editor import ContactEditor

        org = self.organizations.current_row() if self.tabs.currentIndex() == 1 else None
        group = self.groups.current_row() if self.tabs.currentIndex() == 2 else None
        editor = ContactEditor(
            self.context,
            organization_id=org.id if org else None,
            group_id=group.id if group else None,
            parent=self,
        )
        editor.accepted.connect(lambda: self._select_contact(editor.record_id))
        return self._open(editor)

    def edit_contact(self, contact_id: int) -> QDialog:
        from partnerdesk.ui.dialogs.contact_editor import ContactEditor

        return self._open(ContactEditor(self.context, contact_id, parent=self))

    def new_organization(self) -> QDialog:
        from partnerdesk.ui.dialogs.organization_editor import OrganizationEditor

        editor = OrganizationEditor(self.context, parent=self)
        editor.accepted.connect(lambda: self._select_organization(editor.record_id))
        return self._open(editor)

    def edit_organization(self, organization_id: int) -> QDialog:
        from partnerdesk.ui.dialogs.organization_editor import OrganizationEditor

        return self._open(OrganizationEditor(self.context, organization_id, parent=self))

    def edit_selected(self) -> None:
        tab = self.tabs.currentIndex()
        if tab == 0 and (row := self.contacts.current_row()) is not None:
            self.edit_contact(row.id)
        elif tab == 1 and (org := self.organizations.current_row()) is not None:
            self.edit_organization(org.id)
        elif tab == 2:
            member = self.members.current_row()
            if member is not None and self.members.table.hasFocus():
                self.edit_contact(member.contact_id)
            else:
                self.edit_group()

    def _select_contact(self, contact_id: int | None) -> None:
        self.tabs.setCurrentIndex(0)
        self.contacts.ensure_loaded()
        if contact_id is not None:
            self.contacts.select_where(lambda row: row.id == contact_id)

    def _select_organization(self, organization_id: int | None) -> None:
        self.tabs.setCurrentIndex(1)
        self.organizations.ensure_loaded()
        if organization_id is not None:
            self.organizations.select_where(lambda row: row.id == organization_id)

    def toggle_active(self) -> None:
        from partnerdesk.core.directory.contact_commands import set_contact_active
        from partnerdesk.core.directory.organizations import set_organization_active

        tab = self.tabs.currentIndex()
        record = self._current_record()
        if record is None or tab not in (0, 1):
            return
        database, record_id, active = self.context.database, record.id, not record.active
        entity = "contact" if tab == 0 else "organization"

        def job(_progress: Any) -> None:
            with database.transaction() as session:
                if entity == "contact":
                    set_contact_active(session, record_id, active)
                else:
                    set_organization_active(session, record_id, active)

        run_task(job, lambda _r: self.context.sig_data_changed.emit(entity), self._failed,
                 parent=self)  # fmt: skip

    def delete_selected(self) -> None:
        tab = self.tabs.currentIndex()
        if tab == 0 and (row := self.contacts.current_row()) is not None:
            self.delete_contact(row.id, row.full_name)
        elif tab == 1 and (org := self.organizations.current_row()) is not None:
            self.delete_organization(org.id, org.name)
        elif tab == 2:
            if self.members.table.hasFocus() and self.members.selected_rows():
                self.remove_members()
            else:
                self.delete_group()

    def delete_contact(self, contact_id: int, name: str) -> None:
        from partnerdesk.core.directory.contact_commands import contact_references, delete_contact

        self._delete(
            "contact",
            contact_id,
            name,
            contact_references,
            delete_contact,
            "They will be removed from their groups. This cannot be undone; the audit log "
            "keeps a record of the deletion.",
        )

    def delete_organization(self, organization_id: int, name: str) -> None:
        from partnerdesk.core.directory.organizations import (
            delete_organization,
            organization_references,
        )

        self._delete(
            "organization",
            organization_id,
            name,
            organization_references,
            delete_organization,
            "This cannot be undone; the audit log keeps a record of the deletion.",
        )

    def _delete(
        self,
        entity: str,
        record_id: int,
        name: str,
        references: Any,
        delete: Any,
        consequence: str,
    ) -> None:
        database = self.context.database
        try:
            with database.session() as session:
                reasons = references(session, record_id)
        except Exception as exc:
            QMessageBox.critical(self, APP_NAME, error_message(exc))
            return
        if reasons:
            # Refuse up front, saying why, rather than asking and then failing.
            with database.session() as session:
                try:
                    delete(session, record_id)  # raises the service's own refusal
                except Exception as exc:
                    QMessageBox.warning(self, APP_NAME, error_message(exc))
                finally:
                    session.rollback()
            return
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Delete {name}? {consequence}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def job(_progress: Any) -> str:
            with database.transaction() as session:
                return str(delete(session, record_id))

        run_task(job, lambda _n: self.context.sig_data_changed.emit(entity), self._failed,
                 parent=self)  # fmt: skip

    def _failed(self, exc: BaseException, _trace: str) -> None:
        QMessageBox.warning(self, APP_NAME, error_message(exc))

    # ------------------------------------------------------------------ organization detail

    def show_organization_detail(self) -> None:
        from partnerdesk.core.directory.organizations import organization_detail

        row = self.organizations.current_row()
        if row is None:
            self.org_detail.clear()
            return
        try:
            with self.context.database.session() as session:
                detail = organization_detail(session, row.id)
        except Exception as exc:
            self.org_detail.setPlainText(error_message(exc))
            return
        self.org_detail.setHtml(organization_html(detail))

    def _follow_link(self, url: QUrl) -> None:
        text = url.toString()
        kind, _, number = text.partition(":")
        if not number.isdigit():
            return
        if kind == "mou":
            self.sig_open_mou.emit(int(number))
        elif kind == "contact":
            self.edit_contact(int(number))

    # ------------------------------------------------------------------ groups

    def _load_members(self, session: Session) -> list[MemberRow]:
        group_id = self._group_id
        return group_members(session, group_id) if group_id is not None else []

    def _groups_loaded(self) -> None:
        if self.groups.current_row() is None and self.groups.model.total_rows:
            wanted = self._group_id
            if wanted is None or not self.groups.select_where(lambda g: g.id == wanted):
                self.groups.table.selectRow(0)
        self._group_selected()

    def _group_selected(self) -> None:
        group = self.groups.current_row()
        new_id = group.id if group is not None else None
        if new_id != self._group_id:
            self._group_id = new_id
            self.members.mark_stale()
            if not self.members.isVisible():
                self.members.reload()
        self._show_group_heading()
        self._update_actions()

    def _members_loaded(self) -> None:
        if not self._members_sized and self.members.model.total_rows:
            # The list first loads empty (no group chosen yet): size columns to real rows.
            self._members_sized = True
            table = self.members.table
            table.resizeColumnsToContents()
            for column in range(self.members.model.columnCount()):
                table.setColumnWidth(column, min(table.columnWidth(column), 320))
        self._show_group_heading()
        self._update_actions()

    def _show_group_heading(self) -> None:
        group = self.groups.current_row()
        if group is None:
            self.group_heading.setText("No group selected. Create one with New group…")
            return
        description = f"<br>{html.escape(group.description)}" if group.description else ""
        count = self.members.model.total_rows
        self.group_heading.setText(
            f"<b>{html.escape(group.name)}</b> — {count} member{'s' if count != 1 else ''}"
            f"{description}"
        )

    def show_group(self, group_id: int) -> bool:
        """Switch to the Groups tab with ``group_id`` selected and its members listed."""
        self.tabs.setCurrentIndex(2)
        self.groups.ensure_loaded()
        found = self.groups.select_where(lambda g: g.id == group_id)
        self._group_selected()
        self.members.ensure_loaded()
        return found

    def new_group(self) -> QDialog:
        dialog = GroupDialog(self.context, parent=self)
        dialog.accepted.connect(lambda: self.show_group(dialog.saved_id))
        return self._open(dialog)

    def edit_group(self) -> QDialog | None:
        group = self.groups.current_row()
        if group is None:
            return None
        return self._open(GroupDialog(self.context, group, parent=self))

    def delete_group(self) -> None:
        from partnerdesk.core.directory.groups import delete_group

        group = self.groups.current_row()
        if group is None:
            return
        if group.kind != "custom":
            QMessageBox.warning(
                self,
                APP_NAME,
                f"The {group.name} is one of the partnership's standing bodies and cannot be "
                "deleted; remove its members instead.",
            )
            return
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Delete the group {group.name}? Its {group.members} member(s) stay in the "
            "directory; only the group goes.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        database = self.context.database

        def job(_progress: Any) -> str:
            with database.transaction() as session:
                return delete_group(session, group.id)

        self._group_id = None
        run_task(job, lambda _n: self.context.sig_data_changed.emit("group"), self._failed,
                 parent=self)  # fmt: skip

    def add_members(self) -> QDialog | None:
        group = self.groups.current_row()
        if group is None:
            return None
        return self._open(AddMembersDialog(self.context, group, parent=self))

    def remove_members(self) -> None:
        from partnerdesk.core.directory.groups import remove_members

        group = self.groups.current_row()
        people = self.members.selected_rows()
        if group is None or not people:
            return
        names = ", ".join(p.full_name for p in people[:5]) + (
            f" and {len(people) - 5} more" if len(people) > 5 else ""
        )
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Remove {names} from the {group.name}? They stay in the directory.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        database, ids = self.context.database, [p.contact_id for p in people]

        def job(_progress: Any) -> int:
            with database.transaction() as session:
                return remove_members(session, group.id, ids)

        run_task(job, lambda _n: self.context.sig_data_changed.emit("group"), self._failed,
                 parent=self)  # fmt: skip

    def group_emails(self) -> Any:
        from partnerdesk.core.directory.groups import group_emails

        self.members.ensure_loaded()
        return group_emails(self.members.model.all_rows())

    def copy_emails(self) -> None:
        emails = self.group_emails()
        if not emails.addresses:
            self.group_status.setText("Nobody active in this group has an email address.")
            return
        QGuiApplication.clipboard().setText(emails.text)
        self.group_status.setText(_reach_text(emails, "Copied"))

    def email_group(self) -> None:
        emails = self.group_emails()
        if not emails.addresses:
            QMessageBox.information(
                self, APP_NAME, "Nobody active in this group has an email address."
            )
            return
        if not QDesktopServices.openUrl(QUrl(emails.mailto)):
            QMessageBox.warning(
                self,
                APP_NAME,
                "No mail program answered. Use Copy emails and paste the addresses instead.",
            )
            return
        self.group_status.setText(_reach_text(emails, "Opened a message to"))

    # ------------------------------------------------------------------ files

    def import_file(self, path: str | None = None) -> QDialog:
        from partnerdesk.ui.dialogs.contacts_import import ContactsImportDialog

        return self._open(ContactsImportDialog(self.context, path, parent=self))

    def _confirm_personal_data(self, what: str) -> bool:
        from partnerdesk.core.directory.contacts_export import PERSONAL_DATA_WARNING

        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"{PERSONAL_DATA_WARNING}\n\nExport {what}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def export_directory(self) -> None:
        total = self.contacts.model.total_rows
        if not self._confirm_personal_data(f"the directory ({total:,} contacts)"):
            return
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export contacts", "contacts.xlsx", ";;".join(EXPORT_FILTERS)
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in EXPORT_FILTERS.values():
            target = target.with_name(target.name + EXPORT_FILTERS.get(chosen, ".xlsx"))
        self.export_to(target)

    def export_to(self, path: Path, group_id: int | None = None) -> None:
        from partnerdesk.core.directory.contacts_export import export_contacts

        database = self.context.database

        def job(progress: Any) -> Any:
            with database.session() as session:
                return export_contacts(session, path, group_id=group_id, progress=progress)

        run_task(
            job,
            lambda result: QMessageBox.information(self, APP_NAME, result.describe() + "."),
            lambda exc, _t: QMessageBox.critical(self, APP_NAME, error_message(exc)),
            parent=self,
            title="Exporting contacts",
        )

    def export_roster(self) -> None:
        group = self.groups.current_row()
        if group is None:
            return
        if not self._confirm_personal_data(f"the roster of the {group.name}"):
            return
        default = "".join(ch if ch.isalnum() else "-" for ch in group.name.lower()).strip("-")
        path, _chosen = QFileDialog.getSaveFileName(
            self, "Export roster", f"{default}-roster.xlsx", "Excel workbook (*.xlsx)"
        )
        if not path:
            return
        target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        self.export_roster_to(target, group.id)

    def export_roster_to(self, path: Path, group_id: int) -> None:
        from partnerdesk.core.directory.groups import export_roster

        database, today = self.context.database, self.context.today()

        def job(_progress: Any) -> int:
            with database.session() as session:
                return export_roster(session, group_id, path, today=today)

        def done(count: int) -> None:
            QMessageBox.information(self, APP_NAME, f"Wrote {path} ({count} member(s)).")

        run_task(
            job,
            done,
            lambda exc, _t: QMessageBox.critical(self, APP_NAME, error_message(exc)),
            parent=self,
            title="Exporting the roster",
        )


def _reach_text(emails: Any, verb: str) -> str:
    text = f"{verb} {len(emails.addresses)} address(es)."
    if emails.without_email:
        text += f" No email for: {', '.join(emails.without_email)}."
    if emails.inactive:
        text += f" Left out (inactive): {', '.join(emails.inactive)}."
    return text


def organization_html(detail: Any) -> str:
    org = detail.organization
    esc = html.escape
    facts = [org.kind.label]
    if not org.active:
        facts.append("<span style='color:#b3261e'>inactive</span>")
    facts += [esc(x) for x in (org.phone, org.website) if x]
    parts = [f"<h3>{esc(org.name)}</h3><p>{' · '.join(facts)}</p>"]
    if org.address:
        parts.append(f"<p>{esc(org.address)}</p>")
    if org.notes:
        parts.append(f"<p><i>{esc(org.notes)}</i></p>")

    def section(title: str, items: list[str], empty: str) -> None:
        parts.append(f"<h4>{title} ({len(items)})</h4>")
        parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items
                     else f"<p>{empty}</p>")  # fmt: skip

    section(
        "Contacts",
        [
            f"<a href='contact:{c.id}'>{esc(c.full_name)}</a>"
            + (f" — {esc(c.title)}" if c.title else "")
            + (f" — {esc(c.email)}" if c.email else "")
            + ("" if c.active else " (inactive)")
            for c in detail.contacts
        ],
        "No contacts yet.",
    )
    section(
        "MOUs it is party to",
        [
            f"<a href='mou:{m.mou_id}'>{esc(m.code)} v{m.version}</a> {esc(m.title)} — "
            f"{m.role.label.lower()}, {m.status.label.lower()}"
            + (f", signatory {esc(m.signatory)}" if m.signatory else "")
            for m in detail.mous
        ],
        "Not a party to any MOU.",
    )
    section(
        "Funding sources it provides",
        [
            f"{esc(s.name)} ({s.kind.label.lower()})" + ("" if s.active else " (inactive)")
            for s in detail.funding_sources
        ],
        "Provides no funding source.",
    )
    return "".join(parts)
