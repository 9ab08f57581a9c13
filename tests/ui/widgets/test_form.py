"""Two people editing the same record: the second save shows what the first changed, and
nothing is overwritten unless the user says so."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from partnerdesk.core.models import Mou
from partnerdesk.core.mou.commands import update_mou
from partnerdesk.core.mou.register import find_mou, mou_input_of
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.widgets import conflicts
from tests.ui.conftest import TODAY


@pytest.fixture
def editor(window: MainWindow, dialogs: list[QDialog]) -> Any:
    window.show_area(1)
    window.mous.list.ensure_loaded()
    assert window.mous.list.select_where(lambda row: row.reference_code == "RIV-MC-01")
    window.mous.open_action.trigger()
    return dialogs[-1]


def colleague_renames(window: MainWindow, title: str) -> int:
    database = window.context.database
    with database.transaction() as session:
        mou_id = find_mou(session, "RIV-MC-01")
        seen = session.get(Mou, mou_id).row_version  # type: ignore[union-attr]
        form = dataclasses.replace(mou_input_of(session, mou_id), title=title)
        update_mou(session, mou_id, form, seen, today=TODAY)
    return mou_id


def stored_mou(window: MainWindow, mou_id: int) -> Mou:
    with window.context.database.session() as session:
        mou = session.get(Mou, mou_id)
        assert mou is not None
        return mou


@pytest.mark.parametrize("choice", ["cancel", "reload", "overwrite"])
def test_a_conflicting_save_shows_their_change_and_does_what_the_user_chose(
    window: MainWindow, editor: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    asked: list[str] = []

    def ask(parent: Any, database: Any, kind: str, entity_id: int, since: Any) -> str:
        from partnerdesk.ui.widgets.conflicts import what_changed

        asked.append(what_changed(database, kind, entity_id, since))
        return choice

    monkeypatch.setattr(conflicts, "ask_about_conflict", ask)
    mou_id = colleague_renames(window, "Renamed by a colleague")
    editor.details.notes_edit.setPlainText("My notes")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert asked and "Renamed by a colleague" in asked[0]  # what they changed is shown
    stored = stored_mou(window, mou_id)
    if choice == "cancel":
        assert editor.saved is None and editor.isVisible()
        assert stored.title == "Renamed by a colleague" and stored.notes != "My notes"
        assert editor.details.notes_edit.toPlainText() == "My notes"  # the user's typing is kept
    elif choice == "reload":
        assert editor.saved is None
        assert editor.details.title_edit.text() == "Renamed by a colleague"
        assert stored.notes != "My notes"
    else:
        assert editor.saved == mou_id
        assert stored.notes == "My notes"
        assert stored.title != "Renamed by a colleague"  # overwritten, knowingly


def test_a_colleague_with_a_slow_clock_is_still_shown(
    window: MainWindow, editor: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #13, item 6: their change is found by version, not by comparing clocks."""
    from datetime import timedelta

    from partnerdesk.core.platform import clock

    asked: list[str] = []

    def ask(parent: Any, database: Any, kind: str, entity_id: int, seen: Any) -> str:
        asked.append(conflicts.what_changed(database, kind, entity_id, seen))
        return "cancel"

    monkeypatch.setattr(conflicts, "ask_about_conflict", ask)
    slow = clock.now_utc() - timedelta(minutes=10)
    with monkeypatch.context() as colleagues_computer:
        colleagues_computer.setattr(clock, "now_utc", lambda: slow)
        colleague_renames(window, "Renamed by a colleague whose clock is slow")
    editor.details.notes_edit.setPlainText("My notes")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert asked and "Renamed by a colleague whose clock is slow" in asked[0]


@pytest.mark.parametrize("choice", ["cancel", "overwrite"])
def test_a_funding_source_saved_by_a_colleague_meanwhile(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    from partnerdesk.core.funding import sources as funding
    from partnerdesk.core.models import FundingSource
    from partnerdesk.ui.dialogs.funding.source import SourceEditor

    database = window.context.database
    with database.session() as session:
        source = session.exec(  # type: ignore[call-overload]
            funding.select(FundingSource).where(
                FundingSource.name == "Valley Health Plan partnership"
            )
        ).one()
        source_id = source.id
    dialog = SourceEditor(window.context, source_id)
    qtbot.addWidget(dialog)
    with database.transaction() as session:  # a colleague saves first
        detail = funding.get_source(session, source_id)
        theirs = dataclasses.replace(detail.values, notes="Colleague's note")
        funding.update_source(session, source_id, theirs, detail.row_version)
    asked: list[str] = []

    def ask(parent: Any, db: Any, kind: str, entity_id: int, since: Any) -> str:
        from partnerdesk.ui.widgets.conflicts import what_changed

        asked.append(what_changed(db, kind, entity_id, since))
        return choice

    monkeypatch.setattr(conflicts, "ask_about_conflict", ask)
    dialog.notes_edit.setPlainText("My note")
    dialog.save()
    assert asked and "Colleague's note" in asked[0]
    with database.session() as session:
        stored = funding.get_source(session, source_id).values.notes
    assert stored == ("My note" if choice == "overwrite" else "Colleague's note")
