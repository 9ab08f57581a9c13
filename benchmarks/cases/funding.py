"""Funding on the large program: summary and projection times, workbook export and ledger
import against plain openpyxl / python-calamine baselines measured in the same run."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.harness import BenchContext, Figure, at_most, case
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database

REPEATS = 5
SUMMARY_LIMIT_MS = 200.0
# Issue #17: the export no slower than a bare dump, the import within 2x of a bare read.
EXPORT_RATIO = 1.0
IMPORT_RATIO = 2.0


def _open(context: BenchContext) -> Database:
    return open_database(DatabaseLocation.for_path(context.large_database()))


def _today(context: BenchContext) -> date:
    return context.program().anchor


def _best_ms(function: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    result = function()  # warm-up: imports (pandas) and SQLite's page cache
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


@case("funding.summary", "mix, HHI and warnings of the current fiscal year (best of 5)")
def summary(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.funding.diversification import current_fiscal_year, funding_mix

    database = _open(context)
    try:
        with database.session() as session:
            year = current_fiscal_year(session, _today(context))
            entries = session.execute(sa.text("SELECT count(*) FROM ledger_entry")).scalar_one()
            ms, mix = _best_ms(lambda: funding_mix(session, year))
            previous_ms, _ = _best_ms(lambda: funding_mix(session, year - 1))
    finally:
        database.close()
    return [
        Figure("ledger entries", entries, "rows"),
        at_most(
            f"summary FY{year} ({mix.entries:,} entries that year)", ms, "ms", SUMMARY_LIMIT_MS
        ),
        at_most(f"summary FY{year - 1} (a complete year)", previous_ms, "ms", SUMMARY_LIMIT_MS),
    ]


@case("funding.projection", "3-year projection, expected scenario (best of 5, pandas warm)")
def projection(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.funding.scenarios import project

    database = _open(context)
    try:
        with database.session() as session:
            today = _today(context)
            ms, result = _best_ms(lambda: project(session, today, "expected"))
            scheduled_ms, _ = _best_ms(lambda: project(session, today, "as scheduled"))
    finally:
        database.close()
    cliff = f"cliff FY{result.cliff.fiscal_year}" if result.cliff else "no cliff"
    return [
        at_most(
            f"projection, {len(result.bases)} sources, base FY{result.base_year} ({cliff})",
            ms,
            "ms",
            SUMMARY_LIMIT_MS,
        ),
        at_most('projection "as scheduled"', scheduled_ms, "ms", SUMMARY_LIMIT_MS),
    ]


def _bare_dump(database: Database, path: Path) -> int:
    """The baseline: the ledger's rows, as plain values, through openpyxl write-only."""
    from openpyxl import Workbook

    statement = sa.text(
        "SELECT e.entry_date, s.name, e.entry_type, e.amount_cents, e.memo "
        "FROM ledger_entry e JOIN funding_source s ON s.id = e.funding_source_id "
        "ORDER BY e.entry_date, e.id"
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Ledger")
    sheet.append(["Date", "Source", "Type", "Amount", "Memo"])
    count = 0
    with database.engine.connect() as connection:
        for day, name, entry_type, cents, memo in connection.execute(statement):
            sheet.append([date.fromisoformat(day) if isinstance(day, str) else day,
                          name, entry_type, cents / 100, memo])  # fmt: skip
            count += 1
    workbook.save(path)
    return count


@case(
    "funding.workbook",
    "sustainability workbook export vs a bare openpyxl write-only dump of the ledger; "
    "ledger import vs a plain python-calamine read of the same file",
)
def workbook(context: BenchContext) -> list[Figure]:
    from python_calamine import CalamineWorkbook

    from partnerdesk.core.funding.ledger_import import import_ledger
    from partnerdesk.core.funding.workbook import export_workbook
    from partnerdesk.core.platform.progress import Progress

    folder = context.scratch_dir("funding")
    exported = folder / "sustainability.xlsx"
    bare = folder / "bare-ledger.xlsx"
    database = _open(context)
    steps: list[int] = []
    import_steps: list[int] = []
    try:
        # Alternated, best of two each: one busy moment should not decide the ratio.
        export_times, bare_times = [], []
        for _ in range(2):
            started = time.perf_counter()
            rows = _bare_dump(database, bare)
            bare_times.append(time.perf_counter() - started)
            with database.session() as session:
                started = time.perf_counter()
                report = export_workbook(
                    session,
                    exported,
                    _today(context),
                    progress=Progress(lambda done, total, text: steps.append(done)),
                )
                export_times.append(time.perf_counter() - started)
    finally:
        database.close()
    export_s, bare_s = min(export_times), min(bare_times)

    # Import into a copy of the large database whose ledger was emptied (sources and MOUs
    # stay, so every line's source and MOU are known), untimed set-up.
    target = folder / "import.sqlite3"
    shutil.copyfile(context.large_database(), target)
    copy = open_database(DatabaseLocation.for_path(target))
    try:
        import_times, read_times = [], []
        for _ in range(2):
            with copy.transaction() as session:  # untimed: start from an empty ledger
                session.execute(sa.text("DELETE FROM ledger_entry"))
            started = time.perf_counter()
            CalamineWorkbook.from_path(str(exported)).get_sheet_by_name("Ledger").to_python()
            read_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            with copy.transaction() as session:  # timed with its commit
                imported = import_ledger(
                    session,
                    exported,
                    progress=Progress(lambda done, total, text: import_steps.append(done)),
                )
            import_times.append(time.perf_counter() - started)
        with copy.session() as session:
            stored = session.execute(sa.text("SELECT count(*) FROM ledger_entry")).scalar_one()
    finally:
        copy.close()
    import_s, read_s = min(import_times), min(read_times)
    size_mb = exported.stat().st_size / 1e6
    return [
        Figure("ledger rows in the workbook", report.ledger_rows, "rows", f"{rows:,} in the dump"),
        Figure("export, whole workbook (7 sheets, formats)", export_s, "s", "best of 2"),
        Figure("openpyxl write-only dump of the bare ledger (baseline)", bare_s, "s", "best of 2"),
        Figure(
            "ratio export / bare dump",
            export_s / bare_s,
            "x",
            f"within {EXPORT_RATIO:g}x",
            export_s / bare_s <= EXPORT_RATIO,
        ),
        Figure("  progress reports during export", len(steps), "steps"),
        Figure("workbook size", size_mb, "MB"),
        Figure(
            f"import {imported.rows:,} rows (validated, all or nothing)",
            import_s,
            "s",
            f"{stored:,} stored",
        ),
        Figure("  progress reports during import", len(import_steps), "steps"),
        Figure("plain python-calamine read of the Ledger sheet (baseline)", read_s, "s"),
        Figure(
            "ratio import / calamine read",
            import_s / read_s,
            "x",
            f"within {IMPORT_RATIO:g}x",
            import_s / read_s <= IMPORT_RATIO,
        ),
    ]
