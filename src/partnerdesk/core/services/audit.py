"""The audit trail: every change to a record a user cares about is one or more events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlmodel import Session, col, select

from partnerdesk.core.db import current_os_user
from partnerdesk.core.models import AuditAction, AuditEvent


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def database_user(session: Session) -> str | None:
    """The server login on a team database; ``None`` for a local SQLite file."""
    url = session.get_bind().engine.url
    return None if url.get_backend_name() == "sqlite" else url.username


def record(
    session: Session,
    entity_type: str,
    entity_id: int | None,
    action: AuditAction,
    summary: str | None = None,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> list[AuditEvent]:
    """Add audit events to the session (committed with the change they describe).

    ``changes`` maps a field name to its (old, new) values; one event is written per field,
    or a single event carrying ``summary`` when there are no field changes.
    """
    common: dict[str, Any] = {
        "os_user": current_os_user(),
        "db_user": database_user(session),
        "entity_type": entity_type,
        "entity_id": entity_id,
        "action": action,
        "summary": summary,
    }
    events: list[AuditEvent] = []
    for field, (old, new) in (changes or {}).items():
        if old == new:
            continue
        events.append(AuditEvent(**common, field=field, old_value=_text(old), new_value=_text(new)))
    if not events:
        events.append(AuditEvent(**common))
    session.add_all(events)
    return events


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs between two snapshots, as (old, new)."""
    return {
        key: (before.get(key), after.get(key)) for key in after if before.get(key) != after.get(key)
    }


def history(
    session: Session, entity_type: str, entity_ids: Sequence[int] | int
) -> list[AuditEvent]:
    ids = [entity_ids] if isinstance(entity_ids, int) else list(entity_ids)
    statement = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, col(AuditEvent.entity_id).in_(ids))
        .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())
    )
    return list(session.exec(statement))


def changes_since(
    session: Session, entity_type: str, entity_id: int, since: datetime
) -> list[AuditEvent]:
    """What others saved to one record after ``since`` (oldest first): shown when a save is
    refused because the record changed underneath the user."""
    statement = (
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == entity_type,
            AuditEvent.entity_id == entity_id,
            col(AuditEvent.occurred_at) > since,
        )
        .order_by(col(AuditEvent.id))
    )
    return list(session.exec(statement))


def describe_event(event: AuditEvent) -> str:
    """One line a person can read: 'dana (db: team) at 14:05 changed title: "A" -> "B"'."""
    who = event.os_user + (f" (server user {event.db_user})" if event.db_user else "")
    when = event.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if event.field:
        return (
            f"{who} at {when} changed {event.field.replace('_', ' ')}: "
            f"{event.old_value or '(empty)'!r} -> {event.new_value or '(empty)'!r}"
        )
    return f"{who} at {when}: {event.action.label.lower()}" + (
        f" ({event.summary})" if event.summary else ""
    )
