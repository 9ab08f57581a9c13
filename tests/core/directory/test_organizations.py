"""Organizations: unique names whatever the capitals, detail, deleting only what is unused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.directory import organizations as svc
from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.models import Organization, OrganizationKind
from partnerdesk.core.platform.audit import history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind


def _org_id(database: Database, name: str) -> int:
    with database.session() as session:
        org = svc.find_organization(session, name)
        assert org is not None and org.id is not None
        return org.id


def test_names_are_unique_whatever_the_capitals_and_spacing(database: Database) -> None:
    with database.transaction() as session:
        svc.create_organization(session, svc.OrganizationInput("Harbor  Clinic"))
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        svc.create_organization(session, svc.OrganizationInput(" harbor clinic "))
    assert caught.value.field == "name"
    assert '"Harbor Clinic" already exists' in caught.value.message


def test_website_and_phone_are_checked(database: Database) -> None:
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        svc.create_organization(session, svc.OrganizationInput("X", website="not a site"))
    assert caught.value.field == "website"
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        svc.create_organization(session, svc.OrganizationInput("X", phone="ask at desk"))
    assert caught.value.field == "phone"


def test_detail_shows_contacts_mous_and_funding_sources(demo_database: Database) -> None:
    with demo_database.session() as session:
        city = svc.organization_detail(session, _org_id(demo_database, "city of riverton"))
        assert city.organization.name == "City of Riverton"
        assert {c.full_name for c in city.contacts} >= {"Jordan Ellis", "Nora Delgado"}
        assert city.mous, "the city is party to MOUs in the demo"
        assert city.funding_sources, "the city budget is a funding source in the demo"


def test_a_party_or_funder_cannot_be_deleted(demo_database: Database) -> None:
    org_id = _org_id(demo_database, "Riverton Police Department")
    with pytest.raises(ConflictError) as caught, demo_database.transaction() as session:
        svc.delete_organization(session, org_id)
    assert "Riverton Police Department cannot be deleted" in caught.value.message
    assert "to MOU" in caught.value.message and "Deactivate" in caught.value.message
    with demo_database.transaction() as session:
        svc.set_organization_active(session, org_id, False)
    with demo_database.session() as session:
        assert session.get(Organization, org_id).active is False  # type: ignore[union-attr]


def test_an_organization_with_people_asks_to_move_them_first(database: Database) -> None:
    with database.transaction() as session:
        org = svc.create_organization(session, svc.OrganizationInput("Small Org"))
        create_contact(session, ContactInput("Sam Small", organization_id=org.id))
        org_id = org.id
    assert org_id is not None
    with pytest.raises(ConflictError, match="1 contact"), database.transaction() as session:
        svc.delete_organization(session, org_id)


def test_deleting_an_unused_organization_is_audited(database: Database) -> None:
    with database.transaction() as session:
        org = svc.create_organization(
            session, svc.OrganizationInput("Temp Org", OrganizationKind.FOUNDATION)
        )
        org_id = org.id
    assert org_id is not None
    with database.transaction() as session:
        svc.update_organization(
            session, org_id, svc.OrganizationInput("Temp Org", OrganizationKind.HOSPITAL),
            seen_version=1,
        )  # fmt: skip
    with (
        pytest.raises(ConflictError, match="changed by someone else"),
        database.transaction() as session,
    ):
        svc.update_organization(session, org_id, svc.OrganizationInput("T"), seen_version=1)
    with database.transaction() as session:
        svc.delete_organization(session, org_id)
    with database.session() as session:
        assert session.exec(select(Organization)).all() == []
        events = history(session, ChangeKind.ORGANIZATION, org_id)
        assert {e.summary for e in events if e.action == "delete"} == {"deleted Temp Org"}
        assert any(e.field == "kind" and e.new_value == "hospital" for e in events)
