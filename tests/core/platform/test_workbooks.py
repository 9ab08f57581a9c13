"""Written workbooks: headers, frozen panes, filters, number formats, neutralised text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from partnerdesk.core.platform.workbooks import (
    DATE_FORMAT,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    SheetWriter,
)


def _written(tmp_path: Path, fill: Callable[[SheetWriter], None]) -> openpyxl.Workbook:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    fill(SheetWriter(workbook, "Sheet", [30, 12, 14]))
    path = tmp_path / "out.xlsx"
    workbook.save(path)
    return openpyxl.load_workbook(path)


def test_a_sheet_has_a_frozen_bold_header_filters_and_formats(tmp_path: Path) -> None:
    def fill(sheet: SheetWriter) -> None:
        sheet.header(["Name", "Amount", "Share"], filters=True)
        sheet.append(['=HYPERLINK("x")', sheet.money(Decimal("-12.50")), sheet.percent(None)])
        sheet.append(["b", sheet.money(Decimal("3")), sheet.percent(Decimal("12.25"))])
        sheet.filter_to_end(3)
        sheet.append([sheet.day(date(2026, 7, 1))])

    book = _written(tmp_path, fill)
    sheet = book["Sheet"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet.column_dimensions["A"].width == 30
    header = sheet[1]
    assert [c.value for c in header] == ["Name", "Amount", "Share"]
    assert all(c.font.bold for c in header)
    assert sheet["A2"].value == '\'=HYPERLINK("x")'  # shown, never run
    assert sheet["B2"].value == -12.5 and sheet["B2"].number_format == MONEY_FORMAT
    assert sheet["C3"].number_format == PERCENT_FORMAT
    assert sheet["A4"].is_date and sheet["A4"].number_format == DATE_FORMAT


def test_a_fixed_style_cell_formats_every_row_it_is_reused_for(tmp_path: Path) -> None:
    def fill(sheet: SheetWriter) -> None:
        sheet.header(["Amount"])
        amount = sheet.fixed_style_cell(MONEY_FORMAT)
        for value in (1.5, 2.25, 3.0):
            amount.value = value
            sheet.sheet.append([amount])

    sheet = _written(tmp_path, fill)["Sheet"]
    assert [(c.value, c.number_format) for (c,) in sheet.iter_rows(min_row=2)] == [
        (1.5, MONEY_FORMAT),
        (2.25, MONEY_FORMAT),
        (3, MONEY_FORMAT),
    ]


def test_large_lists_are_released_a_slice_at_a_time() -> None:
    from partnerdesk.core.platform.workbooks import RELEASE_SLICE_ROWS, release_in_slices

    rows, parsed = [[i] for i in range(3 * RELEASE_SLICE_ROWS + 5)], [(1,), (2,)]
    kept = rows[0]
    release_in_slices(rows, parsed)
    assert rows == [] and parsed == []
    assert kept == [0]  # what the caller still holds is untouched
