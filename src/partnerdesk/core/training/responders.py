"""Roles and responders: who responds to calls, in which role since when, and who left.

A responder is a person of the directory (``responder.contact_id``): name, agency (the
contact's organization) and email are the contact's, never copied. Each responder has a
history of roles (``responder_role``); the current role is the latest one that has
started. Leaving is recorded with a date, not by deleting the person: their training
history stays, and from that day they count nowhere. The list of roles is the user's to
extend (:mod:`.seed` loads the usual five).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.records import get_record
from partnerdesk.core.directory.validation import raise_first
from partnerdesk.core.models import (
    Attendance,
    AuditAction,
    Contact,
    Organization,
    Responder,
    ResponderRole,
    TrainingRole,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind, typed_record_id
from partnerdesk.core.training.roles import role_choices

# --------------------------------------------------------------------------- responders


@dataclass
class ResponderInput:
    """A responder as the editor supplies it. A new responder holds ``role_id`` from
    ``start_date``; for a change of role, ``role_since`` is the day the new role applies."""

    contact_id: int
    role_id: int
    start_date: date
    role_since: date | None = None
    left_date: date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ResponderRow:
    id: int
    contact_id: int
    name: str
    agency: str
    agency_id: int | None
    role: str
    role_id: int | None
    role_since: date | None
    start_date: date
    left_date: date | None
    email: str


@dataclass(frozen=True, slots=True)
class RoleSpellRow:
    role_id: int
    role: str
    start_date: date


@dataclass(frozen=True, slots=True)
class ResponderDetail:
    row: ResponderRow
    notes: str
    row_version: int
    roles: tuple[RoleSpellRow, ...]  # oldest first
    attendance: int  # sessions attended


def _in_range(day: date | None, where: str) -> None:
    if day is not None and not FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY:
        raise ValidationError(f"{day.isoformat()} is outside the supported dates", field=where)


def _spells(session: Session, responder_id: int) -> list[ResponderRole]:
    return list(
        session.exec(
            select(ResponderRole)
            .where(col(ResponderRole.responder_id) == responder_id)
            .order_by(col(ResponderRole.start_date))
        )
    )


def _validate(session: Session, data: ResponderInput, responder_id: int | None) -> None:
    problems: dict[str, str] = {}
    contact = session.get(Contact, data.contact_id)
    if contact is None:
        problems["contact"] = "that person is no longer in the directory"
    elif responder_id is None:
        existing = session.exec(
            select(Responder).where(Responder.contact_id == data.contact_id)
        ).first()
        if existing is not None:
            problems["contact"] = f"{contact.full_name} is already a responder"
    role = session.get(TrainingRole, data.role_id)
    if role is None:
        problems["role"] = "that role no longer exists; pick another"
    for day, where in (
        (data.start_date, "start_date"),
        (data.left_date, "left_date"),
        (data.role_since, "role_since"),
    ):
        _in_range(day, where)
    if data.left_date is not None and data.left_date < data.start_date:
        problems["left_date"] = "the day they left is before the day they started"
    if data.role_since is not None and data.role_since < data.start_date:
        problems["role_since"] = "the role cannot start before the person started"
    if len(data.notes) > 2000:
        problems["notes"] = "the notes are longer than 2,000 characters"
    raise_first(problems)


def _role_name(session: Session, role_id: int) -> str:
    role = session.get(TrainingRole, role_id)
    return role.name if role is not None else f"role #{role_id}"


def create_responder(session: Session, data: ResponderInput) -> int:
    """Make a person of the directory a responder in a role, from their start date."""
    _validate(session, data, None)
    role = get_record(session, TrainingRole, data.role_id, "role")
    if not role.active:
        raise ValidationError(f"the role {role.name} is no longer in use", field="role")
    contact = get_record(session, Contact, data.contact_id, "contact")
    responder = Responder(
        contact_id=data.contact_id,
        start_date=data.start_date,
        left_date=data.left_date,
        notes=data.notes.strip() or None,
    )
    session.add(responder)
    session.flush()
    assert responder.id is not None
    session.add(
        ResponderRole(responder_id=responder.id, role_id=data.role_id, start_date=data.start_date)
    )
    audit.record(
        session,
        ChangeKind.RESPONDER,
        responder.id,
        AuditAction.CREATE,
        summary=f"{contact.full_name} responds as {role.name} from {data.start_date.isoformat()}",
        changes={
            "role": (None, role.name),
            "start_date": (None, data.start_date),
            "left_date": (None, data.left_date),
        },
    )
    session.flush()
    return responder.id


def add_responders(
    session: Session, contact_ids: Sequence[int], role_id: int, start_date: date
) -> list[int]:
    """Several people of the directory at once, in one role from one start date."""
    if not contact_ids:
        raise ValidationError("choose at least one person", field="contact")
    return [
        create_responder(session, ResponderInput(contact_id, role_id, start_date))
        for contact_id in contact_ids
    ]


def update_responder(
    session: Session, responder_id: int, data: ResponderInput, *, seen_version: int | None = None
) -> None:
    """Save the editor's values. A different role starts a new spell on ``role_since``
    (default: the start date for someone whose only role it is, otherwise required); the
    same role with another ``role_since`` moves the current spell's start."""
    responder = get_record(session, Responder, responder_id, "responder")
    if data.contact_id != responder.contact_id:
        raise ValidationError("a responder stays the same person", field="contact")
    _validate(session, data, responder_id)
    contact = get_record(session, Contact, responder.contact_id, "contact")
    spells = _spells(session, responder_id)
    with audit.tracking(
        session,
        responder,
        ChangeKind.RESPONDER,
        seen_version=seen_version,
        what=contact.full_name,
        summary=lambda: contact.full_name,
    ) as tracked:
        old_role = _role_name(session, spells[-1].role_id) if spells else None
        old_since = spells[-1].start_date if spells else None
        responder.start_date = data.start_date
        responder.left_date = data.left_date
        responder.notes = data.notes.strip() or None
        _apply_role(session, responder, spells, data)
        spells = _spells(session, responder_id)
        tracked.add("role", old_role, _role_name(session, spells[-1].role_id))
        tracked.add("role_since", old_since, spells[-1].start_date)
    session.flush()


def _apply_role(
    session: Session, responder: Responder, spells: list[ResponderRole], data: ResponderInput
) -> None:
    """Apply a change of role (a new spell from ``role_since``, or a correction of the
    current one when it starts that day) and keep the first role starting on the start
    date."""
    current = spells[-1]
    since = data.role_since
    added: date | None = None
    if current.role_id != data.role_id:
        role = get_record(session, TrainingRole, data.role_id, "role")
        if not role.active:
            raise ValidationError(f"the role {role.name} is no longer in use", field="role")
        if since is None:
            if len(spells) > 1:
                raise ValidationError("say from which day the new role applies", "role_since")
            since = data.start_date
        floor = current.start_date if len(spells) > 1 else data.start_date
        if since < floor:
            raise ValidationError(
                f"the new role must start on or after {floor.isoformat()}, when the current "
                "one started",
                field="role_since",
            )
        if since == floor:  # a correction of the current role, not a change
            current.role_id = data.role_id
            session.add(current)
        else:
            added = since
            assert responder.id is not None
            session.add(
                ResponderRole(responder_id=responder.id, role_id=data.role_id, start_date=since)
            )
    elif since is not None and len(spells) > 1 and since != current.start_date:
        if since <= spells[-2].start_date:
            raise ValidationError(
                f"the role must start after the previous one (from "
                f"{spells[-2].start_date.isoformat()})",
                field="role_since",
            )
        current.start_date = since
        session.add(current)
    # The first role is held from the start date on.
    later = spells[1].start_date if len(spells) > 1 else added
    if later is not None and data.start_date >= later:
        raise ValidationError(
            f"the start date must be before the change of role on {later.isoformat()}",
            field="start_date",
        )
    spells[0].start_date = data.start_date
    session.add(spells[0])


def set_left(session: Session, responder_id: int, left_date: date | None) -> None:
    """Record that someone left (or, with None, that they are back)."""
    responder = get_record(session, Responder, responder_id, "responder")
    contact = get_record(session, Contact, responder.contact_id, "contact")
    if left_date is not None and left_date < responder.start_date:
        raise ValidationError("the day they left is before the day they started", "left_date")
    verb = "back" if left_date is None else f"left on {left_date.isoformat()}"
    with audit.tracking(
        session, responder, ChangeKind.RESPONDER, summary=f"{contact.full_name} {verb}"
    ):
        responder.left_date = left_date
    session.flush()


def delete_responder(session: Session, responder_id: int) -> str:
    """Remove someone added by mistake. Refused once they attended any session: their
    training history must stay; record that they left instead."""
    responder = get_record(session, Responder, responder_id, "responder")
    contact = get_record(session, Contact, responder.contact_id, "contact")
    attended = session.execute(
        sa.select(sa.func.count())
        .select_from(Attendance)
        .where(col(Attendance.responder_id) == responder_id)
    ).scalar_one()
    if attended:
        raise ConflictError(
            f"{contact.full_name} cannot be removed: they attended {attended} session(s), and "
            "their training history must stay. Record the day they left instead"
        )
    for spell in _spells(session, responder_id):
        session.delete(spell)
    session.flush()
    audit.record(
        session,
        ChangeKind.RESPONDER,
        responder_id,
        AuditAction.DELETE,
        f"{contact.full_name} is no longer a responder",
        {k: (v, None) for k, v in audit.column_snapshot(responder).items() if v is not None},
    )
    session.delete(responder)
    session.flush()
    return contact.full_name


# --------------------------------------------------------------------------- reading


def current_roles(session: Session, day: date | None = None) -> dict[int, tuple[int, date]]:
    """Each responder's role on ``day`` (the latest one started; with no day, the latest
    one at all) as responder id -> (role id, since)."""
    statement = sa.select(
        col(ResponderRole.responder_id), col(ResponderRole.role_id), col(ResponderRole.start_date)
    ).order_by(col(ResponderRole.responder_id), col(ResponderRole.start_date))
    if day is not None:
        statement = statement.where(col(ResponderRole.start_date) <= day)
    return {int(r): (int(role), start) for r, role, start in session.execute(statement)}


def responders_statement() -> Any:
    """Every responder as the lists show them, by name: id, contact id, name, agency,
    agency id, start date, left date, email."""
    return (
        sa.select(
            col(Responder.id),
            col(Responder.contact_id),
            col(Contact.full_name),
            col(Organization.name),
            col(Contact.organization_id),
            col(Responder.start_date),
            col(Responder.left_date),
            col(Contact.email),
        )
        .join(Contact, col(Contact.id) == col(Responder.contact_id))
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .order_by(col(Contact.full_name), col(Responder.id))
    )


def list_responders(
    session: Session, today: date | None = None, *, include_left: bool = True
) -> list[ResponderRow]:
    """Every responder by name, with their current role (``include_left=False`` leaves out
    those who left on or before ``today``)."""
    roles = dict(role_choices(session, include_inactive=True))
    current = current_roles(session)
    rows: list[ResponderRow] = []
    for rid, contact_id, name, agency, agency_id, start, left, email in session.execute(
        responders_statement()
    ):
        if not include_left and today is not None and left is not None and left <= today:
            continue
        role_id, since = current.get(int(rid), (None, None))
        rows.append(
            ResponderRow(
                int(rid),
                int(contact_id),
                str(name),
                agency or "",
                agency_id,
                roles.get(role_id, "") if role_id is not None else "",
                role_id,
                since,
                start,
                left,
                email or "",
            )
        )
    return rows


def get_responder(session: Session, responder_id: int) -> ResponderDetail:
    responder = get_record(session, Responder, responder_id, "responder")
    found = [row for row in list_responders(session) if row.id == responder_id]
    roles = dict(role_choices(session, include_inactive=True))
    attended = session.execute(
        sa.select(sa.func.count())
        .select_from(Attendance)
        .where(col(Attendance.responder_id) == responder_id)
    ).scalar_one()
    return ResponderDetail(
        row=found[0],
        notes=responder.notes or "",
        row_version=responder.row_version,
        roles=tuple(
            RoleSpellRow(spell.role_id, roles.get(spell.role_id, "?"), spell.start_date)
            for spell in _spells(session, responder_id)
        ),
        attendance=int(attended),
    )


@dataclass(frozen=True, slots=True)
class CandidateRow:
    id: int  # the contact's
    name: str
    organization: str
    title: str


def people_not_responding(session: Session) -> list[CandidateRow]:
    """Active people of the directory who are not responders yet, by organization then
    name (for "Add responders")."""
    statement = (
        sa.select(
            col(Contact.id), col(Contact.full_name), col(Organization.name), col(Contact.title)
        )
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .outerjoin(Responder, col(Responder.contact_id) == col(Contact.id))
        .where(col(Responder.id).is_(None), col(Contact.active).is_(True))
        .order_by(col(Organization.name), col(Contact.full_name))
    )
    return [
        CandidateRow(int(i), str(n), o or "", t or "") for i, n, o, t in session.execute(statement)
    ]


def responder_by_contact(session: Session) -> dict[int, int]:
    """contact id -> responder id."""
    return {
        int(contact): int(rid)
        for rid, contact in session.execute(sa.select(col(Responder.id), col(Responder.contact_id)))
    }


def find_agency(session: Session, text: str) -> Organization:
    """An organization by id or name (any capitals and spacing), for filters; NotFoundError
    naming the agencies responders belong to otherwise."""
    from partnerdesk.core.directory.organizations import find_organization

    wanted = text.strip()
    found = find_organization(session, wanted)
    number = typed_record_id(wanted)  # ASCII digits only: "²" is a name, not an id
    if found is None and number is not None:
        found = session.get(Organization, number)
    if found is not None:
        return found
    agencies = sorted({row.agency for row in list_responders(session) if row.agency})
    raise NotFoundError(
        f"no organization {text!r}; responders belong to: {', '.join(agencies) or '(none yet)'}"
    )
