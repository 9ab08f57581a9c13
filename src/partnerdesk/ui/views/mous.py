"""MOUs area: the register of agreements and everything done to one of them."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QVBoxLayout, QWidget

from partnerdesk import APP_NAME
from partnerdesk.core.models import MouStatus, ReviewOutcome
from partnerdesk.core.mou.register import MouRow, list_mous
from partnerdesk.core.mou.rules import ALLOWED_TRANSITIONS
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.program.deleted import UNDO_HINT
from partnerdesk.ui.style import AMBER, GREY, RED
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column


def _status_colour(row: MouRow) -> str | None:
    return {
        MouStatus.EXPIRED: RED,
        MouStatus.TERMINATED: GREY,
        MouStatus.UNDER_REVIEW: AMBER,
    }.get(row.status)


def _review_colour(row: MouRow) -> str | None:
    if row.days_until_review is None:
        return None
    if row.days_until_review < 0:
        return RED
    return AMBER if row.days_until_review <= 30 else None


def _review_text(row: MouRow) -> str:
    if row.next_review_due is None:
        return ""
    snoozed = " (snoozed)" if row.review_snoozed else ""
    return f"{row.next_review_due.isoformat()}{snoozed}"


def _status_text(row: MouRow) -> str:
    text = row.status.label
    if row.status != row.recorded_status:
        text += f" (recorded {row.recorded_status.label.lower()})"
    if row.in_force_version is not None:
        text += f" · v{row.in_force_version} in force"
    return text + (" · archived" if row.archived else "")


MOU_COLUMNS: list[Column[MouRow]] = [
    Column("Code", lambda r: r.reference_code),
    Column("Version", lambda r: r.version_number, align_right=True),
    Column("Title", lambda r: r.title, weight=2.5),
    Column("Status", _status_text, colour=_status_colour),
    Column("Next review", _review_text, colour=_review_colour),
    Column("Expires", lambda r: r.expiry_date),
    Column("Effective", lambda r: r.effective_date),
    Column("Model", lambda r: r.response_model),
    Column("Owner", lambda r: r.owner),
    Column("Parties", lambda r: r.parties),
]


MOU_KINDS = (ChangeKind.MOU, ChangeKind.REVIEW, ChangeKind.MOU_PARTY)


class MousView(AreaView):
    """The register; opening, amending, reviewing, archiving and deleting an MOU. The
    drafting commands (compose, generate, compare) are added by ``dialogs.mou.drafting``."""

    title = "MOUs"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.show_archived = False
        self.list: RecordList[MouRow] = RecordList(
            context,
            MOU_COLUMNS,
            lambda session: list_mous(
                session, today=context.today(), include_archived=self.show_archived
            ),
            kinds=MOU_KINDS,
            noun="MOUs",
            parent=self,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.list)

        # Short toolbar labels so that actions other areas add still fit; menus keep the
        # full text, and the tooltip gives it too.
        add = self.add_action
        self.new_action = add("&New MOU…", self.new_mou, "Ctrl+N", short="New")
        self.open_action = add("&Open…", self.open_selected, "Ctrl+E", short="Open")
        self.open_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Return")])
        self.duplicate_action = add("D&uplicate…", self.duplicate, "Ctrl+D", short="Duplicate")
        self.amend_action = add("&Amend…", self.amend, "Ctrl+Shift+A", short="Amend")
        self.complete_action = add(
            "&Complete review…", self.complete_review, "Ctrl+R", short="Review done"
        )
        self.snooze_action = add("S&nooze review…", self.snooze_review, short="Snooze")
        self.status_menu = QMenu("Change &status", self)
        self.status_menu.aboutToShow.connect(self._fill_status_menu)
        self.status_action = self.status_menu.menuAction()
        self.status_action.setIconText("Status")
        self.status_action.setToolTip("Change status")
        self.add_tool_action(self.status_action)
        self.archive_action = add("Ar&chive", self.toggle_archive, "Ctrl+Shift+R")
        self.delete_action = add("&Delete…", self.delete_selected, "Delete")
        self.calendar_action = add(
            "Export &calendar (.ics)…", self.export_calendar, "Ctrl+Shift+I", short="Calendar"
        )
        self.archived_action = add("Show arc&hived", self.set_show_archived, short="Archived")
        self.archived_action.setCheckable(True)
        self.list.sig_row_activated.connect(lambda row: self.open_mou(row.id))
        self.list.sig_selection_changed.connect(self._update_actions)
        self.list.sig_loaded.connect(self._update_actions)
        self._update_actions()

    # -- actions
    def current_list(self) -> RecordList[Any]:
        return self.list

    def _update_actions(self) -> None:
        row = self.list.current_row()
        selected = row is not None
        in_force = row is not None and row.in_force and not row.archived
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

    def _selected(self) -> MouRow | None:
        return self.selected(self.list, "an MOU")

    # -- opening and editing
    def _run_editor(self, **how: Any) -> None:
        from partnerdesk.ui.dialogs.mou.editor import EditorMode, MouEditor

        def make() -> MouEditor:
            dialog = MouEditor(self.context, parent=self, **how)
            dialog.sig_saved.connect(self._select_after_save)
            return dialog

        mou_id, mode = how.get("mou_id"), how["mode"]
        if mou_id is None or mode is EditorMode.NEW:
            self.run_dialog(make())
        else:
            self.open_editor(("amend" if mode is EditorMode.AMEND else "mou", mou_id), make)

    def _select_after_save(self, mou_id: int) -> None:
        self.list.select_id(mou_id)
        self._update_actions()

    def new_mou(self) -> None:
        from partnerdesk.ui.dialogs.mou.editor import EditorMode

        self._run_editor(mode=EditorMode.NEW)

    def open_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self.open_mou(row.id)

    def open_mou(self, mou_id: int) -> None:
        from partnerdesk.ui.dialogs.mou.editor import EditorMode

        self._run_editor(mode=EditorMode.EDIT, mou_id=mou_id)

    def duplicate(self) -> None:
        from partnerdesk.core.mou.register import duplicate_input
        from partnerdesk.ui.dialogs.mou.editor import EditorMode

        row = self._selected()
        if row is None:
            return
        with self.context.database.session() as session:
            initial = duplicate_input(session, row.id)
        self._run_editor(mode=EditorMode.NEW, initial=initial, copy_clauses_from=row.id)

    def amend(self, mou_id: int | None = None) -> None:
        from partnerdesk.ui.dialogs.mou.editor import EditorMode

        if mou_id is None:
            row = self._selected()
            if row is None:
                return
            mou_id = row.id
        self._run_editor(mode=EditorMode.AMEND, mou_id=mou_id)

    # -- reviews
    def complete_review(self) -> None:
        from partnerdesk.ui.dialogs.mou.review import CompleteReviewDialog

        row = self._selected()
        if row is None:
            return
        dialog = CompleteReviewDialog(self.context, row.id, parent=self)
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        if dialog.outcome == ReviewOutcome.AMENDED:
            answer = QMessageBox.question(
                self,
                APP_NAME,
                f"The review of {row.reference_code} asks for changes. Draft the amendment "
                f"(version {row.version_number + 1}) now?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.amend(row.id)

    def snooze_review(self) -> None:
        from partnerdesk.ui.dialogs.mou.review import SnoozeDialog

        row = self._selected()
        if row is not None:
            self.run_dialog(SnoozeDialog(self.context, row.id, parent=self))

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
                APP_NAME,
                f"Record {row.reference_code} as {status.label.lower()}?\n\nIts scheduled "
                "review is withdrawn and the status cannot be changed back (an amendment "
                "renews an expired agreement).",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        today = self.context.today()
        self.run_write(
            lambda session: change_status(session, row.id, status, None, today=today),
            done=lambda _: self.show_status(f"{row.reference_code} is now {status.label.lower()}"),
        )

    # -- archive, delete
    def toggle_archive(self) -> None:
        row = self._selected()
        if row is None:
            return
        archive = not row.archived
        if archive:
            answer = QMessageBox.question(
                self,
                APP_NAME,
                f"Archive {row.reference_code} “{row.title}”?\n\nIt leaves the register and "
                "the reminders; everything about it is kept, and Show archived brings it back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._set_archived(row, archive)

    def _set_archived(self, row: MouRow, archive: bool) -> None:
        from partnerdesk.core.mou.commands import set_archived

        self.run_write(
            lambda session: set_archived(session, row.id, archive, None),
            done=lambda _: self.show_status(
                f"{row.reference_code} {'archived' if archive else 'restored'}"
            ),
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
                    APP_NAME,
                    f"{row.reference_code} has {', '.join(blockers)}; it stays archived so that "
                    "its history is kept.",
                )
                return
            answer = QMessageBox.question(
                self,
                APP_NAME,
                f"{row.reference_code} has {', '.join(blockers)}, so it cannot be deleted: its "
                "history must be kept.\n\nArchive it instead? It leaves the register and the "
                "reminders, and can be restored.",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._set_archived(row, True)
            return
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Delete {row.reference_code} “{row.title}” with its parties?\n\n" + UNDO_HINT,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run_write(
                lambda session: delete_mou(session, row.id),
                done=lambda _: self.show_status(f"{row.reference_code} deleted"),
            )

    def set_show_archived(self) -> None:
        self.show_archived = self.archived_action.isChecked()
        self.list.mark_stale()
        self.list.ensure_loaded()

    # -- calendar
    def export_calendar(self, path: str | None = None) -> None:
        from partnerdesk.ui.dialogs.mou.calendar import export_calendar_dialog

        export_calendar_dialog(self, self.context, path)

    # -- navigation
    def show_mou(self, mou_id: int) -> bool:
        self.list.ensure_loaded()
        found = self.list.select_where(lambda row: row.id == mou_id)
        self._update_actions()
        return found
