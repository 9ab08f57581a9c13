"""Adding or editing an organization: an agency or funder at the table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.directory import organizations as org_service
from partnerdesk.core.directory.organizations import OrganizationInput
from partnerdesk.core.directory.validation import phone_problem, website_problem
from partnerdesk.core.models import Organization, OrganizationKind
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.form import FormDialog


class OrganizationEditor(FormDialog):
    """New organization (``organization_id`` None) or edit one."""

    record_type = Organization

    def __init__(
        self,
        context: AppContext,
        organization_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context,
            "New organization" if organization_id is None else "Edit organization",
            parent,
        )
        self.record_id = organization_id
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("e.g. Harbor County Behavioral Health")
        self.add_row("&Name", "name", self.name_edit)
        self.kind_combo = QComboBox(self)
        for kind in OrganizationKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.add_row("&Kind", "kind", self.kind_combo)
        self.address_edit = QPlainTextEdit(self)
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setMaximumHeight(60)
        self.add_row("&Address", "address", self.address_edit)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText("(555) 010-2000")
        self.add_row("&Phone", "phone", self.phone_edit)
        self.website_edit = QLineEdit(self)
        self.website_edit.setPlaceholderText("https://agency.org")
        self.add_row("&Website", "website", self.website_edit)
        self.active_check = QCheckBox("Active (inactive ones stay on old MOUs and sources)", self)
        self.active_check.setChecked(True)
        self.add_row("", "active", self.active_check)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(80)
        self.add_row("N&otes", "notes", self.notes_edit)
        self.setMinimumWidth(520)
        self.load()
        self.name_edit.setFocus()

    def load(self) -> None:
        if self.record_id is None:
            return
        with self.context.database.session() as session:
            org = org_service.get_organization(session, self.record_id)
        self.seen_version = org.row_version
        self.name_edit.setText(org.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(org.kind.value)))
        self.address_edit.setPlainText(org.address or "")
        self.phone_edit.setText(org.phone or "")
        self.website_edit.setText(org.website or "")
        self.active_check.setChecked(org.active)
        self.notes_edit.setPlainText(org.notes or "")

    def values(self) -> OrganizationInput:
        return OrganizationInput(
            name=self.name_edit.text(),
            kind=OrganizationKind(self.kind_combo.currentData()),
            address=self.address_edit.toPlainText(),
            phone=self.phone_edit.text(),
            website=self.website_edit.text(),
            notes=self.notes_edit.toPlainText(),
            active=self.active_check.isChecked(),
        )

    def work(self) -> Callable[[Session], int]:
        data = self.values()
        for field, problem in (
            ("name", "" if data.name.strip() else "the name is empty"),
            ("phone", phone_problem(data.phone) or ""),
            ("website", website_problem(data.website) or ""),
        ):
            if problem:
                raise ValidationError(problem, field=field)
        organization_id, seen_version = self.record_id, self.seen_version

        def job(session: Session) -> int:
            if organization_id is None:
                org = org_service.create_organization(session, data)
            else:
                org = org_service.update_organization(
                    session, organization_id, data, seen_version=seen_version
                )
            assert org.id is not None
            return org.id

        return job

    def _saved(self, result: int) -> None:
        self.record_id = int(result)
        super()._saved(result)

    def reload_theirs(self) -> None:
        self.load()
