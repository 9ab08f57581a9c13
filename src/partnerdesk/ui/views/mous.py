"""MOUs area: the register of agreements and everything done to one of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMenu,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.models import MouStatus, ReviewOutcome
from partnerdesk.core.mou.register import MouRow, list_mous
from partnerdesk.core.mou.rules import ALLOWED_TRANSITIONS, IN_FORCE
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column
from partnerdesk.ui.tasks import error_message, run_task

OVERDUE_RED = "#b3261e"
SOON_AMBER = "#8a5a00"


def _status_colour(row: MouRow) -> str | None:
    return {
        MouStatus.EXPIRED: OVERDUE_RED,
        MouStatus.TERMINATED: "#6b6b6b",
        MouStatus.UNDER_REVIEW: SOON_AMBER,
    }.get(row.status)


def _review_colour(row: MouRow) -> str | None:
    if row.days_until_review is None:
        return None
    if row.days_until_review < 0:
        return OVERDUE_RED
    return SOON_AMBER if row.days_until_review <= 30 else None


def _review_text(row: MouRow) -> str:
    if row.next_review_due is None:
        return ""
    snoozed = " (snoozed)" if row.review_snoozed else ""
    return f"{row.next_review_due.isoformat()}{snoozed}"


def _status_text(row: MouRow) -> str:
    text = row.status.label
    if row.status != row.recorded_status:
        text += f" (recorded {row.recorded_status.label.lower()})"
    return text + (" · archived" if row.archived else "")


MOU_COLUMNS: list[Column[MouRow]] = [
    Column("Code", lambda r: r.reference_code),
    Column("Version", lambda r: r.version_number, align_right=True),
    Column("Title", lambda r: r.title),
    Column("Status", _status_text, colour=_status_colour),
    Column("Next review", _review_text, colour=_review_colour),
    Column("Expires", lambda r: r.expiry_date),
    Column("Effective", lambda r: r.effective_date),
    Column("Model", lambda r: r.response_model),
    Column("Owner", lambda r: r.owner),
    Column("Parties", lambda r: r.parties),
]


class MousView(QWidget):
    title = "MOUs"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.show_archived = False
        self.list: RecordList[MouRow] = RecordList(
            context,
            MOU_COLUMNS,
            lambda session: list_mous(
                session, today=context.today(), include_archived=self.show_archived
            ),
            entity_types=("mou", "review", "mou_party"),
            noun="MOUs",
            parent=self,
        )
        self.toolbar = QToolBar("MOU actions", self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.list)
        self.editor: QDialog | None = None  # the last dialog opened (tests look at it)

        self.new_action = self._make_action("&New MOU…", self.new_mou, "Ctrl+N")
        self.open_action = self._make_action("&Open…", self.open_selected, "Ctrl+E")
        self.open_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Return")])
        self.duplicate_action = self._make_action("D&uplicate…", self.duplicate, "Ctrl+D")
        self.amend_action = self._make_action("&Amend…", self.amend, "Ctrl+Shift+A")
        self.complete_action = self._make_action(
            "&Complete review…", self.complete_review, "Ctrl+R"
        )
        self.snooze_action = self._make_action("S&nooze review…", self.snooze_review, None)
        self.status_menu = QMenu("Change &status", self)
        self.status_menu.aboutToShow.connect(self._fill_status_menu)
        self.status_action = self.status_menu.menuAction()
        self.archive_action = self._make_action("Ar&chive", self.toggle_archive, "Ctrl+Shift+R")
        self.delete_action = self._make_action("&Delete…", self.delete_selected, "Delete")
        self.calendar_action = self._make_action(
            "Export &calendar (.ics)…", self.export_calendar, "Ctrl+Shift+I"
        )
        self.archived_action = self._make_action("Show arc&hived", self.set_show_archived, None)
        self.archived_action.setCheckable(True)
        # Short toolbar labels so that actions other areas add still fit; menus keep the
        # full text, and the tooltip gives it too.
        for action, short in (
            (self.new_action, "New"),
            (self.open_action, "Open"),
            (self.duplicate_action, "Duplicate"),
            (self.amend_action, "Amend"),
            (self.complete_action, "Review done"),
            (self.snooze_action, "Snooze"),
            (self.status_action, "Status"),
            (self.calendar_action, "Calendar"),
            (self.archived_action, "Archived"),
        ):
            action.setIconText(short)
            action.setToolTip(action.text().replace("&", "").rstrip("…"))
        for action in (
            self.new_action, self.open_action, self.duplicate_action, self.amend_action,
            self.complete_action, self.snooze_action, self.status_action, self.archive_action,
            self.delete_action,
            self.calendar_action, self.archived_action,
        ):  # fmt: skip
            self.add_tool_action(action)
        self.list.sig_row_activated.connect(lambda row: self.open_mou(row.id))
        self.list.sig_selection_changed.connect(self._update_actions)
        self.list.sig_loaded.connect(self._update_actions)
        self._update_actions()

    # -- actions
    def _make_action(self, text: str, slot: Any, shortcut: str | None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def add_tool_action(self, action: QAction) -> None:
        """Add a command to this area: its menu (the main window's MOUs menu) and toolbar.

        Other areas' features (e.g. document generation) call this too; the action acts on
        ``self.list.current_row()``.
        """
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if action not in self.actions():
            self.addAction(action)
        self.toolbar.addAction(action)

    def _update_actions(self) -> None:
        row = self.list.current_row()
        selected = row is not None
        in_force = row is not None and row.recorded_status in IN_FORCE and not row.archived
        for action in (self.open_action, self.duplicate_action, self.delete_action):
            action.setEnabled(selected)
        self.amend_action.setEnabled(
            row is not None
            and not row.archived
            and row.recorded_status not in (MouStatus.TERMINATED,)
        )
        self.complete_action.setEnabled(in_force)
        self.snooze_action.setEnabled(
            in_force and row is not None and row.next_review_due is not None
        )
        self.status_action.setEnabled(
            row is not None and not row.archived and bool(ALLOWED_TRANSITIONS[row.recorded_status])
        )
        self.archive_action.setEnabled(selected)
        self.archive_action.setText(
            "Restore from ar&chive" if row is not None and row.archived else "Ar&chive"
        )

    def _keep(self, dialog: QDialog) -> None:
        """Hold the dialog just opened and release the one before (a finished dialog
        otherwise lives, and keeps listening for data changes, as long as this view)."""
        if self.editor is not None and self.editor is not dialog:
            self.editor.deleteLater()
        self.editor = dialog

    def _selected(self) -> MouRow | None:
        row = self.list.current_row()
        if row is None:
            QMessageBox.information(self, "PartnerDesk", "Select an MOU in the list first.")
        return row

    # -- opening and editing
    def _run_editor(self, dialog: QDialog) -> None:
        from partnerdesk.ui.dialogs.mou_editor import MouEditor

        self._keep(dialog)
        assert isinstance(dialog, MouEditor)
        dialog.sig_saved.connect(self._select_after_save)
        dialog.exec()

    def _select_after_save(self, mou_id: int) -> None:
        self.list.reload()
        self.show_mou(mou_id)

    def new_mou(self) -> None:
        from partnerdesk.ui.dialogs.mou_editor import EditorMode, MouEditor

        self._run_editor(MouEditor(self.context, mode=EditorMode.NEW, parent=self))

    def open_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self.open_mou(row.id)

    def open_mou(self, mou_id: int) -> None:
        from partnerdesk.ui.dialogs.mou_editor import EditorMode, MouEditor

        self._run_editor(MouEditor(self.context, mode=EditorMode.EDIT, mou_id=mou_id, parent=self))

    def duplicate(self) -> None:
        from partnerdesk.core.mou.register import duplicate_input
        from partnerdesk.ui.dialogs.mou_editor import EditorMode, MouEditor

        row = self._selected()
        if row is None:
            return
        with self.context.database.session() as session:
            initial = duplicate_input(session, row.id)
        self._run_editor(
            MouEditor(
                self.context,
                mode=EditorMode.NEW,
                initial=initial,
                copy_clauses_from=row.id,
                parent=self,
            )
        )

    def amend(self, mou_id: int | None = None) -> None:
        from partnerdesk.ui.dialogs.mou_editor import EditorMode, MouEditor

        if mou_id is None:
            row = self._selected()
            if row is None:
                return
            mou_id = row.id
        self._run_editor(MouEditor(self.context, mode=EditorMode.AMEND, mou_id=mou_id, parent=self))

    # -- reviews
    def complete_review(self) -> None:
        from partnerdesk.ui.dialogs.review_dialog import CompleteReviewDialog

        row = self._selected()
        if row is None:
            return
        dialog = CompleteReviewDialog(self.context, row.id, parent=self)
        self._keep(dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if getattr(dialog, "outcome", None) == ReviewOutcome.AMENDED:
            answer = QMessageBox.question(
                self,
                "PartnerDesk",
                f"The review of {row.reference_code} asks for changes. Draft the amendment "
                f"(version {row.version_number + 1}) now?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.amend(row.id)

    def snooze_review(self) -> None:
        from partnerdesk.ui.dialogs.review_dialog import SnoozeDialog

        row = self._selected()
        if row is None:
            return
        dialog = SnoozeDialog(self.context, row.id, parent=self)
        self._keep(dialog)
        dialog.exec()

    # -- status
    def _fill_status_menu(self) -> None:
        """Only the changes the lifecycle allows from the selected MOU's status."""
        self.status_menu.clear()
        row = self.list.current_row()
        if row is None:
            return
        for status in ALLOWED_TRANSITIONS[row.recorded_status]:
            action = self.status_menu.addAction(status.label)
            action.triggered.connect(
                lambda _checked=False, status=status: self.change_status(status)
            )

    def change_status(self, status: MouStatus) -> None:
        from partnerdesk.core.mou.commands import change_status

        row = self._selected()
        if row is None:
            return
        if status in (MouStatus.TERMINATED, MouStatus.EXPIRED):
            answer = QMessageBox.question(
                self,
                "PartnerDesk",
                f"Record {row.reference_code} as {status.label.lower()}?\n\nIts scheduled "
                "review is withdrawn and the status cannot be changed back (an amendment "
                "renews an expired agreement).",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        today = self.context.today()
        self._write(
            lambda session: change_status(session, row.id, status, None, today=today),
            f"{row.reference_code} is now {status.label.lower()}",
        )

    # -- archive, delete
    def toggle_archive(self) -> None:
        from partnerdesk.core.mou.commands import set_archived

        row = self._selected()
        if row is None:
            return
        archive = not row.archived
        if archive:
            answer = QMessageBox.question(
                self,
                "PartnerDesk",
                f"Archive {row.reference_code} “{row.title}”?\n\nIt leaves the register and "
                "the reminders; everything about it is kept, and Show archived brings it back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._write(
            lambda session: set_archived(session, row.id, archive, None),
            f"{row.reference_code} {'archived' if archive else 'restored'}",
        )

    def delete_selected(self) -> None:
        from partnerdesk.core.mou.commands import delete_mou, deletion_blockers

        row = self._selected()
        if row is None:
            return
        with self.context.database.session() as session:
            blockers = deletion_blockers(session, row.id)
        if blockers:
            if row.archived:
                QMessageBox.information(
                    self,
                    "PartnerDesk",
                    f"{row.reference_code} has {', '.join(blockers)}; it stays archived so that "
                    "its history is kept.",
                )
                return
            answer = QMessageBox.question(
                self,
                "PartnerDesk",
                f"{row.reference_code} has {', '.join(blockers)}, so it cannot be deleted: its "
                "history must be kept.\n\nArchive it instead? It leaves the register and the "
                "reminders, and can be restored.",
            )
            if answer == QMessageBox.StandardButton.Yes:
                from partnerdesk.core.mou.commands import set_archived

                self._write(
                    lambda session: set_archived(session, row.id, True, None),
                    f"{row.reference_code} archived",
                )
            return
        answer = QMessageBox.question(
            self,
            "PartnerDesk",
            f"Delete {row.reference_code} “{row.title}” with its parties?\n\n"
            "The deletion is recorded in the audit log.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(
                lambda session: delete_mou(session, row.id), f"{row.reference_code} deleted"
            )

    def _write(self, change: Any, done_text: str) -> None:
        database = self.context.database

        def job(_progress: Any) -> None:
            with database.transaction() as session:
                change(session)

        def done(_result: Any) -> None:
            self.context.sig_data_changed.emit("mou")
            window = self.window()
            status_bar = getattr(window, "statusBar", None)
            if callable(status_bar):
                status_bar().showMessage(done_text, 5000)

        run_task(
            job,
            done,
            lambda exc, _trace: QMessageBox.warning(self, "PartnerDesk", error_message(exc)),
            parent=self,
        )

    def set_show_archived(self) -> None:
        self.show_archived = self.archived_action.isChecked()
        self.list.mark_stale()
        self.list.ensure_loaded()

    # -- calendar
    def export_calendar(self, path: str | None = None) -> None:
        export_calendar_dialog(self, self.context, path)

    # -- navigation
    def show_mou(self, mou_id: int) -> bool:
        self.list.ensure_loaded()
        found = self.list.select_where(lambda row: row.id == mou_id)
        self._update_actions()
        return found

    def focus_filter(self) -> None:
        self.list.focus_filter()


def export_calendar_dialog(parent: QWidget, context: AppContext, path: str | None = None) -> None:
    """Ask where, write the .ics file in the background, say what was written."""
    if path is None:
        suggested = str(Path.home() / "partnerdesk-reviews.ics")
        path, _ = QFileDialog.getSaveFileName(
            parent, "Export reviews and expiries", suggested, "iCalendar files (*.ics)"
        )
        if not path:
            return
    database, today, target = context.database, context.today(), path

    def job(_progress: Any) -> Any:
        from partnerdesk.core.program.calendar import export_calendar

        with database.transaction() as session:
            return export_calendar(session, target, today=today)

    def done(result: Any) -> None:
        QMessageBox.information(
            parent,
            "PartnerDesk",
            f"Wrote {result.events} events with {result.alarms} reminders to {result.path}."
            "\n\nImport the file into your calendar; importing a newer export updates the "
            "same events instead of adding copies.",
        )

    run_task(
        job,
        done,
        lambda exc, _trace: QMessageBox.warning(
            parent, "PartnerDesk", f"The calendar was not written: {error_message(exc)}"
        ),
        parent=parent,
        title="Exporting calendar…",
    )
