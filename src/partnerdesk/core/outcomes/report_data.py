"""What an evaluation's report and workbook show: the evaluation, every indicator's figures
for the period it covers against its baseline, the savings of that period, and the small-
number rule applied to every count that leaves the program in a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from partnerdesk.core.models import IndicatorUnit
from partnerdesk.core.models.outcomes import format_value
from partnerdesk.core.outcomes.baselines import outcome_settings
from partnerdesk.core.outcomes.evaluations import EvaluationRow, get_evaluation
from partnerdesk.core.outcomes.overview import IndicatorSummary, OutcomeSummary, outcome_summary
from partnerdesk.core.outcomes.savings import SavingsSummary, savings_for_period
from partnerdesk.core.outcomes.summaries import (
    is_small_count,
    months_between,
    small_number_note,
    small_number_text,
)
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.settings import load_settings


@dataclass(frozen=True)
class EvaluationData:
    evaluation: EvaluationRow
    program_name: str
    summary: OutcomeSummary
    savings: SavingsSummary
    threshold: int
    chart_months: list[date]  # the baseline through the end of the period

    def shown(self, value: Decimal | None, unit: IndicatorUnit) -> str:
        """A figure as every export writes it: a small count hidden as "<11"."""
        if unit is IndicatorUnit.COUNT and is_small_count(value, self.threshold):
            return small_number_text(self.threshold)
        return format_value(value, unit)

    def change_percent(self, row: IndicatorSummary) -> Decimal | None:
        """The change from the baseline, unless the small-number rule hides either figure:
        with one of them shown, the change would give the other away."""
        if row.change is None:
            return None
        if row.unit is IndicatorUnit.COUNT and (
            is_small_count(row.baseline.value, self.threshold)
            or is_small_count(row.current.value, self.threshold)
        ):
            return None
        return row.change.percent

    def hidden_months(self, row: IndicatorSummary) -> set[date]:
        """The months of a count indicator whose value the small-number rule hides."""
        if row.unit is not IndicatorUnit.COUNT:
            return set()
        series = self.summary.series.get(row.indicator_id, {})
        return {m for m, v in series.items() if is_small_count(v, self.threshold)}

    @property
    def small_number_note(self) -> str:
        return small_number_note(self.threshold, " (and left out of the charts)")


def met_text(row: IndicatorSummary) -> str:
    if row.target is None:
        return "No target"
    if row.met is None:
        return "Not known"
    if not row.target.due:
        return "On track" if row.met else "Not yet (not due)"
    return "Yes" if row.met else "No"


def evaluation_data(session: Session, evaluation_id: int, today: date) -> EvaluationData:
    evaluation = get_evaluation(session, evaluation_id)
    summary = outcome_summary(
        session,
        today,
        period_from=evaluation.period_start,
        period_to=evaluation.period_end,
        mou_id=evaluation.mou_id,
        include_retired=False,
    )
    savings = savings_for_period(session, today, summary=summary)
    starts = [r.baseline_window[0] for r in summary.rows if r.baseline_window]
    first = min([*starts, evaluation.period_start])
    last = max(evaluation.period_end, add_months(first, 1))
    return EvaluationData(
        evaluation=evaluation,
        program_name=load_settings(session).program_name or "The partnership program",
        summary=summary,
        savings=savings,
        threshold=outcome_settings(session).small_number_threshold,
        chart_months=months_between(first, last),
    )
