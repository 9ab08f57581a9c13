"""The stakeholder directory: contacts and organizations, as lists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    Contact,
    GroupMembership,
    Organization,
    OrganizationKind,
    StakeholderGroup,
)


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


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    id: int
    name: str
    kind: OrganizationKind
    phone: str
    website: str
    contacts: int
    active: bool


def group_names_by_contact(session: Session) -> dict[int, list[str]]:
    statement = (
        select(GroupMembership.contact_id, StakeholderGroup.name)
        .join(StakeholderGroup, col(StakeholderGroup.id) == col(GroupMembership.group_id))
        .order_by(col(StakeholderGroup.name))
    )
    names: dict[int, list[str]] = defaultdict(list)
    for contact_id, name in session.exec(statement):
        names[contact_id].append(name)
    return names


def list_contacts(session: Session, group_id: int | None = None) -> list[ContactRow]:
    statement = (
        sa.select(
            col(Contact.id),
            col(Contact.full_name),
            col(Organization.name),
            col(Contact.title),
            col(Contact.email),
            col(Contact.phone),
            col(Contact.active),
        )
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .order_by(col(Contact.full_name))
    )
    if group_id is not None:
        members = select(GroupMembership.contact_id).where(GroupMembership.group_id == group_id)
        statement = statement.where(col(Contact.id).in_(members))
    groups = group_names_by_contact(session)
    return [
        ContactRow(
            id=contact_id,
            full_name=name,
            organization=org or "",
            title=title or "",
            email=email or "",
            phone=phone or "",
            groups=", ".join(groups.get(contact_id, [])),
            active=active,
        )
        for contact_id, name, org, title, email, phone, active in session.execute(statement)
    ]


def list_organizations(session: Session) -> list[OrganizationRow]:
    counts = (
        select(Contact.organization_id, sa.func.count().label("n"))
        .group_by(col(Contact.organization_id))
        .subquery()
    )
    statement = (
        select(Organization, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.organization_id == Organization.id)
        .order_by(col(Organization.name_key))
    )
    rows: list[OrganizationRow] = []
    for org, contact_count in session.exec(statement):
        assert org.id is not None
        rows.append(
            OrganizationRow(
                id=org.id,
                name=org.name,
                kind=org.kind,
                phone=org.phone or "",
                website=org.website or "",
                contacts=int(contact_count),
                active=org.active,
            )
        )
    return rows
