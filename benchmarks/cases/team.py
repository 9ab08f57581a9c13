"""Team mode on the large program: copy it from the SQLite file to a PostgreSQL server
(counts checked), then the dashboard and the 3-year projection on both, side by side."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.harness import BenchContext, Figure, at_most, case, not_available
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database

BENCH_DATABASE = "partnerdesk_bench"
REPEATS = 5


def _server_url() -> str | None:
    """The test server `make test` uses (scripts/test-postgres), started if need be."""
    url = os.environ.get("PARTNERDESK_TEST_POSTGRES_URL")
    if url:
        return url
    script = Path(__file__).resolve().parents[2] / "scripts" / "test-postgres"
    result = subprocess.run([str(script), "start"], capture_output=True, text=True, check=False)
    line = result.stdout.strip()
    return line.split("=", 1)[1] if line.startswith("export ") and "=" in line else None


def _best_ms(function: Callable[[], Any]) -> float:
    function()  # warm-up
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _timings(database: Database, context: BenchContext) -> tuple[float, float]:
    from partnerdesk.core.funding.scenarios import project
    from partnerdesk.core.program.dashboard import dashboard_summary

    today = context.program().anchor
    with database.session() as session:
        dashboard = _best_ms(lambda: dashboard_summary(session, today))
        projection = _best_ms(lambda: project(session, today, years=3))
    return dashboard, projection


@case("team.postgres", "copy SQLite -> PostgreSQL (counts equal); dashboard and projection on both")
def postgres(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.program.copy import copy_program
    from partnerdesk.core.program.info import table_counts

    url = _server_url()
    if url is None:
        return [not_available("team.postgres", "no PostgreSQL server (scripts/test-postgres)")]
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {BENCH_DATABASE}"))
    target = DatabaseLocation.for_url(
        sa.make_url(url).set(database=BENCH_DATABASE).render_as_string(hide_password=False)
    )
    source = DatabaseLocation.for_path(context.large_database())
    started = time.perf_counter()
    report = copy_program(source, target)
    copy_seconds = time.perf_counter() - started

    sqlite_db = open_database(source, create=False)
    server_db = open_database(target, create=False)
    try:
        equal = table_counts(sqlite_db) == table_counts(server_db)
        sqlite_dashboard, sqlite_projection = _timings(sqlite_db, context)
        pg_dashboard, pg_projection = _timings(server_db, context)
    finally:
        sqlite_db.close()
        server_db.close()
    rows = sum(report.counts.values())
    return [
        Figure("rows copied SQLite -> PostgreSQL", rows, "rows"),
        Figure("copy time", copy_seconds, "s", f"{rows / copy_seconds:,.0f} rows/s"),
        Figure("counts equal after the copy", 1.0 if equal else 0.0, "bool", "must be 1", equal),
        at_most("dashboard on SQLite", sqlite_dashboard, "ms", 100.0),
        at_most("dashboard on PostgreSQL", pg_dashboard, "ms", 100.0),
        at_most("3-year projection on SQLite", sqlite_projection, "ms", 200.0),
        at_most("3-year projection on PostgreSQL", pg_projection, "ms", 200.0),
    ]
