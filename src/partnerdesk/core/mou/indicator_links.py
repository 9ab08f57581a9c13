"""The indicators an MOU commits to (its evaluation metrics), read from the schema for the
completeness check and the clause variable that prints them.

The rule "an indicator with no values for the last three months" lives here, and only here:
the MOU layer needs it for ``mou check`` and cannot import the outcomes services (they stand
above it), while the outcomes services can import this module. The three months are the
three complete months before today's month; a rate counts as having values when its
numerator has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import Aggregation, Indicator, IndicatorValue, MouIndicator
from partnerdesk.core.models.outcomes import describe_target, outcome_label
from partnerdesk.core.platform.dates import add_months

RECENT_MONTHS = 3


@dataclass(frozen=True, slots=True)
class CommittedIndicator:
    indicator_id: int
    name: str
    definition: str
    unit: str  # label
    better: str  # "lower" / "higher"
    data_source: str  # label
    target: str  # "" without a target
    recent: bool | None  # values in the last three months; None when not checked

    def line(self) -> str:
        """How the evaluation clause prints it."""
        target = f"; target {self.target}" if self.target else ""
        return (
            f"{self.name} ({self.unit.lower()}, {self.better} is better; "
            f"source: {self.data_source.lower()}{target})"
        )


def recent_window(today: date) -> tuple[date, date]:
    """The first and last of the three complete months before today's month."""
    last = add_months(today.replace(day=1), -1)
    return add_months(last, -(RECENT_MONTHS - 1)), last


def indicators_with_recent_values(
    session: Session, indicators: Iterable[Indicator], today: date
) -> set[int]:
    """Which of ``indicators`` have a value (of their own, or of a rate's numerator) in the
    last three complete months."""
    owners: dict[int, set[int]] = {}  # indicator holding the values -> indicators asking
    for indicator in indicators:
        owner = (
            indicator.numerator_id if indicator.aggregation is Aggregation.RATE else indicator.id
        )
        if owner is not None and indicator.id is not None:
            owners.setdefault(owner, set()).add(indicator.id)
    if not owners:
        return set()
    first, last = recent_window(today)
    found = session.execute(
        sa.select(col(IndicatorValue.indicator_id))
        .where(
            col(IndicatorValue.indicator_id).in_(list(owners)),
            col(IndicatorValue.month).between(first, last),
        )
        .distinct()
    )
    return {asking for (owner,) in found for asking in owners[owner]}


def committed_indicators(
    session: Session, mou_id: int, today: date | None = None
) -> tuple[CommittedIndicator, ...]:
    """The MOU's indicators in its order; with ``today``, whether each has recent values."""
    indicators = list(
        session.exec(
            select(Indicator)
            .join(MouIndicator, col(MouIndicator.indicator_id) == col(Indicator.id))
            .where(MouIndicator.mou_id == mou_id)
            .order_by(col(MouIndicator.position), col(Indicator.name))
        )
    )
    recent = indicators_with_recent_values(session, indicators, today) if today else set()
    return tuple(
        CommittedIndicator(
            indicator_id=i.id or 0,
            name=i.name,
            definition=i.definition,
            unit=outcome_label(i.unit),
            better=i.better.value,
            data_source=outcome_label(i.data_source),
            target=describe_target(i.target_kind, i.target_milli, i.target_month, i.unit, i.better),
            recent=(i.id in recent) if today else None,
        )
        for i in indicators
    )
