"""Importing monthly values: both layouts, every bad cell named, all or nothing, twice is once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from partnerdesk.core.outcomes.values import grid_data
from partnerdesk.core.outcomes.values_import import import_values, parse_month
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ImportFileError, ValidationError
from tests.conftest import DEMO_TODAY


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "raw", ["2026-07", "July 2026", "Jul 2026", "2026-07-15", date(2026, 7, 31)]
)
def test_months_are_read_like_the_ledger_reads_dates(raw: object) -> None:
    assert parse_month(raw) == date(2026, 7, 1)


@pytest.mark.parametrize("raw", ["2026-13", "7/1/2026", "1.7.2026"])
def test_a_bad_or_ambiguous_month_is_refused(raw: str) -> None:
    """7/1/2026 may be 1 July or 7 January: refused, never guessed (as the ledger does)."""
    with pytest.raises(ValidationError, match="not a month"):
        parse_month(raw)


def test_the_long_layout_with_agencies(
    database: Database, catalogue: dict[str, int], tmp_path: Path
) -> None:
    from partnerdesk.core.models import Organization
    from partnerdesk.core.models.directory import OrganizationKind

    with database.transaction() as session:
        session.add(Organization(name="Riverton Police", name_key="riverton police",
                                 kind=OrganizationKind.LAW_ENFORCEMENT))  # fmt: skip
    path = _csv(tmp_path / "long.csv", "Month,Indicator,Agency,Value,Note\n"
                "2025-01,arrests,,41,checked\n2025-01,Response time to behavioral-health calls,"
                "riverton police,14.5,\n2025-02,ARRESTS,,38,\n")  # fmt: skip
    with database.transaction() as session:
        report = import_values(session, path)
    assert (report.layout, report.rows, report.added) == ("long", 3, 3)
    with database.session() as session:
        grid = grid_data(session, DEMO_TODAY)
    assert grid.cells[(catalogue["arrests"], date(2025, 2, 1))] == Decimal(38)
    assert grid.cells[(catalogue["response_time"], date(2025, 1, 1))] == Decimal("14.5")


def test_the_wide_layout_from_a_workbook_and_importing_twice_changes_nothing(
    database: Database, catalogue: dict[str, int], tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Month", "arrests", "Use-of-force incidents on behavioral-health calls"])
    sheet.append([date(2025, 3, 1), 40, 9])
    sheet.append([date(2025, 4, 1), 39, None])  # an empty cell is no value
    workbook.save(tmp_path / "wide.xlsx")
    with database.transaction() as session:
        dry = import_values(session, tmp_path / "wide.xlsx", dry_run=True)
    assert (dry.layout, dry.added) == ("wide", 3)
    with database.session() as session:
        assert grid_data(session, DEMO_TODAY).cells == {}  # the dry run wrote nothing
    with database.transaction() as session:
        first = import_values(session, tmp_path / "wide.xlsx")
    with database.transaction() as session:
        second = import_values(session, tmp_path / "wide.xlsx")
    assert (first.added, second.added, second.changed, second.unchanged) == (3, 0, 0, 3)


def test_every_bad_cell_is_named_and_nothing_is_imported(
    database: Database, catalogue: dict[str, int], tmp_path: Path
) -> None:
    path = _csv(tmp_path / "bad.csv", "Month,Indicator,Agency,Value\n"
                "2025-01,arrests,,12\n"          # row 2: fine
                "2025-13,arrests,,3\n"           # row 3: month
                "2025-02,arrests,,2.5\n"         # row 4: not a whole count
                "2025-02,nonsense,,1\n"          # row 5: indicator
                "2025-02,share_handled,,50\n"    # row 6: a rate
                "2025-02,arrests,Nowhere PD,4\n" # row 7: agency
                "2025-01,arrests,,13\n")  # row 8: twice  # fmt: skip
    with pytest.raises(ImportFileError) as refused, database.transaction() as session:
        import_values(session, path)
    message = refused.value.message
    assert "nothing was imported: 6 problem(s)" in message
    for where in (
        'row 3, column "Month"',
        'row 4, column "Value"',
        'row 5, column "Indicator"',
        'row 6, column "Value"',
        'row 7, column "Agency"',
        'row 8, column "Value"',
    ):
        assert f"bad.csv, {where}" in message  # fmt: skip
    assert "already on row 2" in message
    with database.session() as session:
        assert grid_data(session, DEMO_TODAY).cells == {}


def test_person_level_columns_refuse_the_file(
    database: Database, catalogue: dict[str, int], tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "people.csv", "Month,Client name,Indicator,Value\n2025-01,A B,arrests,1\n"
    )
    with pytest.raises(ImportFileError, match="only monthly totals"), database.transaction() as s:
        import_values(s, path)


def test_an_unknown_column_of_a_wide_file_is_named(
    database: Database, catalogue: dict[str, int], tmp_path: Path
) -> None:
    path = _csv(tmp_path / "wide.csv", "Month,arrests,Arrests typo\n2025-01,3,4\n")
    refused = pytest.raises(ImportFileError, match='row 1, column "Arrests typo"')
    with refused, database.transaction() as session:
        import_values(session, path)
