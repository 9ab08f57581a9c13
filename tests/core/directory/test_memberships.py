"""Group memberships belong to the person's record: every change, from the contact editor or
from the group's member list, is audited on the person and moves their version, so an
editor holding an older copy of the person cannot silently undo it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.directory import groups
from partnerdesk.core.directory.contact_commands import ContactInput, update_contact
from partnerdesk.core.directory.contact_queries import contact_detail
from partnerdesk.core.models import Contact, GroupKind
from partnerdesk.core.platform.audit import history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import StaleRecordError
from partnerdesk.core.platform.schema import AuditAction, AuditEvent, ChangeKind
from tests.core.directory.conftest import id_of_contact


def _version(database: Database, contact_id: int) -> int:
    with database.session() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact.row_version


def _editor_copy(database: Database, contact_id: int) -> tuple[ContactInput, int]:
    """The person as the contact editor loads them: values, groups, and the version."""
    with database.session() as session:
        detail = contact_detail(session, contact_id)
        c = detail.contact
        data = ContactInput(
            c.full_name, c.organization_id, c.title or "", c.email or "", c.phone or "",
            c.active, c.notes or "", groups=detail.group_ids,
        )  # fmt: skip
        return data, c.row_version


def test_changing_only_the_groups_in_the_editor_moves_the_version(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Avery Collins")  # in the working group
    data, seen = _editor_copy(demo_database, contact_id)
    mine = ContactInput(**{**data.__dict__, "groups": (GroupKind.SUSTAINABILITY_COMMITTEE,)})
    with demo_database.transaction() as session:
        update_contact(session, contact_id, mine, seen_version=seen)
    assert _version(demo_database, contact_id) > seen
    # A colleague's editor opened before still holds the working group: refused, not undone.
    with pytest.raises(StaleRecordError), demo_database.transaction() as session:
        update_contact(session, contact_id, data, seen_version=seen)
    with demo_database.session() as session:
        assert contact_detail(session, contact_id).groups == ("Sustainability committee",)
        summaries = {
            (e.summary, e.field, e.old_value, e.new_value)
            for e in history(session, ChangeKind.CONTACT, contact_id)
        }
    assert ("Avery Collins removed from Working group", "groups", "Working group", None) in (
        summaries
    )
    assert (
        "Avery Collins added to Sustainability committee",
        "groups",
        None,
        "Sustainability committee",
    ) in summaries


def test_saving_the_same_groups_changes_nothing(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Jordan Ellis")
    data, seen = _editor_copy(demo_database, contact_id)
    with demo_database.session() as session:
        events_before = len(session.exec(select(AuditEvent)).all())
    with demo_database.transaction() as session:
        update_contact(session, contact_id, data, seen_version=seen)
    assert _version(demo_database, contact_id) == seen
    with demo_database.session() as session:
        assert len(session.exec(select(AuditEvent)).all()) == events_before


def test_adding_and_removing_members_from_the_group_side_moves_their_versions(
    demo_database: Database,
) -> None:
    contact_id = id_of_contact(demo_database, "Helen Zhou")  # in no group
    data, seen = _editor_copy(demo_database, contact_id)
    with demo_database.transaction() as session:
        group = groups.create_group(session, "Data subcommittee")
        assert group.id is not None
        group_id = group.id
        assert groups.add_members(session, group_id, [contact_id]) == 1
    after_adding = _version(demo_database, contact_id)
    assert after_adding > seen
    with pytest.raises(StaleRecordError), demo_database.transaction() as session:
        update_contact(session, contact_id, data, seen_version=seen)  # would drop the group
    with demo_database.transaction() as session:
        groups.set_member_role(session, group_id, contact_id, "  chair ")
    after_role = _version(demo_database, contact_id)
    assert after_role > after_adding
    with demo_database.transaction() as session:
        assert groups.remove_members(session, group_id, [contact_id, contact_id]) == 1
    assert _version(demo_database, contact_id) > after_role
    with demo_database.session() as session:
        events = history(session, ChangeKind.CONTACT, contact_id)
    assert [
        (e.summary, e.field, e.old_value, e.new_value)
        for e in reversed(events)
        if e.action == AuditAction.UPDATE
    ] == [
        ("Helen Zhou added to Data subcommittee", "groups", None, "Data subcommittee"),
        ("role in Data subcommittee", "role_in_group", None, "chair"),
        ("Helen Zhou removed from Data subcommittee", "groups", "Data subcommittee", None),
    ]


def test_setting_the_same_role_again_is_not_a_change(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Jordan Ellis")
    with demo_database.session() as session:
        committee = groups.find_group(session, "sustainability committee")
        assert committee is not None and committee.id is not None
        committee_id = committee.id
    with demo_database.transaction() as session:
        groups.set_member_role(session, committee_id, contact_id, "chair")
    version = _version(demo_database, contact_id)
    with demo_database.transaction() as session:
        groups.set_member_role(session, committee_id, contact_id, "chair ")
    assert _version(demo_database, contact_id) == version
