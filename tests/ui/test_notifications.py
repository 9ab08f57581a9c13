"""The launch notification: what is overdue or due this week, said once when the app opens."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon

from partnerdesk.core.models import ReviewOutcome
from partnerdesk.core.mou.register import find_mou
from partnerdesk.core.mou.reviews import complete_review
from partnerdesk.ui import notifications
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.notifications import SETTING_DIALOG_OFF, notify_at_launch
from tests.ui.conftest import TODAY


def test_launch_dialog_summarises_and_can_be_turned_off(
    window: MainWindow, qsettings: QSettings
) -> None:
    text = notify_at_launch(window, qsettings, tray_available=False)
    assert text == "1 review is overdue"
    box = window.launch_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.checkBox() is not None
    box.checkBox().setChecked(True)
    box.done(0)
    assert qsettings.value(SETTING_DIALOG_OFF) in (True, "true")
    assert notify_at_launch(window, qsettings, tray_available=False) is None


def test_launch_dialog_show_dashboard_button(window: MainWindow, qsettings: QSettings) -> None:
    window.show_area(2)
    notify_at_launch(window, qsettings, tray_available=False)
    box = window.launch_dialog
    show = next(b for b in box.buttons() if b.text() == "Show dashboard")
    show.click()
    assert window.current_area() is window.dashboard
    assert qsettings.value(SETTING_DIALOG_OFF) in (False, "false")


def test_nothing_urgent_means_no_notification(window: MainWindow, qsettings: QSettings) -> None:
    with window.context.database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-HD-01"),
            completed_date=TODAY,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
        )
    assert notify_at_launch(window, qsettings, tray_available=False) is None
    assert not hasattr(window, "launch_dialog")


class FakeTray:
    """Stands in for QSystemTrayIcon: the offscreen platform has no tray to show."""

    MessageIcon = QSystemTrayIcon.MessageIcon
    shown: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, _icon: Any, _parent: Any) -> None:
        self.messageClicked = FakeSignal()
        self.activated = FakeSignal()

    def setToolTip(self, _text: str) -> None: ...

    def show(self) -> None: ...

    def showMessage(self, title: str, text: str, *_args: Any) -> None:
        FakeTray.shown.append((title, text))


class FakeSignal:
    def __init__(self) -> None:
        self.slots: list[Any] = []

    def connect(self, slot: Any) -> None:
        self.slots.append(slot)


def test_with_a_tray_the_message_goes_there(
    window: MainWindow, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notifications, "QSystemTrayIcon", FakeTray)
    window.show_area(3)
    text = notify_at_launch(window, qsettings, tray_available=True)
    assert text == "1 review is overdue"
    title, message = FakeTray.shown[-1]
    assert "reviews and expiries" in title and message.startswith("1 review is overdue")
    assert not hasattr(window, "launch_dialog")
    window.launch_tray.messageClicked.slots[0]()  # clicking the message opens the Dashboard
    assert window.current_area() is window.dashboard
