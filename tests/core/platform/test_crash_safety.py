"""A process killed in the middle of a large import leaves the database intact, with all of
the import or none of it (one transaction; SQLite's WAL and PostgreSQL's log see to it)."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partnerdesk.core.platform.db import Database
from partnerdesk.core.program.health import check_database
from partnerdesk.core.program.info import table_counts

ROWS = 60_000


def write_ledger_csv(path: Path, sources: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Source", "Type", "Amount", "Memo"])
        for number in range(ROWS):
            writer.writerow(
                [
                    f"2026-{1 + number % 12:02d}-15",
                    sources[number % len(sources)],
                    "Received",
                    f"{100 + number % 900}.{number % 100:02d}",
                    f"Imported line {number}",
                ]
            )


@pytest.mark.parametrize("kill_after_seconds", [0.0, 0.25])
def test_sigkill_during_an_import_leaves_all_or_nothing(
    sqlite_demo_database: Database, tmp_path: Path, kill_after_seconds: float
) -> None:
    path = sqlite_demo_database.location.path
    assert path is not None
    with sqlite_demo_database.session() as session:
        from partnerdesk.core.funding.sources import list_sources

        sources = [row.name for row in list_sources(session)]
    before = table_counts(sqlite_demo_database)["ledger_entry"]
    sqlite_demo_database.close()
    spreadsheet = tmp_path / "ledger.csv"
    write_ledger_csv(spreadsheet, sources)
    wal = Path(f"{path}-wal")
    start_size = wal.stat().st_size if wal.exists() else 0

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "partnerdesk",
            "--db",
            str(path),
            "funding",
            "import",
            str(spreadsheet),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait until the import is writing (the write-ahead log grows), then pull the plug.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 64 * 1024:
            break
        time.sleep(0.005)
    time.sleep(kill_after_seconds)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    count = connection.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()[0]
    connection.close()
    # Killed before its commit: none of it; killed after (while exiting): all of it.
    assert count in (before, before + ROWS), f"a partial import: {count - before} rows"
    from partnerdesk.core.platform.db import DatabaseLocation, open_database

    reopened = open_database(DatabaseLocation.for_path(path), create=False)
    try:
        assert check_database(reopened) == []
    finally:
        reopened.close()
