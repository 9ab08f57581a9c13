"""Generating drafts: where to write one (and with which template, and whether to make a
PDF), and the work itself for one MOU or many, in the background with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.field_errors import ErrorLabel, with_error

DOCX_FILTER = "Word documents (*.docx)"


@dataclass(frozen=True)
class GenerateRequest:
    out: Path
    template: Path | None
    pdf: bool


class GenerateDialog(QDialog):
    """Where to write the draft, which template, and whether to make a PDF."""

    def __init__(
        self,
        suggested: Path,
        gaps: Sequence[str],
        pdf_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Generate draft")
        self.resize(620, 0)
        self.out_edit = QLineEdit(str(suggested), self)
        self.out_error = ErrorLabel(self)
        browse_out = QPushButton("Browse…", self)
        browse_out.clicked.connect(self._browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse_out)
        out_box = QWidget(self)
        out_box.setLayout(out_row)
        out_row.setContentsMargins(0, 0, 0, 0)

        self.default_radio = QRadioButton("PartnerDesk's default template", self)
        self.own_radio = QRadioButton("My template:", self)
        self.default_radio.setChecked(True)
        self.template_edit = QLineEdit(self)
        self.template_edit.setPlaceholderText("a .docx with PartnerDesk fields")
        self.template_error = ErrorLabel(self)
        browse_template = QPushButton("Browse…", self)
        browse_template.clicked.connect(self._browse_template)
        self.template_edit.textEdited.connect(lambda _t: self.own_radio.setChecked(True))
        template_row = QHBoxLayout()
        template_row.setContentsMargins(0, 0, 0, 0)
        template_row.addWidget(self.own_radio)
        template_row.addWidget(self.template_edit, 1)
        template_row.addWidget(browse_template)
        template_box = QWidget(self)
        template_layout = QVBoxLayout(template_box)
        template_layout.setContentsMargins(0, 0, 0, 0)
        template_layout.addWidget(self.default_radio)
        template_layout.addLayout(template_row)
        template_layout.addWidget(self.template_error)

        self.pdf_check = QCheckBox("Also make a PDF", self)
        self.pdf_check.setEnabled(pdf_available)
        if not pdf_available:
            self.pdf_check.setText("Also make a PDF (needs LibreOffice, not installed)")
            self.pdf_check.setToolTip("Install LibreOffice to convert drafts to PDF.")

        form = QFormLayout()
        form.addRow("Save &as", with_error(out_box, self.out_error))
        form.addRow("Template", template_box)
        form.addRow("", self.pdf_check)
        layout = QVBoxLayout(self)
        self.gaps_label = QLabel(self)
        self.gaps_label.setWordWrap(True)
        if gaps:
            items = "".join(f"<li>{escape(g)}</li>" for g in gaps)
            self.gaps_label.setText(
                f"<p style='color:{AMBER}'><b>This MOU is not complete yet</b>; the draft will "
                f"show what is there.</p><ul>{items}</ul>"
            )
        self.gaps_label.setVisible(bool(gaps))
        layout.addWidget(self.gaps_label)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Generate")
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _browse_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save draft as", self.out_edit.text(), DOCX_FILTER
        )
        if path:
            self.out_edit.setText(path if path.lower().endswith(".docx") else f"{path}.docx")

    def _browse_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a template", "", DOCX_FILTER)
        if path:
            self.template_edit.setText(path)
            self.own_radio.setChecked(True)

    def request(self) -> GenerateRequest:
        template = Path(self.template_edit.text().strip()) if self.own_radio.isChecked() else None
        return GenerateRequest(
            Path(self.out_edit.text().strip()).expanduser(), template, self.pdf_check.isChecked()
        )

    def _check_and_accept(self) -> None:
        self.out_error.clear_error()
        self.template_error.clear_error()
        request = self.request()
        ok = True
        if not self.out_edit.text().strip() or request.out.suffix.lower() != ".docx":
            self.out_error.show_error("Give a file name ending in .docx")
            ok = False
        elif not request.out.parent.is_dir():
            self.out_error.show_error(f"The folder {request.out.parent} does not exist")
            ok = False
        if self.own_radio.isChecked():
            if not self.template_edit.text().strip():
                self.template_error.show_error("Choose your template file, or use the default")
                ok = False
            elif request.template is not None and not request.template.is_file():
                self.template_error.show_error(f"{request.template} does not exist")
                ok = False
        if ok and request.out.exists():
            answer = QMessageBox.question(
                self,
                APP_NAME,
                f"{request.out.name} already exists in {request.out.parent}. Replace it?",
            )
            ok = answer == QMessageBox.StandardButton.Yes
        if ok:
            self.accept()


def generate_draft(
    parent: QWidget,
    context: AppContext,
    mou_id: int,
    request: GenerateRequest,
    on_done: Callable[[Any], None],
) -> None:
    """Write one draft (and its PDF when asked) in the background; say what was written,
    and hand the result to ``on_done``."""
    from partnerdesk.core.mou.documents import generate_document
    from partnerdesk.core.mou.pdf import convert_to_pdf

    database, today = context.database, context.today()

    def work(progress: Any) -> Any:
        progress.step(0, 2 if request.pdf else 1, "Writing the Word document…")
        with database.session() as session:
            result = generate_document(
                session, mou_id, request.out, today=today, template=request.template
            )
        pdf_problem = None
        if request.pdf:
            progress.step(1, 2, "Converting to PDF with LibreOffice…")
            try:
                convert_to_pdf(result.path)
            except PartnerDeskError as exc:
                pdf_problem = exc.message
        return result, pdf_problem

    def done(outcome: Any) -> None:
        result, pdf_problem = outcome
        on_done(result)
        text = f"The draft was written to {result.path}."
        if request.pdf and pdf_problem is None:
            text += f"\nPDF: {result.path.with_suffix('.pdf')}"
        if pdf_problem:
            QMessageBox.warning(parent, APP_NAME, f"{text}\n\nNo PDF: {pdf_problem}")
        else:
            QMessageBox.information(parent, APP_NAME, text)

    run_task(
        work,
        done,
        lambda exc, _trace: QMessageBox.critical(
            parent, APP_NAME, f"The draft was not generated: {error_message(exc)}"
        ),
        parent=parent,
        title="Generating the draft…",
    )


def generate_drafts(
    parent: QWidget,
    context: AppContext,
    mou_ids: Sequence[int],
    folder: Path,
    template: Path | None,
    on_done: Callable[[Any], None],
) -> None:
    """Generate one draft per MOU into ``folder`` in the background (progress + Cancel);
    ``on_done`` gets the result, or None when the user cancelled."""
    from partnerdesk.core.mou.documents import bulk_file_names, generate_documents

    with context.database.session() as session:
        names = bulk_file_names(session, mou_ids)
    existing = [name for name in names.values() if (folder / name).exists()]
    if existing:
        answer = QMessageBox.question(
            parent,
            APP_NAME,
            f"{len(existing)} of the drafts already exist in {folder} "
            f"({', '.join(existing[:3])}{'…' if len(existing) > 3 else ''}). Replace them?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
    database, today = context.database, context.today()
    written: list[Path] = []

    def work(progress: Any) -> Any:
        return generate_documents(
            database, list(mou_ids), folder, today=today, template=template,
            progress=progress, on_written=written.append,
        )  # fmt: skip

    def done(result: Any) -> None:
        on_done(result)
        text = f"{len(result.written)} draft(s) written to {folder}."
        if result.failed:
            problems = "\n".join(f"• MOU #{mou_id}: {message}" for mou_id, message in result.failed)
            QMessageBox.warning(parent, APP_NAME, f"{text}\n\nNot generated:\n{problems}")
        else:
            QMessageBox.information(parent, APP_NAME, text)

    def cancelled() -> None:
        on_done(None)
        QMessageBox.information(
            parent,
            APP_NAME,
            f"Cancelled. {len(written)} of {len(mou_ids)} draft(s) had been written to "
            f"{folder}; each of those is complete.",
        )

    run_task(
        work,
        done,
        lambda exc, _trace: QMessageBox.critical(
            parent, APP_NAME, f"The drafts were not generated: {error_message(exc)}"
        ),
        parent=parent,
        title=f"Generating {len(mou_ids)} drafts…",
        on_cancelled=cancelled,
    )
