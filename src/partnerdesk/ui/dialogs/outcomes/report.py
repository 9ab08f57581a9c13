"""Writing an evaluation's report (.docx with charts) and, optionally, its workbook (.xlsx),
in the background with progress and Cancel."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.outcomes.evaluations import list_evaluations
from partnerdesk.core.platform.progress import Progress
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task


def report_name(title: str, day: Any) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "evaluation"
    return f"{stem}-report-{day:%Y-%m-%d}.docx"


class ReportDialog(QDialog):
    """Choose the evaluation and where to write; Write runs in the background."""

    def __init__(
        self, context: AppContext, evaluation_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.written: list[Path] = []
        self.setWindowTitle("Evaluation report")
        self.evaluation_combo = QComboBox(self)
        with context.database.session() as session:
            for row in list_evaluations(session):
                scope = f" ({row.mou_code})" if row.mou_code else ""
                self.evaluation_combo.addItem(
                    f"{row.title}{scope}, {row.period_start:%b %Y}–{row.period_end:%b %Y} "
                    f"({row.status_label.lower()})",
                    row.id,
                )
        if evaluation_id is not None:
            self.evaluation_combo.setCurrentIndex(
                max(self.evaluation_combo.findData(evaluation_id), 0)
            )
        self.docx_edit = QLineEdit(self)
        self.xlsx_check = QCheckBox("Also save the figures as an Excel workbook (.xlsx)", self)
        self.xlsx_check.setChecked(True)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.docx_edit, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Evaluation", self.evaluation_combo)
        form.addRow("&Report (.docx)", where)
        form.addRow("", self.xlsx_check)
        buttons = QDialogButtonBox(self)
        self.write_button = buttons.addButton("&Write", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.write_button.clicked.connect(self.write)
        self.evaluation_combo.currentIndexChanged.connect(lambda _i: self._suggest())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        self._suggest()

    def _suggest(self) -> None:
        title = self.evaluation_combo.currentText().split(",")[0]
        folder = Path(self.docx_edit.text()).parent if self.docx_edit.text() else Path.home()
        self.docx_edit.setText(str(folder / report_name(title, self.context.today())))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the report", self.docx_edit.text(), "Word document (*.docx)"
        )
        if name:
            self.docx_edit.setText(name if name.lower().endswith(".docx") else name + ".docx")

    def write(self) -> None:
        evaluation_id = self.evaluation_combo.currentData()
        if evaluation_id is None:
            QMessageBox.information(
                self, APP_NAME, "There is no evaluation yet: set the launch date first."
            )
            return
        docx = Path(self.docx_edit.text().strip())
        xlsx = docx.with_suffix(".xlsx") if self.xlsx_check.isChecked() else None
        database, today = self.context.database, self.context.today()

        def work(progress: Progress) -> list[Path]:
            from partnerdesk.core.outcomes.report import write_report
            from partnerdesk.core.outcomes.workbook import write_workbook

            with database.session() as session:
                written = [
                    write_report(session, evaluation_id, docx, today=today, progress=progress)
                ]
                if xlsx is not None:
                    written.append(
                        write_workbook(session, evaluation_id, xlsx, today=today, progress=progress)
                    )
            return written

        def done(written: list[Path]) -> None:
            self.written = written
            QMessageBox.information(
                self,
                APP_NAME,
                "Saved " + " and ".join(p.name for p in written) + f" in {docx.parent}.",
            )
            self.accept()

        def failed(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(self, APP_NAME, f"The report was not saved: {error_message(exc)}")

        run_task(work, done, failed, parent=self, title="Writing the evaluation report…",
                 on_cancelled=lambda: None)  # fmt: skip
