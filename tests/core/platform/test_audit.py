"""The audit trail: who changed what, and what changed since a record was opened."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from partnerdesk.core.platform import audit, clock
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.schema import AuditAction, ChangeKind


def test_field_changes_are_one_event_each_with_old_and_new(database: Database) -> None:
    with database.transaction() as session:
        audit.record(
            session,
            ChangeKind.MOU,
            7,
            AuditAction.UPDATE,
            "MOU-7",
            audit.diff({"title": "A", "notes": "same"}, {"title": "B", "notes": "same"}),
        )
    with database.session() as session:
        events = audit.history(session, ChangeKind.MOU, 7)
    assert [(e.field, e.old_value, e.new_value) for e in events] == [("title", "A", "B")]
    assert events[0].os_user


def test_changes_since_finds_a_colleagues_change_by_version_whatever_their_clock(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #13, item 6: with a colleague's clock 10 minutes slow, their save was refused
    but "what they changed" came out empty, because changes were looked up by time."""
    from partnerdesk.core.models import Organization

    org_id = _organization(database)

    def save_phone(phone: str) -> None:
        with database.transaction() as session:
            org = session.get(Organization, org_id)
            assert org is not None
            with audit.tracking(session, org, ChangeKind.ORGANIZATION):
                org.phone = phone

    save_phone("555-0100")  # before I opened the record: not "since"
    with database.session() as session:
        seen = session.get(Organization, org_id).row_version  # type: ignore[union-attr]
    slow = clock.now_utc() - timedelta(minutes=10)
    with monkeypatch.context() as colleagues_computer:
        colleagues_computer.setattr(clock, "now_utc", lambda: slow)
        save_phone("555-0199")
    with database.session() as session:
        later = audit.changes_since(session, ChangeKind.ORGANIZATION, org_id, seen)
        described = [audit.describe_event(e) for e in later]
    assert len(described) == 1
    assert "changed phone: '555-0100' -> '555-0199'" in described[0]


def test_on_a_team_server_audit_times_are_the_servers(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlalchemy as sa

    if database.engine.dialect.name != "postgresql":
        pytest.skip("a local file has only this computer's clock")
    slow = clock.now_utc() - timedelta(minutes=10)
    monkeypatch.setattr(clock, "now_utc", lambda: slow)
    with database.transaction() as session:
        audit.record(session, ChangeKind.MOU, 1, AuditAction.UPDATE, "by a slow computer")
    with database.session() as session:
        [event] = audit.history(session, ChangeKind.MOU, 1)
        server_now = session.execute(sa.text("SELECT clock_timestamp()")).scalar_one()
    assert abs((server_now - event.occurred_at).total_seconds()) < 60


def test_timestamps_come_back_as_the_same_instant_in_utc(database: Database) -> None:
    from datetime import timezone

    from partnerdesk.core.platform.schema import AuditEvent

    local = datetime(2026, 11, 27, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    with database.transaction() as session:
        session.add(
            AuditEvent(
                os_user="dana", entity_type="mou", action=AuditAction.UPDATE, occurred_at=local
            )
        )
    with database.session() as session:
        stored = session.exec(audit.select(AuditEvent)).one().occurred_at
    assert stored.tzinfo is not None and stored.utcoffset() == timedelta(0)
    assert stored == local  # 14:30 UTC, not 09:30 taken for UTC


def _organization(database: Database, name: str = "Harbor Clinic") -> int:
    from partnerdesk.core.models import Organization, OrganizationKind

    with database.transaction() as session:
        org = Organization(name=name, name_key=name.lower(), kind=OrganizationKind.HOSPITAL)
        session.add(org)
        session.flush()
        assert org.id is not None
        return org.id


def test_tracking_audits_the_fields_that_changed_and_moves_the_version(
    database: Database,
) -> None:
    from partnerdesk.core.models import Organization

    org_id = _organization(database)
    with database.transaction() as session:
        org = session.get(Organization, org_id)
        assert org is not None
        seen = org.row_version
        with audit.tracking(session, org, ChangeKind.ORGANIZATION, seen_version=seen):
            org.phone = "555-0100"
            org.notes = None  # unchanged
    with database.session() as session:
        events = audit.history(session, ChangeKind.ORGANIZATION, org_id)
        reread = session.get(Organization, org_id)
        assert reread is not None and reread.row_version == seen + 1
    assert [(e.field, e.old_value, e.new_value) for e in events] == [("phone", None, "555-0100")]


def test_tracking_a_child_only_change_still_moves_the_parent_version(
    database: Database,
) -> None:
    from partnerdesk.core.models import Organization

    org_id = _organization(database)
    with database.transaction() as session:
        org = session.get(Organization, org_id)
        assert org is not None
        seen = org.row_version
        with audit.tracking(session, org, ChangeKind.ORGANIZATION) as tracked:
            tracked.add("members", "2 people", "3 people")
    with database.session() as session:
        reread = session.get(Organization, org_id)
        assert reread is not None and reread.row_version == seen + 1
        [event] = audit.history(session, ChangeKind.ORGANIZATION, org_id)
    assert (event.field, event.old_value, event.new_value) == ("members", "2 people", "3 people")


def test_tracking_refuses_a_stale_copy_and_changes_nothing(database: Database) -> None:
    from partnerdesk.core.models import Organization
    from partnerdesk.core.platform.errors import StaleRecordError

    org_id = _organization(database)
    with database.transaction() as session, pytest.raises(StaleRecordError, match="Harbor"):
        org = session.get(Organization, org_id)
        assert org is not None
        with audit.tracking(session, org, ChangeKind.ORGANIZATION, seen_version=99, what="Harbor"):
            org.phone = "555-0199"
    with database.session() as session:
        reread = session.get(Organization, org_id)
        assert reread is not None and reread.phone is None
        assert audit.history(session, ChangeKind.ORGANIZATION, org_id) == []


def test_a_committed_transaction_announces_the_kinds_it_changed(database: Database) -> None:
    heard: list[frozenset[ChangeKind]] = []
    database.subscribe(heard.append)
    with database.transaction() as session:
        audit.record(session, ChangeKind.MOU, 1, AuditAction.UPDATE, "x")
        audit.record(session, ChangeKind.REVIEW, 2, AuditAction.UPDATE, "y")
    with database.transaction():
        pass  # nothing changed: nothing announced
    with pytest.raises(RuntimeError), database.transaction() as session:
        audit.record(session, ChangeKind.CONTACT, 3, AuditAction.UPDATE, "z")
        raise RuntimeError("rolled back")
    assert heard == [frozenset({ChangeKind.MOU, ChangeKind.REVIEW})]
