"""Which indicators an MOU commits to (its evaluation metrics): saved here, read by the MOU
layer through the schema (:mod:`partnerdesk.core.mou.indicator_links`) for ``mou check``
and the clause variable that prints them."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import Indicator, Mou, MouIndicator
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind


def mou_indicator_ids(session: Session, mou_id: int) -> list[int]:
    return list(
        session.exec(
            select(MouIndicator.indicator_id)
            .where(MouIndicator.mou_id == mou_id)
            .order_by(col(MouIndicator.position))
        )
    )


def set_mou_indicators(
    session: Session, mou_id: int, indicator_ids: Sequence[int], seen_row_version: int | None
) -> None:
    """Replace the MOU's indicators by ``indicator_ids`` (in that order). Audited on the MOU,
    whose version moves, so a colleague's older copy of the MOU is refused."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU {mou_id} does not exist")
    names = {i.id: i.name for i in session.exec(select(Indicator))}
    unknown = [i for i in indicator_ids if i not in names]
    if unknown:
        raise ValidationError(f"indicator #{unknown[0]} does not exist", field="indicators")
    if len(set(indicator_ids)) != len(indicator_ids):
        raise ValidationError("an indicator is listed twice", field="indicators")
    before = mou_indicator_ids(session, mou_id)
    if list(indicator_ids) == before:
        return
    with audit.tracking(
        session,
        mou,
        ChangeKind.MOU,
        summary=f"{mou.reference_code}: evaluation indicators",
        seen_version=seen_row_version,
        what=f"the MOU {mou.reference_code}",
    ) as tracked:
        session.execute(sa.delete(MouIndicator).where(col(MouIndicator.mou_id) == mou_id))
        for position, indicator_id in enumerate(indicator_ids):
            session.add(MouIndicator(mou_id=mou_id, indicator_id=indicator_id, position=position))
        tracked.add(
            "indicators",
            "; ".join(names[i] for i in before),
            "; ".join(names[i] for i in indicator_ids),
        )
    session.flush()
