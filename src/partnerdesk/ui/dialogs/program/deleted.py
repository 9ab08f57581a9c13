"""Undoing deletions: Edit › Undo deletion (Ctrl+Z) and Edit › Deleted records…

The rule is core's (:mod:`partnerdesk.core.platform.trash`): every deletion is kept until
the list is emptied, and restoring one puts back the record with what went with it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.platform import trash
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.dates import local_time
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.table_model import Column

# Said by every question that asks before deleting.
UNDO_HINT = "Edit › Undo deletion (Ctrl+Z) brings it back."

DELETED_COLUMNS: list[Column[trash.DeletedRow]] = [
    Column("Deleted", lambda r: local_time(r.deleted_at)),
    Column("By", lambda r: r.who),
    Column("Kind", lambda r: r.kind.label),
    Column("What", lambda r: r.label),
    Column("Rows", lambda r: r.records, align_right=True),
]


def _status(parent: QWidget, text: str) -> None:
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


def restore_deletion(parent: QWidget, context: AppContext, deleted_id: int | None = None) -> None:
    """Restore one deletion (by default this user's newest) off the UI thread; say so in
    the status bar, or why not in a message."""
    database = context.database

    def job(_progress: Any) -> trash.DeletedRow | None:
        with database.transaction() as session:
            wanted = deleted_id
            if wanted is None:
                newest = trash.last_deletion(session)
                if newest is None:
                    return None
                wanted = newest.id
            return trash.restore(session, wanted)

    def done(restored: trash.DeletedRow | None) -> None:
        if restored is None:
            _status(parent, "There is no deletion to undo.")
        else:
            _status(parent, f"Restored {restored.label}.")

    run_task(
        job,
        done,
        lambda exc, _trace: QMessageBox.warning(parent, APP_NAME, error_message(exc)),
        parent=parent,
    )


def undo_text(context: AppContext) -> tuple[str, bool]:
    """The Undo command's label, naming what it would bring back, and whether it can."""
    with context.database.session() as session:
        newest = trash.last_deletion(session)
    if newest is None:
        return "&Undo deletion", False
    label = newest.label if len(newest.label) <= 50 else newest.label[:49] + "…"
    return f"&Undo deletion of {label}", True


class DeletedRecordsDialog(QDialog):
    """Every deletion still kept, newest first: restore any, or empty the list."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Deleted records")
        open_at(self, 760, 420)
        intro = QLabel(
            "Everything deleted is kept here until you empty the list. Restoring puts the "
            "record back as it was, with what was deleted with it (an MOU's parties, a "
            "group's members). Edit › Undo deletion (Ctrl+Z) restores your newest one.",
            self,
        )
        intro.setWordWrap(True)
        self.list: RecordList[trash.DeletedRow] = RecordList(
            context,
            DELETED_COLUMNS,
            trash.list_deleted,
            kinds=(ChangeKind.TRASH,),
            noun="deletions",
            parent=self,
        )
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton("&Empty the list…", self)
        self.empty_button.clicked.connect(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.list.sig_row_activated.connect(lambda _row: self.restore_selected())
        self.list.sig_selection_changed.connect(self._update)
        self.list.sig_loaded.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.list.current_row() is not None)
        self.empty_button.setEnabled(self.list.model.total_rows > 0)

    def restore_selected(self) -> None:
        row = self.list.current_row()
        if row is not None:
            restore_deletion(self, self.context, row.id)

    def empty(self) -> None:
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Forget all {self.list.model.total_rows} deletion(s) for good?\n\nThey can no "
            "longer be restored. The audit log keeps what each deleted record was.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        database = self.context.database

        def job(_progress: Any) -> int:
            with database.transaction() as session:
                return trash.empty_trash(session)

        run_task(
            job,
            lambda count: _status(self, f"Emptied the deleted records ({count})."),
            lambda exc, _trace: QMessageBox.warning(self, APP_NAME, error_message(exc)),
            parent=self,
        )
