"""The MOUs area: the register and what is done to an MOU from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from sqlmodel import select

from partnerdesk.core.models import Mou, MouStatus, ReviewOutcome
from partnerdesk.core.mou.register import find_mou, get_mou
from partnerdesk.core.mou.reviews import review_history
from partnerdesk.ui.dialogs.mou.editor import (
    EditorMode,
    MouEditor,
)
from partnerdesk.ui.dialogs.mou.review import CompleteReviewDialog
from partnerdesk.ui.main_window import MainWindow
from tests.ui.conftest import TODAY
from tests.ui.helpers import pick, select_code


def test_the_register_lists_every_mou_and_follows_the_qt_model_contract(mous: Any) -> None:
    assert mous.list.model.total_rows == 4
    ModelTester(None).check(mous.list.model)
    hospital = next(r for r in mous.list.model.all_rows() if r.reference_code == "RIV-HD-01")
    assert hospital.next_review_due == date(2026, 11, 15)


def test_complete_review_from_the_register(
    mous: Any, qtbot: Any, dialogs: list[QDialog], window: MainWindow, message_boxes: Any
) -> None:
    assert window.dashboard.cards["overdue"].value.text() == "1"
    select_code(mous, "RIV-HD-01")
    mous.complete_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, CompleteReviewDialog)
    dialog.date_edit.set_day(date(2026, 11, 20))
    pick(dialog.outcome_combo, "Renewed unchanged")
    dialog.reviewer_edit.setText("Dr. Samuel Achebe")
    qtbot.keyClicks(dialog.notes_edit, "Diversion numbers on target")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, message_boxes
    row = mous.list.current_row()
    assert row.next_review_due == date(2027, 11, 20) and row.status == MouStatus.ACTIVE
    window.show_area(0)
    assert window.dashboard.cards["overdue"].value.text() == "0"
    with window.context.database.session() as session:
        done = [r for r in review_history(session, row.id) if not r.is_open]
    assert done[0].notes == "Diversion numbers on target"
    assert done[0].outcome == ReviewOutcome.RENEWED_UNCHANGED


def test_deleting_an_mou_with_history_offers_archiving(
    mous: Any, message_boxes: list[tuple[str, str]], window: MainWindow
) -> None:
    select_code(mous, "RIV-HD-01")
    mous.delete_action.trigger()  # message boxes answer Yes: archive it
    kind, text = message_boxes[-1]
    assert kind == "question" and "cannot be deleted" in text and "Archive it instead" in text
    assert [r.reference_code for r in mous.list.model.all_rows()].count("RIV-HD-01") == 0
    with window.context.database.session() as session:
        assert session.get(Mou, find_mou(session, "RIV-HD-01")).archived  # type: ignore[union-attr]
    mous.archived_action.trigger()  # show archived
    select_code(mous, "RIV-HD-01")
    assert mous.archive_action.text() == "Restore from ar&chive"
    mous.archive_action.trigger()
    mous.archived_action.trigger()
    assert any(r.reference_code == "RIV-HD-01" for r in mous.list.model.all_rows())


def test_deleting_an_mou_without_history_asks_then_deletes(
    mous: Any, message_boxes: list[tuple[str, str]], window: MainWindow
) -> None:
    select_code(mous, "RIV-DS-01")
    mous.delete_action.trigger()
    assert "Delete RIV-DS-01" in message_boxes[-1][1]
    assert all(r.reference_code != "RIV-DS-01" for r in mous.list.model.all_rows())
    with window.context.database.session() as session:
        assert session.exec(select(Mou).where(Mou.reference_code == "RIV-DS-01")).first() is None


def test_duplicate_opens_a_prefilled_new_mou(
    mous: Any, qtbot: Any, dialogs: list[QDialog], window: MainWindow
) -> None:
    select_code(mous, "RIV-CR-01")
    mous.duplicate_action.trigger()
    editor = dialogs[-1]
    assert editor.mode is EditorMode.NEW and editor.details.code_edit.text() == ""
    assert editor.details.title_edit.text().startswith("Copy of Co-responder")
    assert len(editor.parties.rows) == 4
    qtbot.keyClicks(editor.details.code_edit, "RIV-CR-02")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert mous.list.current_row().reference_code == "RIV-CR-02"
    with window.context.database.session() as session:
        copy = get_mou(session, find_mou(session, "RIV-CR-02"), today=TODAY)
    assert copy.recorded_status == MouStatus.DRAFT and len(copy.parties) == 4


def test_actions_appear_in_the_area_menu_with_shortcuts(
    mous: Any, window: MainWindow, qtbot: Any
) -> None:
    extra = QAction("Generate draft…", mous)
    mous.add_tool_action(extra)
    window._fill_area_menu()
    texts = [a.text() for a in window.area_menu.actions()]
    assert "&New MOU…" in texts and "&Complete review…" in texts and "Generate draft…" in texts
    assert window.area_menu.title() == "&MOUs"
    assert mous.new_action.shortcut().toString() == "Ctrl+N"
    assert extra in mous.toolbar.actions()
    # An action added from outside with plain addAction shows in the menu too.
    other = QAction("Check completeness", mous)
    mous.addAction(other)
    window._fill_area_menu()
    assert "Check completeness" in [a.text() for a in window.area_menu.actions()]


def test_export_calendar_writes_an_ics_file(
    mous: Any, tmp_path: Path, message_boxes: list[tuple[str, str]]
) -> None:
    target = tmp_path / "reviews.ics"
    mous.export_calendar(str(target))
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert f"Wrote {len(events)} events with" in message_boxes[-1][1]
    # Three reviews and two expiries, the 24-month evaluation, the open grant
    # obligations, and training's events.
    assert sum(str(e["UID"]).startswith("mou-") for e in events) == 5
    assert sum(str(e["UID"]).startswith("evaluation-") for e in events) == 1
    assert sum(str(e["UID"]).startswith("obligation-") for e in events) == 17  # open grant items


def test_amended_outcome_offers_to_draft_the_amendment(
    mous: Any,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[tuple[str, str]],
) -> None:
    opened: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        opened.append(dialog)
        if isinstance(dialog, CompleteReviewDialog):
            dialog.date_edit.set_day(date(2026, 11, 26))
            pick(dialog.outcome_combo, "Amended")
            dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", run)
    select_code(mous, "RIV-HD-01")
    mous.complete_action.trigger()
    kind, text = message_boxes[-1]
    assert kind == "question" and "Draft the amendment (version 2)" in text
    amend = opened[-1]
    assert isinstance(amend, MouEditor) and amend.mode is EditorMode.AMEND


def test_change_status_offers_only_the_allowed_next_statuses(
    mous: Any, message_boxes: list[tuple[str, str]]
) -> None:
    select_code(mous, "RIV-CR-01")
    mous._fill_status_menu()
    offered = [a.text() for a in mous.status_menu.actions()]
    assert offered == ["Under review", "Expired", "Terminated"]
    mous.status_menu.actions()[0].trigger()
    row = mous.list.current_row()
    assert row.reference_code == "RIV-CR-01" and row.status == MouStatus.UNDER_REVIEW
    mous._fill_status_menu()
    terminate = next(a for a in mous.status_menu.actions() if a.text() == "Terminated")
    terminate.trigger()  # asks first (the recorder answers Yes)
    assert "Record RIV-CR-01 as terminated" in message_boxes[-1][1]
    row = mous.list.current_row()
    assert row.status == MouStatus.TERMINATED and row.next_review_due is None
    assert not mous.status_action.isEnabled()  # a terminated MOU has nowhere to go
