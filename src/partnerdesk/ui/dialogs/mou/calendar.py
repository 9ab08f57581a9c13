"""Exporting every open review, expiry and grant obligation to an .ics file (from the
MOUs area and the Dashboard)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from partnerdesk import APP_NAME
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task


def export_calendar_dialog(parent: QWidget, context: AppContext, path: str | None = None) -> None:
    """Ask where, write the .ics file in the background, say what was written."""
    if path is None:
        suggested = str(Path.home() / "partnerdesk-reviews.ics")
        path, _ = QFileDialog.getSaveFileName(
            parent,
            "Export reviews, expiries and grant deadlines",
            suggested,
            "iCalendar files (*.ics)",
        )
        if not path:
            return
    database, today, target = context.database, context.today(), path

    def job(_progress: Any) -> Any:
        from partnerdesk.core.program.calendar import export_calendar

        with database.transaction() as session:
            return export_calendar(session, target, today=today)

    def done(result: Any) -> None:
        QMessageBox.information(
            parent,
            APP_NAME,
            f"Wrote {result.events} events with {result.alarms} reminders to {result.path}."
            "\n\nImport the file into your calendar; importing a newer export updates the "
            "same events instead of adding copies.",
        )

    def failed(exc: BaseException, _trace: str) -> None:
        QMessageBox.warning(parent, APP_NAME, f"The calendar was not written: {error_message(exc)}")

    run_task(job, done, failed, parent=parent, title="Exporting calendar…")
