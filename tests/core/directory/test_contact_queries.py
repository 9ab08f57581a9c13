"""Reading the people: the contact list (all, one group, active only) and one person's
detail as the editor shows it."""

from __future__ import annotations

from partnerdesk.core.directory.contact_commands import set_contact_active
from partnerdesk.core.directory.contact_queries import (
    contact_detail,
    find_by_email,
    list_contacts,
)
from partnerdesk.core.directory.groups import find_group
from partnerdesk.core.directory.names import surname_key
from partnerdesk.core.models import ContactMouRole
from partnerdesk.core.platform.db import Database
from tests.core.directory.conftest import id_of_contact


def test_the_list_by_group_and_without_the_inactive(demo_database: Database) -> None:
    nora = id_of_contact(demo_database, "Nora Delgado")
    with demo_database.transaction() as session:
        set_contact_active(session, nora, False)
    with demo_database.session() as session:
        everyone = list_contacts(session)
        # By surname: "Dr. Samuel Achebe" under A, first (issue #15, defect 10).
        assert [r.full_name for r in everyone][:3] == [
            "Dr. Samuel Achebe",
            "Grace Adeyemi",
            "Laura Brennan",
        ]
        assert [r.full_name for r in everyone] == sorted(
            (r.full_name for r in everyone), key=surname_key
        )
        jordan = next(r for r in everyone if r.full_name == "Jordan Ellis")
        assert jordan.groups == "Sustainability committee, Working group"
        assert jordan.organization == "City of Riverton" and jordan.organization_id is not None
        active = list_contacts(session, active_only=True)
        assert len(active) == len(everyone) - 1 and nora not in {r.id for r in active}
        working = find_group(session, "working group")
        assert working is not None and working.id is not None
        members = list_contacts(session, working.id)
        assert members and all("Working group" in r.groups for r in members)


def test_detail_and_finding_by_email(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Marcus Oyelaran")
    with demo_database.session() as session:
        detail = contact_detail(session, contact_id)
        assert detail.organization == "Riverton Police Department"
        assert detail.groups == ("Working group",) and len(detail.group_ids) == 1
        assert {r.role for r in detail.roles} >= {
            ContactMouRole.SIGNATORY,
            ContactMouRole.LIAISON,
        }
        email = detail.contact.email
        assert email is not None
        found = find_by_email(session, f"  {email.upper()} ")
        assert found is not None and found.id == contact_id
        assert find_by_email(session, email, exclude_id=contact_id) is None
