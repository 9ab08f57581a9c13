"""Evaluations: the formal reviews of the program at 6, 12 and 24 months after launch (the
milestones are a setting), with status, the period covered, findings and qualitative notes
(interview and survey summaries).

A milestone at *m* months covers the launch month and the *m − 1* months after it, and is
due on the first day of the second month after that period (a month to gather the last
month's figures): launched in January 2025, the 12-month evaluation covers January to
December 2025 and is due on 1 February 2026. Planning adds the milestones an evaluation
does not exist for yet; changing the launch moves the dates of those not yet started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from partnerdesk.core.models import AuditAction, Evaluation, EvaluationStatus, Mou
from partnerdesk.core.models.outcomes import outcome_label
from partnerdesk.core.outcomes.baselines import (
    launch_for,
    outcome_settings,
    save_outcome_settings,
)
from partnerdesk.core.outcomes.summaries import month_of
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import add_months, check_supported_day
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind

OPEN_STATUSES = (EvaluationStatus.PLANNED, EvaluationStatus.IN_PROGRESS)


@dataclass(frozen=True, slots=True)
class EvaluationInput:
    title: str
    due_date: date
    period_start: date
    period_end: date
    status: EvaluationStatus = EvaluationStatus.PLANNED
    completed_date: date | None = None
    evaluator: str = ""
    findings: str = ""
    qualitative_notes: str = ""


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    id: int
    mou_id: int | None
    mou_code: str  # "" for the whole program
    milestone_months: int
    title: str
    due_date: date
    period_start: date
    period_end: date
    status: EvaluationStatus
    completed_date: date | None
    evaluator: str
    findings: str
    qualitative_notes: str
    row_version: int

    @property
    def status_label(self) -> str:
        return outcome_label(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def days_until_due(self, today: date) -> int:
        return (self.due_date - today).days

    def as_input(self) -> EvaluationInput:
        return EvaluationInput(
            self.title, self.due_date, self.period_start, self.period_end, self.status,
            self.completed_date, self.evaluator, self.findings, self.qualitative_notes,
        )  # fmt: skip


def milestone_dates(launch: date, months: int) -> tuple[date, date, date]:
    """(first month covered, last month covered, due date) of the milestone."""
    start = month_of(launch)
    end = add_months(start, months - 1)
    return start, end, add_months(end, 2)


def list_evaluations(session: Session) -> list[EvaluationRow]:
    codes = {m.id: m.reference_code for m in session.exec(select(Mou))}
    rows = session.exec(select(Evaluation).order_by(col(Evaluation.due_date), col(Evaluation.id)))
    return [
        EvaluationRow(
            id=e.id or 0,
            mou_id=e.mou_id,
            mou_code=codes.get(e.mou_id, "") if e.mou_id else "",
            milestone_months=e.milestone_months,
            title=e.title,
            due_date=e.due_date,
            period_start=e.period_start,
            period_end=e.period_end,
            status=e.status,
            completed_date=e.completed_date,
            evaluator=e.evaluator or "",
            findings=e.findings or "",
            qualitative_notes=e.qualitative_notes or "",
            row_version=e.row_version,
        )
        for e in rows
    ]


def get_evaluation(session: Session, evaluation_id: int) -> EvaluationRow:
    for row in list_evaluations(session):
        if row.id == evaluation_id:
            return row
    raise NotFoundError(f"no evaluation #{evaluation_id} (see `partnerdesk evaluations`)")


def next_due(session: Session) -> EvaluationRow | None:
    """The open evaluation due soonest (overdue ones first)."""
    return next((row for row in list_evaluations(session) if row.is_open), None)


def plan_evaluations(session: Session, mou_id: int | None = None) -> list[int]:
    """Add the milestones that have no evaluation yet, and move the dates of planned ones to
    the current launch; returns the ids added. Nothing happens without a launch date."""
    launch = launch_for(session, mou_id)
    if launch is None:
        return []
    milestones = outcome_settings(session).milestones
    existing = {
        e.milestone_months: e
        for e in session.exec(select(Evaluation).where(Evaluation.mou_id == mou_id))
    }
    added: list[int] = []
    for months in milestones:
        start, end, due = milestone_dates(launch, months)
        evaluation = existing.get(months)
        if evaluation is None:
            evaluation = Evaluation(
                mou_id=mou_id,
                milestone_months=months,
                title=f"{months}-month evaluation",
                due_date=due,
                period_start=start,
                period_end=end,
            )
            session.add(evaluation)
            session.flush()
            assert evaluation.id is not None
            audit.record(
                session,
                ChangeKind.EVALUATION,
                evaluation.id,
                AuditAction.CREATE,
                summary=f"{evaluation.title} planned, due {due.isoformat()}",
            )
            added.append(evaluation.id)
        elif evaluation.status is EvaluationStatus.PLANNED and (
            (evaluation.period_start, evaluation.period_end, evaluation.due_date)
            != (start, end, due)
        ):
            with audit.tracking(
                session,
                evaluation,
                ChangeKind.EVALUATION,
                summary=f"{evaluation.title}: moved with the launch date",
            ):
                evaluation.period_start, evaluation.period_end = start, end
                evaluation.due_date = due
    session.flush()
    return added


def save_launch(
    session: Session,
    launch_date: date | None,
    *,
    small_number_threshold: int | None = None,
    milestones: tuple[int, ...] | None = None,
) -> list[int]:
    """Save the program's launch (and the outcomes settings), then plan its evaluations."""
    current = outcome_settings(session)
    save_outcome_settings(
        session,
        launch_date=launch_date,
        small_number_threshold=small_number_threshold or current.small_number_threshold,
        milestones=milestones or current.milestones,
    )
    return plan_evaluations(session)


def _columns(data: EvaluationInput) -> dict[str, Any]:
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError("an evaluation needs a title", field="title")
    for name, day in (("due_date", data.due_date), ("period", data.period_start)):
        check_supported_day(day, name)
    start, end = month_of(data.period_start), month_of(data.period_end)
    if start > end:
        raise ValidationError("the period covered ends before it starts", field="period")
    completed = data.completed_date
    if data.status is EvaluationStatus.COMPLETED and completed is None:
        raise ValidationError("give the day the evaluation was completed", field="completed")
    if data.status is not EvaluationStatus.COMPLETED:
        completed = None
    return {
        "title": title,
        "due_date": data.due_date,
        "period_start": start,
        "period_end": end,
        "status": data.status,
        "completed_date": completed,
        "evaluator": data.evaluator.strip() or None,
        "findings": data.findings.strip() or None,
        "qualitative_notes": data.qualitative_notes.strip() or None,
    }


def create_evaluation(
    session: Session, data: EvaluationInput, *, mou_id: int | None = None, milestone: int = 0
) -> int:
    """An evaluation outside the milestones (a special review), or one planned by hand."""
    evaluation = Evaluation(mou_id=mou_id, milestone_months=milestone, **_columns(data))
    session.add(evaluation)
    session.flush()
    assert evaluation.id is not None
    audit.record(
        session, ChangeKind.EVALUATION, evaluation.id, AuditAction.CREATE, summary=evaluation.title
    )
    return evaluation.id


def update_evaluation(
    session: Session, evaluation_id: int, data: EvaluationInput, seen_row_version: int
) -> None:
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFoundError(f"evaluation #{evaluation_id} was deleted by someone else")
    with audit.tracking(
        session,
        evaluation,
        ChangeKind.EVALUATION,
        summary=lambda: evaluation.title,
        seen_version=seen_row_version,
        what=f"the evaluation “{evaluation.title}”",
    ):
        for column, value in _columns(data).items():
            setattr(evaluation, column, value)
    session.flush()


def delete_evaluation(session: Session, evaluation_id: int) -> None:
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFoundError(f"evaluation #{evaluation_id} was already deleted")
    title = evaluation.title
    session.delete(evaluation)
    audit.record(session, ChangeKind.EVALUATION, evaluation_id, AuditAction.DELETE, summary=title)
    session.flush()
