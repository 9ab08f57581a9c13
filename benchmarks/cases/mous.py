"""The MOU register on the large program (2,000 MOUs): the reminders dashboard, the
register list (service + table model), and filtering it keystroke by keystroke."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from benchmarks.harness import BenchContext, Figure, at_most, case
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database

REPEATS = 5
LIMIT_MS = 100.0
LIST_MOUS_LIMIT_MS = 30.0  # issue #17


def _open(context: BenchContext) -> Database:
    return open_database(DatabaseLocation.for_path(context.large_database()))


def _today(context: BenchContext) -> date:
    return context.program().anchor


def _best_ms(function: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    result = function()  # warm-up: SQLite's page cache, first imports
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


@case("mous.dashboard", "reminders dashboard: reviews and expiries by window (best of 5)")
def dashboard(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.program.dashboard import dashboard_summary

    database = _open(context)
    today = _today(context)
    try:
        with database.session() as session:
            ms, summary = _best_ms(lambda: dashboard_summary(session, today))
    finally:
        database.close()
    return [
        Figure("MOUs in the register", summary.total_mous, "rows"),
        Figure("attention items (overdue or due within 90 days)", len(summary.attention), "rows"),
        at_most("dashboard summary", ms, "ms", LIMIT_MS),
    ]


@case("mous.list", "MOU register: list_mous, into the table model, filtered per keystroke")
def register(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.mou.register import list_mous

    database = _open(context)
    today = _today(context)
    try:
        with database.session() as session:
            service_ms, rows = _best_ms(lambda: list_mous(session, today=today))
    finally:
        database.close()
    path = context.large_database()

    def raw() -> list[Any]:
        connection = sqlite3.connect(path)
        try:
            return connection.execute("SELECT * FROM mou").fetchall()
        finally:
            connection.close()

    raw_ms, _ = _best_ms(raw)
    figures = [
        Figure("MOUs listed", len(rows), "rows"),
        at_most("list_mous (service)", service_ms, "ms", LIST_MOUS_LIMIT_MS),
        Figure("baseline: SELECT * FROM mou (sqlite3)", raw_ms, "ms", "baseline"),
        Figure("ratio service / baseline", service_ms / raw_ms, "x"),
    ]
    return figures + _gui_figures(rows, service_ms)


def _gui_figures(rows: list[Any], service_ms: float) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from partnerdesk.ui.views.mous import MOU_COLUMNS
    from partnerdesk.ui.widgets.table_model import FilterProxyModel, RecordTableModel

    app = QApplication.instance() or QApplication([])
    model: RecordTableModel[Any] = RecordTableModel(MOU_COLUMNS)
    proxy = FilterProxyModel()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1200, 700)
    view.show()

    def fill() -> None:
        model.set_rows(rows)
        app.processEvents()

    model_ms, _ = _best_ms(fill)
    # Typing a word from a title, one keystroke at a time, then clearing it.
    word = rows[len(rows) // 2].title.split()[0].lower() if rows else "crisis"
    typed = [word[: i + 1] for i in range(len(word))]
    per_key: list[float] = []
    for _ in range(3):
        for text in [*typed, ""]:
            started = time.perf_counter()
            proxy.set_filter_text(text)
            app.processEvents()
            per_key.append((time.perf_counter() - started) * 1000)
    view.close()
    worst = max(per_key)
    return [
        at_most("register opens (service + table model)", service_ms + model_ms, "ms", LIMIT_MS),
        at_most(
            f"filter per keystroke, worst of {len(per_key)} (typing {word!r})",
            worst,
            "ms",
            LIMIT_MS,
        ),
        Figure("filter per keystroke, median", sorted(per_key)[len(per_key) // 2], "ms"),
    ]
