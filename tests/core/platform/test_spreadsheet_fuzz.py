"""Hostile spreadsheets and CSV files: each is read correctly or refused with a message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core.platform.errors import ImportFileError
from partnerdesk.core.platform.spreadsheet import (
    neutralise_formula,
    read_table,
    sheet_names,
    unneutralise_formula,
)

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(content=st.binary(max_size=4000), suffix=st.sampled_from([".csv", ".xlsx", ".ods", ".xls"]))
def test_random_bytes_are_read_or_refused_with_a_message(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    try:
        table = read_table(path)
    except ImportFileError as exc:
        assert path.name in str(exc) or str(path) in str(exc)
    else:
        assert all(row.number >= 2 for row in table.rows)


@FUZZ
@given(cells=st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=5), max_size=15))
def test_any_csv_text_is_read_or_refused(tmp_path: Path, cells: list[list[str]]) -> None:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(cells)
    path = tmp_path / "fuzz.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        table = read_table(path, required_columns=["amount"])
    except ImportFileError as exc:
        assert "fuzz.csv" in str(exc)
    else:
        assert "amount" in [h.lower() for h in table.headers]


@FUZZ
@given(
    members=st.dictionaries(
        st.sampled_from(
            [
                "[Content_Types].xml",
                "xl/workbook.xml",
                "xl/worksheets/sheet1.xml",
                "xl/_rels/workbook.xml.rels",
                "_rels/.rels",
                "xl/sharedStrings.xml",
            ]
        ),
        st.binary(max_size=600),
        max_size=6,
    )
)
def test_malformed_xlsx_archives_are_refused_with_a_message(
    tmp_path: Path, members: dict[str, bytes]
) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ImportFileError, match=r"broken\.xlsx"):
        read_table(path)


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * (8 * 2**20)
        for _ in range(25):  # 200 MB of zeros in about 200 KB
            member.write(chunk)
    assert path.stat().st_size < 2**20
    with pytest.raises(ImportFileError, match="would expand"):
        read_table(path)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Harbor County", "Harbor County"),
    ],
)
def test_formula_looking_text_is_neutralised(text: str, shown: str) -> None:
    assert neutralise_formula(text) == shown
    assert neutralise_formula(42) == 42


def test_a_large_workbook_is_read_in_a_helper_process_with_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    import openpyxl

    from partnerdesk.core.platform import spreadsheet

    path = tmp_path / "ledger.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Ledger"
    sheet.append(["Date", "Amount", "Memo"])
    for number in range(5000):  # more than two chunks
        sheet.append([date(2026, 7, 1 + number % 28), number / 100, f"line {number}"])
    workbook.save(path)
    in_process = read_table(path, sheet="Ledger")
    monkeypatch.setattr(spreadsheet, "HELPER_PROCESS_BYTES", 0)  # as if it were large
    helped = read_table(path, sheet="Ledger")
    assert helped.rows == in_process.rows and len(helped.rows) == 5000


def test_a_helper_process_failure_is_refused_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnerdesk.core.platform import sheet_reader, spreadsheet

    def broken(path: str, sheet: str) -> list[list[object]]:
        raise RuntimeError("the reading process stopped unexpectedly")

    path = tmp_path / "ledger.xlsx"
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Date", "Amount"])
    workbook.save(path)
    monkeypatch.setattr(spreadsheet, "HELPER_PROCESS_BYTES", 0)
    monkeypatch.setattr(sheet_reader, "read_sheet_in_helper", broken)
    with pytest.raises(ImportFileError, match=r"ledger\.xlsx.*stopped unexpectedly"):
        read_table(path)


@FUZZ
@given(text=st.text(max_size=30).filter(lambda t: not t.startswith("'")))
def test_text_read_back_from_an_export_is_what_was_written(text: str) -> None:
    assert unneutralise_formula(neutralise_formula(text)) == text


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04broken"])
def test_sheet_names_of_a_damaged_or_text_file_are_none(tmp_path: Path, content: bytes) -> None:
    for suffix in (".xlsx", ".csv"):
        path = tmp_path / f"input{suffix}"
        path.write_bytes(content)
        assert sheet_names(path) == []
