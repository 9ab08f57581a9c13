"""The launch notification: what is overdue or due this week, said once when the app opens.

A system tray message where the platform has a tray; otherwise a small dialog with a
"don't show this at launch again" box (remembered in QSettings). Nothing is said when
nothing needs attention this week.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QMessageBox,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from partnerdesk.core.platform.db import Database
from partnerdesk.core.program.dashboard import DashboardSummary, dashboard_summary

SETTING_DIALOG_OFF = "notifications/launch_dialog_off"
TITLE = "PartnerDesk: reviews and expiries"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def launch_message(summary: DashboardSummary) -> str | None:
    """One line per kind of urgent item; None when nothing is overdue or due this week."""
    lines: list[str] = []
    if summary.reviews_overdue:
        lines.append(_plural(summary.reviews_overdue, "review is overdue", "reviews are overdue"))
    if summary.reviews_due_7:
        lines.append(
            _plural(summary.reviews_due_7, "review is due", "reviews are due") + " within 7 days"
        )
    if summary.expired_in_force:
        lines.append(
            _plural(
                summary.expired_in_force,
                "agreement is past its expiry date",
                "agreements are past their expiry date",
            )
        )
    if summary.expiring_7:
        lines.append(
            _plural(summary.expiring_7, "agreement expires", "agreements expire") + " within 7 days"
        )
    if not lines:
        return None
    return "\n".join(lines)


def summary_for(database: Database, today: date) -> DashboardSummary:
    with database.session() as session:
        return dashboard_summary(session, today)


def notify_at_launch(
    window: Any,
    settings: QSettings | None = None,
    *,
    tray_available: bool | None = None,
) -> str | None:
    """Show the launch notification for ``window`` (a MainWindow); returns the text shown.

    The dashboard query is small (well under 100 ms on 2,000 MOUs), so it runs here.
    """
    settings = settings if settings is not None else QSettings()
    context = window.context
    text = launch_message(summary_for(context.database, context.today()))
    if text is None:
        return None
    if tray_available is None:
        tray_available = QSystemTrayIcon.isSystemTrayAvailable()
    if tray_available:
        _tray_message(window, text)
        return text
    if _flag(settings.value(SETTING_DIALOG_OFF, False)):
        return None
    _dialog(window, settings, text)
    return text


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def _tray_message(window: Any, text: str) -> None:
    icon = QApplication.windowIcon()
    if icon.isNull():
        icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    tray = QSystemTrayIcon(icon, window)
    tray.setToolTip("PartnerDesk")
    tray.messageClicked.connect(lambda: _open_dashboard(window))
    tray.activated.connect(lambda _reason: _open_dashboard(window))
    tray.show()
    tray.showMessage(TITLE, text + "\nOpen the Dashboard to see them.",
                     QSystemTrayIcon.MessageIcon.Warning, 15_000)  # fmt: skip
    window.launch_tray = tray  # keep it alive with the window


def _open_dashboard(window: Any) -> None:
    window.show_area(0)
    window.raise_()
    window.activateWindow()


def _dialog(window: QWidget, settings: QSettings, text: str) -> QMessageBox:
    """Non-blocking (window-modal) so that the window stays responsive behind it."""
    box = QMessageBox(window)
    box.setWindowTitle(TITLE)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(text)
    box.setInformativeText("The Dashboard lists each one; double-click a line to open its MOU.")
    show_button = box.addButton("Show dashboard", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    off = QCheckBox("Don't show this at launch again", box)
    box.setCheckBox(off)

    def finished(_result: int) -> None:
        settings.setValue(SETTING_DIALOG_OFF, off.isChecked())
        if box.clickedButton() is show_button:
            _open_dashboard(window)

    box.finished.connect(finished)
    box.open()
    setattr(window, "launch_dialog", box)  # noqa: B010 - tests and the window keep hold of it
    return box
