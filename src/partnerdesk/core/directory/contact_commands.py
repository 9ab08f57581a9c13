"""Changing the people of the directory: create, edit, (de)activate, delete, and the
stakeholder groups a person belongs to.

A contact that an MOU points at (as a party's signatory, the owner, a liaison / legal /
privacy role, or a reviewer) can never be deleted, only deactivated: the agreement must go
on saying who signed it. Deleting anyone asks first in the UI and is always audited here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.contact_queries import find_by_email, get_contact
from partnerdesk.core.directory.groups import standard_group
from partnerdesk.core.directory.memberships import join_group, leave_group
from partnerdesk.core.directory.mou_roles import mou_roles, role_words
from partnerdesk.core.directory.records import set_active
from partnerdesk.core.directory.validation import (
    clean,
    email_problem,
    name_problem,
    phone_problem,
    raise_first,
)
from partnerdesk.core.models import (
    AuditAction,
    Contact,
    FundingProspect,
    FundingSource,
    GroupKind,
    GroupMembership,
    Mou,
    ObligationRule,
    Organization,
    Responder,
    Review,
    SessionTrainer,
    StakeholderGroup,
)
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.errors import ConflictError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.text_limits import text_problem


@dataclass
class ContactInput:
    """A contact as the editor (or an import) supplies it.

    ``groups``: the stakeholder groups the person belongs to, each a group id or a standard
    :class:`GroupKind` (created on first use); ``None`` leaves the memberships as they are.
    """

    full_name: str
    organization_id: int | None = None
    title: str = ""
    email: str = ""
    phone: str = ""
    active: bool = True
    notes: str = ""
    groups: tuple[int | GroupKind, ...] | None = None


def validate_contact(
    session: Session, data: ContactInput, contact_id: int | None = None
) -> dict[str, str]:
    """Every problem with ``data`` as field -> reason (empty when it can be saved)."""
    problems: dict[str, str] = {}
    empty = "the name is empty; give the person's full name"
    if name_reason := name_problem(clean(data.full_name), empty=empty):
        problems["full_name"] = name_reason
    if data.organization_id is not None and session.get(Organization, data.organization_id) is None:
        problems["organization_id"] = "that organization no longer exists; pick another"
    if reason := text_problem(Contact, "title", clean(data.title)):
        problems["title"] = reason
    email_reason = email_problem(data.email)
    if email_reason:
        problems["email"] = email_reason
    elif data.email.strip():
        other = find_by_email(session, data.email, exclude_id=contact_id)
        if other is not None:
            problems["email"] = (
                f"the email address {data.email.strip()} already belongs to {other.full_name}"
            )
    phone_reason = phone_problem(data.phone)
    if phone_reason:
        problems["phone"] = phone_reason
    for group in data.groups or ():
        if isinstance(group, int) and session.get(StakeholderGroup, group) is None:
            problems["groups"] = "one of the chosen groups no longer exists"
    return problems


def _apply(contact: Contact, data: ContactInput) -> None:
    contact.full_name = clean(data.full_name)
    contact.organization_id = data.organization_id
    contact.title = clean(data.title) or None
    contact.email = data.email.strip() or None
    contact.phone = clean(data.phone) or None
    contact.active = data.active
    contact.notes = data.notes.strip() or None


def create_contact(session: Session, data: ContactInput) -> Contact:
    raise_first(validate_contact(session, data))
    contact = Contact(full_name="")
    _apply(contact, data)
    session.add(contact)
    session.flush()
    assert contact.id is not None
    audit.record(
        session,
        ChangeKind.CONTACT,
        contact.id,
        AuditAction.CREATE,
        summary=contact.full_name,
        changes={k: (None, v) for k, v in audit.column_snapshot(contact).items() if v is not None},
    )
    if data.groups:
        set_contact_groups(session, contact.id, data.groups)
    return contact


def update_contact(
    session: Session, contact_id: int, data: ContactInput, *, seen_version: int | None = None
) -> Contact:
    """Save the editor's values; ``seen_version`` is the row_version the user loaded."""
    contact = get_contact(session, contact_id)
    with audit.tracking(
        session,
        contact,
        ChangeKind.CONTACT,
        summary=lambda: contact.full_name,
        seen_version=seen_version,
        what=contact.full_name,
    ):
        raise_first(validate_contact(session, data, contact_id))
        _apply(contact, data)
    if data.groups is not None:
        set_contact_groups(session, contact_id, data.groups)
    session.flush()
    return contact


def set_contact_active(session: Session, contact_id: int, active: bool) -> Contact:
    contact = get_contact(session, contact_id)
    set_active(session, contact, ChangeKind.CONTACT, contact.full_name, active)
    return contact


def set_contact_groups(
    session: Session, contact_id: int, groups: Sequence[int | GroupKind]
) -> None:
    """Make the person's memberships exactly ``groups``, keeping roles where they stay.

    Each membership gained or lost is audited on the person and moves their version."""
    contact = get_contact(session, contact_id)
    wanted: set[int] = set()
    for group in groups:
        group_id = group if isinstance(group, int) else standard_group(session, group).id
        assert group_id is not None
        wanted.add(group_id)
    current = {
        m.group_id: m
        for m in session.exec(
            select(GroupMembership).where(GroupMembership.contact_id == contact_id)
        )
    }
    names = {
        int(i): str(n)
        for i, n in session.execute(sa.select(col(StakeholderGroup.id), col(StakeholderGroup.name)))
    }
    for group_id, membership in current.items():
        if group_id not in wanted:
            leave_group(session, contact, membership, names.get(group_id, f"group #{group_id}"))
    for group_id in wanted - set(current):
        join_group(session, contact, group_id, names.get(group_id, f"group #{group_id}"))
    session.flush()


# --------------------------------------------------------------------------- deleting


def contact_references(session: Session, contact_id: int) -> list[str]:
    """What points at this person, in words; empty when the person can be deleted."""
    reasons: list[str] = []
    for role in mou_roles(session, contact_id):
        reasons.append(
            role_words(role.role)
            + (f" {role.detail}" if role.detail else "")
            + f" on MOU {role.code} v{role.version}"
        )
    for code, version in session.execute(
        sa.select(col(Mou.reference_code), col(Mou.version_number)).where(
            col(Mou.owner_contact_id) == contact_id
        )
    ):
        reasons.append(f"owner of MOU {code} v{version}")
    for code, due in session.execute(
        sa.select(col(Mou.reference_code), col(Review.due_date))
        .join(Mou, col(Mou.id) == col(Review.mou_id))
        .where(col(Review.reviewer_contact_id) == contact_id)
    ):
        when = due.isoformat() if isinstance(due, date) else str(due)
        reasons.append(f"reviewer of MOU {code} (review due {when})")
    for title, source in session.execute(
        sa.select(col(ObligationRule.title), col(FundingSource.name))
        .join(FundingSource, col(FundingSource.id) == col(ObligationRule.funding_source_id))
        .where(col(ObligationRule.owner_contact_id) == contact_id)
    ):
        reasons.append(f'owner of the obligation "{title}" of {source}')
    for (name,) in session.execute(
        sa.select(col(FundingProspect.name)).where(
            col(FundingProspect.owner_contact_id) == contact_id
        )
    ):
        reasons.append(f'owner of the funding prospect "{name}"')
    return reasons + _training_references(session, contact_id)


def _training_references(session: Session, contact_id: int) -> list[str]:
    """A responder's training history and a trainer's sessions name the person too."""
    reasons: list[str] = []
    if session.exec(select(Responder.id).where(Responder.contact_id == contact_id)).first():
        reasons.append("a responder in joint training (record the day they left instead)")
    trained = session.execute(
        sa.select(sa.func.count()).where(col(SessionTrainer.contact_id) == contact_id)
    ).scalar_one()
    if trained:
        reasons.append(f"trainer of {trained} training session(s)")
    return reasons


def _refusal(name: str, reasons: list[str]) -> str:
    shown = "; ".join(reasons[:5]) + (f"; and {len(reasons) - 5} more" if len(reasons) > 5 else "")
    return (
        f"{name} cannot be deleted: {shown}. MOUs, grants and training must keep saying who "
        "was involved, so "
        "deactivate instead (inactive records stay on those MOUs but leave the active lists)"
    )


def delete_contact(session: Session, contact_id: int) -> str:
    """Delete an unreferenced person (and their group memberships); returns the name.

    Raises ConflictError naming every reference when an MOU points at the person."""
    contact = get_contact(session, contact_id)
    reasons = contact_references(session, contact_id)
    if reasons:
        raise ConflictError(_refusal(contact.full_name, reasons))
    with trash.deleting(session, ChangeKind.CONTACT, contact_id, contact.full_name) as deletion:
        # Memberships first: the contact row is referenced by them.
        deletion.delete_where(GroupMembership, col(GroupMembership.contact_id) == contact_id)
        audit.record(
            session,
            ChangeKind.CONTACT,
            contact_id,
            AuditAction.DELETE,
            f"deleted {contact.full_name}",
            {k: (v, None) for k, v in audit.column_snapshot(contact).items() if v is not None},
        )
        deletion.delete(contact)
    return contact.full_name
