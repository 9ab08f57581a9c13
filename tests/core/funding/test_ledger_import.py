"""Ledger import: all or nothing, rows and columns named, the editor's amount rule, an
exact round trip of an exported workbook, cancel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from partnerdesk.core.funding.ledger import EntryInput, create_entry, list_ledger
from partnerdesk.core.funding.ledger_import import guess_mapping, import_ledger
from partnerdesk.core.funding.sources import SourceInput, create_source, list_sources
from partnerdesk.core.funding.workbook import export_workbook
from partnerdesk.core.models import FundingSourceKind, LedgerEntryType
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import ImportFileError, ValidationError
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def _ledger(session: Session) -> list[tuple[object, ...]]:
    return sorted(
        (r.entry_date, r.source, r.entry_type, r.amount_cents, r.memo) for r in list_ledger(session)
    )


def _sources(session: Session) -> list[tuple[object, ...]]:
    return [
        (s.name, s.kind, s.funder, s.restricted, s.grant_start, s.grant_end,
         s.renewal_probability_pct, s.annual_growth_pct, s.active)
        for s in list_sources(session)
    ]  # fmt: skip


@pytest.fixture
def other_database(tmp_path: Path) -> Database:
    opened = open_database(DatabaseLocation.for_path(tmp_path / "other.sqlite3"))
    yield opened  # type: ignore[misc]
    opened.close()


def test_export_import_round_trip_is_exact(
    demo_database: Database, other_database: Database, tmp_path: Path
) -> None:
    with demo_database.transaction() as session:
        create_source(
            session,
            SourceInput("=Risky source", FundingSourceKind.DONATION, notes="+notes", active=False),
        )
        city = list_sources(session)[0].id
        for memo, cents in (('=HYPERLINK("x")', 1), ("-1 correction", -99999999999), ("", 7)):
            create_entry(
                session,
                EntryInput(
                    date(2026, 2, 28),
                    city,
                    LedgerEntryType.ADJUSTMENT,
                    Decimal(cents) / 100,
                    memo,
                ),
            )
    target = tmp_path / "round.xlsx"
    with demo_database.session() as session:
        export_workbook(session, target, TODAY)
        before, sources_before = _ledger(session), _sources(session)
    with other_database.transaction() as session:
        report = import_ledger(session, target)
    assert report.entries_added == len(before) and len(report.sources_added) == 5
    with other_database.session() as session:
        assert _ledger(session) == before
        assert _sources(session) == sources_before
    # Importing it again adds nothing: the lines are already there.
    with other_database.transaction() as session:
        again = import_ledger(session, target)
    assert again.entries_added == 0 and again.entries_already_present == len(before)


def _write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("bad_line", "column", "reason"),
    [
        ("2026-08-01,Nobody,Received,10.00,x", "Source", 'unknown source "Nobody"'),
        ("2026-02-30,City,Received,10.00,x", "Date", "is not a date"),
        ("2026-08-01,City,Received,ten,x", "Amount", "'ten' is not a number"),
        ("2026-08-01,City,Received,10.005,x", "Amount", "more than two decimal places"),
        ("2026-08-01,City,Gift,10.00,x", "Type", "not an entry type"),
    ],
)
def test_one_bad_row_changes_nothing_and_is_named(
    database: Database, tmp_path: Path, bad_line: str, column: str, reason: str
) -> None:
    with database.transaction() as session:
        create_source(session, SourceInput("City", FundingSourceKind.MUNICIPAL_BUDGET))
    path = _write_csv(
        tmp_path / "ledger.csv",
        [
            "Date,Source,Type,Amount,Memo",
            "2026-07-15,City,Received,100.00,first",
            bad_line,
            '2026-09-15,City,Received,"1,250.50",third',
        ],
    )
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        import_ledger(session, path)
    assert f'ledger.csv, row 3, column "{column}"' in caught.value.message
    assert reason in caught.value.message
    assert "row 2" not in caught.value.message and "row 4" not in caught.value.message
    with database.session() as session:
        assert list_ledger(session) == []


def _city_workbook(database: Database, path: Path, rows: list[list[object]]) -> Path:
    """A workbook whose first sheet holds ``rows`` (the header first), in a database that
    has the source "City"."""
    with database.transaction() as session:
        create_source(session, SourceInput("City", FundingSourceKind.MUNICIPAL_BUDGET))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = path.stem.capitalize()
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_rows_are_named_as_the_spreadsheet_shows_them(
    database: Database, tmp_path: Path
) -> None:
    path = _city_workbook(
        database,
        tmp_path / "receipts.xlsx",
        [
            ["Posted", "Funding source", "Value", "Description"],
            [date(2026, 7, 1), "City", 12.5, "ok"],
            [date(2026, 7, 2), "City", "12,5x", "bad"],
        ],
    )
    with (
        pytest.raises(
            ImportFileError, match=r'receipts.xlsx, sheet "Receipts", row 3, column "Value"'
        ),
        database.transaction() as session,
    ):
        import_ledger(session, path)
    mapping = guess_mapping(["Posted", "Funding source", "Value", "Description"])
    assert mapping == {"date": "Posted", "source": "Funding source", "type": None,
                       "amount": "Value", "memo": "Description", "mou": None}  # fmt: skip


def test_dry_run_reports_without_writing(database: Database, tmp_path: Path) -> None:
    with database.transaction() as session:
        create_source(session, SourceInput("City", FundingSourceKind.MUNICIPAL_BUDGET))
    path = _write_csv(
        tmp_path / "l.csv",
        ["Date;Source;Amount;Note", "2026-07-01;City;5;a", "2026-07-02;city;6;b"],
    )
    with database.transaction() as session:
        report = import_ledger(session, path, dry_run=True)
    assert report.entries_added == 2 and report.dry_run
    assert "would add 2 entries" in report.describe() and "nothing was changed" in report.describe()
    with database.session() as session:
        assert list_ledger(session) == []
    with database.transaction() as session:
        import_ledger(session, path)
    with database.session() as session:
        rows = list_ledger(session)
    assert sorted(r.amount for r in rows) == [Decimal("5.00"), Decimal("6.00")]
    assert {r.entry_type for r in rows} == {LedgerEntryType.RECEIVED}


def test_missing_columns_ask_for_a_mapping(database: Database, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "x.csv", ["When,Who,How much", "2026-07-01,City,5"])
    with (
        pytest.raises(ImportFileError, match="no column for date, source, amount"),
        database.transaction() as session,
    ):
        import_ledger(session, path)
    with database.transaction() as session:
        create_source(session, SourceInput("City", FundingSourceKind.MUNICIPAL_BUDGET))
        report = import_ledger(
            session, path, mapping={"date": "When", "source": "Who", "amount": "How much"}
        )
    assert report.entries_added == 1


def test_cancelling_an_import_changes_nothing(demo_database: Database, tmp_path: Path) -> None:
    from partnerdesk.core.platform.progress import Cancelled, Progress

    target = tmp_path / "w.xlsx"
    with demo_database.session() as session:
        export_workbook(session, target, TODAY)
        before = _ledger(session)
    with demo_database.transaction() as session:
        session.execute(sa.text("DELETE FROM ledger_entry"))
    steps: list[str] = []

    def cancel_when_saving() -> bool:
        # Checked at the next report after the rows were checked: the one made once the
        # first chunk has been written, which the rollback must then undo.
        return any(text.startswith("Checking") for text in steps)

    progress = Progress(lambda done, total, text: steps.append(text), cancel_when_saving)
    with pytest.raises(Cancelled), demo_database.transaction() as session:
        import_ledger(session, target, progress=progress)
    with demo_database.session() as session:
        assert _ledger(session) == []
    with demo_database.transaction() as session:
        import_ledger(session, target)
    with demo_database.session() as session:
        assert _ledger(session) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_amount_the_editor_refuses_is_refused_by_the_import(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    too_large = Decimal("5000000000000")  # $5 trillion: a typing mistake
    with database.transaction() as session:
        city = create_source(session, SourceInput("City", FundingSourceKind.MUNICIPAL_BUDGET))
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        create_entry(
            session, EntryInput(date(2026, 8, 1), city, LedgerEntryType.RECEIVED, too_large)
        )
    assert refused.value.field == "amount"
    rows = [
        ["Date", "Source", "Type", "Amount", "Memo"],
        [date(2026, 7, 15), "City", "Received", 100.0, "first"],
        [date(2026, 8, 1), "City", "Received", float(too_large), "typo"],
    ]
    path = tmp_path / f"ledger{suffix}"
    if suffix == ".csv":
        _write_csv(path, [",".join(str(cell) for cell in row) for row in rows])
    else:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        import_ledger(session, path)
    assert 'row 3, column "Amount"' in caught.value.message
    assert "plausible" in caught.value.message
    assert "row 2" not in caught.value.message
    with database.session() as session:
        assert list_ledger(session) == []


# --------------------------------------------------------------------------- date formats

_SLASHED = [
    "Source;Date;Type;Amount;Memo",
    "City general fund allocation;03/04/2026;received;250;x",
]


def _city_received(session: Session) -> list[date]:
    return [
        r.entry_date
        for r in list_ledger(session)
        if r.memo == "x" and r.source == "City general fund allocation"
    ]


def test_a_day_and_month_order_nobody_declared_is_refused_not_guessed(
    demo_database: Database, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "european.csv", _SLASHED)
    with demo_database.session() as session:
        before = _ledger(session)
    with pytest.raises(ImportFileError) as caught, demo_database.transaction() as session:
        import_ledger(session, path)
    message = caught.value.message
    assert "european.csv, row 2, column \"Date\": '03/04/2026'" in message
    for accepted in ("YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY"):
        assert accepted in message
    with demo_database.session() as session:
        assert _ledger(session) == before


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("DD/MM/YYYY", date(2026, 4, 3)), ("MM/DD/YYYY", date(2026, 3, 4))],
)
def test_a_declared_format_decides_which_is_the_day(
    demo_database: Database, tmp_path: Path, declared: str, expected: date
) -> None:
    path = _write_csv(tmp_path / "ledger.csv", _SLASHED)
    with demo_database.transaction() as session:
        report = import_ledger(session, path, date_format=declared)
    assert report.entries_added == 1
    with demo_database.session() as session:
        assert _city_received(session) == [expected]


def test_a_date_that_does_not_match_the_declared_format_is_named(
    demo_database: Database, tmp_path: Path
) -> None:
    path = _write_csv(
        tmp_path / "ledger.csv",
        [*_SLASHED, "City general fund allocation;2026.04.05;received;250;y",
         "City general fund allocation;2026-04-06;received;250;z"],
    )  # fmt: skip
    with pytest.raises(ImportFileError) as caught, demo_database.transaction() as session:
        import_ledger(session, path, date_format="DD/MM/YYYY")
    message = caught.value.message
    assert "1 problem(s)" in message  # ISO dates are read whatever is declared
    assert (
        "row 3, column \"Date\": '2026.04.05' is not a date in the declared format DD/MM/YYYY"
        in (message)
    )


def test_the_sources_sheet_reads_its_grant_dates_by_the_same_rule(
    database: Database, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    ledger = book.active
    ledger.title = "Ledger"
    ledger.append(["Date", "Source", "Amount"])
    ledger.append([date(2026, 7, 1), "State grant", 10])
    sources = book.create_sheet("Sources")
    sources.append(["Name", "Kind", "Grant start", "Grant end"])
    sources.append(["State grant", "State grant", "01/07/2026", "30/06/2028"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        import_ledger(session, path)
    assert "'01/07/2026'" in caught.value.message and "DD/MM/YYYY" in caught.value.message
    with database.transaction() as session:
        import_ledger(session, path, date_format="DD/MM/YYYY")
    with database.session() as session:
        [source] = list_sources(session)
    assert (source.grant_start, source.grant_end) == (date(2026, 7, 1), date(2028, 6, 30))


def test_date_cells_outside_the_supported_range_are_refused(
    database: Database, tmp_path: Path
) -> None:
    path = _city_workbook(
        database,
        tmp_path / "far.xlsx",
        [
            ["Date", "Source", "Amount"],
            [date(2026, 7, 1), "City", 1],
            [date(9999, 12, 31), "City", 2],
            ["1800-01-01", "City", 3],  # spreadsheets keep days before 1900 as text
        ],
    )
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        import_ledger(session, path)
    assert 'row 3, column "Date": 9999-12-31 is outside the supported range 1900-2199' in (
        caught.value.message
    )
    assert 'row 4, column "Date": 1800-01-01 is outside' in caught.value.message
    with database.session() as session:
        assert list_ledger(session) == []


def test_a_number_in_the_date_column_is_not_read_as_a_date(
    database: Database, tmp_path: Path
) -> None:
    rows: list[list[object]] = [["Date", "Source", "Amount"], [46000, "City", 1]]
    path = _city_workbook(database, tmp_path / "serial.xlsx", rows)  # a day count, not a date
    with (
        pytest.raises(ImportFileError, match=r'row 2, column "Date": 46000 is a number'),
        database.transaction() as session,
    ):
        import_ledger(session, path)


def test_a_memo_beyond_its_limit_is_named_by_row_and_column(
    database: Database, tmp_path: Path
) -> None:
    with database.transaction() as session:
        create_source(session, SourceInput("City", FundingSourceKind.MUNICIPAL_BUDGET))
    path = _write_csv(
        tmp_path / "ledger.csv",
        ["Date,Source,Amount,Memo", "2026-07-01,City,5,short", f"2026-07-02,City,6,{'m' * 501}"],
    )
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        import_ledger(session, path)
    assert (
        'row 3, column "Memo": the memo may have at most 500 characters; this one has 501'
    ) in caught.value.message
    with database.session() as session:
        assert list_ledger(session) == []
