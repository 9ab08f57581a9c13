"""Stakeholder groups: standing bodies and the user's own, members, emails to a group."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.directory import groups
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import AuditEvent
from tests.core.directory.conftest import id_of_contact


def test_groups_custom_ones_can_be_made_renamed_and_deleted(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Avery Collins")
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
