"""Stakeholder groups: the working group, the sustainability committee, and the user's own.

Each group lists its members with their organizations, gives their email addresses in one
piece (to paste into a mail program, or as a ``mailto:`` link) and exports a roster.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.contact_queries import get_contact, people_statement
from partnerdesk.core.directory.memberships import join_group, leave_group, set_role_in_group
from partnerdesk.core.directory.names import surname_key, surname_sort_text
from partnerdesk.core.directory.records import get_record
from partnerdesk.core.directory.validation import clean
from partnerdesk.core.models import (
    AuditAction,
    Contact,
    GroupKind,
    GroupMembership,
    StakeholderGroup,
)
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind, typed_record_id
from partnerdesk.core.platform.text_limits import text_problem

STANDARD_KINDS = (GroupKind.WORKING_GROUP, GroupKind.SUSTAINABILITY_COMMITTEE)


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: int
    name: str
    kind: GroupKind
    description: str
    members: int


@dataclass(frozen=True, slots=True)
class MemberRow:
    contact_id: int
    full_name: str
    organization: str
    title: str
    email: str
    phone: str
    role_in_group: str
    active: bool

    @property
    def id(self) -> int:  # lists reselect rows by ``id``
        return self.contact_id

    @property
    def sort_name(self) -> str:
        return surname_sort_text(self.full_name)


def list_groups(session: Session) -> list[GroupRow]:
    counts = (
        select(GroupMembership.group_id, sa.func.count().label("n"))
        .group_by(col(GroupMembership.group_id))
        .subquery()
    )
    statement = (
        select(StakeholderGroup, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.group_id == StakeholderGroup.id)
        .order_by(
            # The two standing bodies first, then the user's groups by name.
            sa.case((col(StakeholderGroup.kind) == GroupKind.CUSTOM, 1), else_=0),
            col(StakeholderGroup.name),
        )
    )
    return [
        GroupRow(g.id, g.name, g.kind, g.description or "", int(n))
        for g, n in session.exec(statement)
        if g.id is not None
    ]


def get_group(session: Session, group_id: int) -> StakeholderGroup:
    return get_record(session, StakeholderGroup, group_id, "group")


def _standing_body(session: Session, kind: GroupKind) -> StakeholderGroup | None:
    return session.exec(
        select(StakeholderGroup)
        .where(StakeholderGroup.kind == kind)
        .order_by(col(StakeholderGroup.id))
    ).first()


def standard_group(session: Session, kind: GroupKind) -> StakeholderGroup:
    """The working group or the sustainability committee, created the first time it is used."""
    group = _standing_body(session, kind)
    if group is None:
        group = StakeholderGroup(name=kind.label, kind=kind)
        session.add(group)
        session.flush()
        audit.record(session, ChangeKind.GROUP, group.id, AuditAction.CREATE, group.name)
    return group


def find_group(session: Session, text: str) -> StakeholderGroup | None:
    """A group by id, name (any capitals) or standard kind (``working_group``)."""
    wanted = clean(text)
    number = typed_record_id(wanted)
    if number is not None:
        return session.get(StakeholderGroup, number)
    by_name = session.exec(
        select(StakeholderGroup).where(sa.func.lower(StakeholderGroup.name) == wanted.lower())
    ).first()
    if by_name is not None:
        return by_name
    try:
        kind = GroupKind(GroupKind.from_text(wanted))
    except ValueError:
        return None
    if kind == GroupKind.CUSTOM:
        return None
    return _standing_body(session, kind)


def _check_name(session: Session, name: str, group_id: int | None) -> str:
    cleaned = clean(name)
    if not cleaned:
        raise ValidationError("the group needs a name", field="name")
    if reason := text_problem(StakeholderGroup, "name", cleaned):
        raise ValidationError(reason, field="name")
    other = session.exec(
        select(StakeholderGroup).where(sa.func.lower(StakeholderGroup.name) == cleaned.lower())
    ).first()
    if other is not None and other.id != group_id:
        raise ValidationError(f'there is already a group called "{other.name}"', field="name")
    return cleaned


def create_group(session: Session, name: str, description: str = "") -> StakeholderGroup:
    group = StakeholderGroup(
        name=_check_name(session, name, None),
        kind=GroupKind.CUSTOM,
        description=description.strip() or None,
    )
    session.add(group)
    session.flush()
    audit.record(session, ChangeKind.GROUP, group.id, AuditAction.CREATE, group.name)
    return group


def update_group(
    session: Session, group_id: int, name: str, description: str = ""
) -> StakeholderGroup:
    group = get_group(session, group_id)
    with audit.tracking(session, group, ChangeKind.GROUP, summary=lambda: group.name):
        group.name = _check_name(session, name, group_id)
        group.description = description.strip() or None
    session.flush()
    return group


def delete_group(session: Session, group_id: int) -> str:
    """Delete a user-defined group (its members stay in the directory)."""
    group = get_group(session, group_id)
    if group.kind != GroupKind.CUSTOM:
        raise ConflictError(
            f"the {group.name} is one of the partnership's standing bodies and cannot be "
            "deleted; remove its members instead"
        )
    with trash.deleting(session, ChangeKind.GROUP, group_id, f"group {group.name}") as deletion:
        # Memberships first: they reference the group.
        count = deletion.delete_where(GroupMembership, col(GroupMembership.group_id) == group_id)
        audit.record(
            session,
            ChangeKind.GROUP,
            group_id,
            AuditAction.DELETE,
            f"deleted group {group.name} ({count} member(s) removed from it)",
        )
        deletion.delete(group)
    return group.name


def add_members(session: Session, group_id: int, contact_ids: list[int]) -> int:
    """Put people in a group; returns how many were not in it already."""
    group = get_group(session, group_id)
    present = set(
        session.exec(select(GroupMembership.contact_id).where(GroupMembership.group_id == group_id))
    )
    added = 0
    for contact_id in dict.fromkeys(contact_ids):
        if contact_id in present:
            continue
        join_group(session, get_contact(session, contact_id), group_id, group.name)
        added += 1
    session.flush()
    return added


def remove_members(session: Session, group_id: int, contact_ids: list[int]) -> int:
    group = get_group(session, group_id)
    removed = 0
    for contact_id in dict.fromkeys(contact_ids):
        membership = session.get(GroupMembership, (group_id, contact_id))
        if membership is None:
            continue
        leave_group(session, get_contact(session, contact_id), membership, group.name)
        removed += 1
    session.flush()
    return removed


def set_member_role(session: Session, group_id: int, contact_id: int, role: str) -> None:
    membership = session.get(GroupMembership, (group_id, contact_id))
    if membership is None:
        raise NotFoundError("that person is no longer in the group")
    new = clean(role) or None
    if reason := text_problem(GroupMembership, "role_in_group", new):
        raise ValidationError(reason, field="role_in_group")
    if membership.role_in_group != new:
        group = get_group(session, group_id)
        set_role_in_group(session, get_contact(session, contact_id), membership, group.name, new)
        session.flush()


def group_members(session: Session, group_id: int) -> list[MemberRow]:
    statement = (
        people_statement(col(GroupMembership.role_in_group), col(Contact.active))
        .join(GroupMembership, col(GroupMembership.contact_id) == col(Contact.id))
        .where(col(GroupMembership.group_id) == group_id)
    )
    rows = [
        MemberRow(int(i), name, org or "", title or "", email or "", phone or "", role or "", act)
        for i, name, org, title, email, phone, role, act in session.execute(statement)
    ]
    return sorted(rows, key=lambda row: surname_key(row.full_name))


# --------------------------------------------------------------------------- reaching a group


@dataclass(frozen=True)
class GroupEmails:
    """The group's active members with an email, ready to paste; and who cannot be reached."""

    addresses: list[str]
    text: str  # "Name <a@b.org>; ..." for a mail program's To: field
    mailto: str  # one link that opens a new message to everyone
    without_email: list[str] = field(default_factory=list)
    inactive: list[str] = field(default_factory=list)


def _display_name(name: str) -> str:
    # A name with a comma or quote must be quoted in an address list, or the mail program
    # reads "Smith, Jane <j@x.org>" as two recipients.
    if any(ch in name for ch in ',;<>@"()'):
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return name


def group_emails(members: list[MemberRow]) -> GroupEmails:
    addresses: list[str] = []
    entries: list[str] = []
    seen: set[str] = set()
    without: list[str] = []
    inactive: list[str] = []
    for member in members:
        if not member.active:
            inactive.append(member.full_name)
            continue
        if not member.email:
            without.append(member.full_name)
            continue
        if member.email.lower() in seen:
            continue
        seen.add(member.email.lower())
        addresses.append(member.email)
        entries.append(f"{_display_name(member.full_name)} <{member.email}>")
    mailto = "mailto:" + ",".join(quote(a, safe="@.+-_!$'*~") for a in addresses)
    return GroupEmails(addresses, "; ".join(entries), mailto, without, inactive)


def export_roster(
    session: Session, group_id: int, path: str | os.PathLike[str], *, today: date
) -> int:
    """Write the group's members to an .xlsx roster; returns how many people it lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from partnerdesk.core.platform.files import atomic_output
    from partnerdesk.core.platform.spreadsheet import neutralise_formula

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"{target.name}: a roster is saved as an .xlsx workbook", "path")
    group = get_group(session, group_id)
    members = group_members(session, group_id)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Roster"
    sheet.append([neutralise_formula(group.name)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            f"{len(members)} member(s), as of {today.isoformat()}. "
            "Contains personal data: share only with the group."
        ]
    )
    sheet.append([])
    headers = ["Name", "Organization", "Title", "Role in group", "Email", "Phone", "Active"]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for m in members:
        sheet.append(
            [
                neutralise_formula(v)
                for v in (m.full_name, m.organization, m.title, m.role_in_group, m.email, m.phone)
            ]
            + ["Yes" if m.active else "No"]
        )
    widths = [28, 36, 36, 16, 34, 18, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"
    with atomic_output(target) as temporary:
        workbook.save(temporary)
    return len(members)
