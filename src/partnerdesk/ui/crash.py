"""When the desktop app meets a bug: a crash report in the log folder and a dialog that says
where it is and which version this is, instead of an action that silently does nothing or a
window that vanishes.

:func:`install_crash_handlers` sets ``sys.excepthook`` (an exception raised in a slot, a
timer or an event handler reaches it) and a Qt message handler (Qt's fatal errors write a
report before Qt aborts; its warnings go to the log as well as to stderr).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from partnerdesk import APP_NAME
from partnerdesk.core.platform import logs
from partnerdesk.core.platform.release import version_line

MessageHandler = Callable[[QtMsgType, QMessageLogContext, str], Any]

_dialog_open = False  # a bug that repeats while the dialog is up writes reports, not dialogs
_previous_qt_handler: MessageHandler | None = None


def install_crash_handlers() -> None:
    global _previous_qt_handler
    sys.excepthook = handle_exception
    _previous_qt_handler = qInstallMessageHandler(handle_qt_message)


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, trace: TracebackType | None
) -> None:
    """``sys.excepthook``: report, tell the person, and keep the app running."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, trace)
        return
    sys.__excepthook__(exc_type, exc, trace)  # still on stderr, for whoever started it there
    try:
        report = logs.write_crash_report(exc_type, exc, trace)
    except OSError as problem:  # a full disk or an unwritable folder: say so, do not loop
        print(f"partnerdesk: could not write a crash report: {problem}", file=sys.stderr)
        return
    show_crash_dialog(report)


def handle_qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages: a fatal one writes a crash report (Qt aborts right after this
    returns); warnings and criticals go to the log too; all are passed on as before."""
    if mode == QtMsgType.QtFatalMsg:
        with contextlib.suppress(OSError):  # Qt aborts next whatever happens here
            logs.write_crash_report(None, None, None, what=f"Qt fatal error: {message}")
    elif mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg):
        logs.log.warning("Qt: %s", message)
    if _previous_qt_handler is not None:
        _previous_qt_handler(mode, context, message)
    else:
        print(message, file=sys.stderr)


def crash_text(report: Path) -> str:
    return (
        f"{APP_NAME} met a problem it did not expect, and the last action may not have "
        "finished. What was saved before it is safe.\n\n"
        f"A report was written to:\n{report}\n\n"
        f"Please send that file to whoever looks after PartnerDesk for you. Version: "
        f"{version_line()}."
    )


def show_crash_dialog(report: Path, parent: QWidget | None = None) -> None:
    """The dialog: what happened, where the report is, the version; it can open the folder."""
    global _dialog_open
    if _dialog_open or not someone_can_answer():
        return
    _dialog_open = True
    try:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            f"{APP_NAME}: something went wrong",
            crash_text(report),
            parent=parent or QApplication.activeWindow(),
        )
        box.setObjectName("crashDialog")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        show_folder = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is show_folder:
            open_folder(report.parent)
    finally:
        _dialog_open = False


def someone_can_answer() -> bool:
    """False without a screen (offscreen runs, scripted smoke tests): a dialog there would
    wait forever; the report and stderr say it all."""
    return QApplication.instance() is not None and QGuiApplication.platformName() != "offscreen"


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the file manager (created first, so there is something to show)."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
