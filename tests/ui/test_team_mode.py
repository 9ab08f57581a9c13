"""Two PartnerDesks on one database: lists follow what the other one saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from partnerdesk.core.models import AuditAction, Organization, OrganizationKind
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.main_window import SETTINGS_LAST_DB, MainWindow, remember_location


def test_a_list_reloads_when_another_program_saves(window: MainWindow, qtbot: Any) -> None:
    window.show_area(4)
    window.contacts.tabs.setCurrentIndex(1)
    organizations = window.contacts.organizations
    before = organizations.model.total_rows
    window.context.start_watching()
    other = open_database(window.context.database.location, create=False)  # a colleague
    try:
        with other.transaction() as session:
            org = Organization(
                name="Harbor Mobile Outreach",
                name_key="harbor mobile outreach",
                kind=OrganizationKind.COMMUNITY_ORGANIZATION,
            )
            session.add(org)
            session.flush()
            audit.record(
                session, ChangeKind.ORGANIZATION, org.id, AuditAction.CREATE, summary=org.name
            )
    finally:
        other.close()
    assert window.context.check_for_outside_changes()
    assert organizations.model.total_rows == before + 1


def test_no_reload_when_nothing_changed(demo_context: AppContext) -> None:
    demo_context.start_watching()
    assert not demo_context.check_for_outside_changes()


def test_a_server_url_is_remembered_without_its_password(qsettings: QSettings) -> None:
    location = DatabaseLocation.for_url("postgresql+psycopg://team:s3cret@db.example/program")
    remember_location(qsettings, location)
    stored = str(qsettings.value(SETTINGS_LAST_DB))
    assert "s3cret" not in stored
    assert stored == "postgresql+psycopg://team@db.example/program"


def test_our_own_saves_are_not_taken_for_outside_changes(demo_context: AppContext) -> None:
    """Otherwise every save reloaded every list twice (once now, once at the next poll)."""
    demo_context.start_watching()
    with demo_context.database.transaction() as session:
        audit.record(
            session, ChangeKind.ORGANIZATION, 1, AuditAction.UPDATE, summary="our own edit"
        )
    assert not demo_context.check_for_outside_changes()
