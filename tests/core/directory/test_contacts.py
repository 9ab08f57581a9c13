"""Contacts: validation, groups, MOU roles, deleting only what nothing refers to, audit."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.directory import contacts as svc
from partnerdesk.core.directory import groups
from partnerdesk.core.directory.organizations import OrganizationInput, create_organization
from partnerdesk.core.models import (
    AuditAction,
    AuditEvent,
    Contact,
    ContactMouRole,
    GroupKind,
    Mou,
    OrganizationKind,
)
from partnerdesk.core.platform.audit import history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind


def _contact_id(database: Database, name: str) -> int:
    with database.session() as session:
        contact = session.exec(select(Contact).where(Contact.full_name == name)).one()
        assert contact.id is not None
        return contact.id


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


@pytest.mark.parametrize(
    "email", ["jane.doe@city.gov", "J.O'Neil+mou@health.riverton.org", "tomás@agency.org"]
)
def test_real_email_addresses_are_accepted(email: str) -> None:
    assert svc.email_problem(email) is None


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("(555) 010-2000", True), ("+1 555 010 2000 ext 12", True), ("555.010.2000 x4", True),
     ("call me", False), ("12345", False), ("555-CALL-NOW", False)],
)  # fmt: skip
def test_phone_numbers_are_checked(phone: str, ok: bool) -> None:
    assert (svc.phone_problem(phone) is None) is ok


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
    contact_id = _contact_id(demo_database, "Avery Collins")
    with demo_database.session() as session:
        loaded = svc.contact_detail(session, contact_id).contact
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
    contact_id = _contact_id(demo_database, "Marcus Oyelaran")  # signatory and liaison
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
    contact_id = _contact_id(demo_database, "Jordan Ellis")
    with demo_database.session() as session:
        assert any("owner of MOU" in r for r in svc.contact_references(session, contact_id))


def test_deleting_an_unreferenced_contact_is_audited(demo_database: Database) -> None:
    contact_id = _contact_id(demo_database, "Alicia Ferreira")
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
        assert all(row.id != contact_id for row in svc.list_contacts(session))


def test_mou_roles_list_signatures_and_named_roles(demo_database: Database) -> None:
    contact_id = _contact_id(demo_database, "Helen Zhou")
    with demo_database.session() as session:
        roles = svc.mou_roles(session, contact_id)
        mou = session.exec(select(Mou)).first()
        assert mou is not None and mou.id is not None
        mou_id = mou.id
    assert {r.role for r in roles} == {ContactMouRole.PRIVACY_OFFICER}
    with demo_database.transaction() as session:
        link = svc.add_mou_role(session, contact_id, mou_id, ContactMouRole.LEGAL)
        link_id = link.id
    with (
        pytest.raises(ValidationError, match="already legal contact"),
        demo_database.transaction() as session,
    ):
        svc.add_mou_role(session, contact_id, mou_id, ContactMouRole.LEGAL)
    with (
        pytest.raises(ValidationError, match="Parties tab"),
        demo_database.transaction() as session,
    ):
        svc.add_mou_role(session, contact_id, mou_id, ContactMouRole.SIGNATORY)
    with demo_database.transaction() as session:
        assert link_id is not None
        svc.remove_mou_role(session, link_id)
    with demo_database.session() as session:
        assert len(svc.mou_roles(session, contact_id)) == len(roles)
        summaries = [e.summary or "" for e in history(session, ChangeKind.CONTACT, contact_id)]
        assert any("named legal contact" in s for s in summaries)
        assert any("no longer legal contact" in s for s in summaries)


def test_groups_custom_ones_can_be_made_renamed_and_deleted(demo_database: Database) -> None:
    contact_id = _contact_id(demo_database, "Avery Collins")
    with demo_database.transaction() as session:
        group = groups.create_group(session, "Data subcommittee")
        assert group.id is not None
        group_id = group.id
        assert groups.add_members(session, group_id, [contact_id, contact_id]) == 1
    with (
        pytest.raises(ValidationError, match="already a group"),
        demo_database.transaction() as session,
    ):
        groups.create_group(session, "data SUBCOMMITTEE")
    with demo_database.session() as session:
        rows = {g.name: g for g in groups.list_groups(session)}
        assert list(rows)[:2] == ["Sustainability committee", "Working group"]
        assert rows["Data subcommittee"].members == 1
        working = rows["Working group"].id
    with (
        pytest.raises(ConflictError, match="standing bodies"),
        demo_database.transaction() as session,
    ):
        groups.delete_group(session, working)
    with demo_database.transaction() as session:
        groups.delete_group(session, group_id)
    with demo_database.session() as session:
        assert "Data subcommittee" not in {g.name for g in groups.list_groups(session)}
        assert session.exec(
            select(AuditEvent).where(AuditEvent.entity_type == "stakeholder_group")
        ).all()


def test_group_emails_and_mailto(demo_database: Database) -> None:
    with demo_database.session() as session:
        committee = groups.find_group(session, "Sustainability Committee")
        assert committee is not None and committee.id is not None
        members = groups.group_members(session, committee.id)
    emails = groups.group_emails(members)
    assert len(emails.addresses) == len(members)
    assert "Jordan Ellis <jordan.ellis@" in emails.text
    assert emails.mailto.startswith("mailto:") and emails.mailto.count("@") == len(members)
    first = members[0]
    quoted = groups.group_emails(
        [
            groups.MemberRow(1, "Doe, Jane", "", "", "jane@x.org", "", "", True),
            groups.MemberRow(2, "No Mail", "", "", "", "", "", True),
            groups.MemberRow(3, "Gone", "", "", "gone@x.org", "", "", False),
        ]
    )
    assert quoted.text == '"Doe, Jane" <jane@x.org>'
    assert quoted.without_email == ["No Mail"] and quoted.inactive == ["Gone"]
    assert first.full_name
