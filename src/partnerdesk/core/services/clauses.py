"""The clause library: listing (versions, editing and search come with the library work)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.errors import NotFoundError
from partnerdesk.core.models import (
    Clause,
    ClauseCategory,
    ClauseStatus,
    ClauseVersion,
    MouClause,
    SharingTier,
)


@dataclass(frozen=True, slots=True)
class ClauseRow:
    id: int
    title: str
    category: ClauseCategory
    status: ClauseStatus
    version: int
    sharing_tier: SharingTier | None
    used_by_mous: int


def list_clauses(session: Session, category: ClauseCategory | None = None) -> list[ClauseRow]:
    usage = (
        select(
            ClauseVersion.clause_id, sa.func.count(sa.distinct(col(MouClause.mou_id))).label("n")
        )
        .join(MouClause, col(MouClause.clause_version_id) == col(ClauseVersion.id))
        .group_by(col(ClauseVersion.clause_id))
        .subquery()
    )
    statement = (
        select(Clause, sa.func.coalesce(usage.c.n, 0))
        .outerjoin(usage, usage.c.clause_id == Clause.id)
        .order_by(col(Clause.category), col(Clause.title))
    )
    if category is not None:
        statement = statement.where(Clause.category == category)
    rows: list[ClauseRow] = []
    for clause, used in session.exec(statement):
        assert clause.id is not None
        rows.append(
            ClauseRow(
                id=clause.id,
                title=clause.title,
                category=clause.category,
                status=clause.status,
                version=clause.current_version,
                sharing_tier=clause.sharing_tier,
                used_by_mous=int(used),
            )
        )
    return rows


def clause_text(session: Session, clause_id: int) -> tuple[str, str]:
    """Title and body of a clause's current version."""
    clause = session.get(Clause, clause_id)
    if clause is None:
        raise NotFoundError(f"clause {clause_id} does not exist")
    version = session.exec(
        select(ClauseVersion).where(
            ClauseVersion.clause_id == clause_id, ClauseVersion.version == clause.current_version
        )
    ).one()
    return version.title, version.body
