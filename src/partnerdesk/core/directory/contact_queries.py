"""Reading the people of the directory: the rows of the contact lists, finding a person,
and everything the contact editor shows about one (organization, groups, MOU roles)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.mou_roles import MouRoleRow, mou_roles
from partnerdesk.core.directory.names import surname_key, surname_sort_text
from partnerdesk.core.directory.records import get_record
from partnerdesk.core.models import Contact, GroupMembership, Organization, StakeholderGroup
from partnerdesk.core.platform.collector import collector_paused


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    full_name: str
    organization: str
    title: str
    email: str
    phone: str
    groups: str
    active: bool
    organization_id: int | None = None

    @property
    def sort_name(self) -> str:
        """The name as a directory orders it: by surname (``names.surname_key``)."""
        return surname_sort_text(self.full_name)


def group_names_by_contact(session: Session) -> dict[int, list[str]]:
    """Each person's stakeholder groups, by name (only people in at least one group)."""
    statement = (
        sa.select(col(GroupMembership.contact_id), col(StakeholderGroup.name))
        .join(StakeholderGroup, col(StakeholderGroup.id) == col(GroupMembership.group_id))
        .order_by(col(StakeholderGroup.name))
    )
    names: dict[int, list[str]] = defaultdict(list)
    # Through the connection: plain rows, without the ORM's per-row bookkeeping.
    for contact_id, name in session.connection().execute(statement).all():
        names[contact_id].append(name)
    return names


def people_statement(*extra: Any) -> sa.Select[Any]:
    """What every list of people shows, by name: id, name, organization's name, title,
    email, phone; then ``extra`` columns."""
    return (
        sa.select(
            col(Contact.id),
            col(Contact.full_name),
            col(Organization.name),
            col(Contact.title),
            col(Contact.email),
            col(Contact.phone),
            *extra,
        )
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .order_by(col(Contact.full_name), col(Contact.id))
    )


def list_contacts(
    session: Session, group_id: int | None = None, *, active_only: bool = False
) -> list[ContactRow]:
    """Everyone (or a group's members), as the directory orders them: by surname."""
    # Sorted here by surname, so not in SQL as well (a third of the query's time).
    statement = people_statement(col(Contact.active), col(Contact.organization_id)).order_by(None)
    if group_id is not None:
        members = select(GroupMembership.contact_id).where(GroupMembership.group_id == group_id)
        statement = statement.where(col(Contact.id).in_(members))
    if active_only:
        statement = statement.where(col(Contact.active).is_(True))
    # 20,000 people are 20,000 small records and nothing cyclic: with the collector
    # running, it walked them again and again (40% of the directory's loading time).
    with collector_paused():
        groups = group_names_by_contact(session)
        # Plain rows, no ORM bookkeeping, fetched at once (iterating fetches them one by one).
        found = session.connection().execute(statement).all()
        rows = [
            ContactRow(
                id=contact_id,
                full_name=name,
                organization=org or "",
                title=title or "",
                email=email or "",
                phone=phone or "",
                groups=", ".join(groups.get(contact_id, [])),
                active=active,
                organization_id=org_id,
            )
            for contact_id, name, org, title, email, phone, active, org_id in found
        ]
        rows.sort(key=lambda row: (surname_key(row.full_name), row.full_name, row.id))
    return rows


def get_contact(session: Session, contact_id: int) -> Contact:
    return get_record(session, Contact, contact_id, "contact")


def find_by_email(session: Session, email: str, exclude_id: int | None = None) -> Contact | None:
    """The person with this email address, whatever its capitals (the first one, by id)."""
    statement = select(Contact).where(sa.func.lower(Contact.email) == email.strip().lower())
    if exclude_id is not None:
        statement = statement.where(Contact.id != exclude_id)
    return session.exec(statement.order_by(col(Contact.id))).first()


@dataclass(frozen=True)
class ContactDetail:
    contact: Contact
    organization: str
    group_ids: tuple[int, ...]
    groups: tuple[str, ...]
    roles: tuple[MouRoleRow, ...]


def contact_detail(session: Session, contact_id: int) -> ContactDetail:
    contact = get_contact(session, contact_id)
    org = session.get(Organization, contact.organization_id) if contact.organization_id else None
    memberships = session.execute(
        sa.select(col(StakeholderGroup.id), col(StakeholderGroup.name))
        .join(GroupMembership, col(GroupMembership.group_id) == col(StakeholderGroup.id))
        .where(col(GroupMembership.contact_id) == contact_id)
        .order_by(col(StakeholderGroup.name))
    ).all()
    return ContactDetail(
        contact=contact,
        organization=org.name if org is not None else "",
        group_ids=tuple(int(i) for i, _ in memberships),
        groups=tuple(str(n) for _, n in memberships),
        roles=tuple(mou_roles(session, contact_id)),
    )
