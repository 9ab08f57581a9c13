"""Adding or editing a person: details, organization, stakeholder groups and MOU roles."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.directory.contact_commands import ContactInput, create_contact, update_contact
from partnerdesk.core.directory.contact_queries import contact_detail
from partnerdesk.core.directory.groups import list_groups
from partnerdesk.core.directory.mou_roles import (
    MouRoleRow,
    add_mou_role,
    mou_choices,
    remove_mou_role,
    role_words,
)
from partnerdesk.core.directory.validation import email_problem, phone_problem
from partnerdesk.core.models import Contact, ContactMouRole, GroupKind
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.field_errors import ErrorLabel
from partnerdesk.ui.widgets.form import FormDialog


class ContactEditor(FormDialog):
    """New contact (``contact_id`` None) or edit one; ``organization_id`` preselects."""

    record_type = Contact

    def __init__(
        self,
        context: AppContext,
        contact_id: int | None = None,
        *,
        organization_id: int | None = None,
        group_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, "New contact" if contact_id is None else "Edit contact", parent)
        self.record_id = contact_id
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("First and last name")
        self.add_row("&Name", "full_name", self.name_edit)
        self.organization_combo = QComboBox(self)
        # Typing part of a name finds it among hundreds of organizations.
        self.organization_combo.setEditable(True)
        self.organization_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.organization_combo.completer()
        assert completer is not None  # an editable combo box has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.add_row("&Organization", "organization_id", self.organization_combo)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("e.g. Director of Crisis Services")
        self.add_row("&Title / role", "title", self.title_edit)
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText("name@agency.org")
        self.add_row("&Email", "email", self.email_edit)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText("(555) 010-2000 ext 12")
        self.add_row("&Phone", "phone", self.phone_edit)
        self.active_check = QCheckBox("Active (inactive people stay on old MOUs)", self)
        self.active_check.setChecked(True)
        self.add_row("", "active", self.active_check)
        self.groups_list = QListWidget(self)
        self.groups_list.setMaximumHeight(110)
        self.add_row("&Groups", "groups", self.groups_list)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(80)
        self.add_row("N&otes", "notes", self.notes_edit)

        # Roles on MOUs: signatures are shown (they belong to the MOU's parties); liaison,
        # legal contact and privacy officer are added and removed here.
        roles_box = QGroupBox("Roles on MOUs", self)
        self.roles_list = QListWidget(roles_box)
        self.roles_list.setMaximumHeight(110)
        self.mou_combo = QComboBox(roles_box)
        self.role_combo = QComboBox(roles_box)
        for role in ContactMouRole:
            if role != ContactMouRole.SIGNATORY:
                self.role_combo.addItem(role_words(role).capitalize(), role.value)
        self.add_role_button = QPushButton("&Add role", roles_box)
        self.remove_role_button = QPushButton("&Remove role", roles_box)
        self.add_role_button.clicked.connect(self.add_role)
        self.remove_role_button.clicked.connect(self.remove_role)
        self.roles_error = ErrorLabel(roles_box)
        picker = QHBoxLayout()
        picker.addWidget(self.role_combo)
        picker.addWidget(QLabel("on", roles_box))
        picker.addWidget(self.mou_combo, 1)
        picker.addWidget(self.add_role_button)
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.addWidget(self.roles_list)
        roles_layout.addLayout(picker)
        roles_layout.addWidget(self.roles_error)
        roles_layout.addWidget(self.remove_role_button, 0, Qt.AlignmentFlag.AlignRight)
        self.roles_box = roles_box
        self._roles_to_add: list[tuple[int, ContactMouRole, str]] = []
        self._roles_to_remove: set[int] = set()

        self.main_layout.insertWidget(1, roles_box)
        self.setMinimumWidth(560)

        self._fill_choices(organization_id, group_id)
        self.load()
        self.name_edit.setFocus()

    # -- loading
    def _fill_choices(self, organization_id: int | None, group_id: int | None) -> None:
        from partnerdesk.core.directory.organizations import list_organizations

        with self.context.database.session() as session:
            orgs = list_organizations(session)
            groups = list_groups(session)
            mous = mou_choices(session)
        self.organization_combo.addItem("(no organization)", None)
        for org in orgs:
            suffix = "" if org.active else " (inactive)"
            self.organization_combo.addItem(org.name + suffix, org.id)
        if organization_id is not None:
            self.organization_combo.setCurrentIndex(
                max(0, self.organization_combo.findData(organization_id))
            )
        kinds_present = {g.kind for g in groups}
        for group in groups:
            self._add_group_item(group.name, group.id, checked=group.id == group_id)
        # The two standing bodies are always offered, created when first used.
        for kind in (GroupKind.WORKING_GROUP, GroupKind.SUSTAINABILITY_COMMITTEE):
            if kind not in kinds_present:
                self._add_group_item(kind.label, kind.value, checked=False)
        for mou_id, text in mous:
            self.mou_combo.addItem(text, mou_id)
        self.add_role_button.setEnabled(bool(mous))

    def _add_group_item(self, name: str, data: int | str, *, checked: bool) -> None:
        item = QListWidgetItem(name, self.groups_list)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def load(self) -> None:
        self._roles_to_add.clear()
        self._roles_to_remove.clear()
        self.roles_list.clear()
        if self.record_id is None:
            return
        with self.context.database.session() as session:
            detail = contact_detail(session, self.record_id)
        contact = detail.contact
        self.seen_version = contact.row_version
        self.name_edit.setText(contact.full_name)
        index = self.organization_combo.findData(contact.organization_id)
        self.organization_combo.setCurrentIndex(max(index, 0))
        self.title_edit.setText(contact.title or "")
        self.email_edit.setText(contact.email or "")
        self.phone_edit.setText(contact.phone or "")
        self.active_check.setChecked(contact.active)
        self.notes_edit.setPlainText(contact.notes or "")
        for row in range(self.groups_list.count()):
            item = self.groups_list.item(row)
            member = item.data(Qt.ItemDataRole.UserRole) in detail.group_ids
            item.setCheckState(Qt.CheckState.Checked if member else Qt.CheckState.Unchecked)
        for role in detail.roles:
            self._add_role_item(role.description, role)

    def _add_role_item(self, text: str, data: MouRoleRow | tuple[int, str]) -> None:
        item = QListWidgetItem(text, self.roles_list)
        item.setData(Qt.ItemDataRole.UserRole, data)
        if isinstance(data, MouRoleRow) and data.link_id is None:
            item.setToolTip("A signature belongs to the MOU's party: change it in the MOU editor")

    # -- roles
    def add_role(self) -> None:
        self.roles_error.clear_error()
        mou_id = self.mou_combo.currentData()
        if mou_id is None:
            return
        role = ContactMouRole(self.role_combo.currentData())
        text = f"{role_words(role).capitalize()} on {self.mou_combo.currentText()}"
        for row in range(self.roles_list.count()):
            if self.roles_list.item(row).text() == text:
                self.roles_error.show_error("That role is already in the list")
                return
        self._roles_to_add.append((int(mou_id), role, text))
        self._add_role_item(text + " (new)", (int(mou_id), role.value))

    def remove_role(self) -> None:
        self.roles_error.clear_error()
        item = self.roles_list.currentItem()
        if item is None:
            self.roles_error.show_error("Select a role in the list first")
            return
        data = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(data, MouRoleRow):
            if data.link_id is None:
                self.roles_error.show_error(
                    "A signatory signs for a party: change it on the MOU's Parties tab"
                )
                return
            self._roles_to_remove.add(data.link_id)
        else:
            mou_id, role_value = data
            self._roles_to_add = [
                r for r in self._roles_to_add if (r[0], r[1].value) != (mou_id, role_value)
            ]
        self.roles_list.takeItem(self.roles_list.row(item))

    # -- saving
    def values(self) -> ContactInput:
        groups: list[int | GroupKind] = []
        for row in range(self.groups_list.count()):
            item = self.groups_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                data = item.data(Qt.ItemDataRole.UserRole)
                groups.append(int(data) if isinstance(data, int) else GroupKind(data))
        organization_id = self._chosen_organization()
        return ContactInput(
            full_name=self.name_edit.text(),
            organization_id=int(organization_id) if organization_id is not None else None,
            title=self.title_edit.text(),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            active=self.active_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
            groups=tuple(groups),
        )

    def _chosen_organization(self) -> int | None:
        """The organization whose name is in the box (None for none); ValidationError when
        the typed text names no organization."""
        text = " ".join(self.organization_combo.currentText().split())
        if not text or text == self.organization_combo.itemText(0):
            return None
        index = self.organization_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            index = self.organization_combo.findText(
                text + " (inactive)", Qt.MatchFlag.MatchFixedString
            )
        if index <= 0:
            raise ValidationError(
                f'there is no organization "{text}"; pick one from the list, or add it first '
                "with New organization",
                field="organization_id",
            )
        data = self.organization_combo.itemData(index)
        return int(data) if data is not None else None

    def work(self) -> Callable[[Session], int]:
        data = self.values()
        # Obvious mistakes are shown at once, without a round trip to the database.
        for field, problem in (
            ("full_name", "" if data.full_name.strip() else "the name is empty"),
            ("email", email_problem(data.email) or ""),
            ("phone", phone_problem(data.phone) or ""),
        ):
            if problem:
                raise ValidationError(problem, field=field)
        contact_id, seen_version = self.record_id, self.seen_version
        to_add = [(mou_id, role) for mou_id, role, _ in self._roles_to_add]
        to_remove = sorted(self._roles_to_remove)

        def job(session: Session) -> int:
            if contact_id is None:
                contact = create_contact(session, data)
            else:
                contact = update_contact(session, contact_id, data, seen_version=seen_version)
            assert contact.id is not None
            for link_id in to_remove:
                remove_mou_role(session, link_id)
            for mou_id, role in to_add:
                add_mou_role(session, contact.id, mou_id, role)
            return contact.id

        return job

    def _saved(self, result: int) -> None:
        self.record_id = int(result)
        super()._saved(result)

    def reload_theirs(self) -> None:
        self.load()
