"""Putting a person in a stakeholder group and taking them out again.

A membership is part of the person's record: the contact editor shows the person's groups
and saves them whole. So every change to one, from whichever side (the contact editor, the
group's member list, a merging import), is audited on the contact ("Jane Doe added to
Working group") and moves the contact's version. An editor still holding the person as they
were is then refused, instead of quietly putting the old memberships back.
(A stakeholder group has no version of its own: its member list is always re-read.)
"""

from __future__ import annotations

from sqlmodel import Session

from partnerdesk.core.models import Contact, GroupMembership
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.schema import ChangeKind


def join_group(session: Session, contact: Contact, group_id: int, group_name: str) -> None:
    """Add the person to the group (the caller knows they are not in it yet)."""
    assert contact.id is not None
    summary = f"{contact.full_name} added to {group_name}"
    with audit.tracking(session, contact, ChangeKind.CONTACT, summary=summary) as tracked:
        session.add(GroupMembership(group_id=group_id, contact_id=contact.id))
        tracked.add("groups", None, group_name)


def leave_group(
    session: Session, contact: Contact, membership: GroupMembership, group_name: str
) -> None:
    """Take the person out of the group ``membership`` puts them in."""
    summary = f"{contact.full_name} removed from {group_name}"
    with audit.tracking(session, contact, ChangeKind.CONTACT, summary=summary) as tracked:
        session.delete(membership)
        tracked.add("groups", group_name, None)


def set_role_in_group(
    session: Session,
    contact: Contact,
    membership: GroupMembership,
    group_name: str,
    role: str | None,
) -> None:
    """The person's role in the group ("chair"); audited only when it changes."""
    with audit.tracking(
        session, contact, ChangeKind.CONTACT, summary=f"role in {group_name}"
    ) as tracked:
        tracked.add("role_in_group", membership.role_in_group, role)
        membership.role_in_group = role
