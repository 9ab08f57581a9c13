"""Importing organizations and contacts: choose a file, check it (a dry run), then import.

Nothing is written until the user has seen what the check found: how many people and
organizations would be added, and which rows duplicate someone already in the directory
(skipped or merged, as chosen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.directory.contacts_import import ContactImportReport, OnDuplicate
from partnerdesk.core.platform.progress import Progress
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.sizing import open_at

FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"


def report_text(report: ContactImportReport) -> str:
    lines = [report.describe()]
    if report.duplicates:
        verb = "merged into" if report.on_duplicate == "merge" else "skipped, already"
        lines.append("")
        lines.append(f"Duplicates ({verb} the directory):")
        lines += [f"  {line}" for line in report.duplicates[:200]]
        if len(report.duplicates) > 200:
            lines.append(f"  …and {len(report.duplicates) - 200} more")
    return "\n".join(lines)


class ContactsImportDialog(QDialog):
    """Choose a file (``path`` prefills it), check it, then import it."""

    def __init__(
        self, context: AppContext, path: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import organizations and contacts")
        intro = QLabel(
            "Import from an .xlsx, .ods or .csv file with a header row: Name, Organization, "
            "Title, Email, Phone, Groups (separated by ;), Active, Notes. A workbook may also "
            'hold an "Organizations" sheet (Name, Kind, Address, Phone, Website, Notes). '
            "Nothing is imported if any row has a problem.",
            self,
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(path or "", self)
        self.path_edit.setPlaceholderText("File to import")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)

        self.skip_radio = QRadioButton("&Skip them (keep what the directory has)", self)
        self.merge_radio = QRadioButton("&Merge them (the file's filled cells win)", self)
        self.skip_radio.setChecked(True)
        self.duplicate_choice = QButtonGroup(self)
        self.duplicate_choice.addButton(self.skip_radio)
        self.duplicate_choice.addButton(self.merge_radio)
        duplicates = QLabel(
            "Rows with the same email, or the same name at the same organization, as someone "
            "already in the directory:",
            self,
        )
        duplicates.setWordWrap(True)

        self.result_view = QPlainTextEdit(self)
        self.result_view.setReadOnly(True)
        self.result_view.setPlaceholderText("Check the file to see what would be imported.")
        self.buttons = QDialogButtonBox(self)
        self.check_button = self.buttons.addButton("&Check", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        self.path_edit.textChanged.connect(lambda _t: self._invalidate())
        self.skip_radio.toggled.connect(lambda _on: self._invalidate())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(duplicates)
        layout.addWidget(self.skip_radio)
        layout.addWidget(self.merge_radio)
        layout.addWidget(self.result_view, 1)
        layout.addWidget(self.buttons)
        open_at(self, 640, 460)
        self.report: ContactImportReport | None = None

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import organizations and contacts", self.path_edit.text(), FILE_FILTER
        )
        if path:
            self.path_edit.setText(path)
            self.check()

    def on_duplicate(self) -> OnDuplicate:
        return "merge" if self.merge_radio.isChecked() else "skip"

    def _invalidate(self) -> None:
        self.report = None
        self.import_button.setEnabled(False)

    def _job(self, dry_run: bool) -> Any:
        database = self.context.database
        path = Path(self.path_edit.text().strip())
        on_duplicate = self.on_duplicate()

        def job(progress: Progress) -> ContactImportReport:
            from partnerdesk.core.directory.contacts_import import import_contacts

            with database.transaction() as session:
                return import_contacts(
                    session, path, on_duplicate=on_duplicate, dry_run=dry_run, progress=progress
                )

        return job

    def check(self) -> None:
        if not self.path_edit.text().strip():
            self.result_view.setPlainText("Choose a file first.")
            return
        self._invalidate()
        self.result_view.setPlainText("Checking…")
        run_task(
            self._job(dry_run=True),
            self._checked,
            self._failed,
            parent=self,
            title="Checking the file",
        )

    def _checked(self, report: ContactImportReport) -> None:
        self.report = report
        self.result_view.setPlainText(report_text(report))
        self.import_button.setEnabled(True)

    def run_import(self) -> None:
        if self.report is None:
            self.check()
            return
        self.import_button.setEnabled(False)
        run_task(
            self._job(dry_run=False),
            self._imported,
            self._failed,
            parent=self,
            title="Importing contacts",
            on_cancelled=lambda: self.result_view.setPlainText("Cancelled; nothing was changed."),
        )

    def _imported(self, report: ContactImportReport) -> None:
        self.report = report
        self.result_view.setPlainText(report_text(report))
        self.accept()

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.report = None
        self.import_button.setEnabled(False)
        self.result_view.setPlainText(error_message(exc))
