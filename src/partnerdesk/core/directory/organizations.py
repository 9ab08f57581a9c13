"""Organizations: agencies and funders at the table: their list, editing, detail, deleting.

Names are unique whatever their capitals or spacing (``name_key``). An organization that is
party to an MOU or provides a funding source can only be deactivated, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.contact_queries import ContactRow, list_contacts
from partnerdesk.core.directory.records import get_record, set_active
from partnerdesk.core.directory.validation import (
    clean,
    name_problem,
    phone_problem,
    raise_first,
    website_problem,
)
from partnerdesk.core.models import (
    AuditAction,
    Contact,
    FundingProspect,
    FundingSource,
    FundingSourceKind,
    Mou,
    MouParty,
    MouStatus,
    Organization,
    OrganizationKind,
    PartyRole,
)
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.errors import ConflictError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.text_limits import text_problem


def organization_key(name: str) -> str:
    """Case- and spacing-insensitive key that makes organization names unique."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    id: int
    name: str
    kind: OrganizationKind
    phone: str
    website: str
    contacts: int
    active: bool


def list_organizations(session: Session) -> list[OrganizationRow]:
    counts = (
        select(Contact.organization_id, sa.func.count().label("n"))
        .group_by(col(Contact.organization_id))
        .subquery()
    )
    # Columns, not Organization objects: 1,500 ORM instances cost ~10x the plain rows.
    statement = (
        sa.select(
            col(Organization.id),
            col(Organization.name),
            col(Organization.kind),
            col(Organization.phone),
            col(Organization.website),
            sa.func.coalesce(counts.c.n, 0),
            col(Organization.active),
        )
        .outerjoin(counts, counts.c.organization_id == Organization.id)
        .order_by(col(Organization.name_key))
    )
    return [
        OrganizationRow(
            id=org_id,
            name=name,
            kind=kind,
            phone=phone or "",
            website=website or "",
            contacts=int(contact_count),
            active=active,
        )
        for org_id, name, kind, phone, website, contact_count, active in session.execute(statement)
    ]


# --------------------------------------------------------------------------- editing


@dataclass
class OrganizationInput:
    name: str
    kind: OrganizationKind = OrganizationKind.OTHER
    address: str = ""
    phone: str = ""
    website: str = ""
    notes: str = ""
    active: bool = True


def find_organization(session: Session, name: str) -> Organization | None:
    key = organization_key(name)
    if not key:
        return None
    return session.exec(select(Organization).where(Organization.name_key == key)).first()


def validate_organization(
    session: Session, data: OrganizationInput, organization_id: int | None = None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    name = clean(data.name)
    if reason := name_problem(name, empty="the name is empty; give the organization's name"):
        problems["name"] = reason
    else:
        other = find_organization(session, name)
        if other is not None and other.id != organization_id:
            problems["name"] = (
                f'"{other.name}" already exists; organization names are unique '
                "(capitals and spacing do not count)"
            )
    if (reason := text_problem(Organization, "phone", clean(data.phone))) or (
        reason := phone_problem(data.phone)
    ):
        problems["phone"] = reason
    if reason := website_problem(data.website):
        problems["website"] = reason
    return problems


def _snapshot(org: Organization) -> dict[str, Any]:
    # The audited fields: name_key is derived from the name, not something a person edits.
    return {
        "name": org.name,
        "kind": org.kind,
        "address": org.address,
        "phone": org.phone,
        "website": org.website,
        "notes": org.notes,
        "active": org.active,
    }


def _apply(org: Organization, data: OrganizationInput) -> None:
    org.name = clean(data.name)
    org.name_key = organization_key(data.name)
    org.kind = data.kind
    org.address = data.address.strip() or None
    org.phone = clean(data.phone) or None
    org.website = data.website.strip() or None
    org.notes = data.notes.strip() or None
    org.active = data.active


def get_organization(session: Session, organization_id: int) -> Organization:
    return get_record(session, Organization, organization_id, "organization")


def create_organization(session: Session, data: OrganizationInput) -> Organization:
    raise_first(validate_organization(session, data))
    org = Organization(name="", name_key="", kind=data.kind)
    _apply(org, data)
    session.add(org)
    session.flush()
    audit.record(
        session,
        ChangeKind.ORGANIZATION,
        org.id,
        AuditAction.CREATE,
        org.name,
        {k: (None, v) for k, v in _snapshot(org).items() if v is not None},
    )
    return org


def update_organization(
    session: Session,
    organization_id: int,
    data: OrganizationInput,
    *,
    seen_version: int | None = None,
) -> Organization:
    org = get_organization(session, organization_id)
    with audit.tracking(
        session,
        org,
        ChangeKind.ORGANIZATION,
        summary=lambda: org.name,
        seen_version=seen_version,
        what=org.name,
        snapshot=_snapshot,
    ):
        raise_first(validate_organization(session, data, organization_id))
        _apply(org, data)
    session.flush()
    return org


def set_organization_active(session: Session, organization_id: int, active: bool) -> Organization:
    org = get_organization(session, organization_id)
    set_active(session, org, ChangeKind.ORGANIZATION, org.name, active)
    return org


# --------------------------------------------------------------------------- detail


@dataclass(frozen=True, slots=True)
class PartyOf:
    mou_id: int
    code: str
    version: int
    title: str
    status: MouStatus
    role: PartyRole
    signatory: str


@dataclass(frozen=True, slots=True)
class SourceOf:
    id: int
    name: str
    kind: FundingSourceKind
    active: bool


@dataclass(frozen=True)
class OrganizationDetail:
    organization: Organization
    contacts: list[ContactRow]
    mous: list[PartyOf]
    funding_sources: list[SourceOf]


def parties_of(session: Session, organization_id: int) -> list[PartyOf]:
    signatory = sa.orm.aliased(Contact)
    rows = session.execute(
        sa.select(Mou, MouParty, col(signatory.full_name))
        .join(MouParty, col(MouParty.mou_id) == col(Mou.id))
        .outerjoin(signatory, col(signatory.id) == col(MouParty.signatory_contact_id))
        .where(col(MouParty.organization_id) == organization_id)
        .order_by(col(Mou.reference_code), col(Mou.version_number))
    )
    result: list[PartyOf] = []
    for mou, party, signer in rows:
        assert mou.id is not None
        result.append(
            PartyOf(
                mou.id,
                mou.reference_code,
                mou.version_number,
                mou.title,
                mou.status,
                party.role,
                signer or "",
            )
        )
    return result


def sources_of(session: Session, organization_id: int) -> list[SourceOf]:
    statement = (
        select(FundingSource)
        .where(FundingSource.funder_organization_id == organization_id)
        .order_by(col(FundingSource.name))
    )
    return [
        SourceOf(s.id, s.name, s.kind, s.active)
        for s in session.exec(statement)
        if s.id is not None
    ]


def organization_detail(session: Session, organization_id: int) -> OrganizationDetail:
    org = get_organization(session, organization_id)
    contacts = [c for c in list_contacts(session) if c.organization_id == organization_id]
    return OrganizationDetail(
        organization=org,
        contacts=contacts,
        mous=parties_of(session, organization_id),
        funding_sources=sources_of(session, organization_id),
    )


# --------------------------------------------------------------------------- deleting


def organization_references(session: Session, organization_id: int) -> list[str]:
    """What points at the organization, in words; empty when it can be deleted."""
    reasons = [
        f"party ({p.role.label.lower()}) to MOU {p.code} v{p.version}"
        for p in parties_of(session, organization_id)
    ]
    reasons += [
        f'provides the funding source "{s.name}"' for s in sources_of(session, organization_id)
    ]
    reasons += [
        f'the funder of the funding prospect "{name}"'
        for name in session.exec(
            select(FundingProspect.name).where(
                FundingProspect.funder_organization_id == organization_id
            )
        )
    ]
    return reasons


def delete_organization(session: Session, organization_id: int) -> str:
    """Delete an organization nothing refers to; returns its name."""
    org = get_organization(session, organization_id)
    reasons = organization_references(session, organization_id)
    if reasons:
        shown = "; ".join(reasons[:5]) + (
            f"; and {len(reasons) - 5} more" if len(reasons) > 5 else ""
        )
        raise ConflictError(
            f"{org.name} cannot be deleted: it is {shown}. Deactivate it instead (it stays on "
            "those records but leaves the active lists)"
        )
    people = session.exec(
        select(Contact.full_name).where(Contact.organization_id == organization_id)
    ).all()
    if people:
        listed = ", ".join(people[:5]) + (f" and {len(people) - 5} more" if len(people) > 5 else "")
        raise ConflictError(
            f"{org.name} cannot be deleted: {len(people)} contact(s) work there ({listed}). "
            "Move them to another organization or delete them first, or deactivate it"
        )
    audit.record(
        session,
        ChangeKind.ORGANIZATION,
        organization_id,
        AuditAction.DELETE,
        f"deleted {org.name}",
        {k: (v, None) for k, v in _snapshot(org).items() if v is not None},
    )
    with trash.deleting(session, ChangeKind.ORGANIZATION, organization_id, org.name) as deletion:
        deletion.delete(org)
    return org.name
