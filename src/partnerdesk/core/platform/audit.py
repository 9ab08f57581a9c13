"""The audit trail: every change to a record a user cares about is one or more events.

Services change a record inside :func:`tracking`, which does the part every edit shares:
refuse a stale copy, snapshot, let the caller apply the change, diff, stamp
``updated_at`` (so the row's version moves even when only its child rows changed), and
write the events. Every event also notes its :class:`ChangeKind` on the session, and the
transaction announces those kinds once it commits (``Database.subscribe``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, SQLModel, col, select

from partnerdesk.core.platform.db import CHANGED_KINDS, current_os_user
from partnerdesk.core.platform.errors import StaleRecordError
from partnerdesk.core.platform.schema import AuditAction, AuditEvent, ChangeKind, utc_now


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


# session.info key: (the transaction, its moment) once the moment has been asked for.
_MOMENT = "partnerdesk.audit_moment"


def moment(session: Session) -> datetime:
    """When the changes of this transaction are recorded (audit events, ``updated_at``).

    On a team server, the server's clock: people's computers disagree about the time, and
    an audit trail must not depend on whose computer saved. On a local file, this
    computer's clock (the only one). Asked once per transaction: one save, one moment."""
    transaction = session.get_transaction()
    cached = session.info.get(_MOMENT)
    if cached is not None and cached[0] is transaction:
        return cached[1]  # type: ignore[no-any-return]
    if session.get_bind().dialect.name == "postgresql":
        # On the session's connection, not session.execute: asking the time must not flush
        # a half-made change (which would move a row's version twice).
        value = session.connection().exec_driver_sql("SELECT clock_timestamp()").scalar_one()
    else:
        value = utc_now()
    session.info[_MOMENT] = (transaction, value)
    return value  # type: ignore[no-any-return]


def note_change(session: Session, kind: ChangeKind) -> None:
    """Remember that this transaction changed records of ``kind`` (announced on commit)."""
    session.info.setdefault(CHANGED_KINDS, set()).add(ChangeKind(kind))


def record(
    session: Session,
    entity_type: ChangeKind,
    entity_id: int | None,
    action: AuditAction,
    summary: str | None = None,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    *,
    row_version: int | None = None,
) -> list[AuditEvent]:
    """Add audit events to the session (committed with the change they describe).

    ``changes`` maps a field name to its (old, new) values; one event is written per field,
    or a single event carrying ``summary`` when there are no field changes. ``row_version``
    is the version of the record the change was saved over (see :func:`changes_since`).
    """
    note_change(session, entity_type)
    common: dict[str, Any] = {
        "occurred_at": moment(session),
        "row_version": row_version,
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


# Columns every table has that say nothing a person changed.
_BOOKKEEPING = frozenset({"id", "row_version", "created_at", "updated_at"})


def column_snapshot(row: SQLModel) -> dict[str, Any]:
    """A record's own values, by column name (the default snapshot of :func:`tracking`)."""
    table = row.__table__  # type: ignore[attr-defined]
    return {c.key: getattr(row, c.key) for c in table.columns if c.key not in _BOOKKEEPING}


@dataclass
class Tracked:
    """What the body of :func:`tracking` can add to the automatic field diff."""

    extra: dict[str, tuple[Any, Any]] = dataclass_field(default_factory=dict)
    children_changed: bool = False

    def add(self, name: str, old: Any, new: Any) -> None:
        """A change the snapshot cannot see (a party, a clause, a group membership)."""
        if old != new:
            self.extra[name] = (old, new)
            self.children_changed = True


@contextmanager
def tracking(
    session: Session,
    row: Any,
    kind: ChangeKind,
    *,
    summary: str | Callable[[], str] | None = None,
    seen_version: int | None = None,
    what: str | None = None,
    snapshot: Callable[[Any], Mapping[str, Any]] = column_snapshot,
    action: AuditAction = AuditAction.UPDATE,
) -> Iterator[Tracked]:
    """Change ``row`` in the body; on exit the change is diffed and audited.

    ``seen_version`` is the ``row_version`` the user opened: a different one means someone
    else saved since, and nothing is changed (StaleRecordError naming ``what``). When the
    row's own fields are unchanged but the body reports child rows changed
    (``tracked.add(...)``), the row is still stamped, so its version moves and a colleague
    holding an older copy is refused instead of silently writing it back. ``action`` says
    how the change came (an edit by default; an import merge says so).
    """
    if seen_version is not None and row.row_version != seen_version:
        raise StaleRecordError(what or f"this {kind.label.lower()}", kind.value, row.id)
    saved_over = getattr(row, "row_version", None)
    before = dict(snapshot(row))
    tracked = Tracked()
    yield tracked
    changes = diff(before, dict(snapshot(row))) | tracked.extra
    if not changes:
        return
    if hasattr(row, "updated_at"):
        row.updated_at = moment(session)
        flag_modified(row, "updated_at")  # an UPDATE even for child-only changes
    text = summary() if callable(summary) else summary
    record(session, kind, row.id, action, text, changes, row_version=saved_over)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs between two snapshots, as (old, new)."""
    return {
        key: (before.get(key), after.get(key)) for key in after if before.get(key) != after.get(key)
    }


def history(
    session: Session, entity_type: ChangeKind, entity_ids: Sequence[int] | int
) -> list[AuditEvent]:
    ids = [entity_ids] if isinstance(entity_ids, int) else list(entity_ids)
    statement = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, col(AuditEvent.entity_id).in_(ids))
        .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())
    )
    return list(session.exec(statement))


def changes_since(
    session: Session, entity_type: ChangeKind, entity_id: int, seen_version: int
) -> list[AuditEvent]:
    """What others saved to one record since the user opened its version ``seen_version``
    (oldest first): shown when a save is refused because the record changed underneath.

    Found by version, not by time: every change saved over version N or later came after
    the user read version N, whatever the clocks of the computers that saved it said."""
    statement = (
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == entity_type,
            AuditEvent.entity_id == entity_id,
            col(AuditEvent.row_version) >= seen_version,
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
