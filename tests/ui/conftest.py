"""GUI test fixtures: a main window on a demo database, with background work made inline
and message boxes recorded instead of blocking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox

from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.core.program.demo import load_demo
from partnerdesk.ui import tasks
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.clauses import ClausesView
from partnerdesk.ui.views.funding import FundingView
from partnerdesk.ui.views.mous import MousView
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


@pytest.fixture(autouse=True)
def synchronous_tasks() -> Iterator[None]:
    tasks.set_synchronous(True)
    yield
    tasks.set_synchronous(False)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every QMessageBox shown during a test, as (kind, text); none of them blocks."""
    shown: list[tuple[str, str]] = []

    def recorder(kind: str, answer: Any) -> Any:
        def show(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            shown.append((kind, text))
            return answer

        return show

    monkeypatch.setattr(
        QMessageBox, "critical", recorder("critical", QMessageBox.StandardButton.Close)
    )
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(
        QMessageBox, "information", recorder("information", QMessageBox.StandardButton.Ok)
    )
    monkeypatch.setattr(
        QMessageBox, "question", recorder("question", QMessageBox.StandardButton.Yes)
    )
    monkeypatch.setattr(QMessageBox, "about", recorder("about", None))
    return shown


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """Dialogs the app opens with exec(), shown without blocking; each test drives them."""
    opened: list[QDialog] = []

    def fake_exec(dialog: QDialog) -> int:
        opened.append(dialog)
        dialog.show()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    return opened


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def demo_context(tmp_path: Path) -> Iterator[AppContext]:
    database = open_database(DatabaseLocation.for_path(tmp_path / "demo.sqlite3"))
    with database.transaction() as session:
        load_demo(session, TODAY)
    context = AppContext(database, today=lambda: TODAY)
    yield context
    context.database.close()


@pytest.fixture
def window(qtbot: Any, demo_context: AppContext, qsettings: QSettings) -> MainWindow:
    main = MainWindow(demo_context, qsettings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


# -- one area shown, its lists loaded


@pytest.fixture
def mous(window: MainWindow) -> MousView:
    window.show_area(1)
    window.mous.list.ensure_loaded()
    return window.mous


@pytest.fixture
def clauses(window: MainWindow) -> ClausesView:
    window.show_area(2)
    window.clauses.list.ensure_loaded()
    return window.clauses


@pytest.fixture
def funding(window: MainWindow) -> FundingView:
    window.show_area(3)
    return window.funding
