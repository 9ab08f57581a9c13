"""What every record of the directory shares: fetching one that someone else may have
deleted, and switching one active or inactive.

Contacts and organizations are deactivated rather than deleted once an MOU or a funding
source names them; both are switched by :func:`set_active`, so the audit event reads the
same ("Harbor Clinic deactivated") and the row's version moves the same way.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session

from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import NotFoundError
from partnerdesk.core.platform.schema import ChangeKind

Record = TypeVar("Record")


def get_record(session: Session, model: type[Record], record_id: int, noun: str) -> Record:
    """The row ``record_id`` of ``model``; NotFoundError naming it as ``noun`` when it is gone
    (another user may have deleted it while it was on this user's screen)."""
    row = session.get(model, record_id)
    if row is None:
        raise NotFoundError(f"{noun} #{record_id} does not exist (deleted by someone else?)")
    return row


def set_active(session: Session, row: Any, kind: ChangeKind, name: str, active: bool) -> None:
    """Deactivate (or reactivate) a contact or an organization: it leaves (or rejoins) the
    active lists but stays on every record that names it. Audited only when it changes."""
    verb = "reactivated" if active else "deactivated"
    with audit.tracking(session, row, kind, summary=f"{name} {verb}"):
        row.active = active
