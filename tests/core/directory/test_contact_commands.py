"""Contact commands: creating, editing with the version the user loaded, deleting only
what nothing refers to, and the audit of each."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.directory import contact_commands as svc
from partnerdesk.core.directory import groups
from partnerdesk.core.directory.contact_queries import contact_detail, list_contacts
from partnerdesk.core.directory.organizations import (
    OrganizationInput,
    create_organization,
    delete_organization,
    organization_references,
)
from partnerdesk.core.models import Contact, GroupKind, Organization, OrganizationKind
from partnerdesk.core.platform.audit import history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import AuditAction, ChangeKind
from tests.core.directory.conftest import id_of_contact


@pytest.mark.parametrize(
    "email",
    ["jane.doe@", "jane doe@city.gov", "jane@@city.gov", "jane@city", "@city.gov",
     "jane..doe@city.gov", "jane@city.g0v", "jane@-city.gov"],
)  # fmt: skip
def test_a_malformed_email_is_refused_naming_the_field(database: Database, email: str) -> None:
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        svc.create_contact(session, svc.ContactInput("Jane Doe", email=email))
    assert caught.value.field == "email"
    assert "email address" in caught.value.message
    with database.session() as session:
        assert session.exec(select(Contact)).all() == []


def test_an_email_already_used_by_someone_else_is_refused(demo_database: Database) -> None:
    with demo_database.session() as session:
        taken = session.exec(select(Contact).where(Contact.full_name == "Priya Raman")).one()
    with (
        pytest.raises(ValidationError, match="already belongs to Priya Raman"),
        demo_database.transaction() as session,
    ):
        svc.create_contact(session, svc.ContactInput("P. Raman", email=taken.email.upper()))


def test_create_contact_on_the_committee_is_audited_and_listed(database: Database) -> None:
    with database.transaction() as session:
        org = create_organization(
            session, OrganizationInput("Harbor Clinic", OrganizationKind.MENTAL_HEALTH_AGENCY)
        )
        contact = svc.create_contact(
            session,
            svc.ContactInput(
                "  Jane   Doe ",
                organization_id=org.id,
                email="jane@harbor.org",
                groups=(GroupKind.SUSTAINABILITY_COMMITTEE,),
            ),
        )
        contact_id = contact.id
    with database.session() as session:
        committee = groups.find_group(session, "sustainability_committee")
        assert committee is not None and committee.name == "Sustainability committee"
        assert committee.id is not None
        members = groups.group_members(session, committee.id)
        assert [(m.full_name, m.organization) for m in members] == [("Jane Doe", "Harbor Clinic")]
        events = history(session, ChangeKind.CONTACT, contact_id)
        assert any(e.action == AuditAction.CREATE for e in events)
        assert any(e.summary == "Jane Doe added to Sustainability committee" for e in events)


def test_update_checks_the_version_the_user_loaded(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Avery Collins")
    with demo_database.session() as session:
        loaded = contact_detail(session, contact_id).contact
    with demo_database.transaction() as session:
        svc.update_contact(
            session, contact_id, svc.ContactInput("Avery Collins", title="Supervisor"),
            seen_version=loaded.row_version,
        )  # fmt: skip
    with (
        pytest.raises(ConflictError, match="changed by someone else"),
        demo_database.transaction() as session,
    ):
        svc.update_contact(
            session, contact_id, svc.ContactInput("Avery Collins", title="Other"),
            seen_version=loaded.row_version,
        )  # fmt: skip
    with demo_database.session() as session:
        assert session.get(Contact, contact_id).title == "Supervisor"  # type: ignore[union-attr]
        changes = [
            e for e in history(session, ChangeKind.CONTACT, contact_id) if e.field == "title"
        ]
        assert changes[0].new_value == "Supervisor"


def test_a_contact_an_mou_refers_to_cannot_be_deleted_only_deactivated(
    demo_database: Database,
) -> None:
    contact_id = id_of_contact(demo_database, "Marcus Oyelaran")  # signatory and liaison
    with pytest.raises(ConflictError) as caught, demo_database.transaction() as session:
        svc.delete_contact(session, contact_id)
    assert "Marcus Oyelaran cannot be deleted" in caught.value.message
    assert "signatory for Riverton Police Department on MOU" in caught.value.message
    assert "liaison on MOU" in caught.value.message
    assert "deactivate" in caught.value.message
    with demo_database.transaction() as session:
        svc.set_contact_active(session, contact_id, False)
    with demo_database.session() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None and contact.active is False


def test_an_mou_owner_cannot_be_deleted(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Jordan Ellis")
    with demo_database.session() as session:
        assert any("owner of MOU" in r for r in svc.contact_references(session, contact_id))


def test_deleting_an_unreferenced_contact_is_audited(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Alicia Ferreira")
    with demo_database.session() as session:
        assert svc.contact_references(session, contact_id) == []
    with demo_database.transaction() as session:
        assert svc.delete_contact(session, contact_id) == "Alicia Ferreira"
    with demo_database.session() as session:
        assert session.get(Contact, contact_id) is None
        deleted = [
            e for e in history(session, ChangeKind.CONTACT, contact_id) if e.action == "delete"
        ]
        assert {e.summary for e in deleted} == {"deleted Alicia Ferreira"}
        assert all(row.id != contact_id for row in list_contacts(session))


def test_an_owner_of_grant_obligations_or_prospects_is_not_deleted(
    demo_database: Database,
) -> None:
    contact_id = id_of_contact(demo_database, "Avery Collins")
    with demo_database.session() as session:
        reasons = svc.contact_references(session, contact_id)
        foundation = session.exec(
            select(Organization.id).where(Organization.name == "Riverton Community Foundation")
        ).one()
        assert foundation is not None
        assert 'the funder of the funding prospect "Peer respite expansion"' in (
            organization_references(session, foundation)
        )
    assert 'owner of the funding prospect "Peer respite expansion"' in reasons
    jordan = id_of_contact(demo_database, "Jordan Ellis")
    with demo_database.session() as session:
        assert (
            'owner of the obligation "Quarterly progress report" of Federal crisis response grant'
            in svc.contact_references(session, jordan)
        )
    with (
        pytest.raises(ConflictError, match="MOUs, grants and training"),
        demo_database.transaction() as s,
    ):
        svc.delete_contact(s, contact_id)
    with pytest.raises(ConflictError, match="funding prospect"), demo_database.transaction() as s:
        delete_organization(s, foundation)
