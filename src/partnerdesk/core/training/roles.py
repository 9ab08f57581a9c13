"""The roles responders hold (police officer, clinician, ...): a list the program extends.
A role nobody holds or held and no requirement names can be deleted; otherwise it is
deactivated, leaving the choices but staying in people's history."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.records import get_record
from partnerdesk.core.directory.validation import clean
from partnerdesk.core.models import AuditAction, ResponderRole, TrainingRequirement, TrainingRole
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind


@dataclass(frozen=True, slots=True)
class RoleRow:
    id: int
    name: str
    active: bool
    responders: int  # holding it now or earlier
    requirements: int
    row_version: int


def list_roles(session: Session) -> list[RoleRow]:
    held: dict[int, int] = dict(
        session.execute(
            sa.select(
                col(ResponderRole.role_id),
                sa.func.count(sa.distinct(col(ResponderRole.responder_id))),
            ).group_by(col(ResponderRole.role_id))
        ).all()
    )
    required: dict[int, int] = dict(
        session.execute(
            sa.select(col(TrainingRequirement.role_id), sa.func.count()).group_by(
                col(TrainingRequirement.role_id)
            )
        ).all()
    )
    return [
        RoleRow(
            role.id,
            role.name,
            role.active,
            int(held.get(role.id, 0)),
            int(required.get(role.id, 0)),
            role.row_version,
        )
        for role in session.exec(
            select(TrainingRole).order_by(col(TrainingRole.position), col(TrainingRole.name))
        )
        if role.id is not None
    ]


def role_choices(session: Session, *, include_inactive: bool = False) -> list[tuple[int, str]]:
    statement = sa.select(col(TrainingRole.id), col(TrainingRole.name)).order_by(
        col(TrainingRole.position), col(TrainingRole.name)
    )
    if not include_inactive:
        statement = statement.where(col(TrainingRole.active).is_(True))
    return [(int(i), str(n)) for i, n in session.execute(statement)]


def find_role(session: Session, text: str) -> TrainingRole:
    """A role by id or by name (any capitals); NotFoundError listing the roles otherwise."""
    wanted = text.strip()
    for role in session.exec(select(TrainingRole)):
        if wanted.casefold() == role.name.casefold() or wanted == str(role.id):
            return role
    names = ", ".join(name for _id, name in role_choices(session, include_inactive=True))
    raise NotFoundError(f"no role {text!r}; the roles are: {names or '(none yet)'}")


def _check_role_name(session: Session, name: str, role_id: int | None) -> str:
    cleaned = clean(name)
    if not cleaned:
        raise ValidationError("the role needs a name", field="name")
    if len(cleaned) > 80:
        raise ValidationError("the role's name is longer than 80 characters", field="name")
    for other in session.exec(select(TrainingRole).where(TrainingRole.id != role_id)):
        if other.name.casefold() == cleaned.casefold():
            raise ValidationError(f"there is already a role named {other.name}", field="name")
    return cleaned


def create_role(session: Session, name: str) -> int:
    cleaned = _check_role_name(session, name, None)
    last = session.execute(sa.select(sa.func.max(col(TrainingRole.position)))).scalar()
    role = TrainingRole(name=cleaned, position=int(last or 0) + 1)
    session.add(role)
    session.flush()
    assert role.id is not None
    audit.record(session, ChangeKind.TRAINING_ROLE, role.id, AuditAction.CREATE, summary=cleaned)
    return role.id


def update_role(
    session: Session, role_id: int, name: str, active: bool, *, seen_version: int | None = None
) -> None:
    role = get_record(session, TrainingRole, role_id, "role")
    with audit.tracking(
        session,
        role,
        ChangeKind.TRAINING_ROLE,
        seen_version=seen_version,
        what=role.name,
        summary=lambda: role.name,
    ):
        role.name = _check_role_name(session, name, role_id)
        role.active = active
    session.flush()


def delete_role(session: Session, role_id: int) -> str:
    """Delete a role nobody has held and no requirement names; refuse otherwise."""
    role = get_record(session, TrainingRole, role_id, "role")
    held = session.execute(
        sa.select(sa.func.count())
        .select_from(ResponderRole)
        .where(col(ResponderRole.role_id) == role_id)
    ).scalar_one()
    required = session.execute(
        sa.select(sa.func.count())
        .select_from(TrainingRequirement)
        .where(col(TrainingRequirement.role_id) == role_id)
    ).scalar_one()
    if held or required:
        raise ConflictError(
            f"the role {role.name} cannot be deleted: {held} responder(s) hold or held it and "
            f"{required} requirement(s) name it. Deactivate it instead (it then leaves the "
            "choices but stays in people's history)"
        )
    audit.record(
        session, ChangeKind.TRAINING_ROLE, role_id, AuditAction.DELETE, f"deleted {role.name}"
    )
    session.delete(role)
    session.flush()
    return role.name
