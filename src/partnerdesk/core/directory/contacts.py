"""The stakeholder directory: the people, their details, their groups and their MOU roles.

A contact that an MOU points at (as a party's signatory, the owner, a liaison / legal /
privacy role, or a reviewer) can never be deleted, only deactivated: the agreement must go
on saying who signed it. Deleting anyone asks first in the UI and is always audited here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    AuditAction,
    Contact,
    ContactMouRole,
    GroupKind,
    GroupMembership,
    Mou,
    MouContact,
    MouParty,
    MouStatus,
    Organization,
    OrganizationKind,
    Review,
    StakeholderGroup,
    utc_now,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import (
    ConflictError,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.core.platform.schema import ChangeKind

# --------------------------------------------------------------------------- validation

# Deliberately practical rather than RFC 5322 complete: catches the typos people make
# (missing @, spaces, trailing dot, no domain) and accepts every address people really use.
_EMAIL_LOCAL = re.compile(r"^[^\s@\"(),:;<>\[\]\\]+$")
_EMAIL_DOMAIN_LABEL = re.compile(r"^[^\W_](?:[\w-]{0,61}[^\W_])?$")
_PHONE = re.compile(
    r"^(?P<number>\+?[0-9(][0-9 ().\-/]*[0-9)])(?:\s*(?:ext\.?|x|#)\s*(?P<ext>[0-9]{1,6}))?$",
    re.IGNORECASE,
)
_WEBSITE = re.compile(r"^(?:https?://)?[^\s/:@]+\.[^\s/:@]{2,}(?::[0-9]{1,5})?(?:/\S*)?$", re.I)


def email_problem(text: str) -> str | None:
    """Why ``text`` is not a usable email address (None when it is, or when empty)."""
    value = text.strip()
    if not value:
        return None
    if len(value) > 254:
        return "the email address is longer than 254 characters"
    if any(ch.isspace() for ch in value):
        return f"the email address {value!r} contains a space"
    if value.count("@") != 1:
        return f"the email address {value!r} needs exactly one @, as in name@agency.org"
    local, domain = value.split("@")
    if (
        not local
        or not _EMAIL_LOCAL.match(local)
        or ".." in local
        or local[0] == "."
        or (local[-1] == ".")
    ):
        return f"the email address {value!r} has an invalid name before the @"
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_DOMAIN_LABEL.match(label) for label in labels):
        return f"the email address {value!r} has an invalid domain after the @ (e.g. agency.org)"
    if not labels[-1].isalpha() or len(labels[-1]) < 2:
        return f"the email address {value!r} does not end in a domain such as .org or .gov"
    return None


def phone_problem(text: str) -> str | None:
    """Why ``text`` is not a phone number (None when it is, or when empty)."""
    value = text.strip()
    if not value:
        return None
    match = _PHONE.match(value)
    if match is None:
        return (
            f"the phone number {value!r} may contain only digits, spaces, + ( ) - . / and an "
            "extension such as 'ext 12'"
        )
    digits = sum(ch.isdigit() for ch in match.group("number"))
    if not 7 <= digits <= 15:
        return f"the phone number {value!r} has {digits} digits; a phone number has 7 to 15"
    return None


def website_problem(text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    if len(value) > 300 or not _WEBSITE.match(value):
        return f"the website {value!r} is not a web address such as https://agency.org"
    return None


def clean(text: str | None) -> str:
    """Trimmed text with runs of whitespace made single spaces (for names and titles)."""
    return " ".join((text or "").split())


def raise_first(problems: dict[str, str]) -> None:
    if problems:
        field_name, message = next(iter(problems.items()))
        raise ValidationError(message, field=field_name)


# --------------------------------------------------------------------------- rows for lists


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


def list_contacts(
    session: Session, group_id: int | None = None, *, active_only: bool = False
) -> list[ContactRow]:
    statement = (
        sa.select(
            col(Contact.id),
            col(Contact.full_name),
            col(Organization.name),
            col(Contact.title),
            col(Contact.email),
            col(Contact.phone),
            col(Contact.active),
            col(Contact.organization_id),
        )
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .order_by(col(Contact.full_name), col(Contact.id))
    )
    if group_id is not None:
        members = select(GroupMembership.contact_id).where(GroupMembership.group_id == group_id)
        statement = statement.where(col(Contact.id).in_(members))
    if active_only:
        statement = statement.where(col(Contact.active).is_(True))
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
            organization_id=org_id,
        )
        for contact_id, name, org, title, email, phone, active, org_id in session.execute(statement)
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


# --------------------------------------------------------------------------- editing


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


def find_by_email(session: Session, email: str, exclude_id: int | None = None) -> Contact | None:
    statement = select(Contact).where(sa.func.lower(Contact.email) == email.strip().lower())
    if exclude_id is not None:
        statement = statement.where(Contact.id != exclude_id)
    return session.exec(statement.order_by(col(Contact.id))).first()


def validate_contact(
    session: Session, data: ContactInput, contact_id: int | None = None
) -> dict[str, str]:
    """Every problem with ``data`` as field -> reason (empty when it can be saved)."""
    problems: dict[str, str] = {}
    name = clean(data.full_name)
    if not name:
        problems["full_name"] = "the name is empty; give the person's full name"
    elif len(name) > 200:
        problems["full_name"] = "the name is longer than 200 characters"
    if data.organization_id is not None and session.get(Organization, data.organization_id) is None:
        problems["organization_id"] = "that organization no longer exists; pick another"
    if len(clean(data.title)) > 200:
        problems["title"] = "the title is longer than 200 characters"
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


def _snapshot(contact: Contact) -> dict[str, Any]:
    return {
        "full_name": contact.full_name,
        "organization_id": contact.organization_id,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
        "active": contact.active,
        "notes": contact.notes,
    }


def _apply(contact: Contact, data: ContactInput) -> None:
    contact.full_name = clean(data.full_name)
    contact.organization_id = data.organization_id
    contact.title = clean(data.title) or None
    contact.email = data.email.strip() or None
    contact.phone = clean(data.phone) or None
    contact.active = data.active
    contact.notes = data.notes.strip() or None


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"contact #{contact_id} does not exist (deleted by someone else?)")
    return contact


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
        changes={k: (None, v) for k, v in _snapshot(contact).items() if v is not None},
    )
    if data.groups:
        set_contact_groups(session, contact.id, data.groups)
    return contact


def update_contact(
    session: Session, contact_id: int, data: ContactInput, *, seen_version: int | None = None
) -> Contact:
    """Save the editor's values; ``seen_version`` is the row_version the user loaded."""
    contact = get_contact(session, contact_id)
    if seen_version is not None and contact.row_version != seen_version:
        raise StaleRecordError(contact.full_name, "contact", contact.id)
    raise_first(validate_contact(session, data, contact_id))
    before = _snapshot(contact)
    _apply(contact, data)
    changes = audit.diff(before, _snapshot(contact))
    if changes:
        contact.row_version += 1
        contact.updated_at = utc_now()
        audit.record(
            session, ChangeKind.CONTACT, contact_id, AuditAction.UPDATE, contact.full_name, changes
        )
    if data.groups is not None:
        set_contact_groups(session, contact_id, data.groups)
    session.flush()
    return contact


def set_contact_active(session: Session, contact_id: int, active: bool) -> Contact:
    contact = get_contact(session, contact_id)
    if contact.active != active:
        audit.record(
            session,
            ChangeKind.CONTACT,
            contact_id,
            AuditAction.UPDATE,
            f"{contact.full_name} {'reactivated' if active else 'deactivated'}",
            {"active": (contact.active, active)},
        )
        contact.active = active
        contact.row_version += 1
        contact.updated_at = utc_now()
    return contact


def standard_group(session: Session, kind: GroupKind) -> StakeholderGroup:
    """The working group or the sustainability committee, created the first time it is used."""
    group = session.exec(
        select(StakeholderGroup)
        .where(StakeholderGroup.kind == kind)
        .order_by(col(StakeholderGroup.id))
    ).first()
    if group is None:
        group = StakeholderGroup(name=kind.label, kind=kind)
        session.add(group)
        session.flush()
        audit.record(session, ChangeKind.GROUP, group.id, AuditAction.CREATE, group.name)
    return group


def set_contact_groups(
    session: Session, contact_id: int, groups: Sequence[int | GroupKind]
) -> None:
    """Make the person's memberships exactly ``groups``, keeping roles where they stay."""
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
            session.delete(membership)
            audit.record(
                session,
                ChangeKind.CONTACT,
                contact_id,
                AuditAction.UPDATE,
                f"{contact.full_name} removed from {names.get(group_id, group_id)}",
                {"groups": (names.get(group_id), None)},
            )
    for group_id in wanted - set(current):
        session.add(GroupMembership(group_id=group_id, contact_id=contact_id))
        audit.record(
            session,
            ChangeKind.CONTACT,
            contact_id,
            AuditAction.UPDATE,
            f"{contact.full_name} added to {names.get(group_id, group_id)}",
            {"groups": (None, names.get(group_id))},
        )
    session.flush()


# --------------------------------------------------------------------------- MOU roles


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


def mou_roles(session: Session, contact_id: int) -> list[MouRoleRow]:
    rows: list[MouRoleRow] = []
    signed = session.execute(
        sa.select(Mou, col(Organization.name))
        .join(MouParty, col(MouParty.mou_id) == col(Mou.id))
        .join(Organization, col(Organization.id) == col(MouParty.organization_id))
        .where(col(MouParty.signatory_contact_id) == contact_id)
    )
    for mou, org_name in signed:
        assert mou.id is not None
        rows.append(
            MouRoleRow(
                mou.id,
                mou.reference_code,
                mou.version_number,
                mou.title,
                mou.status,
                ContactMouRole.SIGNATORY,
                f"for {org_name}",
                None,
            )
        )
    linked = session.execute(
        sa.select(Mou, MouContact)
        .join(MouContact, col(MouContact.mou_id) == col(Mou.id))
        .where(col(MouContact.contact_id) == contact_id)
    )
    for mou, link in linked:
        assert mou.id is not None
        rows.append(
            MouRoleRow(
                mou.id,
                mou.reference_code,
                mou.version_number,
                mou.title,
                mou.status,
                link.role,
                "",
                link.id,
            )
        )
    rows.sort(key=lambda r: (r.code, r.version, r.role.value))
    return rows


def add_mou_role(
    session: Session, contact_id: int, mou_id: int, role: ContactMouRole
) -> MouContact:
    """Name the person liaison, legal contact or privacy officer on an MOU."""
    contact = get_contact(session, contact_id)
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
    link = MouContact(mou_id=mou_id, contact_id=contact_id, role=role)
    session.add(link)
    session.flush()
    audit.record(
        session,
        ChangeKind.CONTACT,
        contact_id,
        AuditAction.UPDATE,
        f"MOU #{mou_id}: {contact.full_name} named {role_words(role)} on {mou.reference_code}",
        {"mou_role": (None, f"{role.value} on {mou.reference_code}")},
    )
    return link


def remove_mou_role(session: Session, link_id: int) -> None:
    link = session.get(MouContact, link_id)
    if link is None:
        raise NotFoundError("that role was already removed (by someone else?)")
    contact = get_contact(session, link.contact_id)
    mou = session.get(Mou, link.mou_id)
    code = mou.reference_code if mou is not None else f"MOU #{link.mou_id}"
    audit.record(
        session,
        ChangeKind.CONTACT,
        link.contact_id,
        AuditAction.UPDATE,
        f"MOU #{link.mou_id}: {contact.full_name} no longer {role_words(link.role)} on {code}",
        {"mou_role": (f"{link.role.value} on {code}", None)},
    )
    session.delete(link)
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
    return reasons


def _refusal(name: str, reasons: list[str]) -> str:
    shown = "; ".join(reasons[:5]) + (f"; and {len(reasons) - 5} more" if len(reasons) > 5 else "")
    return (
        f"{name} cannot be deleted: {shown}. MOUs must keep saying who was involved, so "
        "deactivate instead (inactive records stay on those MOUs but leave the active lists)"
    )


def delete_contact(session: Session, contact_id: int) -> str:
    """Delete an unreferenced person (and their group memberships); returns the name.

    Raises ConflictError naming every reference when an MOU points at the person."""
    contact = get_contact(session, contact_id)
    reasons = contact_references(session, contact_id)
    if reasons:
        raise ConflictError(_refusal(contact.full_name, reasons))
    for membership in session.exec(
        select(GroupMembership).where(GroupMembership.contact_id == contact_id)
    ):
        session.delete(membership)
    session.flush()  # memberships first: the contact row is referenced by them
    audit.record(
        session,
        ChangeKind.CONTACT,
        contact_id,
        AuditAction.DELETE,
        f"deleted {contact.full_name}",
        {k: (v, None) for k, v in _snapshot(contact).items() if v is not None},
    )
    session.delete(contact)
    session.flush()
    return contact.full_name


# --------------------------------------------------------------------------- detail


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
