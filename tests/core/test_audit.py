"""The audit trail: who changed what, and what changed since a record was opened."""

from __future__ import annotations

from datetime import datetime, timedelta

from partnerdesk.core import clock
from partnerdesk.core.db import Database
from partnerdesk.core.models import AuditAction
from partnerdesk.core.services import audit


def test_field_changes_are_one_event_each_with_old_and_new(database: Database) -> None:
    with database.transaction() as session:
        audit.record(
            session,
            "mou",
            7,
            AuditAction.UPDATE,
            "MOU-7",
            audit.diff({"title": "A", "notes": "same"}, {"title": "B", "notes": "same"}),
        )
    with database.session() as session:
        events = audit.history(session, "mou", 7)
    assert [(e.field, e.old_value, e.new_value) for e in events] == [("title", "A", "B")]
    assert events[0].os_user


def test_changes_since_lists_only_what_came_after(database: Database) -> None:
    with database.transaction() as session:
        audit.record(session, "contact", 3, AuditAction.UPDATE, changes={"email": ("a@x", "b@x")})
    opened_at = clock.now_utc()
    with database.transaction() as session:
        audit.record(session, "contact", 3, AuditAction.UPDATE, changes={"phone": ("1", "2")})
        audit.record(session, "contact", 4, AuditAction.UPDATE, changes={"phone": ("1", "3")})
    with database.session() as session:
        later = audit.changes_since(session, "contact", 3, opened_at - timedelta(microseconds=1))
        described = [audit.describe_event(e) for e in later]
    assert len(described) == 1
    assert "changed phone: '1' -> '2'" in described[0]


def test_timestamps_come_back_as_the_same_instant_in_utc(database: Database) -> None:
    from datetime import timezone

    from partnerdesk.core.models import AuditEvent

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
