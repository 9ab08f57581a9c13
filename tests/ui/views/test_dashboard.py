"""The Dashboard's reminders: counts, the list below the cards, opening an MOU."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.core.models import ReviewOutcome
from partnerdesk.core.mou.commands import update_mou
from partnerdesk.core.mou.register import find_mou, mou_input_of
from partnerdesk.core.mou.reminders import ReminderKind
from partnerdesk.core.mou.reviews import complete_review
from partnerdesk.ui.dialogs.mou.editor import MouEditor
from partnerdesk.ui.main_window import MainWindow
from tests.ui.conftest import TODAY


def card_values(window: MainWindow) -> dict[str, str]:
    return {key: card.value.text() for key, card in window.dashboard.cards.items()}


def set_expiry(window: MainWindow, code: str, expiry: date) -> None:
    database = window.context.database
    with database.transaction() as session:
        mou_id = find_mou(session, code)
        data = mou_input_of(session, mou_id)
        from partnerdesk.core.models import Mou

        mou = session.get(Mou, mou_id)
        assert mou is not None
        update_mou(session, mou_id, replace(data, expiry_date=expiry), mou.row_version, today=TODAY)


def test_cards_count_reviews_and_expiries_by_window(window: MainWindow) -> None:
    values = card_values(window)
    assert (values["overdue"], values["due7"], values["due30"], values["due90"]) == (
        "1",
        "0",
        "0",
        "1",
    )
    assert (values["expired"], values["expiring7"], values["expiring30"], values["expiring"]) == (
        "0",
        "0",
        "0",
        "0",
    )
    assert values["active"] == "2 of 4"
    ModelTester(None).check(window.dashboard.reviews.model)


def test_an_expiry_within_a_week_is_counted_listed_and_opens_its_mou(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog]
) -> None:
    set_expiry(window, "RIV-CR-01", TODAY + timedelta(days=5))
    values = card_values(window)
    assert (values["expiring7"], values["expiring30"], values["expiring"]) == ("1", "1", "1")
    listed = window.dashboard.reviews.model.all_rows()
    expiry = next(item for item in listed if item.kind is ReminderKind.EXPIRY)
    assert expiry.reference_code == "RIV-CR-01" and expiry.days_until_due == 5
    row = listed.index(expiry)
    window.dashboard.reviews._activate(row)
    assert window.current_area() is window.mous
    assert window.mous.list.current_row().reference_code == "RIV-CR-01"
    assert [d.windowTitle() for d in dialogs] == ["MOU RIV-CR-01 v1"]


def test_clicking_a_card_shows_only_its_items(window: MainWindow, qtbot: Any) -> None:
    dashboard = window.dashboard
    assert dashboard.reviews.model.total_rows == 2
    qtbot.mouseClick(dashboard.cards["overdue"], Qt.MouseButton.LeftButton)
    rows = dashboard.reviews.model.all_rows()
    assert [r.reference_code for r in rows] == ["RIV-HD-01"] and rows[0].overdue
    assert "reviews overdue" in dashboard.list_caption.text()
    assert dashboard.show_all_button.isVisible()
    qtbot.mouseClick(dashboard.cards["expiring7"], Qt.MouseButton.LeftButton)
    assert dashboard.reviews.model.total_rows == 0
    qtbot.mouseClick(dashboard.show_all_button, Qt.MouseButton.LeftButton)
    assert dashboard.reviews.model.total_rows == 2
    assert not dashboard.show_all_button.isVisible()


def test_counts_change_after_completing_a_review(window: MainWindow) -> None:
    assert window.dashboard.cards["overdue"].value.text() == "1"
    with window.context.database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-HD-01"),
            completed_date=TODAY,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
        )
    assert window.dashboard.cards["overdue"].value.text() == "0"
    assert window.dashboard.reviews.model.total_rows == 1


def test_double_clicking_a_due_item_opens_its_mou_in_the_editor(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog]
) -> None:
    """The hint says "double-click to open the MOU": it used to only select it."""
    from tests.ui.test_editors_open_once import double_click

    reviews = window.dashboard.reviews
    overdue = reviews.model.row_at(0)
    double_click(qtbot, reviews)
    assert window.current_area() is window.mous
    [editor] = dialogs
    assert isinstance(editor, MouEditor) and editor.mou_id == overdue.mou_id
    assert overdue.reference_code in editor.windowTitle()


def test_counts_of_one_read_in_the_singular(window: MainWindow) -> None:
    """Issue #15, defect 10: "1 reviews overdue", "1 items due"."""
    cards = window.dashboard.cards
    assert (cards["overdue"].value.text(), cards["overdue"].caption.text()) == (
        "1",
        "review overdue",
    )
    assert cards["due7"].caption.text() == "reviews due within 7 days"  # 0 of them
    window.dashboard.set_list_filter((ReminderKind.REVIEW, "overdue"))
    assert window.dashboard.reviews.count_label.text() == "1 item due"
    window.dashboard.set_list_filter(None)
    assert window.dashboard.reviews.count_label.text() == "2 items due"
