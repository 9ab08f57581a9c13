"""Importing monthly values from .xlsx / .ods / .csv, all or nothing.

Two layouts are understood, told apart by their headers:

- **long**: one value per row, with columns Month, Indicator, Value and optionally Agency
  and Note;
- **wide**: a Month column (and optionally Agency) and one column per indicator, headed by
  its name or code; an empty cell is simply no value.

Months are read with the ledger import's date rules (a date cell, ``2026-07-01``,
``7/1/2026``) plus ``2026-07`` and ``July 2026``; any day of a month stands for the month.
Every value passes the one rule of :func:`partnerdesk.core.outcomes.values.check_value`.
Only aggregated figures are taken: a column that would hold something about a person
(a name, a date of birth, a case number...) refuses the file. Every bad cell is named by
sheet, row and column, and nothing changes; a value already stored for the same indicator,
month and agency is replaced (counted as changed), so importing the same file twice changes
nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.organizations import organization_key
from partnerdesk.core.models import (
    Aggregation,
    AuditAction,
    Indicator,
    IndicatorValue,
    Organization,
)
from partnerdesk.core.outcomes.summaries import month_of
from partnerdesk.core.outcomes.values import check_value, read_number
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.bulk import insert_rows
from partnerdesk.core.platform.dates import check_supported_day
from partnerdesk.core.platform.errors import ImportFileError, ValidationError
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.schema import ChangeKind, utc_now
from partnerdesk.core.platform.spreadsheet import (
    RowProblems,
    Table,
    cell_date,
    cell_text,
    read_table,
    unneutralise_formula,
)

MONTH_HEADERS = ("month", "period", "date")
INDICATOR_HEADERS = ("indicator", "measure", "metric")
VALUE_HEADERS = ("value", "count", "figure")
AGENCY_HEADERS = ("agency", "partner agency", "organization")
NOTE_HEADERS = ("note", "notes", "comment")
# Words in a header that mean the file holds records about people, which PartnerDesk never
# keeps ("Client name", "Date of birth", "Case ID", "MRN"...).
PERSON_WORDS = frozenset({"name", "client", "patient", "person", "birth", "dob", "ssn",
                          "case", "mrn", "address", "phone", "email", "surname"})  # fmt: skip
_MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y", "%m/%Y")

Key = tuple[int, date, int | None]  # indicator, month, agency


@dataclass
class ValuesImportReport:
    path: Path
    dry_run: bool
    layout: str = ""
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    indicators: set[str] = field(default_factory=set)
    first_month: date | None = None
    last_month: date | None = None

    def describe(self) -> str:
        verb = "would add" if self.dry_run else "added"
        change = "would change" if self.dry_run else "changed"
        span = (
            f" from {self.first_month:%Y-%m} to {self.last_month:%Y-%m}"
            if self.first_month and self.last_month
            else ""
        )
        text = (
            f"{self.path.name} ({self.layout} layout): {self.rows:,} value(s) of "
            f"{len(self.indicators)} indicator(s){span}; {verb} {self.added:,}, {change} "
            f"{self.changed:,}, {self.unchanged:,} already as in the file"
        )
        return text + (". Dry run: nothing was changed." if self.dry_run else ".")


def parse_month(raw: Any) -> date:
    """A month cell: a date cell (any day), ``2026-07-15``, ``2026-07`` or ``July 2026``.
    Text such as ``7/1/2026`` is refused, as the ledger import refuses it: it may be
    1 July or 7 January, and PartnerDesk never guesses."""
    if isinstance(raw, datetime | date):
        day = raw.date() if isinstance(raw, datetime) else raw
        return month_of(check_supported_day(day, "month"))
    text = cell_text(raw)
    if not text:
        raise ValidationError("the month is empty", field="month")
    for pattern in _MONTH_FORMATS:
        try:
            return month_of(check_supported_day(datetime.strptime(text, pattern).date(), "month"))
        except ValueError:
            continue
    try:
        return month_of(check_supported_day(cell_date(text), "month"))
    except ValidationError:
        raise ValidationError(
            f"{text!r} is not a month (use 2026-07, July 2026, 2026-07-01 or a date cell)",
            field="month",
        ) from None


def _find(headers: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in headers}
    return next((lowered[n] for n in names if n in lowered), None)


def import_values(
    session: Session,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ValuesImportReport:
    """Check every cell of the file, then (unless ``dry_run``) save the values in one go.
    Raises ImportFileError naming every problem; nothing changes then. Call inside a
    transaction."""
    file = Path(path)
    report = ValuesImportReport(file, dry_run)
    progress.step(0, 0, f"Reading {file.name}…")
    table = read_table(file)
    problems = RowProblems(table)
    person = [h for h in table.headers if PERSON_WORDS & set(re.split(r"[^a-z]+", h.lower()))]
    if person:
        raise ImportFileError(
            f"{table.where(row=1)}: the column(s) {', '.join(repr(h) for h in person)} hold "
            "details about people; PartnerDesk keeps only monthly totals. Remove those "
            "columns (and any row per person) and import the aggregated figures"
        )
    month_header = _find(table.headers, MONTH_HEADERS)
    if month_header is None:
        raise ImportFileError(f"{table.where(row=1)}: no Month column (found {table.headers})")
    indicators = list(session.exec(select(Indicator)))
    by_text = {i.name.casefold(): i for i in indicators} | {i.code: i for i in indicators}
    agencies = {
        organization_key(name): int(org_id)
        for org_id, name in session.execute(sa.select(col(Organization.id), col(Organization.name)))
    }
    indicator_header = _find(table.headers, INDICATOR_HEADERS)
    value_header = _find(table.headers, VALUE_HEADERS)
    agency_header = _find(table.headers, AGENCY_HEADERS)
    note_header = _find(table.headers, NOTE_HEADERS)
    parsed: dict[Key, tuple[int, str | None, int]] = {}  # -> (milli, note, row)
    cells: list[tuple[int, str | None, Indicator | None, Any, str | None]] = []
    if indicator_header and value_header:
        report.layout = "long"
        for row in table.rows:
            name = unneutralise_formula(cell_text(row.values.get(indicator_header.lower())))
            indicator = by_text.get(name.casefold()) or by_text.get(name)
            if indicator is None:
                problems.add(row.number, indicator_header, f"unknown indicator {name!r}"
                             if name else "the indicator is empty")  # fmt: skip
                continue
            text = cell_text(row.values.get(note_header.lower())) if note_header else ""
            raw_value = row.values.get(value_header.lower())
            cells.append((row.number, value_header, indicator, raw_value, text or None))
    else:
        report.layout = "wide"
        columns: list[tuple[str, Indicator]] = []
        for header in table.headers:
            if header in (month_header, agency_header, note_header):
                continue
            indicator = by_text.get(header.casefold()) or by_text.get(header.lower())
            if indicator is None:
                problems.add(1, header, "this column is not an indicator's name or code")
            else:
                columns.append((header, indicator))
        for row in table.rows:
            for header, indicator in columns:
                raw = row.values.get(header.lower())
                if raw is None or cell_text(raw) == "":
                    continue
                cells.append((row.number, header, indicator, raw, None))
    rows_by_number = {row.number: row for row in table.rows}
    for index, (number, column, indicator, raw, remark) in enumerate(cells):
        if index % 5000 == 0:
            progress.step(index, len(cells), f"Checking value {index:,} of {len(cells):,}…")
        assert indicator is not None and indicator.id is not None
        row = rows_by_number[number]
        try:
            month = parse_month(row.values.get(month_header.lower()))
        except ValidationError as exc:
            problems.add(number, month_header, exc.message)
            continue
        agency_id = None
        agency_text = cell_text(row.values.get(agency_header.lower())) if agency_header else ""
        if agency_text:
            agency_id = agencies.get(organization_key(unneutralise_formula(agency_text)))
            if agency_id is None:
                problems.add(number, agency_header, f"unknown agency {agency_text!r} (add it "
                             "under Contacts › Organizations first)")  # fmt: skip
                continue
            if not indicator.by_agency:
                problems.add(number, agency_header, f"{indicator.name} is not broken down by "
                             "agency; leave the agency empty")  # fmt: skip
                continue
        if indicator.aggregation is Aggregation.RATE:
            problems.add(number, column, f"{indicator.name} is worked out from its numerator "
                         "and denominator; import those instead")  # fmt: skip
            continue
        if not indicator.active:
            problems.add(number, column, f"{indicator.name} is retired; restore it first")
            continue
        try:
            milli = check_value(read_number(raw), indicator.unit)
        except ValidationError as exc:
            problems.add(number, column, exc.message)
            continue
        key = (indicator.id, month, agency_id)
        if key in parsed:
            problems.add(number, column, f"{indicator.name} for {month:%Y-%m} is already on "
                         f"row {parsed[key][2]}")  # fmt: skip
            continue
        parsed[key] = (milli, remark, number)
        report.indicators.add(indicator.name)
    problems.raise_if_any()
    report.rows = len(parsed)
    if parsed:
        report.first_month = min(k[1] for k in parsed)
        report.last_month = max(k[1] for k in parsed)
    _save(session, parsed, report, progress)
    return report


def _save(
    session: Session,
    parsed: dict[Key, tuple[int, str | None, int]],
    report: ValuesImportReport,
    progress: Progress,
) -> None:
    existing = {
        (indicator_id, month, agency_id): (value_id, milli)
        for value_id, indicator_id, month, agency_id, milli in session.execute(
            sa.select(
                col(IndicatorValue.id),
                col(IndicatorValue.indicator_id),
                col(IndicatorValue.month),
                col(IndicatorValue.agency_id),
                col(IndicatorValue.value_milli),
            ).where(col(IndicatorValue.indicator_id).in_({k[0] for k in parsed}))
        )
    }
    new_rows: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    for key, (milli, note, _row) in parsed.items():
        stored = existing.get(key)
        if stored is None:
            new_rows.append((*key, milli, note))
        elif stored[1] != milli:
            updates.append({"row_id": stored[0], "milli": milli})
        else:
            report.unchanged += 1
    report.added, report.changed = len(new_rows), len(updates)
    if report.dry_run or not (new_rows or updates):
        return
    insert_rows(
        session,
        IndicatorValue,
        new_rows,
        columns=("indicator_id", "month", "agency_id", "value_milli", "note"),
        progress=progress,
        describe=lambda done, total, _t: f"Saving value {done:,} of {total:,}…",
    )
    if updates:
        table = IndicatorValue.__table__  # type: ignore[attr-defined]
        session.execute(
            table.update()
            .where(table.c.id == sa.bindparam("row_id"))
            .values(value_milli=sa.bindparam("milli"), updated_at=utc_now()),
            updates,
        )
    audit.record(
        session,
        ChangeKind.INDICATOR_VALUE,
        None,
        AuditAction.IMPORT,
        summary=f"imported {report.added:,} new and {report.changed:,} changed monthly values "
        f"from {report.path.name}",
    )


def read_layout(path: str | Path) -> Table:
    """The file's first sheet, for a preview before importing."""
    return read_table(Path(path))
