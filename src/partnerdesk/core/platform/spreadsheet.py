"""Reading and writing the spreadsheets people already have (.xlsx, .xls, .ods, .csv).

Every importer reads through :func:`read_table` and collects problems in
:class:`RowProblems`, so that all importers name bad input the same way:
``ledger.xlsx, sheet "Ledger", row 7, column "Amount": 'abc' is not an amount of money``.
Importers validate every row before writing anything: all or nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from partnerdesk.core.platform.dates import ISO_DATE_FORMAT, check_supported_day, read_date_text
from partnerdesk.core.platform.errors import ImportFileError, ValidationError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Refuse absurd files before reading them into memory (a zip bomb expands on read).
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_EXPANDED_BYTES = 1024 * 1024 * 1024
# Workbooks above this size are parsed in a helper process (see core/sheet_reader.py):
# parsing holds the GIL for long stretches, which would freeze the window.
HELPER_PROCESS_BYTES = 2 * 1024 * 1024
# Leading characters that make Excel/LibreOffice treat text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SheetRow:
    number: int  # 1-based, as the spreadsheet program shows it (header is row 1)
    values: dict[str, Any]  # header -> cell value (str for CSV; typed for workbooks)


@dataclass
class Table:
    path: Path
    sheet: str | None
    headers: list[str]
    rows: list[SheetRow]

    def where(self, row: int | None = None, column: str | None = None) -> str:
        parts = [self.path.name]
        if self.sheet:
            parts.append(f'sheet "{self.sheet}"')
        if row is not None:
            parts.append(f"row {row}")
        if column:
            parts.append(f'column "{column}"')
        return ", ".join(parts)


def _normalise_header(value: Any) -> str:
    return " ".join(str(value or "").split()).strip()


def read_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    required_columns: Sequence[str] = (),
) -> Table:
    """Read the first (or the named) sheet of a workbook, or a CSV file, as header + rows.

    Header matching is case-insensitive; the returned headers keep the file's spelling,
    but ``SheetRow.values`` is keyed by the lower-cased header.
    """
    file = Path(path)
    if not file.is_file():
        raise ImportFileError(f"{file} does not exist or is not a file")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(f"{file.name} is larger than {MAX_FILE_BYTES // 2**20} MB")
    suffix = file.suffix.lower()
    if suffix == ".csv":
        sheet_name, grid = None, _read_csv(file)
    elif suffix in SPREADSHEET_SUFFIXES:
        sheet_name, grid = _read_workbook(file, sheet)
    else:
        raise ImportFileError(
            f"{file.name}: unsupported file type {suffix or '(none)'}; use .xlsx, .ods or .csv"
        )
    rows_iter = iter(grid)
    header_row: list[Any] | None = None
    header_number = 0
    for number, candidate in enumerate(rows_iter, start=1):  # skip leading blank rows
        header_number = number
        if any(str(cell).strip() for cell in candidate if cell is not None):
            header_row = list(candidate)
            break
    if header_row is None:
        raise ImportFileError(f"{file.name}: the file is empty")
    headers = [_normalise_header(h) for h in header_row]
    keys = [h.lower() for h in headers]
    table = Table(file, sheet_name, [h for h in headers if h], [])
    missing = [c for c in required_columns if c.lower() not in keys]
    if missing:
        found = ", ".join(repr(h) for h in headers if h)
        raise ImportFileError(
            f"{table.where(row=header_number)}: missing column(s) "
            f"{', '.join(repr(m) for m in missing)}; found {found}"
        )
    for number, raw in enumerate(rows_iter, start=header_number + 1):
        cells = list(raw)
        if not any(str(c).strip() for c in cells if c is not None):
            continue  # blank line
        values = {key: (cells[i] if i < len(cells) else None) for i, key in enumerate(keys) if key}
        table.rows.append(SheetRow(number, values))
    return table


def _read_csv(file: Path) -> list[list[str]]:
    raw = file.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise ImportFileError(f"{file.name}: the text encoding is not UTF-8 or Windows-1252")
    if "\x00" in text:
        raise ImportFileError(f"{file.name}: this is not a text (CSV) file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ImportFileError(f"{file.name}: not a readable CSV file ({exc})") from None


def _check_archive(file: Path) -> None:
    """.xlsx and .ods are zip archives: refuse one that would expand to an absurd size
    (a 'zip bomb') before any XML is inflated."""
    import zipfile

    if not zipfile.is_zipfile(file):
        if file.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
            raise ImportFileError(f"{file.name}: not a readable spreadsheet (not a zip archive)")
        return
    try:
        with zipfile.ZipFile(file) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            packed = max(1, sum(info.compress_size for info in archive.infolist()))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(f"{file.name}: not a readable spreadsheet ({exc})") from None
    if expanded > MAX_EXPANDED_BYTES or (expanded > 50 * 2**20 and expanded / packed > 200):
        raise ImportFileError(
            f"{file.name}: refused, it would expand to {expanded // 2**20:,} MB "
            f"from {packed // 2**10:,} KB (a damaged or malicious file)"
        )


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook ([] for a CSV file, or a file too damaged to list them:
    :func:`read_table` then reports it with the proper message)."""
    if path.suffix.lower() == ".csv":
        return []
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # calamine raises its own error types for damaged files
        return []


def _read_workbook(file: Path, sheet: str | None) -> tuple[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    _check_archive(file)

    try:
        workbook = CalamineWorkbook.from_path(str(file))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportFileError(f"{file.name}: not a readable spreadsheet ({exc})") from None
    names = list(workbook.sheet_names)
    if not names:
        raise ImportFileError(f"{file.name}: the workbook has no sheets")
    chosen = names[0]
    if sheet is not None:
        matches = [n for n in names if n.lower() == sheet.lower()]
        if not matches:
            raise ImportFileError(
                f'{file.name}: no sheet named "{sheet}" (sheets: {", ".join(names)})'
            )
        chosen = matches[0]
    try:
        if file.stat().st_size > HELPER_PROCESS_BYTES:
            from partnerdesk.core.platform.sheet_reader import read_sheet_in_helper

            grid = read_sheet_in_helper(str(file), chosen)
        else:
            # Row by row rather than to_python(), which builds every row in one native call.
            grid = list(workbook.get_sheet_by_name(chosen).iter_rows())
    except Exception as exc:
        raise ImportFileError(f'{file.name}, sheet "{chosen}": unreadable ({exc})') from None
    return chosen, grid


@dataclass
class RowProblems:
    """Problems found while validating a table; raise them all at once, changing nothing."""

    table: Table
    problems: list[str] = field(default_factory=list)
    limit: int = 20  # a message listing 5,000 problems helps nobody

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(f"{self.table.where(row, column)}: {message}")

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        shown = self.problems[: self.limit]
        more = len(self.problems) - len(shown)
        suffix = f"\n…and {more} more problem(s)" if more else ""
        raise ImportFileError(
            f"nothing was imported: {len(self.problems)} problem(s) found\n"
            + "\n".join(shown)
            + suffix
        )


def cell_text(value: Any) -> str:
    """A cell as trimmed text ('' for empty); whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_decimal(value: Any) -> Decimal:
    """A number cell as an exact Decimal. Workbook numbers arrive as floats: their shortest
    repr (``12.5``, ``0.1``) is what the user typed, so it is read from that, never from
    the binary value (:func:`partnerdesk.core.platform.money.to_decimal`); text is read as
    an amount of money."""
    from partnerdesk.core.platform.money import to_decimal

    return to_decimal(value if isinstance(value, int | float | Decimal) else cell_text(value))


def cell_date(value: Any, date_format: str | None = None) -> date:
    """A date cell: a real date (a workbook's date cell), or text read by the one rule for
    dates in files (:func:`partnerdesk.core.platform.dates.read_date_text`: ISO 8601, or
    the format the user declared; never a guess). The day must lie in the supported range."""
    if isinstance(value, datetime):
        return check_supported_day(value.date(), prefix=False)
    if isinstance(value, date):
        return check_supported_day(value, prefix=False)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValidationError(
            f"{cell_text(value)} is a number, not a date; format the column as dates in the "
            f"spreadsheet, or write them as {ISO_DATE_FORMAT}",
            field="date",
        )
    return read_date_text(cell_text(value), date_format)


def neutralise_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``)
    gets a leading apostrophe-equivalent so it is shown, never executed. Numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise_formula(text: str) -> str:
    """Undo :func:`neutralise_formula` on text read back from an exported workbook."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def iter_cells(row: Sequence[Any]) -> Iterator[Any]:
    """Cells ready for an exported sheet: formula-looking text neutralised."""
    return (neutralise_formula(cell) for cell in row)
