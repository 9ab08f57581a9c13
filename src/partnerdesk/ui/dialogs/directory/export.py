"""Exporting the directory (.xlsx, .csv or vCard) or a group's roster: personal data,
so the user confirms first; then where to, and the file is written in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from partnerdesk import APP_NAME
from partnerdesk.core.directory.groups import GroupRow
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task

EXPORT_FILTERS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV file (*.csv)": ".csv",
    "vCard for address books (*.vcf)": ".vcf",
}


def confirm_personal_data(parent: QWidget, what: str) -> bool:
    from partnerdesk.core.directory.contacts_export import PERSONAL_DATA_WARNING

    answer = QMessageBox.question(
        parent,
        APP_NAME,
        f"{PERSONAL_DATA_WARNING}\n\nExport {what}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def export_directory(parent: QWidget, context: AppContext, total: int) -> None:
    """Every contact (``total`` of them) to a file the user names, in the format chosen."""
    if not confirm_personal_data(parent, f"the directory ({total:,} contacts)"):
        return
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export contacts", "contacts.xlsx", ";;".join(EXPORT_FILTERS)
    )
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() not in EXPORT_FILTERS.values():
        target = target.with_name(target.name + EXPORT_FILTERS.get(chosen, ".xlsx"))
    export_contacts_to(parent, context, target)


def export_contacts_to(
    parent: QWidget, context: AppContext, path: Path, group_id: int | None = None
) -> None:
    from partnerdesk.core.directory.contacts_export import export_contacts

    database = context.database

    def job(progress: Any) -> Any:
        with database.session() as session:
            return export_contacts(session, path, group_id=group_id, progress=progress)

    def done(result: Any) -> None:
        QMessageBox.information(parent, APP_NAME, result.describe() + ".")

    run_task(job, done, _failed_in(parent), parent=parent, title="Exporting contacts")


def export_roster(parent: QWidget, context: AppContext, group: GroupRow) -> None:
    """The members of ``group`` to a workbook the user names."""
    if not confirm_personal_data(parent, f"the roster of the {group.name}"):
        return
    default = "".join(ch if ch.isalnum() else "-" for ch in group.name.lower()).strip("-")
    path, _chosen = QFileDialog.getSaveFileName(
        parent, "Export roster", f"{default}-roster.xlsx", "Excel workbook (*.xlsx)"
    )
    if not path:
        return
    target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
    export_roster_to(parent, context, target, group.id)


def export_roster_to(parent: QWidget, context: AppContext, path: Path, group_id: int) -> None:
    from partnerdesk.core.directory.groups import export_roster as write_roster

    database, today = context.database, context.today()

    def job(_progress: Any) -> int:
        with database.session() as session:
            return write_roster(session, group_id, path, today=today)

    def done(count: int) -> None:
        QMessageBox.information(parent, APP_NAME, f"Wrote {path} ({count} member(s)).")

    run_task(job, done, _failed_in(parent), parent=parent, title="Exporting the roster")


def _failed_in(parent: QWidget) -> Any:
    def failed(exc: BaseException, _trace: str) -> None:
        QMessageBox.critical(parent, APP_NAME, error_message(exc))

    return failed
