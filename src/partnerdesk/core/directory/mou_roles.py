"""The roles a person holds on MOUs: signatory for a party, liaison, legal contact,
privacy officer; and naming or un-naming them from the person's side.

A signatory belongs to the MOU's party and is chosen in the MOU editor; the other roles are
links (``mou_contact``) the contact editor adds and removes. They are part of the person's
record: a change is audited on the contact and moves the contact's version.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.records import get_record
from partnerdesk.core.models import (
    Contact,
    ContactMouRole,
    Mou,
    MouContact,
    MouParty,
    MouStatus,
    Organization,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind


def role_words(role: ContactMouRole) -> str:
    """The role as it reads in a sentence ("legal contact", not "legal")."""
    return "legal contact" if role == ContactMouRole.LEGAL else role.label.lower()


@dataclass(frozen=True, slots=True)
class MouRoleRow:
    """One role a person holds on an MOU. ``link_id`` is the mou_contact row (None for a
    signatory, which belongs to the MOU's party and is changed in the MOU editor)."""

    mou_id: int
    code: str
    version: int
    title: str
    status: MouStatus
    role: ContactMouRole
    detail: str
    link_id: int | None

    @property
    def description(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.role.label}{detail} on {self.code} v{self.version}: {self.title}"


def _role_row(mou: Mou, role: ContactMouRole, detail: str, link_id: int | None) -> MouRoleRow:
    assert mou.id is not None
    return MouRoleRow(
        mou.id, mou.reference_code, mou.version_number, mou.title, mou.status, role, detail, link_id
    )


def mou_roles(session: Session, contact_id: int) -> list[MouRoleRow]:
    """Every role the person holds, signatures included, by MOU code and version."""
    signed = session.execute(
        sa.select(Mou, col(Organization.name))
        .join(MouParty, col(MouParty.mou_id) == col(Mou.id))
        .join(Organization, col(Organization.id) == col(MouParty.organization_id))
        .where(col(MouParty.signatory_contact_id) == contact_id)
    )
    rows = [
        _role_row(mou, ContactMouRole.SIGNATORY, f"for {org_name}", None)
        for mou, org_name in signed
    ]
    linked = session.execute(
        sa.select(Mou, MouContact)
        .join(MouContact, col(MouContact.mou_id) == col(Mou.id))
        .where(col(MouContact.contact_id) == contact_id)
    )
    rows += [_role_row(mou, link.role, "", link.id) for mou, link in linked]
    rows.sort(key=lambda r: (r.code, r.version, r.role.value))
    return rows


def add_mou_role(
    session: Session, contact_id: int, mou_id: int, role: ContactMouRole
) -> MouContact:
    """Name the person liaison, legal contact or privacy officer on an MOU."""
    contact = get_record(session, Contact, contact_id, "contact")
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    if role == ContactMouRole.SIGNATORY:
        raise ValidationError(
            "a signatory signs for one of the parties: choose it on the MOU's Parties tab",
            field="role",
        )
    existing = session.exec(
        select(MouContact).where(
            MouContact.mou_id == mou_id,
            MouContact.contact_id == contact_id,
            MouContact.role == role,
        )
    ).first()
    if existing is not None:
        raise ValidationError(
            f"{contact.full_name} is already {role_words(role)} on {mou.reference_code}",
            field="role",
        )
    summary = f"MOU #{mou_id}: {contact.full_name} named {role_words(role)} on {mou.reference_code}"
    with audit.tracking(session, contact, ChangeKind.CONTACT, summary=summary) as tracked:
        link = MouContact(mou_id=mou_id, contact_id=contact_id, role=role)
        session.add(link)
        tracked.add("mou_role", None, f"{role.value} on {mou.reference_code}")
    session.flush()
    return link


def remove_mou_role(session: Session, link_id: int) -> None:
    link = session.get(MouContact, link_id)
    if link is None:
        raise NotFoundError("that role was already removed (by someone else?)")
    contact = get_record(session, Contact, link.contact_id, "contact")
    mou = session.get(Mou, link.mou_id)
    code = mou.reference_code if mou is not None else f"MOU #{link.mou_id}"
    summary = f"MOU #{link.mou_id}: {contact.full_name} no longer {role_words(link.role)} on {code}"
    with audit.tracking(session, contact, ChangeKind.CONTACT, summary=summary) as tracked:
        session.delete(link)
        tracked.add("mou_role", f"{link.role.value} on {code}", None)
    session.flush()


def mou_choices(session: Session) -> list[tuple[int, str]]:
    """Current versions of the MOUs, as (id, "CODE vN: title"), for picking one."""
    superseded = select(Mou.supersedes_id).where(col(Mou.supersedes_id).is_not(None))
    statement = (
        select(Mou)
        .where(col(Mou.id).not_in(superseded), col(Mou.archived).is_(False))
        .order_by(col(Mou.reference_code))
    )
    return [
        (m.id, f"{m.reference_code} v{m.version_number}: {m.title}")
        for m in session.exec(statement)
        if m.id is not None
    ]
