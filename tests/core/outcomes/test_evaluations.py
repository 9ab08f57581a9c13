"""Evaluations: milestones planned from the launch, moved with it, in the calendar; the MOU
link as `mou check` sees it; the report and the workbook read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from partnerdesk.core.models import EvaluationStatus
from partnerdesk.core.mou.completeness import check_completeness
from partnerdesk.core.mou.register import find_mou
from partnerdesk.core.outcomes.calendar import evaluation_events
from partnerdesk.core.outcomes.evaluations import (
    get_evaluation,
    list_evaluations,
    milestone_dates,
    save_launch,
    update_evaluation,
)
from partnerdesk.core.outcomes.mou_links import mou_indicator_ids, set_mou_indicators
from partnerdesk.core.outcomes.report import write_report
from partnerdesk.core.outcomes.workbook import SHEETS, write_workbook
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from tests.conftest import DEMO_TODAY


def test_a_milestone_covers_the_months_from_launch_and_is_due_a_month_after() -> None:
    assert milestone_dates(date(2025, 1, 20), 12) == (
        date(2025, 1, 1),
        date(2025, 12, 1),
        date(2026, 2, 1),
    )


def test_setting_the_launch_plans_6_12_24_and_moving_it_moves_the_planned_ones(
    database: Database, catalogue: dict[str, int]
) -> None:
    with database.session() as session:
        planned = list_evaluations(session)
    assert [(e.milestone_months, e.due_date) for e in planned] == [
        (6, date(2025, 8, 1)),
        (12, date(2026, 2, 1)),
        (24, date(2027, 2, 1)),
    ]
    with database.transaction() as session:
        done = get_evaluation(session, planned[0].id)
        update_evaluation(
            session, done.id, replace(done.as_input(), status=EvaluationStatus.COMPLETED,
                                      completed_date=date(2025, 8, 20)), done.row_version,
        )  # fmt: skip
        assert save_launch(session, date(2025, 3, 1)) == []  # nothing new to add
    with database.session() as session:
        moved = list_evaluations(session)
        events = evaluation_events(session, DEMO_TODAY)
    assert [e.due_date for e in moved] == [date(2025, 8, 1), date(2026, 4, 1), date(2027, 4, 1)]
    # Only open evaluations are reminders, each keyed by the evaluation.
    assert sorted(e.key for e in events) == [
        f"evaluation-{moved[1].id}",
        f"evaluation-{moved[2].id}",
    ]


def test_completing_needs_the_day(database: Database, catalogue: dict[str, int]) -> None:
    with database.transaction() as session:
        row = list_evaluations(session)[0]
        with pytest.raises(ValidationError, match="completed"):
            update_evaluation(session, row.id, replace(row.as_input(),
                              status=EvaluationStatus.COMPLETED), row.row_version)  # fmt: skip


def test_mou_check_wants_indicators_with_recent_values(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        co = find_mou(session, "RIV-CR-01")
        assert check_completeness(session, co, DEMO_TODAY) == []
        from partnerdesk.core.models import Mou

        mou = session.get(Mou, co)
        assert mou is not None
        set_mou_indicators(session, co, [], mou.row_version)
        codes = [g.code for g in check_completeness(session, co, DEMO_TODAY)]
        assert codes == ["evaluation_without_indicators"]
        # The training indicator has values; a quarter later without new ones it has none.
        session.refresh(mou)
        set_mou_indicators(session, co, [18], mou.row_version)
        assert mou_indicator_ids(session, co) == [18]
        assert check_completeness(session, co, DEMO_TODAY) == []
        later = date(2027, 3, 10)
        assert [g.code for g in check_completeness(session, co, later)] == [
            "indicator_without_values:18"
        ]


def test_the_report_and_the_workbook_of_the_12_month_evaluation(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.session() as session:
        twelve = next(e for e in list_evaluations(session) if e.milestone_months == 12)
        write_report(session, twelve.id, tmp_path / "report.docx", today=DEMO_TODAY)
        write_workbook(session, twelve.id, tmp_path / "report.xlsx", today=DEMO_TODAY)
    document = Document(str(tmp_path / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "12-month evaluation: Riverton Crisis Response Partnership" in text
    assert "Period covered: January 2025 to December 2025" in text
    assert "Savings per program dollar: $" in text
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Indicator", "Baseline", "Period", "Change", "Target", "Met"]
    arrests = next(r for r in table.rows if r.cells[0].text == "Arrests on behavioral-health calls")
    assert arrests.cells[3].text.startswith("−") and arrests.cells[5].text == "Yes"
    assert len(document.inline_shapes) == 4  # one chart per core indicator
    workbook = load_workbook(tmp_path / "report.xlsx")
    assert workbook.sheetnames == list(SHEETS)
    assert len(workbook["Trends"]._charts) == 4
    summary = {row[0]: row for row in workbook["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Arrests on behavioral-health calls"][7] == "Yes"


def test_small_counts_are_hidden_in_every_export(demo_database: Database, tmp_path: Path) -> None:
    from partnerdesk.core.outcomes.baselines import save_outcome_settings

    with demo_database.transaction() as session:
        save_outcome_settings(
            session, launch_date=date(2025, 1, 1), small_number_threshold=20, milestones=(6, 12, 24)
        )
    with demo_database.session() as session:
        twelve = next(e for e in list_evaluations(session) if e.milestone_months == 12)
        write_report(session, twelve.id, tmp_path / "report.docx", today=DEMO_TODAY)
        write_workbook(session, twelve.id, tmp_path / "report.xlsx", today=DEMO_TODAY)
    table = Document(str(tmp_path / "report.docx")).tables[0]
    force = next(r for r in table.rows if r.cells[0].text.startswith("Use-of-force"))
    assert force.cells[1].text == "<20 (12)" and force.cells[2].text == "<20 (12)"
    # The change between two hidden figures would give one of them away (with the other).
    assert force.cells[3].text == "—"
    sheet = load_workbook(tmp_path / "report.xlsx")["Summary"]
    summary = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    shown = summary[force.cells[0].text]  # name, baseline, months, period, months, change
    assert (shown[1], shown[3], shown[5]) == ("<20", "<20", None)
    values = load_workbook(tmp_path / "report.xlsx")["Values"]
    header = [c.value for c in values[1]]
    column = header.index("Use-of-force incidents on behavioral-health calls")
    cells = [row[column] for row in values.iter_rows(min_row=2, values_only=True)]
    assert "<20" in cells and all(c == "<20" or c >= 20 for c in cells if c is not None)
