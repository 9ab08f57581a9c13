"""Contacts area: the stakeholder directory.

Three tabs over one search box: People, Organizations (with what each one is involved in)
and Groups (the working group, the sustainability committee and the user's own groups,
each with its members, their emails in one piece, and a roster export).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.directory.contact_queries import ContactRow, list_contacts
from partnerdesk.core.directory.organizations import OrganizationRow, list_organizations
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.program.deleted import UNDO_HINT
from partnerdesk.ui.style import grey_if_inactive
from partnerdesk.ui.tasks import error_message
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.group_members import GroupsPanel
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.organization_detail import OrganizationDetail
from partnerdesk.ui.widgets.table_model import Column

# People show their organization and groups; an organization its contacts, MOUs (as a
# party) and the funding sources it provides.
DIRECTORY_KINDS = (
    ChangeKind.CONTACT,
    ChangeKind.ORGANIZATION,
    ChangeKind.GROUP,
    ChangeKind.MOU,
    ChangeKind.MOU_PARTY,
    ChangeKind.FUNDING_SOURCE,
)
PEOPLE, ORGANIZATIONS, GROUPS = range(3)  # the tabs

CONTACT_COLUMNS: list[Column[ContactRow]] = [
    Column("Name", lambda r: r.full_name, colour=grey_if_inactive, sort=lambda r: r.sort_name),
    Column("Organization", lambda r: r.organization),
    Column("Title", lambda r: r.title),
    Column("Email", lambda r: r.email),
    Column("Phone", lambda r: r.phone),
    Column("Groups", lambda r: r.groups),
    Column("Active", lambda r: r.active),
]

ORGANIZATION_COLUMNS: list[Column[OrganizationRow]] = [
    Column("Organization", lambda r: r.name, colour=grey_if_inactive),
    Column("Kind", lambda r: r.kind),
    Column("Phone", lambda r: r.phone),
    Column("Website", lambda r: r.website),
    Column("Contacts", lambda r: r.contacts, align_right=True),
    Column("Active", lambda r: r.active),
]


class ContactsView(AreaView):
    """People, organizations and groups; the commands act on the tab on screen."""

    title = "Contacts"
    sig_open_mou = Signal(int)  # an MOU link in an organization's detail was clicked

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search people and organizations… (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search)
        # Inactive people and organizations leave the lists unless asked for (they stay on
        # their MOUs, sources and groups).
        self.show_inactive = QCheckBox("Show &inactive", self)
        self.show_inactive.setToolTip("Also list people and organizations no longer active")
        self.show_inactive.toggled.connect(self._inactive_toggled)
        self._build_actions()

        # -- people
        self.contacts: RecordList[ContactRow] = RecordList(
            context, CONTACT_COLUMNS, self._load_contacts, kinds=DIRECTORY_KINDS, noun="contacts"
        )
        self.contacts.filter_edit.hide()  # the view's search box drives it
        self.contacts.sig_row_activated.connect(lambda row: self.edit_contact(row.id))

        # -- organizations, with what each is involved in
        self.organizations: RecordList[OrganizationRow] = RecordList(
            context,
            ORGANIZATION_COLUMNS,
            self._load_organizations,
            kinds=DIRECTORY_KINDS,
            noun="organizations",
        )
        self.organizations.filter_edit.hide()
        self.organizations.sig_row_activated.connect(lambda row: self.edit_organization(row.id))
        self.org_detail = OrganizationDetail(context, self)
        self.org_detail.sig_open_mou.connect(self.sig_open_mou)
        self.org_detail.sig_open_contact.connect(self.edit_contact)
        org_page = QSplitter(Qt.Orientation.Vertical, self)
        org_page.addWidget(self.organizations)
        org_page.addWidget(self.org_detail)
        org_page.setStretchFactor(0, 3)
        org_page.setStretchFactor(1, 2)
        self.organizations.sig_selection_changed.connect(self.show_organization_detail)
        self.organizations.sig_loaded.connect(self.show_organization_detail)

        # -- groups
        self.group_panel = GroupsPanel(
            context,
            DIRECTORY_KINDS,
            [self.new_group_action, self.edit_group_action, self.delete_group_action],
            [
                self.add_members_action,
                self.remove_members_action,
                self.copy_emails_action,
                self.email_group_action,
                self.export_roster_action,
            ],
            self,
        )
        self.groups, self.members = self.group_panel.groups, self.group_panel.members
        self.groups.sig_row_activated.connect(lambda _row: self.edit_group())
        self.members.sig_row_activated.connect(lambda row: self.edit_contact(row.contact_id))
        self.group_panel.sig_changed.connect(self._update_actions)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.contacts, "People")
        self.tabs.addTab(org_page, "Organizations")
        self.tabs.addTab(self.group_panel, "Groups")
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        for lst in (self.contacts, self.organizations):
            lst.sig_loaded.connect(self._update_tab_titles)
            lst.index_while_loading = True  # searched as people type
            lst.sig_selection_changed.connect(self._update_actions)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.toolbar)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._update_actions()

    # ------------------------------------------------------------------ actions

    def _build_actions(self) -> None:
        add = self.add_action
        self.new_action = add(
            "&New…", self.new_record, QKeySequence.StandardKey.New,
            tip="New contact, organization or group (depends on the tab)", toolbar=False,
        )  # fmt: skip
        self.new_contact_action = add("New &contact…", self.new_contact)
        self.new_organization_action = add("New &organization…", self.new_organization)
        self.new_group_action = add("New &group…", self.new_group, toolbar=False)
        self.edit_action = add("&Edit…", self.edit_selected, "Ctrl+E")
        self.toggle_active_action = add(
            "De&activate", self.toggle_active, "Ctrl+Shift+D",
            tip="Inactive people and organizations stay on their MOUs but leave the active "
            "lists",
        )  # fmt: skip
        self.delete_action = add("&Delete…", self.delete_selected, QKeySequence.StandardKey.Delete)
        self.toolbar.addSeparator()
        self.import_action = add(
            "&Import…", self.import_file, "Ctrl+I", tip="Import organizations and contacts"
        )
        self.export_action = add(
            "E&xport…", self.export_directory, "Ctrl+Shift+E",
            tip="Export contacts to .xlsx, .csv or vCard (.vcf)",
        )  # fmt: skip
        self.edit_group_action = add("&Rename group…", self.edit_group, toolbar=False)
        self.delete_group_action = add("Delete group…", self.delete_group, toolbar=False)
        self.add_members_action = add("Add &members…", self.add_members, toolbar=False)
        self.remove_members_action = add("Remove from group", self.remove_members, toolbar=False)
        self.copy_emails_action = add(
            "Copy &emails", self.copy_emails, "Ctrl+Shift+C",
            tip="Copy the group's email addresses, ready to paste into a message", toolbar=False,
        )  # fmt: skip
        self.email_group_action = add(
            "Email the group", self.email_group,
            tip="Open a new message to the whole group in your mail program", toolbar=False,
        )  # fmt: skip
        self.export_roster_action = add("Export &roster…", self.export_roster, toolbar=False)

    def _update_actions(self) -> None:
        tab = self.tabs.currentIndex()
        record = self._current_record()
        self.edit_action.setEnabled(record is not None or tab == GROUPS)
        self.delete_action.setEnabled(record is not None)
        self.toggle_active_action.setEnabled(record is not None and tab != GROUPS)
        if record is not None and hasattr(record, "active"):
            self.toggle_active_action.setText("Re&activate" if not record.active else "De&activate")
        group = self.group_panel.current_group()
        for action in (
            self.edit_group_action,
            self.add_members_action,
            self.copy_emails_action,
            self.email_group_action,
            self.export_roster_action,
        ):
            action.setEnabled(group is not None)
        self.delete_group_action.setEnabled(group is not None and group.kind == "custom")
        self.remove_members_action.setEnabled(
            group is not None and bool(self.members.selected_rows())
        )

    def _current_record(self) -> Any:
        tab = self.tabs.currentIndex()
        if tab == PEOPLE:
            return self.contacts.current_row()
        if tab == ORGANIZATIONS:
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
            # Both tabs count their matches, the one not opened yet too (it said "(0)").
            lst.ensure_loaded()
            lst.filter_edit.setText(text)
        self._update_tab_titles()

    def _update_tab_titles(self) -> None:
        filtering = bool(self.search_edit.text())
        for index, lst, name in (
            (PEOPLE, self.contacts, "People"),
            (ORGANIZATIONS, self.organizations, "Organizations"),
        ):
            total = lst.model.total_rows
            shown = lst.shown_rows() if filtering else total
            self.tabs.setTabText(index, f"{name} ({shown:,})" if filtering else name)

    def focus_filter(self) -> None:
        if self.tabs.currentIndex() == GROUPS:
            self.members.focus_filter()
            return
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ------------------------------------------------------------------ people, organizations

    def new_record(self) -> None:
        [self.new_contact, self.new_organization, self.new_group][self.tabs.currentIndex()]()

    def new_contact(self) -> QDialog:
        from partnerdesk.ui.dialogs.directory.contact import ContactEditor

        org = (
            self.organizations.current_row() if self.tabs.currentIndex() == ORGANIZATIONS else None
        )
        group = self.group_panel.current_group() if self.tabs.currentIndex() == GROUPS else None
        editor = ContactEditor(
            self.context,
            organization_id=org.id if org else None,
            group_id=group.id if group else None,
            parent=self,
        )
        editor.accepted.connect(lambda: self._select(PEOPLE, self.contacts, editor.record_id))
        return self.open_dialog(editor)

    def edit_contact(self, contact_id: int) -> QDialog:
        from partnerdesk.ui.dialogs.directory.contact import ContactEditor

        return self.open_editor(
            ("contact", contact_id),
            lambda: ContactEditor(self.context, contact_id, parent=self),
            wait=False,
        )

    def new_organization(self) -> QDialog:
        from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor

        editor = OrganizationEditor(self.context, parent=self)
        editor.accepted.connect(
            lambda: self._select(ORGANIZATIONS, self.organizations, editor.record_id)
        )
        return self.open_dialog(editor)

    def edit_organization(self, organization_id: int) -> QDialog:
        from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor

        return self.open_editor(
            ("organization", organization_id),
            lambda: OrganizationEditor(self.context, organization_id, parent=self),
            wait=False,
        )

    def edit_selected(self) -> None:
        tab = self.tabs.currentIndex()
        if tab == PEOPLE and (row := self.contacts.current_row()) is not None:
            self.edit_contact(row.id)
        elif tab == ORGANIZATIONS and (org := self.organizations.current_row()) is not None:
            self.edit_organization(org.id)
        elif tab == GROUPS:
            member = self.members.current_row()
            if member is not None and self.members.table.hasFocus():
                self.edit_contact(member.contact_id)
            else:
                self.edit_group()

    def _select(self, tab: int, rows: RecordList[Any], record_id: int | None) -> None:
        self.tabs.setCurrentIndex(tab)
        rows.ensure_loaded()
        if record_id is not None:
            rows.select_id(record_id)

    def toggle_active(self) -> None:
        from partnerdesk.core.directory.contact_commands import set_contact_active
        from partnerdesk.core.directory.organizations import set_organization_active

        tab = self.tabs.currentIndex()
        record = self._current_record()
        if record is None or tab == GROUPS:
            return
        record_id, active = record.id, not record.active
        change = set_contact_active if tab == PEOPLE else set_organization_active
        self.run_write(lambda session: change(session, record_id, active))

    def delete_selected(self) -> None:
        from partnerdesk.core.directory.contact_commands import contact_references, delete_contact
        from partnerdesk.core.directory.organizations import (
            delete_organization,
            organization_references,
        )

        tab = self.tabs.currentIndex()
        if tab == PEOPLE and (row := self.contacts.current_row()) is not None:
            self._delete(
                row.id, row.full_name, contact_references, delete_contact,
                f"They will be removed from their groups. {UNDO_HINT}",
            )  # fmt: skip
        elif tab == ORGANIZATIONS and (org := self.organizations.current_row()) is not None:
            self._delete(
                org.id, org.name, organization_references, delete_organization,
                UNDO_HINT,
            )  # fmt: skip
        elif tab == GROUPS:
            if self.members.table.hasFocus() and self.members.selected_rows():
                self.remove_members()
            else:
                self.delete_group()

    def _delete(
        self,
        record_id: int,
        name: str,
        references: Callable[[Session, int], Any],
        delete: Callable[[Session, int], Any],
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
        if self._confirm(f"Delete {name}? {consequence}"):
            self.run_write(lambda session: delete(session, record_id))

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            APP_NAME,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_organization_detail(self) -> None:
        row = self.organizations.current_row()
        self.org_detail.show_organization(row.id if row is not None else None)

    # ------------------------------------------------------------------ groups

    def show_group(self, group_id: int) -> bool:
        """Switch to the Groups tab with ``group_id`` selected and its members listed."""
        self.tabs.setCurrentIndex(GROUPS)
        return self.group_panel.show_group(group_id)

    def new_group(self) -> QDialog:
        from partnerdesk.ui.dialogs.directory.groups import GroupDialog

        dialog = GroupDialog(self.context, parent=self)
        dialog.accepted.connect(lambda: self.show_group(dialog.saved))
        return self.open_dialog(dialog)

    def edit_group(self) -> QDialog | None:
        from partnerdesk.ui.dialogs.directory.groups import GroupDialog

        group = self.group_panel.current_group()
        if group is None:
            return None
        return self.open_editor(
            ("group", group.id), lambda: GroupDialog(self.context, group, parent=self), wait=False
        )

    def delete_group(self) -> None:
        from partnerdesk.core.directory.groups import delete_group

        group = self.group_panel.current_group()
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
        if self._confirm(
            f"Delete the group {group.name}? Its {group.members} member(s) stay in the "
            f"directory; only the group goes. {UNDO_HINT}"
        ):
            self.group_panel.forget_group()
            self.run_write(lambda session: delete_group(session, group.id))

    def add_members(self) -> QDialog | None:
        from partnerdesk.ui.dialogs.directory.groups import AddMembersDialog

        group = self.group_panel.current_group()
        if group is None:
            return None
        return self.open_dialog(
            AddMembersDialog(self.context, group, CONTACT_COLUMNS[:3], parent=self)
        )

    def remove_members(self) -> None:
        from partnerdesk.core.directory.groups import remove_members

        group = self.group_panel.current_group()
        people = self.members.selected_rows()
        if group is None or not people:
            return
        names = ", ".join(p.full_name for p in people[:5]) + (
            f" and {len(people) - 5} more" if len(people) > 5 else ""
        )
        if self._confirm(f"Remove {names} from the {group.name}? They stay in the directory."):
            ids = [p.contact_id for p in people]
            self.run_write(lambda session: remove_members(session, group.id, ids))

    def copy_emails(self) -> None:
        self.group_panel.copy_emails()

    def email_group(self) -> None:
        self.group_panel.email_group()

    # ------------------------------------------------------------------ files

    def import_file(self, path: str | None = None) -> QDialog:
        from partnerdesk.ui.dialogs.directory.contacts_import import ContactsImportDialog

        return self.open_dialog(ContactsImportDialog(self.context, path, parent=self))

    def export_directory(self) -> None:
        from partnerdesk.ui.dialogs.directory.export import export_directory

        export_directory(self, self.context, self.contacts.model.total_rows)

    def export_roster(self) -> None:
        from partnerdesk.ui.dialogs.directory.export import export_roster

        group = self.group_panel.current_group()
        if group is not None:
            export_roster(self, self.context, group)
