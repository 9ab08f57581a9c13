"""Importing a ledger from .xlsx / .ods / .csv: sources (from a "Sources" sheet, when the
workbook has one) and ledger lines, all or nothing.

The file is read through :func:`partnerdesk.core.platform.spreadsheet.read_table`
(python-calamine); its columns are found by their usual names or mapped by the user; every
row is checked first (:mod:`.ledger_import_rows`, :mod:`.ledger_import_sources`), and
any problem raises ImportFileError naming file, sheet, row and column, changing nothing.
Importing an exported workbook (:mod:`.workbook`) into a database recreates its sources
and ledger; lines already in the ledger (same date, source, type, amount and memo,
counting repeats) are skipped, so importing twice does not double the ledger. The new
lines go in through :func:`partnerdesk.core.platform.bulk.insert_rows`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.funding.ledger_import_rows import parse_rows
from partnerdesk.core.funding.ledger_import_sources import plan_sources
from partnerdesk.core.funding.sources import create_source
from partnerdesk.core.models import AuditAction, FundingSource, LedgerEntry, LedgerEntryType, Mou
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.bulk import insert_rows
from partnerdesk.core.platform.collector import collector_paused
from partnerdesk.core.platform.dates import check_date_format
from partnerdesk.core.platform.errors import ImportFileError
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.spreadsheet import RowProblems, Table, read_table, sheet_names
from partnerdesk.core.platform.workbooks import release_in_slices

# Field -> header spellings recognised without asking (lower case).
LEDGER_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "entry date", "transaction date", "posted", "posting date"),
    "source": ("source", "funding source", "fund", "revenue source", "funder"),
    "type": ("type", "entry type", "transaction type"),
    "amount": ("amount", "amount ($)", "amount (usd)", "value", "sum"),
    "memo": ("memo", "description", "note", "notes", "details"),
    "mou": ("mou", "mou reference", "agreement"),
}
REQUIRED_FIELDS = ("date", "source", "amount")
# What the import stores of a line (row_version and created_at take their defaults).
_LINE_COLUMNS = ("entry_date", "funding_source_id", "entry_type", "amount_cents", "memo", "mou_id")


@dataclass
class ImportReport:
    path: Path
    dry_run: bool
    rows: int = 0
    entries_added: int = 0
    entries_already_present: int = 0
    sources_added: list[str] = field(default_factory=list)
    sources_existing: int = 0
    organizations_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total_by_type: dict[LedgerEntryType, Decimal] = field(default_factory=dict)

    def describe(self) -> str:
        verb = "would add" if self.dry_run else "added"
        parts = [
            f"{self.path.name}: {self.rows:,} ledger row(s) read; {verb} "
            f"{self.entries_added:,} entr{'y' if self.entries_added == 1 else 'ies'}"
        ]
        if self.entries_already_present:
            parts.append(f"{self.entries_already_present:,} already in the ledger (skipped)")
        if self.sources_added:
            parts.append(f"{verb} {len(self.sources_added)} source(s)")
        if self.organizations_added:
            parts.append(f"{verb} {len(self.organizations_added)} funder organization(s)")
        text = "; ".join(parts)
        if self.dry_run:
            text += ". Dry run: nothing was changed"
        return text + "."


def guess_mapping(headers: Sequence[str]) -> dict[str, str | None]:
    """Field -> the file's header that holds it (None when nothing matches)."""
    lowered = {h.lower(): h for h in headers}
    mapping: dict[str, str | None] = {}
    for name, spellings in LEDGER_FIELDS.items():
        mapping[name] = next((lowered[s] for s in spellings if s in lowered), None)
    return mapping


def read_headers(path: str | Path) -> list[str]:
    """The column headers of the ledger sheet (or CSV), for the column-mapping step."""
    return _ledger_table(Path(path)).headers


def _ledger_table(path: Path) -> Table:
    names = [n.lower() for n in sheet_names(path)]
    return read_table(path, sheet="Ledger" if "ledger" in names else None)


def import_ledger(
    session: Session,
    path: str | Path,
    *,
    mapping: Mapping[str, str | None] | None = None,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
    date_format: str | None = None,
) -> ImportReport:
    """Import sources (a "Sources" sheet, when the workbook has one) and ledger lines.

    Every row is checked before anything is written; any problem raises ImportFileError
    naming file, sheet, row and column, and nothing changes. Call inside a transaction.
    Dates are date cells, ISO 8601 text, or text in the declared ``date_format`` (a name
    from :data:`partnerdesk.core.platform.dates.DATE_FORMATS`); nothing else is guessed.
    """
    declared = check_date_format(date_format)
    with collector_paused():
        return _import_ledger(session, Path(path), mapping, dry_run, progress, declared)


def _import_ledger(
    session: Session,
    file: Path,
    mapping: Mapping[str, str | None] | None,
    dry_run: bool,
    progress: Progress,
    date_format: str | None,
) -> ImportReport:
    report = ImportReport(file, dry_run)
    progress.step(0, 0, f"Reading {file.name}…")
    table = _ledger_table(file)
    fields = dict(mapping) if mapping is not None else guess_mapping(table.headers)
    missing = [f for f in REQUIRED_FIELDS if not fields.get(f)]
    if missing:
        raise ImportFileError(
            f"{table.where(row=1)}: no column for {', '.join(missing)}; the columns are "
            f"{', '.join(repr(h) for h in table.headers)}. Choose the columns to use."
        )
    keys = {name: (header.lower() if header else None) for name, header in fields.items()}
    for name, key in keys.items():
        if key is not None and key not in {h.lower() for h in table.headers}:
            raise ImportFileError(f'{table.where(row=1)}: there is no column "{fields[name]}"')

    problems = RowProblems(table)
    source_ids = {
        name.casefold(): int(i)
        for i, name in session.execute(sa.select(col(FundingSource.id), col(FundingSource.name)))
    }
    plan = plan_sources(session, file, source_ids, dry_run=dry_run, date_format=date_format)
    planned_sources = plan.sources
    report.sources_existing = plan.existing
    report.organizations_added.extend(plan.organizations_added)
    report.notes.extend(plan.notes)
    known_names = set(source_ids) | {s.name.casefold() for s in planned_sources}
    mou_ids = {
        str(code).casefold(): int(i)
        for i, code in session.execute(
            sa.select(col(Mou.id), col(Mou.reference_code)).order_by(col(Mou.version_number))
        )
    }
    parsed = parse_rows(
        table, keys, fields, known_names, mou_ids, problems, report.notes, progress, date_format
    )
    problems.raise_if_any()
    report.rows = len(parsed)

    # Sources first (so new lines can point at them), then only the lines not yet present.
    for source in planned_sources:
        report.sources_added.append(source.name)
        if not dry_run:
            source_ids[source.name.casefold()] = create_source(session, source)
    existing = _existing_lines(session)
    new_rows: list[tuple[Any, ...]] = []  # in the order of _LINE_COLUMNS
    totals: dict[LedgerEntryType, int] = {}
    for day, source_key, entry_type, cents, memo, mou_id in parsed:
        source_id = source_ids.get(source_key, -1)
        if existing:
            line_key = (day, source_id, entry_type, cents, memo)
            if existing[line_key] > 0:
                existing[line_key] -= 1
                report.entries_already_present += 1
                continue
        totals[entry_type] = totals.get(entry_type, 0) + cents
        new_rows.append((day, source_id, entry_type, cents, memo, mou_id))
    report.total_by_type = {kind: from_cents(cents) for kind, cents in totals.items()}
    report.entries_added = len(new_rows)
    if dry_run:
        release_in_slices(new_rows, parsed, table.rows)
        return report
    insert_rows(
        session,
        LedgerEntry,
        new_rows,
        columns=_LINE_COLUMNS,
        chunk_rows=20_000,
        progress=progress,
        describe=lambda done, total, _table: f"Saving entry {done:,} of {total:,}…",
    )
    if new_rows or report.sources_added:
        audit.record(
            session,
            ChangeKind.LEDGER_ENTRY,
            None,
            AuditAction.IMPORT,
            summary=f"imported {len(new_rows):,} ledger entries and "
            f"{len(report.sources_added)} source(s) from {file.name}",
        )
    # The rows read, checked and written go a slice at a time, not all at the return.
    release_in_slices(new_rows, parsed, table.rows)
    return report


def _existing_lines(session: Session) -> Counter[tuple[Any, ...]]:
    statement = sa.select(
        col(LedgerEntry.entry_date),
        col(LedgerEntry.funding_source_id),
        col(LedgerEntry.entry_type),
        col(LedgerEntry.amount_cents),
        col(LedgerEntry.memo),
    )
    return Counter(tuple(row) for row in session.execute(statement))
