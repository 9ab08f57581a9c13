"""The report pack of an obligation, read back: the period's budget, receipts and match,
the ledger lines behind them, and nothing left behind when it fails."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from partnerdesk.core.funding.obligation_queries import ObligationFilter, list_obligations
from partnerdesk.core.models import Indicator, IndicatorValue
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.progress import Cancelled, Progress
from partnerdesk.core.program.grant_pack import SECTIONS, _outcome_months, write_pack
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def _overdue_report(database: Database) -> int:
    with database.session() as session:
        [row] = list_obligations(session, TODAY, ObligationFilter("overdue"))
    return row.id


def _number(value: Any) -> Any:
    """A number as read back (openpyxl gives floats), as the Decimal it was written from."""
    return Decimal(repr(value)) if isinstance(value, float | int) else value


def _values(sheet: Any) -> dict[str, Any]:
    """Column A -> column B of a sheet laid out as labels and amounts."""
    return {row[0]: _number(row[1]) for row in sheet.iter_rows(values_only=True) if row and row[0]}


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(_number(v) for v in row) for row in sheet.iter_rows(values_only=True)]


def test_the_pack_of_the_overdue_quarterly_report(demo_database: Database, tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    with demo_database.session() as session:
        report = write_pack(session, _overdue_report(demo_database), target, today=TODAY)
    figures = report.figures
    assert figures.period == "Jul–Sep 2026"
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Summary", "Ledger", "Budget", "Match", "Outcomes"]
    assert workbook.sheetnames == [name for name, _writer in SECTIONS]
    summary = _values(workbook["Summary"])
    assert summary["Funding source"] == "Federal crisis response grant"
    assert summary["Funder"] == "Federal Crisis Response Grants Office"
    assert summary["Period reported on"] == "Jul–Sep 2026"
    assert summary["Owner"] == "Jordan Ellis"
    # Three monthly drawdowns of 250,000 / 12; FY2027's budget for 92 of its 365 days.
    assert summary["Received (drawdowns)"] == Decimal("62499.99")
    assert summary["Budget for the period"] == Decimal("63013.70")
    assert summary["Variance (actual − budget)"] == Decimal("-513.71")
    assert summary["Received and adjusted to the end of the period"] == Decimal("312499.95")
    assert summary["Grant budget in total"] == Decimal("500000.00")
    # The match: the city's contribution is named as the grant's match.
    assert summary["Met in the period"] == Decimal("120000.00")
    assert summary["Required so far"] == Decimal("88541.65")
    # Amounts are numbers with a currency format, not text.
    amount_cell = next(
        row[1] for row in workbook["Summary"].iter_rows() if row[0].value == "Budget for the period"
    )
    assert "$" in amount_cell.number_format

    ledger = [row[:3] for row in _rows(workbook["Ledger"])[1:5]]
    assert [row[1:] for row in ledger] == [("Budgeted / committed", Decimal("250000"))] + [
        ("Received", Decimal("20833.33"))
    ] * 3
    budget = _rows(workbook["Budget"])
    assert budget[1] == ("FY2027", Decimal("250000"), 92, 365, Decimal("63013.7"))
    match = _rows(workbook["Match"])
    assert len([row for row in match[1:] if row and row[1] == "City general fund allocation"]) == 3
    assert match[1][5] == "from a source named as match"


def test_a_final_report_covers_the_whole_grant(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session:
        final = next(
            r for r in list_obligations(session, TODAY, ObligationFilter("all"))
            if r.title.startswith("Final")
        )  # fmt: skip
        report = write_pack(session, final.id, tmp_path / "final.xlsx", today=TODAY)
    assert report.figures.period == "Jul 2025 – Jun 2028"
    assert [y.fiscal_year for y in report.figures.budget_years] == [2026, 2027, 2028]
    assert report.figures.budget == Decimal("500000.00")  # FY2028 has no budget yet


def test_a_pack_is_xlsx_and_a_cancelled_one_leaves_nothing(
    demo_database: Database, tmp_path: Path
) -> None:
    item = _overdue_report(demo_database)
    folder = tmp_path / "packs"
    folder.mkdir()
    with demo_database.session() as session:
        with pytest.raises(ValidationError, match=r"\.xlsx"):
            write_pack(session, item, folder / "pack.csv", today=TODAY)
        calls = 0

        def cancel_on_the_third_step() -> bool:
            nonlocal calls
            calls += 1
            return calls >= 3

        with pytest.raises(Cancelled):
            write_pack(
                session, item, folder / "pack.xlsx", today=TODAY,
                progress=Progress(is_cancelled=cancel_on_the_third_step),
            )  # fmt: skip
    assert list(folder.iterdir()) == []


def test_the_pack_holds_the_outcomes_of_the_same_months(
    demo_database: Database, tmp_path: Path
) -> None:
    target = tmp_path / "pack.xlsx"
    with demo_database.session() as session:
        write_pack(session, _overdue_report(demo_database), target, today=TODAY)
    sheet = openpyxl.load_workbook(target)["Outcomes"]
    rows = _rows(sheet)
    assert rows[0] == (
        "Indicator", "Unit", "Figure Jul–Sep 2026", "Total in the period", "Months with data",
        "Baseline", "Change", "Change %", "Target", "Met",
    )  # fmt: skip
    by_name = {row[0]: row for row in rows[1:] if row and row[1]}
    assert len(by_name) == 20  # every active indicator of the demo
    # Arrests: 86 in the quarter (a monthly 28.67) against a baseline of 46.83 a month.
    arrests = by_name["Arrests on behavioral-health calls"]
    assert arrests[1:6] == (
        "Count",
        Decimal("28.66666666666667"),
        86,
        3,
        Decimal("46.83333333333334"),
    )
    assert round(arrests[6], 2) == Decimal("-18.17") and round(arrests[7], 2) == Decimal("-38.79")
    assert arrests[8:] == ("−30 % from the baseline by month 12", "Yes")
    response = by_name["Response time to behavioral-health calls"]
    assert response[1:6] == ("Minutes", Decimal("15.25"), None, 3, Decimal("19.7"))
    assert response[8:] == ("at most 15 min by month 6", "No")
    rate = by_name["Referral completion rate"]
    assert (rate[1], rate[4], rate[9]) == ("Percent", 3, "Yes")
    assert round(rate[2], 2) == Decimal("56.13")
    # A baseline count under the small-number threshold is hidden, and so is its change.
    completed = by_name["Referrals completed"]
    assert completed[2:9] == (Decimal("58"), 174, 3, "<11", None, None, None)
    # Numbers are stored as numbers, in a number format; the header is bold, frozen, filtered.
    figure_cell = sheet.cell(row=2, column=3)
    assert isinstance(figure_cell.value, float) and figure_cell.number_format == "#,##0.0"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J21"
    notes = [row[0] for row in rows[22:]]
    assert notes[0] == "Months: Jul–Sep 2026, those of the period reported on."
    assert any("1 Jan 2025" in note for note in notes)
    assert any("“<11”" in note for note in notes)


def test_an_indicator_name_is_written_as_text(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session, session.begin():
        session.execute(
            sa.update(Indicator)
            .where(Indicator.name == "Involuntary holds")  # type: ignore[arg-type]
            .values(name='=HYPERLINK("http://x")')
        )
    target = tmp_path / "pack.xlsx"
    with demo_database.session() as session:
        write_pack(session, _overdue_report(demo_database), target, today=TODAY)
    names = [row[0] for row in _rows(openpyxl.load_workbook(target)["Outcomes"])]
    assert '\'=HYPERLINK("http://x")' in names


@pytest.mark.parametrize(
    ("emptied", "message"),
    [
        (sa.delete(IndicatorValue), "No outcome indicator has a value for Jul–Sep 2026 yet."),
        (
            sa.update(Indicator).values(active=False),
            "The program has no active outcome indicators (Outcomes area).",
        ),
    ],
)
def test_without_outcomes_the_sheet_says_so(
    demo_database: Database, tmp_path: Path, emptied: Any, message: str
) -> None:
    with demo_database.session() as session, session.begin():
        session.execute(emptied)
    target = tmp_path / "pack.xlsx"
    with demo_database.session() as session:
        write_pack(session, _overdue_report(demo_database), target, today=TODAY)
    workbook = openpyxl.load_workbook(target)
    assert _rows(workbook["Outcomes"]) == [(message,)]
    assert _values(workbook["Summary"])["Received (drawdowns)"] == Decimal("62499.99")


def test_outcome_months_of_a_period_that_starts_mid_month() -> None:
    assert _outcome_months(date(2026, 7, 1), date(2026, 9, 30)) == [
        date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)
    ]  # fmt: skip
    # A quarter from the 15th takes the three months that begin in it; the next one, the next three.
    assert _outcome_months(date(2026, 7, 15), date(2026, 10, 14)) == [
        date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)
    ]  # fmt: skip
    assert _outcome_months(date(2026, 10, 15), date(2027, 1, 14))[0] == date(2026, 11, 1)
    # Shorter than a month and no month begins in it: the month it starts in.
    assert _outcome_months(date(2024, 2, 2), date(2024, 2, 29)) == [date(2024, 2, 1)]
