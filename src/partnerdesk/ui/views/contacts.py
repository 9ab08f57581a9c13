"""Contacts area: people and the organizations they work for."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from partnerdesk.core.services.contacts import (
    ContactRow,
    OrganizationRow,
    list_contacts,
    list_organizations,
)
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column

CONTACT_COLUMNS: list[Column[ContactRow]] = [
    Column("Name", lambda r: r.full_name),
    Column("Organization", lambda r: r.organization),
    Column("Title", lambda r: r.title),
    Column("Email", lambda r: r.email),
    Column("Phone", lambda r: r.phone),
    Column("Groups", lambda r: r.groups),
    Column("Active", lambda r: r.active),
]

ORGANIZATION_COLUMNS: list[Column[OrganizationRow]] = [
    Column("Organization", lambda r: r.name),
    Column("Kind", lambda r: r.kind),
    Column("Phone", lambda r: r.phone),
    Column("Website", lambda r: r.website),
    Column("Contacts", lambda r: r.contacts, align_right=True),
    Column("Active", lambda r: r.active),
]


class ContactsView(QWidget):
    title = "Contacts"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts: RecordList[ContactRow] = RecordList(
            context,
            CONTACT_COLUMNS,
            list_contacts,
            entity_types=("contact", "organization"),
            noun="contacts",
        )
        self.organizations: RecordList[OrganizationRow] = RecordList(
            context,
            ORGANIZATION_COLUMNS,
            list_organizations,
            entity_types=("contact", "organization"),
            noun="organizations",
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.contacts, "People")
        self.tabs.addTab(self.organizations, "Organizations")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def focus_filter(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, RecordList):
            current.focus_filter()
