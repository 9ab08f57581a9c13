"""When the database cannot be opened at start-up: say why, and offer a way out
(restore the newest backup of a damaged file, open another database, or quit)."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from partnerdesk import APP_NAME
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import DatabaseOpenError, PartnerDeskError

Choice = Literal["restore", "open", "quit"]
DB_FILE_FILTER = "PartnerDesk databases (*.sqlite3 *.sqlite *.db);;All files (*)"


def ask_recovery(exc: PartnerDeskError, parent: QWidget | None = None) -> Choice:
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, exc.message, parent=parent)
    restore = None
    if isinstance(exc, DatabaseOpenError) and exc.latest_backup is not None:
        restore = box.addButton("Restore newest backup", QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton("Open another database…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or other)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    return "open" if clicked is other else "quit"


def open_with_recovery(location: DatabaseLocation) -> Database | None:
    """The open database, or None when the user chose to quit."""
    from partnerdesk.core.platform.backups import restore

    while True:
        try:
            return open_database(location)
        except PartnerDeskError as exc:
            choice = ask_recovery(exc)
            if choice == "restore" and isinstance(exc, DatabaseOpenError) and exc.latest_backup:
                try:
                    restore(location, exc.latest_backup)
                except PartnerDeskError as failed:
                    QMessageBox.critical(None, APP_NAME, f"The restore failed: {failed.message}")
                continue
            if choice == "open":
                path, _ = QFileDialog.getOpenFileName(None, "Open database", "", DB_FILE_FILTER)
                if path:
                    location = DatabaseLocation.for_path(path)
                    continue
            return None
