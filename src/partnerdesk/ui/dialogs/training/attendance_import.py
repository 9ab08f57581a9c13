"""Importing attendance from a spreadsheet: which session (named in the file, or one for
every row), a check that changes nothing, then the import with progress and Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.platform.progress import Progress
from partnerdesk.core.training.attendance_import import AttendanceImportReport, import_attendance
from partnerdesk.core.training.sessions import list_sessions
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.combos import date_format_combo, keep_narrow, select_data
from partnerdesk.ui.widgets.sizing import open_at

NAMED_IN_FILE = "(each row names its session)"


class ImportAttendanceDialog(QDialog):
    """Check, then import, the attendance in ``path`` (for ``session_id`` when given)."""

    def __init__(
        self,
        context: AppContext,
        path: Path,
        parent: QWidget | None = None,
        *,
        session_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path = path
        self.report: AttendanceImportReport | None = None
        self.setWindowTitle(f"Import attendance from {path.name}")
        intro = QLabel(
            "Each row gives a person (Email, or Name) and the Hours they attended ('yes' for "
            "the whole session, 0 for did not attend, blank to leave them as they are). "
            "Nothing is recorded if any row has a problem; <b>Check</b> lists the problems "
            "without changing anything.",
            self,
        )
        intro.setWordWrap(True)
        with context.database.session() as session:
            sessions = list_sessions(session)
        self.session_combo = QComboBox(self)
        self.session_combo.addItem(NAMED_IN_FILE, None)
        for row in sessions:
            self.session_combo.addItem(f"S-{row.id}: {row.label()}", row.id)
        keep_narrow(self.session_combo, 40)
        select_data(self.session_combo, session_id)
        form = QFormLayout()
        form.addRow("&Session", self.session_combo)
        self.date_format_combo = date_format_combo(self)
        form.addRow("&Dates written as", self.date_format_combo)
        self.result_view = QPlainTextEdit(self)
        self.result_view.setReadOnly(True)
        self.result_view.setPlaceholderText("Results of the check appear here.")
        buttons = QDialogButtonBox(self)
        self.check_button = buttons.addButton("&Check", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.result_view, 1)
        layout.addWidget(buttons)
        open_at(self, 640, 460)

    def run(self, *, dry_run: bool) -> None:
        database, path, today = self.context.database, self.path, self.context.today()
        session_id = self.session_combo.currentData()
        date_format: str | None = self.date_format_combo.currentData()

        def work(progress: Progress) -> AttendanceImportReport:
            with database.transaction() as session:
                return import_attendance(
                    session,
                    path,
                    today,
                    session_id=session_id,
                    dry_run=dry_run,
                    date_format=date_format,
                    progress=progress,
                )

        def done(report: AttendanceImportReport) -> None:
            self.report = report
            text = report.describe() + "".join(f"\n  {line}" for line in report.change.lines)
            self.result_view.setPlainText(text)
            if not dry_run:
                QMessageBox.information(self, APP_NAME, report.describe())
                self.accept()

        def failed(exc: BaseException, _trace: str) -> None:
            self.result_view.setPlainText(error_message(exc))
            if not dry_run:
                QMessageBox.warning(self, APP_NAME, error_message(exc))

        def cancelled() -> None:
            self.result_view.setPlainText("Cancelled; nothing was recorded.")

        title = "Checking the attendance…" if dry_run else "Importing the attendance…"
        run_task(work, done, failed, parent=self, title=title, on_cancelled=cancelled)

    def result_text(self) -> Any:
        return self.result_view.toPlainText()
