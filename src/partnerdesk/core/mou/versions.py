"""An agreement's versions: an amendment is a new MOU row whose ``supersedes_id`` points at
the version it replaces, which stays exactly as it was.

Every question of the kind "which version is current?", "what are the versions of this
agreement?" and "was this version superseded?" is answered here, so that the register, the
reviews, the composer and the comparison agree.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import Mou
from partnerdesk.core.mou.rules import IN_FORCE, NOT_YET_IN_FORCE, mou_label
from partnerdesk.core.platform.errors import ConflictError, NotFoundError


def current_versions() -> sa.Select[tuple[int]]:
    """Ids of MOU versions that no amendment supersedes (what the register shows)."""
    superseded = select(Mou.supersedes_id).where(col(Mou.supersedes_id).is_not(None))
    return select(Mou.id).where(col(Mou.id).not_in(superseded))  # type: ignore[return-value]


def superseded_by(session: Session, mou_id: int) -> Mou | None:
    """The amendment that replaced ``mou_id``, or ``None`` for a current version."""
    return session.exec(select(Mou).where(Mou.supersedes_id == mou_id)).first()


def refuse_if_superseded(session: Session, mou: Mou) -> None:
    """Earlier versions are kept as they were: changing one is refused."""
    assert mou.id is not None
    later = superseded_by(session, mou.id)
    if later is not None:
        raise ConflictError(
            f"{mou_label(mou)} was superseded by version {later.version_number}; "
            "earlier versions are kept as they were and cannot be changed"
        )


def version_chain(session: Session, mou_id: int) -> list[Mou]:
    """Every version of the agreement ``mou_id`` belongs to, oldest first."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    chain = [mou]
    seen = {mou_id}
    while chain[0].supersedes_id is not None and chain[0].supersedes_id not in seen:
        earlier = session.get(Mou, chain[0].supersedes_id)
        if earlier is None:
            break
        seen.add(chain[0].supersedes_id)
        chain.insert(0, earlier)
    while True:
        assert chain[-1].id is not None
        later = superseded_by(session, chain[-1].id)
        if later is None or later.id in seen:
            break
        assert later.id is not None
        seen.add(later.id)
        chain.append(later)
    return chain


def chain_ids(session: Session, mou_id: int | None) -> set[int]:
    """The ids of every version of the agreement (empty for a new one, ``None``)."""
    if mou_id is None:
        return set()
    return {m.id for m in version_chain(session, mou_id) if m.id is not None}


def in_force_version(session: Session, mou: Mou) -> Mou | None:
    """The version whose terms apply now: ``mou`` itself when it is in force; for an
    amendment still drafted or negotiated, the version it amends when that one was in
    force (it stays in force until the amendment is signed); otherwise None.

    Reviews and expiry reminders follow this version, so that negotiating an amendment
    never makes an agreement in force drop out of the schedule."""
    if mou.status in IN_FORCE:
        return mou
    if mou.status in NOT_YET_IN_FORCE and mou.supersedes_id is not None:
        earlier = session.get(Mou, mou.supersedes_id)
        if earlier is not None and earlier.status in IN_FORCE:
            return earlier
    return None
