"""Reliability on the large program: the ledger import and the workbook export run through
the GUI's background runner while the event loop is watched for stalls, a cancelled import
leaves nothing behind, and a backup of the large database is complete and sound."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import BenchContext, Figure, at_most, case
from benchmarks.stall import (
    GAP_LIMIT_MS,
    TICK_MS,
    Watched,
    control_figure,
    qt_application,
    run_watched,
)
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database

CANCEL_AFTER_S = 1.0
BACKUP_LIMIT_S = 5.0


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy with SQLite's online backup API (set-up, untimed)."""
    target.unlink(missing_ok=True)
    reader = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def _counts(path: Path) -> tuple[int, int, int]:
    """Ledger entries, funding sources, audit events: what an import may change."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        entries, sources, events = (
            int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("ledger_entry", "funding_source", "audit_event")
        )
    finally:
        connection.close()
    return entries, sources, events


def _empty_ledger(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("DELETE FROM ledger_entry")
    finally:
        connection.close()


def _import_job(database: Database, workbook: Path) -> Any:
    """What the import dialog runs: the whole import in one transaction."""
    from partnerdesk.core.funding.ledger_import import import_ledger

    def work(progress: Any) -> Any:
        with database.transaction() as session:
            return import_ledger(session, workbook, progress=progress)

    return work


def _export_job(database: Database, path: Path, today: Any) -> Any:
    """What the Funding view's Export runs: a read-only session, the whole workbook."""
    from partnerdesk.core.funding.workbook import export_workbook

    def work(progress: Any) -> Any:
        with database.session() as session:
            return export_workbook(session, path, today, progress=progress)

    return work


def _cancelled_import(database: Database, path: Path, workbook: Path, after_s: float) -> Figure:
    """Cancel an import into an empty ledger after ``after_s``; nothing may have changed."""
    before = _counts(path)
    watched = run_watched(
        _import_job(database, workbook), "Importing the ledger…", cancel_after_s=after_s
    )
    after = _counts(path)
    name = f"cancel after {after_s:.1f} s left nothing half-done"
    if not watched.cancelled and watched.error is None:
        # Small programs import faster than the Cancel comes: there is nothing to undo.
        return Figure(
            name, None, "", f"not measured: the import finished first, in {watched.seconds:.1f} s"
        )
    clean = watched.cancelled and after == before
    what = (
        f"stopped {max(watched.seconds - after_s, 0.0):.1f} s after Cancel"
        if watched.cancelled
        else f"not cancelled ({watched.error or 'finished'})"
    )
    return Figure(
        name,
        1 if clean else 0,
        "",
        f"{what}; ledger {before[0]:,} -> {after[0]:,}, "
        f"audit {before[2]:,} -> {after[2]:,}; target 1",
        clean,
    )


@case(
    "reliability.import_stall",
    f"ledger import of the exported large ledger through ui.tasks.run_task (one "
    f"transaction), largest event-loop gap seen by a {TICK_MS} ms QTimer; then Cancel runs",
)
def import_stall(context: BenchContext) -> list[Figure]:
    qt_application()  # first: without Qt the case cannot run at all
    folder = context.scratch_dir("reliability-import")
    workbook = folder / "ledger.xlsx"
    large = open_database(DatabaseLocation.for_path(context.large_database()))
    try:
        run = _export_job(large, workbook, context.program().anchor)
        exported = run(_no_progress())
    finally:
        large.close()

    target = folder / "import.sqlite3"
    _sqlite_copy(context.large_database(), target)
    _empty_ledger(target)
    database = open_database(DatabaseLocation.for_path(target))
    try:
        # Cancel early (reading the file) first, while the ledger is empty anyway.
        early = _cancelled_import(database, target, workbook, CANCEL_AFTER_S)
        _empty_ledger(target)  # in case that import finished before the Cancel came
        watched = run_watched(_import_job(database, workbook), "Importing the ledger…")
        if watched.error is not None:
            raise RuntimeError(f"the import failed: {watched.error}")
        stored = _counts(target)[0]
        # Cancel late, while entries are being written, so a rollback has work to undo.
        _empty_ledger(target)
        late = _cancelled_import(database, target, workbook, watched.seconds * 0.85)
    finally:
        database.close()
    report = watched.result
    return [
        Figure("ledger lines in the workbook", exported.ledger_rows, "rows"),
        Figure(
            f"import {report.rows:,} lines (checked, one transaction)",
            watched.seconds,
            "s",
            f"{report.entries_added:,} added, {stored:,} stored",
        ),
        at_most(
            "largest event-loop gap while importing",
            watched.largest_gap_ms,
            "ms",
            GAP_LIMIT_MS,
            f"< {GAP_LIMIT_MS:g} ms (at {watched.worst_at:.1f} s: {watched.worst_phase})",
        ),
        control_figure(watched),
        Figure("event-loop ticks seen", watched.ticks, "rows", f"every {TICK_MS} ms requested"),
        _long_gaps(watched),
        early,
        late,
    ]


def _long_gaps(watched: Watched) -> Figure:
    """How many gaps went over the limit, and the job's phase during the first few."""
    where = "; ".join(f"{at:.1f} s {phase}" for at, _ms, phase in watched.long_gaps[:3])
    return Figure(f"gaps over {GAP_LIMIT_MS:g} ms", len(watched.long_gaps), "rows", where)


def _no_progress() -> Any:
    from partnerdesk.core.platform.progress import NO_PROGRESS

    return NO_PROGRESS


@case(
    "reliability.export_stall",
    f"the whole sustainability workbook through ui.tasks.run_task, largest event-loop gap "
    f"seen by a {TICK_MS} ms QTimer",
)
def export_stall(context: BenchContext) -> list[Figure]:
    qt_application()
    folder = context.scratch_dir("reliability-export")
    path = folder / "sustainability.xlsx"
    database = open_database(DatabaseLocation.for_path(context.large_database()))
    try:
        watched = run_watched(
            _export_job(database, path, context.program().anchor),
            "Exporting the sustainability workbook…",
        )
    finally:
        database.close()
    if watched.error is not None:
        raise RuntimeError(f"the export failed: {watched.error}")
    return [
        Figure("ledger lines written", watched.result.ledger_rows, "rows"),
        Figure("export, whole workbook", watched.seconds, "s"),
        at_most(
            "largest event-loop gap while exporting",
            watched.largest_gap_ms,
            "ms",
            GAP_LIMIT_MS,
            f"< {GAP_LIMIT_MS:g} ms (at {watched.worst_at:.1f} s: {watched.worst_phase})",
        ),
        control_figure(watched),
        Figure("event-loop ticks seen", watched.ticks, "rows", f"every {TICK_MS} ms requested"),
        _long_gaps(watched),
        Figure("workbook size", path.stat().st_size / 1e6, "MB"),
    ]


@case(
    "reliability.backup",
    "backups.backup_now of the large database (online backup API, written beside and moved "
    "into place) vs a bare sqlite3 backup; integrity_check of the copy",
)
def backup(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.platform.backups import backup_now

    folder = context.scratch_dir("reliability-backup")
    source = context.large_database()
    copy = folder / "backup.sqlite3"
    bare = folder / "bare.sqlite3"
    database = open_database(DatabaseLocation.for_path(source))
    try:
        started = time.perf_counter()
        backup_now(database, copy)
        seconds = time.perf_counter() - started
    finally:
        database.close()
    started = time.perf_counter()
    _sqlite_copy(source, bare)
    bare_seconds = time.perf_counter() - started

    connection = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    try:
        started = time.perf_counter()
        verdict = connection.execute("PRAGMA integrity_check").fetchall()
        check_seconds = time.perf_counter() - started
        entries = connection.execute("SELECT count(*) FROM ledger_entry").fetchone()[0]
    finally:
        connection.close()
    sound = verdict == [("ok",)]
    expected = _counts(source)[0]
    return [
        at_most("backup_now of the large database", seconds, "s", BACKUP_LIMIT_S),
        Figure("backup size", copy.stat().st_size / 1e6, "MB"),
        Figure("bare sqlite3 backup of the same file (baseline)", bare_seconds, "s", "baseline"),
        Figure("ratio backup_now / bare backup", seconds / bare_seconds, "x"),
        Figure(
            "integrity_check of the copy ok",
            1 if sound else 0,
            "",
            f"{check_seconds:.1f} s to check; target 1" + ("" if sound else f": {verdict[0][0]}"),
            sound,
        ),
        Figure(
            "ledger entries in the copy",
            entries,
            "rows",
            f"{expected:,} in the source",
            entries == expected,
        ),
    ]
