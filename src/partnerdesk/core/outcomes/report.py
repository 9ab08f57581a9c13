"""The evaluation report (.docx): a Word template rendered in the same sandbox as MOU
drafts, with a table of every indicator (baseline, period, change, target, met), a trend
chart per core indicator (PNG images), the savings set beside the program's cost, and the
findings and qualitative notes.

The default template ships inside the package (``resources/templates/``, built by
``templates/build_evaluation_template.py``); a user's own template receives the same
variables (templates/VARIABLES.md). docxtpl is imported inside the functions.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session

from partnerdesk.core.models.outcomes import (
    format_percent_change,
    format_value,
    outcome_label,
)
from partnerdesk.core.mou.document_context import long_date
from partnerdesk.core.mou.document_templates import (
    DocumentTemplateError,
    render_docx,
    template_bytes,
)
from partnerdesk.core.outcomes.charts import TrendChart, render_trend_png
from partnerdesk.core.outcomes.report_data import EvaluationData, evaluation_data, met_text
from partnerdesk.core.outcomes.summaries import month_of
from partnerdesk.core.platform import clock
from partnerdesk.core.platform.db import current_os_user
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.resources import resource

DEFAULT_TEMPLATE = "evaluation_default.docx"
CHART_WIDTH_CM = 16


def default_template() -> tuple[bytes, str]:
    found = resource("templates", DEFAULT_TEMPLATE)
    if not found.is_file():
        raise DocumentTemplateError(
            f"the default evaluation template is missing ({DEFAULT_TEMPLATE}); rebuild it with "
            "`python templates/build_evaluation_template.py`, or choose a template file"
        )
    return found.read_bytes(), DEFAULT_TEMPLATE


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def chart_for(data: EvaluationData, indicator_id: int) -> TrendChart:
    row = data.summary.row(indicator_id)
    launch = data.summary.launch
    # The target is drawn from launch on; the caption says by which month it applies.
    target_from = month_of(launch) if launch is not None and row.target is not None else None
    return TrendChart(
        title=row.name,
        unit=row.unit,
        months=data.chart_months,
        values=data.summary.series.get(indicator_id, {}),
        launch_month=month_of(launch) if launch else None,
        baseline=row.baseline.value,
        target=row.target.figure if row.target else None,
        target_from=target_from,
        hidden=data.hidden_months(row),
    )


def report_context(data: EvaluationData, today: date, images: dict[int, Any]) -> dict[str, Any]:
    """Everything the template receives (templates/VARIABLES.md, "Evaluation reports")."""
    evaluation, summary, savings = data.evaluation, data.summary, data.savings
    period = f"{evaluation.period_start:%B %Y} to {evaluation.period_end:%B %Y}"
    rows = []
    for row in summary.rows:
        rows.append(
            {
                "name": row.name,
                "unit": outcome_label(row.unit),
                "better": row.better.value,
                "baseline": data.shown(row.baseline.value, row.unit),
                "baseline_months": row.baseline.months,
                "value": data.shown(row.current.value, row.unit),
                "value_months": row.current.months,
                "change": format_percent_change(data.change_percent(row)),
                "target": row.target_text or "—",
                "met": met_text(row),
            }
        )
    charts = [
        {"name": row.name, "image": images[row.indicator_id], "caption": _caption(data, row)}
        for row in summary.rows
        if row.indicator_id in images
    ]
    return {
        "program_name": data.program_name,
        "generated_on": long_date(today),
        "evaluation": {
            "id": evaluation.id,
            "title": evaluation.title,
            "milestone_months": evaluation.milestone_months,
            "scope": evaluation.mou_code or "the whole program",
            "period": period,
            "due_date": long_date(evaluation.due_date),
            "status": evaluation.status_label,
            "completed_date": long_date(evaluation.completed_date, "not yet"),
            "evaluator": evaluation.evaluator or "not named",
            "findings": _paragraphs(evaluation.findings) or ["No findings have been recorded yet."],
            "notes": _paragraphs(evaluation.qualitative_notes)
            or ["No interview or survey summaries have been recorded yet."],
        },
        "launch": long_date(summary.launch, "not set"),
        "indicators": rows,
        "charts": charts,
        "has_charts": bool(charts),
        "savings": {
            "rows": [
                {
                    "name": line.name,
                    "indicator": line.indicator,
                    "baseline_rate": format_value(line.baseline_rate, row_unit(data, line)),
                    "months": line.months,
                    "actual": data.shown(line.actual, row_unit(data, line)),
                    "avoided": f"{line.avoided.quantize(Decimal('0.1')):,}",
                    "per_event": f"{line.per_event.normalize():f}",
                    "unit_cost": format_money(line.unit_cost),
                    "savings": format_money(line.savings),
                    "source": line.source or "not given",
                }
                for line in savings.lines
            ],
            "has_rows": bool(savings.lines),
            "total": format_money(savings.total),
            "program_cost": format_money(savings.program_cost)
            if savings.program_cost is not None
            else "not known (no program cost lines)",
            "per_dollar": format_money(savings.per_dollar) if savings.per_dollar else "—",
            "notes": savings.notes,
        },
        "definitions": [
            {
                "name": row.name,
                "definition": row.definition,
                "source": outcome_label(row.data_source),
                "rule": outcome_label(row.aggregation),
            }
            for row in summary.rows
        ],
        "small_number_note": data.small_number_note,
        "notes": summary.notes,
    }


def row_unit(data: EvaluationData, line: Any) -> Any:
    return data.summary.row(line.indicator_id).unit


def _caption(data: EvaluationData, row: Any) -> str:
    window = row.baseline_window
    baseline = (
        f"baseline {window[0]:%b %Y}–{window[1]:%b %Y}: {data.shown(row.baseline.value, row.unit)}"
        if window
        else "no baseline"
    )
    target = f"; target {row.target_text}" if row.target_text else ""
    return f"Monthly values of {row.name.lower()}; {baseline}{target}."


def write_report(
    session: Session,
    evaluation_id: int,
    out: Path,
    *,
    today: date,
    template: Path | None = None,
    progress: Progress = NO_PROGRESS,
) -> Path:
    """Write the evaluation's report to ``out`` (.docx); nothing is written on any error."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise PartnerDeskError(f"the report {out.name} must end in .docx")
    progress.step(0, 3, "Working out the figures…")
    data = evaluation_data(session, evaluation_id, today)
    if template is not None:
        template_data, name = template_bytes(template), template.name
    else:
        template_data, name = default_template()
    core = [row for row in data.summary.rows if row.core]
    pictures: dict[int, bytes] = {}
    for done, row in enumerate(core):
        progress.step(1, 3, f"Drawing chart {done + 1} of {len(core)}…")
        pictures[row.indicator_id] = render_trend_png(chart_for(data, row.indicator_id))
    progress.step(2, 3, "Writing the report…")

    def context_for(tpl: Any) -> dict[str, Any]:
        from docx.shared import Cm
        from docxtpl import InlineImage

        images = {
            key: InlineImage(tpl, io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
            for key, png in pictures.items()
        }
        return report_context(data, today, images)

    def finish(document: Any) -> None:
        props = document.core_properties
        props.title = f"{data.evaluation.title}: {data.program_name}"[:255]
        props.subject = "Evaluation report"
        props.category = "Evaluation report"
        props.identifier = f"partnerdesk:evaluation:{evaluation_id}"
        props.author = props.last_modified_by = current_os_user()
        now = clock.now_local().replace(microsecond=0)
        props.created = props.modified = now

    render_docx(template_data, name, out, context_for, finish)
    progress.step(3, 3, "Done")
    return out
