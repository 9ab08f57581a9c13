"""The evaluation milestones of the calendar export: one event per open evaluation, keyed
by the evaluation (``evaluation-<id>``), so that moving its due date moves the event and
completing or cancelling it cancels the event (the rules are in
:mod:`partnerdesk.core.platform.ics`)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from partnerdesk.core.outcomes.evaluations import list_evaluations
from partnerdesk.core.platform.ics import CalendarEvent

CATEGORY = "Evaluation"
# Evaluations take preparation: a month's notice, then a week's.
REMINDER_DAYS = (30, 7)


def evaluation_events(session: Session, today: date) -> list[CalendarEvent]:
    """Every planned or running evaluation, on its due date."""
    events = []
    for row in list_evaluations(session):
        if not row.is_open:
            continue
        scope = f" ({row.mou_code})" if row.mou_code else ""
        events.append(
            CalendarEvent(
                key=f"evaluation-{row.id}",
                day=row.due_date,
                summary=f"Evaluation due: {row.title}{scope}",
                description=(
                    f"The {row.title}{scope} covers {row.period_start:%B %Y} to "
                    f"{row.period_end:%B %Y}. Generate its report in PartnerDesk (Outcomes › "
                    f"Evaluation report…) or `partnerdesk evaluations report {row.id} --out "
                    "report.docx`, then record the findings."
                ),
                category=CATEGORY,
                reminder_days=REMINDER_DAYS,
            )
        )
    return events
