"""What contacts and organizations share: a record deleted by someone else is named, and
(de)activating one is audited the same way for both."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.directory.contact_commands import set_contact_active
from partnerdesk.core.directory.groups import get_group
from partnerdesk.core.directory.organizations import (
    find_organization,
    get_organization,
    set_organization_active,
)
from partnerdesk.core.models import Contact, Organization
from partnerdesk.core.platform.audit import history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import NotFoundError
from partnerdesk.core.platform.schema import AuditAction, AuditEvent, ChangeKind
from tests.core.directory.conftest import id_of_contact


def test_deactivating_and_reactivating_is_audited_and_moves_the_version(
    demo_database: Database,
) -> None:
    contact_id = id_of_contact(demo_database, "Nora Delgado")
    with demo_database.session() as session:
        org = find_organization(session, "Harbor County Behavioral Health")
        assert org is not None and org.id is not None
        org_id, org_version = org.id, org.row_version
        contact_version = session.get(Contact, contact_id).row_version  # type: ignore[union-attr]
    with demo_database.transaction() as session:
        assert set_contact_active(session, contact_id, False).active is False
        assert set_organization_active(session, org_id, False).active is False
    with demo_database.transaction() as session:
        set_contact_active(session, contact_id, True)
    with demo_database.session() as session:
        contact = session.get(Contact, contact_id)
        org_row = session.get(Organization, org_id)
        assert contact is not None and contact.active and contact.row_version > contact_version
        assert org_row is not None and not org_row.active and org_row.row_version > org_version
        people = history(session, ChangeKind.CONTACT, contact_id)
        assert [
            (e.summary, e.field, e.old_value, e.new_value)
            for e in reversed(people)
            if e.action == AuditAction.UPDATE
        ] == [
            ("Nora Delgado deactivated", "active", "True", "False"),
            ("Nora Delgado reactivated", "active", "False", "True"),
        ]
        (event,) = [
            e
            for e in history(session, ChangeKind.ORGANIZATION, org_id)
            if e.action == AuditAction.UPDATE
        ]
        assert event.summary == "Harbor County Behavioral Health deactivated"
        assert event.field == "active"


def test_switching_to_the_state_it_is_in_changes_nothing(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Nora Delgado")
    with demo_database.session() as session:
        before = len(session.exec(select(AuditEvent)).all())
    with demo_database.transaction() as session:
        set_contact_active(session, contact_id, True)
    with demo_database.session() as session:
        assert len(session.exec(select(AuditEvent)).all()) == before
        assert session.get(Contact, contact_id).row_version == 1  # type: ignore[union-attr]


def test_a_record_deleted_by_someone_else_is_named(database: Database) -> None:
    with database.session() as session:
        with pytest.raises(NotFoundError, match=r"organization #41 does not exist \(deleted"):
            get_organization(session, 41)
        with pytest.raises(NotFoundError, match=r"^group #5 does not exist"):
            get_group(session, 5)
        with pytest.raises(NotFoundError, match=r"contact #9 does not exist"):
            set_contact_active(session, 9, False)
