"""The MOU register: listing, and (in later work) the lifecycle of agreements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    Mou,
    MouParty,
    MouStatus,
    Organization,
    PartyRole,
    ResponseModel,
    Review,
)


@dataclass(frozen=True, slots=True)
class MouRow:
    id: int
    reference_code: str
    version_number: int
    title: str
    response_model: ResponseModel
    status: MouStatus
    effective_date: date | None
    expiry_date: date | None
    next_review_due: date | None
    parties: str  # "Lead agency; partner; ..." in party order
    archived: bool


def current_versions() -> sa.Select[tuple[int]]:
    """Ids of MOU versions that no amendment supersedes (what the register shows)."""
    superseded = select(Mou.supersedes_id).where(col(Mou.supersedes_id).is_not(None))
    return select(Mou.id).where(col(Mou.id).not_in(superseded))  # type: ignore[return-value]


def next_review_due_by_mou(session: Session) -> dict[int, date]:
    """The earliest open (not completed) review per MOU, snoozes applied."""
    effective_due = sa.func.coalesce(Review.snoozed_until, Review.due_date)
    statement = (
        select(Review.mou_id, sa.func.min(effective_due))
        .where(col(Review.completed_date).is_(None))
        .group_by(col(Review.mou_id))
    )
    result: dict[int, date] = {}
    for mou_id, due in session.exec(statement):
        result[mou_id] = due if isinstance(due, date) else date.fromisoformat(str(due))
    return result


def party_names_by_mou(session: Session) -> dict[int, list[str]]:
    statement = (
        select(MouParty.mou_id, Organization.name, MouParty.role)
        .join(Organization, col(Organization.id) == col(MouParty.organization_id))
        .order_by(col(MouParty.mou_id), col(MouParty.position))
    )
    names: dict[int, list[str]] = defaultdict(list)
    for mou_id, name, role in session.exec(statement):
        names[mou_id].append(f"{name} (lead)" if role == PartyRole.LEAD_AGENCY else name)
    return names


def list_mous(session: Session, *, include_archived: bool = False) -> list[MouRow]:
    statement = select(Mou).where(col(Mou.id).in_(current_versions()))
    if not include_archived:
        statement = statement.where(col(Mou.archived).is_(False))
    statement = statement.order_by(col(Mou.reference_code))
    reviews = next_review_due_by_mou(session)
    parties = party_names_by_mou(session)
    rows: list[MouRow] = []
    for mou in session.exec(statement):
        assert mou.id is not None
        rows.append(
            MouRow(
                id=mou.id,
                reference_code=mou.reference_code,
                version_number=mou.version_number,
                title=mou.title,
                response_model=mou.response_model,
                status=mou.status,
                effective_date=mou.effective_date,
                expiry_date=mou.expiry_date,
                next_review_due=reviews.get(mou.id),
                parties="; ".join(parties.get(mou.id, [])),
                archived=mou.archived,
            )
        )
    return rows
