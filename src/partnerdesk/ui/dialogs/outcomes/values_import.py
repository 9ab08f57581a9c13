"""Importing monthly values: Check (changes nothing) lists every problem by row and column;
Import saves them all, with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.outcomes.values_import import ValuesImportReport, import_values
from partnerdesk.core.platform.progress import Progress
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.sizing import open_at


class ValuesImportDialog(QDialog):
    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.path = context, path
        self.report: ValuesImportReport | None = None
        self.setWindowTitle(f"Import values from {path.name}")
        intro = QLabel(
            "Long layout: columns Month, Indicator, Value (and Agency, Note). Wide layout: "
            "Month and one column per indicator. Only monthly totals: nothing about a person. "
            "<b>Check</b> lists every problem and changes nothing; nothing is imported while "
            "any cell has one."
        )
        intro.setWordWrap(True)
        self.result_view = QPlainTextEdit(self)
        self.result_view.setReadOnly(True)
        buttons = QDialogButtonBox(self)
        self.check_button = buttons.addButton("&Check", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.result_view, 1)
        layout.addWidget(buttons)
        open_at(self, 640, 420)

    def run(self, *, dry_run: bool) -> None:
        database, path = self.context.database, self.path

        def work(progress: Progress) -> ValuesImportReport:
            with database.transaction() as session:
                return import_values(session, path, dry_run=dry_run, progress=progress)

        def done(report: ValuesImportReport) -> None:
            self.report = report
            self.result_view.setPlainText(report.describe())
            if not dry_run:
                QMessageBox.information(self, APP_NAME, report.describe())
                self.accept()

        def failed(exc: BaseException, _trace: str) -> None:
            self.result_view.setPlainText(error_message(exc))

        def cancelled() -> None:
            self.result_view.setPlainText("Cancelled; nothing was imported.")

        title = "Checking the values…" if dry_run else "Importing the values…"
        run_task(work, done, failed, parent=self, title=title, on_cancelled=cancelled)
