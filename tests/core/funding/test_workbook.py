"""The sustainability workbook: sheets, formats and figures for a meeting; nothing left
behind by a cancelled or failed export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from partnerdesk.core.funding.workbook import SHEETS, export_workbook
from partnerdesk.core.platform.db import Database
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def test_workbook_is_ready_for_a_meeting(demo_database: Database, tmp_path: Path) -> None:
    target = tmp_path / "sustainability.xlsx"
    with demo_database.session() as session:
        report = export_workbook(session, target, TODAY)
    assert report.ledger_rows == 76
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == list(SHEETS)
    ledger = book["Ledger"]
    assert ledger.freeze_panes == "A2"
    assert ledger.auto_filter.ref == "A1:F77"
    assert [c.value for c in ledger[1]] == [
        "Date", "Source", "Type", "Amount", "Memo", "MOU"
    ]  # fmt: skip
    first = ledger[2]
    assert first[0].is_date and first[0].value.date() == date(2025, 7, 1)
    assert isinstance(first[3].value, int | float) and "$" in first[3].number_format
    assert ledger.column_dimensions["B"].width >= 30
    summary = [c.value for row in book["Summary"].iter_rows() for c in row if c.value is not None]
    assert any("Funding cliff" in str(v) for v in summary)
    scenario_rows = {
        row[0].value: [c.value for c in row[1:4]] for row in book["Summary"].iter_rows()
    }
    assert scenario_rows["Surplus / gap by scenario"] == [
        '"as scheduled"', '"expected"', '"all renewed"'
    ]  # fmt: skip
    assert scenario_rows["Funding cliff"] == ["FY2029", "FY2029", "none"]
    projection = book["Projection"]
    assert projection["A2"].value == "FY2027"
    assert isinstance(projection["B2"].value, int | float)
    mix = {row[0].value: row for row in book["Mix"].iter_rows(min_row=2)}
    assert mix["Municipal budget"][3].value == pytest.approx(33.10)
    assert mix["Municipal budget"][4].value == 40
    mix_cells = [c.value for row in book["Mix"].iter_rows() for c in row]
    assert "Budget vs actual FY2027" in mix_cells
    assumptions = [c.value for row in book["Assumptions"].iter_rows() for c in row]
    assert "Cost inflation % a year" in assumptions


def test_a_cancelled_or_failed_export_leaves_nothing_behind(
    demo_database: Database, tmp_path: Path
) -> None:
    from partnerdesk.core.platform.errors import PartnerDeskError
    from partnerdesk.core.platform.progress import Cancelled, Progress

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "w.xlsx"
    seen: list[str] = []
    progress = Progress(
        lambda done, total, text: seen.append(text),
        lambda: any(text.startswith("Writing ledger") for text in seen),
    )
    with demo_database.session() as session:
        with pytest.raises(Cancelled):
            export_workbook(session, target, TODAY, progress=progress)
        with pytest.raises(PartnerDeskError, match="does not exist"):
            export_workbook(session, folder / "missing" / "w.xlsx", TODAY)
    assert list(folder.iterdir()) == []
