"""Start-up on a database that cannot be opened: the user is offered a way out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from partnerdesk.core.platform.database_files import backup_sqlite
from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.core.platform.errors import DatabaseOpenError, PartnerDeskError
from partnerdesk.core.program.demo import load_demo
from partnerdesk.core.program.info import table_counts
from partnerdesk.ui import recovery
from tests.ui.conftest import TODAY


@pytest.fixture
def damaged_with_backup(tmp_path: Path) -> tuple[DatabaseLocation, dict[str, int]]:
    location = DatabaseLocation.for_path(tmp_path / "program.sqlite3")
    database = open_database(location)
    with database.transaction() as session:
        load_demo(session, TODAY)
    counts = table_counts(database)
    database.close()
    assert location.path is not None
    backup_sqlite(location.path, reason="daily")
    with location.path.open("r+b") as handle:
        handle.truncate(location.path.stat().st_size // 3)
    return location, counts


def test_a_damaged_file_offers_the_newest_backup_and_restoring_it_opens_the_program(
    damaged_with_backup: tuple[DatabaseLocation, dict[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    qapp: Any,
) -> None:
    location, counts = damaged_with_backup
    offered: list[PartnerDeskError] = []

    def choose(exc: PartnerDeskError, parent: Any = None) -> str:
        offered.append(exc)
        return "restore"

    monkeypatch.setattr(recovery, "ask_recovery", choose)
    database = recovery.open_with_recovery(location)
    assert database is not None
    try:
        assert table_counts(database) == counts
    finally:
        database.close()
    assert isinstance(offered[0], DatabaseOpenError) and offered[0].latest_backup is not None
    assert "damaged" in offered[0].message


def test_quitting_leaves_the_damaged_file_as_it_was(
    damaged_with_backup: tuple[DatabaseLocation, dict[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    qapp: Any,
) -> None:
    location, _ = damaged_with_backup
    assert location.path is not None
    before = location.path.read_bytes()
    monkeypatch.setattr(recovery, "ask_recovery", lambda exc, parent=None: "quit")
    assert recovery.open_with_recovery(location) is None
    assert location.path.read_bytes() == before


def test_the_dialog_offers_restore_only_when_a_backup_exists(qapp: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def press_default() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        labels = [button.text() for button in box.buttons()]
        seen.append(labels)
        box.defaultButton().click()

    seen: list[list[str]] = []
    QTimer.singleShot(50, press_default)
    choice = recovery.ask_recovery(
        DatabaseOpenError("x is damaged", latest_backup=Path("/tmp/b.sqlite3"))
    )
    assert choice == "restore" and "Restore newest backup" in seen[0]
    QTimer.singleShot(50, press_default)
    assert recovery.ask_recovery(DatabaseOpenError("x is locked")) == "open"
    assert "Restore newest backup" not in seen[1]
