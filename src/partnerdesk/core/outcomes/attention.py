"""The outcomes figures on the Dashboard: the next evaluation due, and the indicators
off target (a target whose month has come and is not met over the latest 12 months)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from partnerdesk.core.outcomes.evaluations import EvaluationRow, next_due
from partnerdesk.core.outcomes.overview import outcome_summary


@dataclass(frozen=True)
class OutcomesAttention:
    next_evaluation: EvaluationRow | None
    days_until_next: int | None  # negative when overdue
    off_target: list[str]  # names of the indicators off target
    with_targets: int  # indicators with a target that can be judged
    has_indicators: bool


def outcomes_attention(session: Session, today: date) -> OutcomesAttention:
    evaluation = next_due(session)
    summary = outcome_summary(session, today)
    judged = [row for row in summary.rows if row.target is not None and row.met is not None]
    return OutcomesAttention(
        next_evaluation=evaluation,
        days_until_next=evaluation.days_until_due(today) if evaluation else None,
        off_target=[row.name for row in summary.rows if row.off_target],
        with_targets=len(judged),
        has_indicators=bool(summary.rows),
    )
