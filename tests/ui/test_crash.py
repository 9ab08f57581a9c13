"""A bug in the desktop app writes a crash report into the log folder and says so in a
dialog with the report's path and the version, instead of an action that silently does
nothing; Help > Open log folder shows where the reports are."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from partnerdesk.core.platform import logs
from partnerdesk.core.platform.release import version_line
from partnerdesk.ui import crash
from partnerdesk.ui.main_window import MainWindow


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return opened


@pytest.fixture
def crash_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Crash dialogs shown (a screen is pretended: offscreen, none would be); each one's
    "Open log folder" button is pressed."""
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        next(b for b in box.buttons() if b.text() == "Open log folder").click()
        return 0

    monkeypatch.setattr(crash, "someone_can_answer", lambda: True)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def crash_handlers(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    crash.install_crash_handlers()
    yield
    qInstallMessageHandler(crash._previous_qt_handler)


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_slot_writes_a_report_and_says_where(
    window: MainWindow,
    crash_handlers: None,
    crash_dialogs: list[QMessageBox],
    opened_urls: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken() -> None:
        raise ZeroDivisionError("a bug in reloading")

    monkeypatch.setattr(window.context, "reload_everything", broken)
    window.refresh_action.trigger()  # F5: the slot raises

    (report,) = logs.log_folder().glob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug in reloading" in text and version_line() in text
    (dialog,) = crash_dialogs
    assert str(report) in dialog.text() and version_line() in dialog.text()
    assert dialog.parent() is window
    assert opened_urls == [str(logs.log_folder())]  # its "Open log folder" button
    assert "ZeroDivisionError" in capsys.readouterr().err  # still on stderr too
    assert window.isVisible()  # the app goes on


def test_offscreen_nobody_is_asked_but_the_report_is_written(
    crash_handlers: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    execs: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: execs.append(box))
    try:
        raise RuntimeError("at start-up")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert execs == []
    (report,) = logs.log_folder().glob("crash-*.txt")
    assert "RuntimeError: at start-up" in report.read_text(encoding="utf-8")
    capsys.readouterr()


def test_a_fatal_qt_error_writes_a_report_first(crash_handlers: None) -> None:
    crash.handle_qt_message(QtMsgType.QtFatalMsg, QMessageLogContext(), "cannot load xcb")
    (report,) = logs.log_folder().glob("crash-*.txt")
    assert "Qt fatal error: cannot load xcb" in report.read_text(encoding="utf-8")


def test_help_opens_the_log_folder(window: MainWindow, opened_urls: list[str]) -> None:
    window.log_folder_action.trigger()
    assert opened_urls == [str(logs.log_folder())]
    assert logs.log_folder().is_dir()


def test_the_window_and_the_about_box_carry_the_application_icon(
    window: MainWindow, message_boxes: list[Any]
) -> None:
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    window.about_action.trigger()
    ((kind, text),) = message_boxes
    assert kind == "about" and f"Log folder: {logs.log_folder()}" in text
    # QMessageBox.about shows its parent's window icon: the same one.
    assert QMessageBox(window).windowIcon().cacheKey() == icon.cacheKey()


def test_the_icon_files_are_the_svg_rendered(qapp: Any) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    try:
        from render_icons import render
    finally:
        sys.path.pop(0)
    from PySide6.QtGui import QImage

    from partnerdesk.ui.app_icon import ICON_SIZES, icon_file

    for size in ICON_SIZES:
        committed = QImage(icon_file(size)).convertToFormat(QImage.Format.Format_ARGB32)
        fresh = render(size)
        assert (committed.width(), committed.height()) == (size, size)
        differing = sum(
            committed.pixel(x, y) != fresh.pixel(x, y) for x in range(size) for y in range(size)
        )
        assert differing <= size * size // 20, f"run scripts/render_icons.py ({size} px)"


def test_qt_warnings_go_to_the_log_file_and_not_twice_to_stderr(
    crash_handlers: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler_count = len(logs.log.handlers)
    path = logs.start_logging(tmp_path)
    try:
        message = "This plugin does not support propagateSizeHints()"  # a harmless one
        crash.handle_qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), message)
        assert f"WARNING partnerdesk: Qt: {message}" in path.read_text(encoding="utf-8")
        assert "Qt: " not in capsys.readouterr().err
    finally:
        for handler in logs.log.handlers[handler_count:]:
            handler.close()
            logs.log.removeHandler(handler)
