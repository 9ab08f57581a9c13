"""Deleted records: every deletion a user makes can be undone.

One mechanism for every kind of record. A service deletes inside :func:`deleting`, through
the :class:`Deletion` it is handed (``deletion.delete(row)``, ``deletion.delete_where(...)``):
each row it removes — the record and the rows that went with it (an MOU's parties and
reviews, a group's memberships, a clause's versions) — is copied, column by column, into
one :class:`DeletedRecord`. :func:`restore` puts every row back with its own id, so
whatever referred to it by id (the audit log, a calendar event) finds it again;
:func:`empty_trash` forgets the copies for good. Both are audited.

The desktop app offers Edit › Undo deletion (Ctrl+Z, the newest deletion by this user) and
Edit › Deleted records… (restore any of them, or empty the list).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col, select

from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import current_os_user
from partnerdesk.core.platform.errors import ConflictError, NotFoundError
from partnerdesk.core.platform.schema import AuditAction, ChangeKind, timestamp_field


class DeletedRecord(SQLModel, table=True):
    """One deletion: what it removed (``rows``: table name and column values, in the order
    they were deleted) and how to name it to a person."""

    __tablename__ = "deleted_record"

    id: int | None = Field(default=None, primary_key=True)
    deleted_at: datetime = timestamp_field()
    os_user: str = Field(max_length=120)
    db_user: str | None = Field(default=None, max_length=120)
    kind: str = Field(max_length=40)  # the ChangeKind of the record deleted
    entity_id: int | None = None  # None when one deletion removed several records
    label: str = Field(max_length=400)  # "MOU RIV-MC-01 “Mobile crisis…”"
    rows_json: str


# --------------------------------------------------------------------------- capturing


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _decode(column: sa.Column[Any], value: Any) -> Any:
    """A stored value back to what ``column`` takes (JSON keeps only text and numbers)."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(value)
    return value


class Deletion:
    """The rows one deletion removes, copied before they go."""

    def __init__(
        self, session: Session, kind: ChangeKind, entity_id: int | None, label: str
    ) -> None:
        self.session = session
        self.kind = kind
        self.entity_id = entity_id
        self.label = label  # may be set in the body, once it is known what went
        self.rows: list[tuple[str, dict[str, Any]]] = []
        # What restoring does once the rows are back: references other records had to what
        # went, cleared with it (RELINK), and records whose children went (TOUCH).
        self.after_restore: list[tuple[str, str, dict[str, Any]]] = []

    def _keep(self, table: sa.Table, values: dict[str, Any]) -> None:
        self.rows.append((table.name, {k: _encode(v) for k, v in values.items()}))

    def delete(self, row: SQLModel) -> None:
        """Delete one ORM row (its values are kept)."""
        table: sa.Table = row.__table__  # type: ignore[attr-defined]
        self._keep(table, {c.key: getattr(row, c.key) for c in table.columns})
        self.session.delete(row)

    def delete_where(self, model: type[SQLModel], *criteria: Any) -> int:
        """Delete every row of ``model`` matching ``criteria`` (their values are kept)."""
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        found = self.keep_where(model, *criteria)
        if found:
            self.session.execute(sa.delete(table).where(*criteria))
        return found

    def keep_where(self, model: type[SQLModel], *criteria: Any) -> int:
        """Keep a copy of every row of ``model`` matching ``criteria`` that the caller's own
        (audited) commands are about to delete. Children before their parents."""
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        self.session.flush()
        found = self.session.execute(sa.select(table).where(*criteria)).mappings().all()
        for values in found:
            self._keep(table, dict(values))
        return len(found)

    def keep_references(self, model: type[SQLModel], column: str, target_id: int) -> None:
        """Note the rows of ``model`` whose ``column`` points at ``target_id``, which the
        caller is about to clear (a ledger line's match mark for a deleted grant): restoring
        the deletion points them at it again."""
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        self.session.flush()
        ids = self.session.execute(
            sa.select(table.c.id).where(table.c[column] == target_id)
        ).scalars()
        reference = {"column": column, "value": target_id}
        self.after_restore += [(RELINK, table.name, {"id": i, **reference}) for i in ids]

    def touch_on_restore(self, model: type[SQLModel], *criteria: Any) -> None:
        """Records of ``model`` (``criteria``) whose child rows the caller's commands remove
        with this deletion (another grant's match links): restoring the children is an edit
        of each of them, so each gets a new row version then, as any edit of its children
        does, and an editor holding the old one cannot save over it."""
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        self.session.flush()
        ids = self.session.execute(sa.select(table.c.id).where(*criteria)).scalars()
        self.after_restore += [(TOUCH, table.name, {"id": i}) for i in ids]


@contextmanager
def deleting(
    session: Session, kind: ChangeKind, entity_id: int | None, label: str
) -> Iterator[Deletion]:
    """Delete in the body through the :class:`Deletion` handed out; on exit the removed
    rows become one entry of the deleted records (``label`` names it: "contact Jo Park").
    The caller audits the deletion itself, as it always has."""
    deletion = Deletion(session, kind, entity_id, label)
    yield deletion
    session.flush()
    if not deletion.rows:
        return
    # Stored as [table, values] per row removed, then [table, details, "relink" or "touch"]
    # per step after restoring (records written before those steps have only the former).
    stored = [*map(list, deletion.rows), *([t, d, k] for k, t, d in deletion.after_restore)]
    session.add(
        DeletedRecord(
            os_user=current_os_user(),
            db_user=audit.database_user(session),
            kind=ChangeKind(deletion.kind).value,
            entity_id=deletion.entity_id,
            label=deletion.label[:400],
            rows_json=json.dumps(stored),
        )
    )
    audit.note_change(session, ChangeKind.TRASH)


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class DeletedRow:
    id: int
    deleted_at: datetime
    who: str
    kind: ChangeKind
    label: str
    records: int  # rows the deletion removed (the record and what went with it)


def _row(item: DeletedRecord) -> DeletedRow:
    assert item.id is not None
    who = item.os_user + (f" ({item.db_user})" if item.db_user else "")
    return DeletedRow(
        item.id, item.deleted_at, who, ChangeKind(item.kind), item.label, _count(item)
    )


def _count(item: DeletedRecord) -> int:
    return len(_split(item)[0])


RELINK, TOUCH = "relink", "touch"


def _split(
    item: DeletedRecord,
) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    """The rows a deletion removed, and the steps after restoring them (kind, table, details)."""
    removed: list[tuple[str, dict[str, Any]]] = []
    after: list[tuple[str, str, dict[str, Any]]] = []
    for entry in json.loads(item.rows_json):
        if len(entry) == 3:
            after.append((entry[2], entry[0], entry[1]))
        else:
            removed.append((entry[0], entry[1]))
    return removed, after


def list_deleted(session: Session) -> list[DeletedRow]:
    """Every deletion that can still be undone, newest first."""
    statement = select(DeletedRecord).order_by(
        col(DeletedRecord.deleted_at).desc(), col(DeletedRecord.id).desc()
    )
    return [_row(item) for item in session.exec(statement)]


def last_deletion(session: Session, os_user: str | None = None) -> DeletedRow | None:
    """The newest deletion by ``os_user`` (by default the person running the program): what
    Undo brings back. A colleague's deletion on a team server is not theirs to undo."""
    statement = (
        select(DeletedRecord)
        .where(DeletedRecord.os_user == (os_user or current_os_user()))
        .order_by(col(DeletedRecord.deleted_at).desc(), col(DeletedRecord.id).desc())
        .limit(1)
    )
    item = session.exec(statement).first()
    return _row(item) if item is not None else None


# --------------------------------------------------------------------------- restoring


def restore(session: Session, deleted_id: int) -> DeletedRow:
    """Put back every row of one deletion, with its own ids; all or nothing. Refused with
    the reason when something it needs is gone (its organization was deleted since) or its
    place was taken (another record has its name now)."""
    item = session.get(DeletedRecord, deleted_id)
    if item is None:
        raise NotFoundError("that deletion was already undone or the list was emptied")
    shown = _row(item)
    rows, after_restore = _split(item)
    tables = SQLModel.metadata.tables
    session.flush()
    try:
        with session.begin_nested():
            # Parents were deleted after their children: put them back first.
            for table_name, stored in reversed(rows):
                table = tables[table_name]
                values = {
                    c.key: _decode(c, stored[c.key]) for c in table.columns if c.key in stored
                }
                session.execute(sa.insert(table).values(**values))
    except sa.exc.IntegrityError as exc:
        raise ConflictError(
            f"{item.label} cannot be restored: a record it belongs to was deleted since, or "
            "another record now has its name or number"
        ) from exc
    for step, table_name, details in after_restore:
        if step == RELINK:
            _relink(session, tables[table_name], details, item.label)
        elif step == TOUCH:
            _new_version(session, tables[table_name], details["id"])
    # The records are back: lists that show them reload, their history says so.
    for table_name in [name for name, _ in rows] + [name for _, name, _ in after_restore]:
        if table_name in ChangeKind._value2member_map_:
            audit.note_change(session, ChangeKind(table_name))
    audit.record(
        session,
        ChangeKind(item.kind),
        item.entity_id,
        AuditAction.RESTORE,
        f"restored {item.label} (deleted {item.deleted_at:%Y-%m-%d %H:%M} UTC by {item.os_user})",
    )
    session.delete(item)
    audit.note_change(session, ChangeKind.TRASH)
    session.flush()
    return shown


def _relink(session: Session, table: sa.Table, reference: dict[str, Any], label: str) -> None:
    """Point a record cleared by the deletion at the restored one again, unless it was
    deleted since or someone pointed it elsewhere meanwhile (their choice stands). A new
    row version, so that an editor holding the old one sees the change; audited."""
    column = table.c[reference["column"]]
    changed = {column.key: reference["value"]}
    if "row_version" in table.c:
        changed["row_version"] = table.c.row_version + 1
    done: sa.CursorResult[Any] = session.execute(  # type: ignore[assignment]
        sa.update(table)
        .where(table.c.id == reference["id"], column.is_(None))
        .values(**changed)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount and table.name in ChangeKind._value2member_map_:
        version = None
        if "row_version" in table.c:
            version = session.execute(
                sa.select(table.c.row_version).where(table.c.id == reference["id"])
            ).scalar_one()
        audit.record(
            session,
            ChangeKind(table.name),
            reference["id"],
            AuditAction.UPDATE,
            f"linked again when {label} was restored",
            {column.key: (None, reference["value"])},
            row_version=version,
        )


def _new_version(session: Session, table: sa.Table, row_id: int) -> None:
    if "row_version" in table.c:
        session.execute(
            sa.update(table)
            .where(table.c.id == row_id)
            .values(row_version=table.c.row_version + 1)
            .execution_options(synchronize_session=False)
        )


def empty_trash(session: Session) -> int:
    """Forget every deletion for good (they can no longer be undone); returns how many."""
    count = int(session.exec(select(sa.func.count()).select_from(DeletedRecord)).one())
    if count:
        session.execute(sa.delete(DeletedRecord))
        audit.record(
            session,
            ChangeKind.TRASH,
            None,
            AuditAction.DELETE,
            f"emptied the deleted records ({count} deletion{'s' if count != 1 else ''}): "
            "they can no longer be undone",
        )
    return count


__all__ = [
    "DeletedRecord",
    "DeletedRow",
    "Deletion",
    "deleting",
    "empty_trash",
    "last_deletion",
    "list_deleted",
    "restore",
]
