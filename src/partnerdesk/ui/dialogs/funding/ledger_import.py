"""Importing a ledger: which column holds what (pre-filled from the headers), a check that
changes nothing, then the import itself with a progress bar and Cancel."""

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

from partnerdesk.core.funding.ledger_import import (
    LEDGER_FIELDS,
    REQUIRED_FIELDS,
    ImportReport,
    guess_mapping,
    import_ledger,
)
from partnerdesk.core.platform.progress import Progress
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.combos import date_format_combo
from partnerdesk.ui.widgets.sizing import open_at

FIELD_LABELS = {
    "date": "Date",
    "source": "Funding source",
    "type": "Entry type (Received if none)",
    "amount": "Amount",
    "memo": "Memo",
    "mou": "MOU reference",
}
NOT_IN_FILE = "(not in this file)"


class ImportDialog(QDialog):
    """Map the columns of ``path`` (whose header row is ``headers``), check, import."""

    def __init__(
        self, context: AppContext, path: Path, headers: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path = path
        self.report: ImportReport | None = None
        self.setWindowTitle(f"Import ledger from {path.name}")
        intro = QLabel(
            "Choose the column that holds each field. Nothing is imported if any row has a "
            "problem; <b>Check</b> lists the problems without changing anything. A "
            '"Sources" sheet in the workbook adds the sources it names.'
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        guessed = guess_mapping(headers)
        for field in LEDGER_FIELDS:
            combo = QComboBox(self)
            if field not in REQUIRED_FIELDS:
                combo.addItem(NOT_IN_FILE, None)
            for header in headers:
                combo.addItem(header, header)
            index = combo.findData(guessed.get(field))
            combo.setCurrentIndex(max(index, 0))
            self.combos[field] = combo
            form.addRow(FIELD_LABELS[field], combo)
        self.date_format_combo = date_format_combo(self)
        form.addRow("Dates written as", self.date_format_combo)
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
        open_at(self, 620, 480)

    def mapping(self) -> dict[str, str | None]:
        return {field: combo.currentData() for field, combo in self.combos.items()}

    def run(self, *, dry_run: bool) -> None:
        database, path, mapping = self.context.database, self.path, self.mapping()
        date_format: str | None = self.date_format_combo.currentData()

        def work(progress: Progress) -> ImportReport:
            with database.transaction() as session:
                return import_ledger(
                    session,
                    path,
                    mapping=mapping,
                    dry_run=dry_run,
                    progress=progress,
                    date_format=date_format,
                )

        def done(report: ImportReport) -> None:
            self.report = report
            text = report.describe() + "".join(f"\n{note}" for note in report.notes)
            self.result_view.setPlainText(text)
            if not dry_run:
                QMessageBox.information(self, "PartnerDesk", text)
                self.accept()

        def failed(exc: BaseException, _trace: str) -> None:
            self.result_view.setPlainText(error_message(exc))
            if not dry_run:
                QMessageBox.warning(self, "PartnerDesk", error_message(exc))

        def cancelled() -> None:
            self.result_view.setPlainText("Cancelled; nothing was imported.")

        title = "Checking the ledger file…" if dry_run else "Importing the ledger…"
        run_task(work, done, failed, parent=self, title=title, on_cancelled=cancelled)

    def result_text(self) -> Any:
        return self.result_view.toPlainText()
