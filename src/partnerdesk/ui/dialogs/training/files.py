"""The Training area's files: a session's sign-in sheet (.docx, to print) and attendance
sheet (.xlsx, to fill in and import), the training workbook or printable matrix, and
printing the matrix on screen. Each is written off the UI thread; a document to print is
offered to open at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from partnerdesk import APP_NAME
from partnerdesk.core.platform.progress import Progress
from partnerdesk.core.training.readiness import Readiness
from partnerdesk.core.training.sessions import SessionRow
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task

WORKBOOK_FILTER = "Excel workbook (*.xlsx);;Printable matrix, web page (*.html)"


def _ask_path(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    name, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if not name:
        return None
    path = Path(name)
    if not path.suffix:  # the filter chosen says which kind
        path = path.with_suffix(".html" if "html" in chosen else Path(suggested).suffix)
    return path


def _write(
    parent: QWidget,
    title: str,
    job: Callable[[Progress], Any],
    describe: Callable[[Any], str],
    *,
    offer_to_open: Path | None = None,
) -> None:
    def done(result: Any) -> None:
        text = describe(result)
        if offer_to_open is None:
            QMessageBox.information(parent, APP_NAME, text)
            return
        answer = QMessageBox.question(parent, APP_NAME, f"{text}\n\nOpen it now to print?")
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(offer_to_open)))

    def failed(exc: BaseException, _trace: str) -> None:
        QMessageBox.warning(parent, APP_NAME, f"Nothing was saved: {error_message(exc)}")

    run_task(job, done, failed, parent=parent, title=title)


def save_sign_in_sheet(parent: QWidget, context: AppContext, row: SessionRow) -> None:
    from partnerdesk.core.training.sign_in import write_sign_in_sheet

    suggested = str(Path.home() / f"sign-in-S{row.id}-{row.start_date.isoformat()}.docx")
    path = _ask_path(parent, "Save the sign-in sheet", suggested, "Word document (*.docx)")
    if path is None:
        return
    database, today = context.database, context.today()

    def job(_progress: Progress) -> tuple[Path, int]:
        with database.session() as session:
            return write_sign_in_sheet(session, row.id, path, today)

    _write(
        parent,
        "Writing the sign-in sheet…",
        job,
        lambda result: (
            f"Saved {result[0].name}: {result[1]} people listed, with blank lines for walk-ins."
        ),
        offer_to_open=path,
    )


def save_attendance_sheet(parent: QWidget, context: AppContext, row: SessionRow) -> None:
    from partnerdesk.core.training.sign_in import write_attendance_sheet

    suggested = str(Path.home() / f"attendance-S{row.id}-{row.start_date.isoformat()}.xlsx")
    path = _ask_path(parent, "Save the attendance sheet", suggested, "Excel workbook (*.xlsx)")
    if path is None:
        return
    database = context.database

    def job(_progress: Progress) -> tuple[Path, int]:
        with database.session() as session:
            return write_attendance_sheet(session, row.id, path)

    _write(
        parent,
        "Writing the attendance sheet…",
        job,
        lambda result: (
            f"Saved {result[0].name} with {result[1]} people. Fill in the Hours "
            "column, then import it (Import attendance, Ctrl+I)."
        ),
    )


def export_training(parent: QWidget, context: AppContext) -> None:
    """The training workbook (.xlsx) or the printable matrix (.html), by the name chosen."""
    from partnerdesk.core.training.report import write_matrix_report
    from partnerdesk.core.training.roster import export_roster

    today = context.today()
    suggested = str(Path.home() / f"training-readiness-{today.isoformat()}.xlsx")
    path = _ask_path(parent, "Export training", suggested, WORKBOOK_FILTER)
    if path is None:
        return
    database = context.database
    html = path.suffix.lower() in (".html", ".htm")

    def job(progress: Progress) -> Any:
        with database.session() as session:
            if html:
                return write_matrix_report(session, path, today)
            return export_roster(session, path, today, progress=progress)

    def describe(result: Any) -> str:
        if html:
            return f"Saved {path.name}: the readiness matrix, ready to print from a browser."
        return (
            f"Saved {result.path.name}: {result.people} responders, {result.items} "
            f"requirement lines, {result.sessions} sessions."
        )

    _write(parent, "Exporting the training workbook…", job, describe)


def print_matrix(
    parent: QWidget, result: Readiness, program: str, on_preview: Callable[[Any], Any]
) -> Any:
    """Preview and print the matrix as shown (``result`` holds the people on screen);
    ``on_preview(dialog)`` shows the preview dialog (the area keeps it, tests look at it)."""
    from PySide6.QtGui import QPageLayout, QTextDocument
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from partnerdesk.core.training.report import matrix_html

    class MatrixPreview(QPrintPreviewDialog):
        """Keeps the printer and the document as long as it lives: it repaints from them
        (a printer collected by Python while the preview is open crashed it)."""

        def __init__(self) -> None:
            self.matrix_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self.matrix_printer.setPageOrientation(QPageLayout.Orientation.Landscape)
            self.matrix_printer.setDocName(f"Training readiness {result.today.isoformat()}")
            super().__init__(self.matrix_printer, parent)
            self.setWindowTitle("Print the readiness matrix")
            self.document = QTextDocument(self)
            self.document.setHtml(matrix_html(result, program))
            self.paintRequested.connect(self.document.print_)

    preview = MatrixPreview()
    on_preview(preview)
    return preview


def visible_readiness(result: Readiness, people: list[Any], today: date) -> Readiness:
    """``result`` narrowed to ``people`` (what the filters show)."""
    return Readiness(today, result.window_days, result.courses, tuple(people))
