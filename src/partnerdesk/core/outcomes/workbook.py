"""The evaluation workbook (.xlsx): the figures of an evaluation for people who work in
Excel, formatted like the sustainability workbook (:mod:`partnerdesk.core.platform.workbooks`)
and with native Excel line charts of the core indicators.

Sheets: Summary (the evaluation and every indicator against its baseline), Values (months ×
indicators), Trends (one block and chart per core indicator: value, baseline, target),
Savings (each unit cost's arithmetic) and Indicators (definitions). Counts hidden by the
small-number rule are written as text ("<11"), so a chart leaves them out too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from partnerdesk.core.models import IndicatorUnit
from partnerdesk.core.models.outcomes import outcome_label
from partnerdesk.core.outcomes.report_data import EvaluationData, evaluation_data, met_text
from partnerdesk.core.outcomes.summaries import exported_figure
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.workbooks import SheetWriter, discard

NUMBER_FORMAT = "#,##0.0"
SHEETS = ("Summary", "Values", "Trends", "Savings", "Indicators")
CHART_ROWS = 18  # rows a chart takes beside its block


def _cell_value(data: EvaluationData, value: Any, unit: IndicatorUnit) -> Any:
    """A number as a number, or the small-number text in its place."""
    return exported_figure(value, unit, data.threshold)


def _summary_sheet(workbook: Any, data: EvaluationData) -> None:
    evaluation, summary = data.evaluation, data.summary
    sheet = SheetWriter(workbook, "Summary", [46, 16, 10, 16, 10, 12, 36, 16])
    sheet.title_row(f"{data.program_name}: {evaluation.title}")
    sheet.append([f"Scope: {evaluation.mou_code or 'the whole program'}"])
    sheet.append(["Launch", sheet.day(summary.launch)])
    sheet.append(["Period covered", sheet.day(evaluation.period_start), "to",
                  sheet.day(evaluation.period_end)])  # fmt: skip
    sheet.append(["Status", evaluation.status_label])
    sheet.append([data.small_number_note])
    sheet.append([])
    sheet.header(
        ["Indicator", "Baseline", "Months", "Period", "Months", "Change %", "Target", "Met"],
        freeze=False,
        filters=True,
    )
    for row in summary.rows:
        change = data.change_percent(row)
        sheet.append(
            [
                row.name,
                sheet.cell(_cell_value(data, row.baseline.value, row.unit), NUMBER_FORMAT),
                row.baseline.months,
                sheet.cell(_cell_value(data, row.current.value, row.unit), NUMBER_FORMAT),
                row.current.months,
                sheet.cell(change, NUMBER_FORMAT) if change is not None else None,
                row.target_text,
                met_text(row),
            ]
        )
    sheet.filter_to_end(8)


def _values_sheet(workbook: Any, data: EvaluationData) -> None:
    rows = data.summary.rows
    sheet = SheetWriter(workbook, "Values", [12] + [18] * len(rows))
    sheet.header(["Month", *[row.name for row in rows]], filters=True)
    for month in data.chart_months:
        sheet.append(
            [
                sheet.day(month),
                *[
                    sheet.cell(
                        _cell_value(data, data.summary.series[r.indicator_id].get(month), r.unit),
                        NUMBER_FORMAT,
                    )
                    for r in rows
                ],
            ]
        )
    sheet.filter_to_end(len(rows) + 1)


def _trends_sheet(workbook: Any, data: EvaluationData) -> int:
    """A block (Month, Value, Baseline, Target) and a line chart per core indicator."""
    from openpyxl.chart import LineChart, Reference

    sheet = SheetWriter(workbook, "Trends", [12, 14, 14, 14])
    charts = 0
    for row in data.summary.rows:
        if not row.core:
            continue
        series = data.summary.series.get(row.indicator_id, {})
        target = row.target.figure if row.target else None
        sheet.append([sheet.cell(row.name, bold=True)])
        sheet.header(["Month", "Value", "Baseline", "Target"], freeze=False)
        first = sheet.rows + 1
        for month in data.chart_months:
            sheet.append(
                [
                    sheet.day(month),
                    sheet.cell(_cell_value(data, series.get(month), row.unit), NUMBER_FORMAT),
                    sheet.cell(row.baseline.value, NUMBER_FORMAT),
                    sheet.cell(target, NUMBER_FORMAT),
                ]
            )
        last = sheet.rows
        chart = LineChart()
        chart.title = row.name
        chart.y_axis.title = outcome_label(row.unit)
        chart.x_axis.number_format = "mmm yyyy"
        chart.height, chart.width = 8, 18
        chart.add_data(Reference(sheet.sheet, min_col=2, max_col=4, min_row=first - 1,
                                 max_row=last), titles_from_data=True)  # fmt: skip
        chart.set_categories(Reference(sheet.sheet, min_col=1, min_row=first, max_row=last))
        sheet.sheet.add_chart(chart, f"F{first - 1}")
        charts += 1
        for _ in range(max(CHART_ROWS - (last - first), 2)):
            sheet.append([])
    return charts


def _savings_sheet(workbook: Any, data: EvaluationData) -> None:
    savings = data.savings
    sheet = SheetWriter(workbook, "Savings", [34, 40, 14, 10, 12, 12, 10, 14, 16, 60])
    sheet.header(
        ["Unit cost", "Indicator", "Baseline a month", "Months", "Events", "Avoided",
         "Units each", "Unit cost", "Savings", "Source"],
        filters=True,
    )  # fmt: skip
    for line in savings.lines:
        sheet.append(
            [
                line.name,
                line.indicator,
                sheet.cell(line.baseline_rate, NUMBER_FORMAT),
                line.months,
                sheet.cell(_cell_value(data, line.actual, IndicatorUnit.COUNT), NUMBER_FORMAT),
                sheet.cell(line.avoided, NUMBER_FORMAT),
                sheet.cell(line.per_event, "0.###"),
                sheet.money(line.unit_cost),
                sheet.money(line.savings),
                line.source,
            ]
        )
    sheet.filter_to_end(10)
    sheet.append([])
    sheet.append(["Estimated savings", None, None, None, None, None, None, None,
                  sheet.money(savings.total, bold=True)])  # fmt: skip
    sheet.append(["Program cost of the period (months with cost lines)", None, None,
                  savings.costed_months, None, None, None, None,
                  sheet.money(savings.program_cost)])  # fmt: skip
    sheet.append(["Savings per program dollar", None, None, None, None, None, None, None,
                  sheet.money(savings.per_dollar)])  # fmt: skip
    for note in savings.notes:
        sheet.append([note])


def _indicators_sheet(workbook: Any, data: EvaluationData) -> None:
    sheet = SheetWriter(workbook, "Indicators", [40, 12, 10, 12, 18, 80])
    sheet.header(["Indicator", "Unit", "Better", "Rule", "Source", "Definition"], filters=True)
    for row in data.summary.rows:
        sheet.append(
            [
                row.name,
                outcome_label(row.unit),
                row.better.value,
                outcome_label(row.aggregation),
                outcome_label(row.data_source),
                row.definition,
            ]
        )
    sheet.filter_to_end(6)


def write_workbook(
    session: Session,
    evaluation_id: int,
    out: Path,
    *,
    today: date,
    progress: Progress = NO_PROGRESS,
) -> Path:
    """Write the evaluation's workbook to ``out`` (.xlsx); nothing is left on any error."""
    from openpyxl import Workbook

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValidationError(f"{out.name}: the workbook must be saved as .xlsx", "path")
    progress.step(0, 2, "Working out the figures…")
    data = evaluation_data(session, evaluation_id, today)
    progress.step(1, 2, "Writing the workbook…")
    with atomic_output(out) as temporary:
        workbook = Workbook(write_only=True)
        try:
            _summary_sheet(workbook, data)
            _values_sheet(workbook, data)
            _trends_sheet(workbook, data)
            _savings_sheet(workbook, data)
            _indicators_sheet(workbook, data)
            workbook.save(temporary)
        except BaseException:
            discard(workbook)
            raise
    progress.step(2, 2, "Done")
    return out
