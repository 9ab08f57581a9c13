"""An MOU's History tab: the audit events of one version, its parties and its reviews, in
words a person reads (organization and contact names rather than their ids).

Party and review events are found by the ``MOU #<id>:`` marker their summaries start with
(:func:`~partnerdesk.core.mou.rules.mou_marker`), so they stay in the History after the
party or review row is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import AuditAction, AuditEvent, Contact, Organization
from partnerdesk.core.mou.rules import mou_marker
from partnerdesk.core.platform.schema import ChangeKind


@dataclass(frozen=True, slots=True)
class HistoryRow:
    occurred_at: datetime
    who: str
    action: AuditAction
    subject: str  # "MOU", "Party", "Review"
    field: str
    old_value: str
    new_value: str
    summary: str


_SUBJECTS: dict[str, str] = {
    ChangeKind.MOU: "MOU",
    ChangeKind.MOU_PARTY: "Party",
    ChangeKind.REVIEW: "Review",
}
_FIELD_LABELS = {
    "organization_id": "organization",
    "signatory_contact_id": "signatory",
    "owner_contact_id": "owner",
    "reviewer_contact_id": "reviewer (contact)",
    "mou_id": "MOU version",
}
_CONTACT_FIELDS = ("signatory_contact_id", "owner_contact_id", "reviewer_contact_id")


def _names_for_history(
    session: Session, events: Sequence[AuditEvent]
) -> dict[tuple[str | None, str | None], str]:
    """Readable names for the ids that events record (organizations, contacts)."""
    wanted: dict[str, set[int]] = {"org": set(), "contact": set()}
    for event in events:
        kind = "org" if event.field == "organization_id" else None
        kind = "contact" if event.field in _CONTACT_FIELDS else kind
        if kind is None:
            continue
        for value in (event.old_value, event.new_value):
            if value and value.isdigit():
                wanted[kind].add(int(value))
    names: dict[tuple[str | None, str | None], str] = {}
    if wanted["org"]:
        for org_id, name in session.execute(
            sa.select(col(Organization.id), col(Organization.name)).where(
                col(Organization.id).in_(wanted["org"])
            )
        ):
            names[("organization_id", str(org_id))] = name
    if wanted["contact"]:
        for contact_id, name in session.execute(
            sa.select(col(Contact.id), col(Contact.full_name)).where(
                col(Contact.id).in_(wanted["contact"])
            )
        ):
            for field_name in _CONTACT_FIELDS:
                names[(field_name, str(contact_id))] = name
    return names


def mou_history(session: Session, mou_id: int) -> list[HistoryRow]:
    """Audit events of one MOU version, its parties and its reviews, newest first."""
    marker = mou_marker(mou_id)
    statement = (
        select(AuditEvent)
        .where(
            sa.or_(
                sa.and_(
                    col(AuditEvent.entity_type) == ChangeKind.MOU,
                    col(AuditEvent.entity_id) == mou_id,
                ),
                sa.and_(
                    col(AuditEvent.entity_type).in_((ChangeKind.MOU_PARTY, ChangeKind.REVIEW)),
                    col(AuditEvent.summary).startswith(marker),
                ),
            )
        )
        .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())
    )
    rows: list[HistoryRow] = []
    events = list(session.exec(statement))
    names = _names_for_history(session, events)
    for event in events:
        who = event.os_user if not event.db_user else f"{event.os_user} ({event.db_user})"
        summary = event.summary or ""
        if summary.startswith(marker):
            summary = summary[len(marker) :].strip()
        rows.append(
            HistoryRow(
                occurred_at=event.occurred_at,
                who=who,
                action=event.action,
                subject=_SUBJECTS.get(event.entity_type, event.entity_type),
                field=_FIELD_LABELS.get(event.field or "", event.field or ""),
                old_value=names.get((event.field, event.old_value), event.old_value or ""),
                new_value=names.get((event.field, event.new_value), event.new_value or ""),
                summary=summary,
            )
        )
    return rows
