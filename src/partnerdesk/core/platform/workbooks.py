"""Writing workbooks (.xlsx) that people open in a meeting, with openpyxl in write-only mode:
a 200,000-row sheet streams to disk instead of being built in memory.

:class:`SheetWriter` gives every sheet the same look: column widths, a bold shaded header
row frozen at the top, filters, and number formats for money, dates and percentages.
Text from users is neutralised on the way in, so a name such as ``=HYPERLINK(...)`` is
shown and never run (:func:`partnerdesk.core.platform.spreadsheet.neutralise_formula`).
Nothing here knows what the sheets hold: the funding workbook uses it, and so can any
other export (a roster, a report).

openpyxl is imported inside the functions: it costs a noticeable part of start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from partnerdesk.core.platform.spreadsheet import neutralise_formula

MONEY_FORMAT = '"$"#,##0.00;[Red]-"$"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = '0.00" %"'
HEADER_FILL = "DDE4EE"
# Day 0 of a spreadsheet's date serial numbers (1900 date system, as Excel counts).
EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()


class SheetWriter:
    """A write-only sheet with widths, bold headers, a frozen top row, filters and
    formatted cells. ``rows`` counts the rows written so far."""

    def __init__(self, workbook: Any, title: str, widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        self.sheet = workbook.create_sheet(title)
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.rows = 0
        self._filter_from = 1  # the header row the filter starts at

    def cell(self, value: Any, number_format: str | None = None, bold: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cell = WriteOnlyCell(self.sheet, value=neutralise_formula(value))
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        return cell

    def money(self, amount: Decimal | None, bold: bool = False) -> Any:
        # Stored as a number (Decimal is written exactly as its digits) with a currency format.
        return self.cell(amount, MONEY_FORMAT, bold=bold)

    def percent(self, value: Decimal | None) -> Any:
        return self.cell(value, PERCENT_FORMAT)

    def day(self, value: date | None) -> Any:
        return self.cell(value, DATE_FORMAT)

    def header(self, titles: Sequence[str], *, freeze: bool = True, filters: bool = False) -> None:
        """A bold, shaded header row; frozen when it is the sheet's first row."""
        from openpyxl.styles import Font, PatternFill

        fill = PatternFill("solid", fgColor=HEADER_FILL)
        row = []
        for title in titles:
            cell = self.cell(title, bold=True)
            cell.fill = fill
            cell.font = Font(bold=True)
            row.append(cell)
        if freeze and self.rows == 0:
            self.sheet.freeze_panes = "A2"
        self.append(row)
        if filters:
            self._filter_from = self.rows

    def append(self, row: Sequence[Any]) -> None:
        # Names and notes come from users: text a spreadsheet would run is shown instead.
        self.sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
        self.rows += 1

    def title_row(self, text: str) -> None:
        from openpyxl.styles import Font

        cell = self.cell(text)
        cell.font = Font(bold=True, size=14)
        self.append([cell])

    def filter_to_end(self, columns: int) -> None:
        """Filters on ``columns`` columns, from the last filtered header to the last row."""
        from openpyxl.utils import get_column_letter

        start = self._filter_from
        self.sheet.auto_filter.ref = f"A{start}:{get_column_letter(columns)}{max(self.rows, start)}"

    def fixed_style_cell(self, number_format: str) -> Any:
        """A cell for a large sheet, to be reused for every row (openpyxl writes a row the
        moment it is appended, so the cell is free again for the next one) and whose style
        is looked up once: openpyxl otherwise hashes the style of every styled cell it
        writes, twice per cell, 400,000 times for a 200,000-row ledger. Rows holding it go
        straight to ``self.sheet.append``; add them to ``rows`` afterwards."""
        from openpyxl.cell import Cell, WriteOnlyCell

        template = WriteOnlyCell(self.sheet)
        template.number_format = number_format
        style_id: int = template.style_id

        class FixedStyleCell(Cell):  # type: ignore[misc]
            __slots__ = ()

            @property
            def style_id(self) -> int:
                return style_id

            @property
            def has_style(self) -> bool:
                return True

        cell = FixedStyleCell(self.sheet, row=1, column=1)
        cell._style = template._style  # the writer still reads the number format from here
        return cell


def discard(workbook: Any) -> None:
    """Finish and delete the half-written sheets of an export that failed or was cancelled
    (openpyxl streams each write-only sheet into a temporary file of its own)."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        with contextlib.suppress(Exception):
            sheet.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


RELEASE_SLICE_ROWS = 10_000


def release_in_slices(*lists: list[Any]) -> None:
    """Empty large lists a slice at a time, from the end. Freeing 200,000 rows in one go
    (as a function returns) takes ~150 ms with the GIL held, which froze the window as an
    import ended; between slices the other threads run."""
    for items in lists:
        while items:
            del items[-RELEASE_SLICE_ROWS:]
