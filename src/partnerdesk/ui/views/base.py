"""What every area of the main window shares: its commands (made by ``make_action``, in its
Records menu and toolbar), its lists, its dialogs, and writing off the UI thread.

An area never tells the lists that it saved something: the transaction announces what it
changed, and every list showing that kind of record reloads (``widgets.reloading``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar, TypeVar

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QToolButton,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.actions import Shortcut, make_action
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.reloading import ReloadingWidget

RowT = TypeVar("RowT")


class AreaView(ReloadingWidget):
    """One area (Dashboard, MOUs, ...). Its QWidget.actions() are its commands: the main
    window's menu for the area lists them, and ``toolbar`` (placed by the area) shows them."""

    title: ClassVar[str] = ""
    # Ctrl+<number> shows the area; None: its place in the navigation list.
    shortcut_number: ClassVar[int | None] = None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dialog: QDialog | None = None  # the dialog opened last (tests look at it)
        self._editors: dict[Hashable, QDialog] = {}  # the open editor of each record
        # Without a parent until the area places it (an area may have no toolbar).
        self.toolbar = QToolBar(f"{self.title} actions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(18, 18))

    # -- commands
    def add_action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: Shortcut | None = None,
        *,
        tip: str = "",
        short: str = "",
        toolbar: bool = True,
    ) -> QAction:
        """A command of this area, in its menu and (with ``toolbar``) on its toolbar
        (labelled ``short`` when given: see ``make_action``)."""
        action = make_action(self, text, slot, shortcut, tip=tip, short=short)
        self.add_tool_action(action, toolbar=toolbar)
        return action

    def add_tool_action(self, action: QAction, *, toolbar: bool = True) -> None:
        """Add a command made elsewhere (another module's feature for this area): its
        shortcut then works while the area has the focus, like the area's own."""
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if action not in self.actions():
            self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)

    def group_toolbar(self, groups: Sequence[Sequence[QAction]]) -> QToolButton:
        """Keep ``groups`` of frequent commands on the toolbar (icon and text, a separator
        between groups) and put every other toolbar command in a "More" menu at its end,
        so that the frequent ones stay visible on a narrow screen. Call it once the area's
        commands (and those other modules add to it) are all there."""
        frequent = [action for group in groups for action in group]
        rest = [a for a in self.toolbar.actions() if a not in frequent and not a.isSeparator()]
        for action in self.toolbar.actions():  # (clear() would delete a submenu's action)
            self.toolbar.removeAction(action)
        for number, group in enumerate(groups):
            if number:
                self.toolbar.addSeparator()
            self.toolbar.addActions(list(group))
        self.more_menu = QMenu("More", self)
        self.more_menu.addActions(rest)
        more = QToolButton(self.toolbar)
        more.setText("More")
        more.setToolTip("More commands (all of them are also in the menu bar)")
        more.setMenu(self.more_menu)
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        from partnerdesk.ui.icons import icon

        more.setIcon(icon("dots"))
        self.toolbar.addSeparator()
        self.toolbar.addWidget(more)
        return more

    # -- lists
    def current_list(self) -> RecordList[Any] | None:
        """The list the user is looking at, which Ctrl+F filters (each area says which)."""
        return None

    def focus_filter(self) -> None:
        current = self.current_list()
        if current is not None:
            current.focus_filter()

    def selected(self, rows: RecordList[RowT], what: str) -> RowT | None:
        """The selected row, or None after telling the user to select ``what`` first."""
        row = rows.current_row()
        if row is None:
            QMessageBox.information(self, APP_NAME, f"Select {what} in the list first.")
        return row

    # -- dialogs
    def open_editor(
        self, record: Hashable, make: Callable[[], QDialog], *, wait: bool = True
    ) -> QDialog:
        """The editor of ``record`` (a key such as ``("mou", 12)``): the one already open is
        brought forward; otherwise ``make()`` builds one, which is shown and waited for
        (``run_dialog``) or, without ``wait``, opened window-modal (``open_dialog``).
        One record, one editor: two would save over each other."""
        already = self._editors.get(record)
        if already is not None and shiboken6.isValid(already) and already.isVisible():
            already.raise_()
            already.activateWindow()
            return already
        dialog = make()
        self._editors[record] = dialog

        def forget(_result: int = 0) -> None:
            if self._editors.get(record) is dialog:
                del self._editors[record]

        dialog.finished.connect(forget)
        if wait:
            self.run_dialog(dialog)
        else:
            self.open_dialog(dialog)
        return dialog

    def run_dialog(self, dialog: QDialog) -> int:
        """Show ``dialog`` and wait for it; it is kept until the next one opens (a finished
        dialog otherwise lives, and keeps listening for changes, as long as this area)."""
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.deleteLater()
        self.dialog = dialog
        return dialog.exec()

    def open_dialog(self, dialog: QDialog) -> QDialog:
        """Show ``dialog`` without waiting (window-modal); it is deleted when closed."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # -- writing
    def run_write(
        self,
        change: Callable[[Session], Any],
        *,
        done: Callable[[Any], object] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Run ``change(session)`` in one transaction off the UI thread, then ``done`` with
        what it returned; a refusal goes to ``failed``, or by default to a message box."""
        database = self.context.database

        def job(_progress: Any) -> Any:
            with database.transaction() as session:
                return change(session)

        def refused(exc: BaseException, _trace: str) -> None:
            if failed is not None:
                failed(exc)
            else:
                QMessageBox.warning(self, APP_NAME, error_message(exc))

        run_task(job, done or (lambda _result: None), refused, parent=self)

    def show_status(self, text: str, msecs: int = 5000) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, msecs)
