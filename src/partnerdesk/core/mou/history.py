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

from partnerdesk.core.models import AuditAction, AuditEvent, Contact, Mou, Organization
from partnerdesk.core.mou.history_wording import (
    mou_sentence,
    party_sentence,
    review_sentence,
    value_text,
)
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
    text: str = ""  # the sentence: "Expiry date changed from 18 Nov 2027 to 18 Nov 2029 by dana"


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


def _party_name(summary: str) -> str:
    """The organization a party event names ("Riverton PD on RIV-CR-01 v1")."""
    for verb in (" removed with the MOU", " added to ", " removed from ", " on "):
        if verb in summary:
            return summary.split(verb, 1)[0].strip()
    return "A party"


def _versions(session: Session, events: Sequence[AuditEvent]) -> dict[str, int]:
    """MOU id (as text) -> version number, for the versions the events mention."""
    ids = {int(e.new_value) for e in events if e.field == "superseded_by" and e.new_value}
    ids |= {int(e.old_value) for e in events if e.field == "mou_id" and e.old_value}
    if not ids:
        return {}
    statement = sa.select(col(Mou.id), col(Mou.version_number)).where(col(Mou.id).in_(ids))
    return {str(mou_id): int(number) for mou_id, number in session.execute(statement)}


def _grouped(events: Sequence[AuditEvent]) -> list[list[AuditEvent]]:
    """One group per change a person made: a creation or deletion writes one event per
    field (shown as one line); an edit's fields are shown one line each."""
    groups: list[list[AuditEvent]] = []
    for event in events:
        if groups and event.action in (AuditAction.CREATE, AuditAction.DELETE):
            first = groups[-1][0]
            same = (first.entity_type, first.entity_id, first.action, first.summary)
            if same == (event.entity_type, event.entity_id, event.action, event.summary):
                groups[-1].append(event)
                continue
        groups.append([event])
    return groups


def mou_history(session: Session, mou_id: int) -> list[HistoryRow]:
    """Audit events of one MOU version, its parties and its reviews, newest first, each
    with the sentence a person reads (``text``)."""
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
    events = list(session.exec(statement))
    names = _names_for_history(session, events)
    versions = _versions(session, events)
    number = session.execute(
        sa.select(col(Mou.version_number)).where(col(Mou.id) == mou_id)
    ).scalar_one_or_none()

    def version_of(raw: str) -> str:
        return f"version {versions[raw]}" if raw in versions else ""

    rows: list[HistoryRow] = []
    for group in _grouped(events):
        first = group[0]
        who = first.os_user if not first.db_user else f"{first.os_user} ({first.db_user})"
        summary = first.summary or ""
        if summary.startswith(marker):
            summary = summary[len(marker) :].strip()
        words = {
            e.field: (
                value_text(e.field, e.old_value, names.get((e.field, e.old_value))),
                value_text(e.field, e.new_value, names.get((e.field, e.new_value))),
            )
            for e in group
            if e.field
        }
        if first.entity_type == ChangeKind.MOU_PARTY:
            organization = (
                words.get("organization_id", ("", ""))[1]
                or words.get("organization_id", ("", ""))[0]
                or _party_name(summary)
            )
            text = party_sentence(first.action, organization, words)
        elif first.entity_type == ChangeKind.REVIEW:
            if "mou_id" in words:
                earlier = version_of(first.old_value or "")
                text = f"Scheduled review moved over from {earlier or 'the earlier version'}"
            else:
                text = review_sentence(first.action, words)
        else:
            text = mou_sentence(first.action, summary, words, int(number or 1), version_of)
        if text is None:  # bookkeeping only (a party's place in the list)
            continue
        single = first if len(group) == 1 else None
        rows.append(
            HistoryRow(
                occurred_at=first.occurred_at,
                who=who,
                action=first.action,
                subject=_SUBJECTS.get(first.entity_type, first.entity_type),
                field=_FIELD_LABELS.get(single.field or "", single.field or "") if single else "",
                old_value=words.get(single.field, ("", ""))[0] if single and single.field else "",
                new_value=words.get(single.field, ("", ""))[1] if single and single.field else "",
                summary=summary,
                text=f"{text} by {who}",
            )
        )
    return rows
