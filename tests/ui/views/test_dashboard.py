"""The Dashboard's reminders: counts, the list below the cards, opening an MOU."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.core.models import ReviewOutcome
from partnerdesk.core.mou.commands import update_mou
from partnerdesk.core.mou.register import find_mou, mou_input_of
from partnerdesk.core.mou.reminders import ReminderKind
from partnerdesk.core.mou.reviews import complete_review
from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.mou.editor import MouEditor
from partnerdesk.ui.main_window import MainWindow
from tests.conftest import DEMO_CONTACTS
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


# -- funding health


def test_funding_cards_answer_the_monday_morning_questions(window: MainWindow) -> None:
    cards = window.dashboard.cards
    assert cards["concentration"].value.text() == "2,660"
    assert "highly concentrated" in cards["concentration"].caption.text()
    assert "City general fund allocation, 33.10 %" in cards["concentration"].detail.text()
    assert cards["cliff"].value.text() == "FY2029"
    assert cards["cliff"].detail.text() == "Federal crisis response grant"
    assert cards["grant_end"].value.text() == "30 Jun 2028"
    assert cards["budget"].value.text() == "$604,166.65"
    assert "101.4 % of the $595,890.41 budgeted to date" in cards["budget"].detail.text()


@pytest.mark.parametrize(
    ("card", "tab"),
    [
        ("concentration", "sustainability"),
        ("cliff", "sustainability"),
        ("grant_end", "sources"),
        ("budget", "comparison"),
    ],
)
def test_each_funding_card_opens_the_place_that_explains_it(
    window: MainWindow, qtbot: Any, card: str, tab: str
) -> None:
    qtbot.mouseClick(window.dashboard.cards[card], Qt.MouseButton.LeftButton)
    assert window.current_area() is window.funding
    assert window.funding.tabs.currentWidget() is getattr(window.funding, tab)


def test_another_area_adds_a_card_with_one_line(window: MainWindow, qtbot: Any) -> None:
    from sqlmodel import Session, func, select

    from partnerdesk.core.models import Contact
    from partnerdesk.ui.widgets.cards import CardFigure

    opened: list[str] = []

    def people(session: Session, today: date) -> CardFigure:
        count = session.exec(select(func.count()).select_from(Contact)).one()
        return CardFigure(str(count), detail=f"as of {today:%d %b}")

    card = window.dashboard.add_live_card(
        "Elsewhere", "people counted", people, on_click=lambda: opened.append("yes")
    )
    assert window.dashboard.sections["Elsewhere"].cards() == [card]
    assert card.value.text() == str(DEMO_CONTACTS) and card.detail.text() == "as of 27 Nov"
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert opened == ["yes"]


# -- getting started


@pytest.fixture
def empty_window(qtbot: Any, tmp_path: Path, qsettings: QSettings) -> Iterator[MainWindow]:
    database = open_database(DatabaseLocation.for_path(tmp_path / "new.sqlite3"))
    context = AppContext(database, today=lambda: TODAY)
    main = MainWindow(context, qsettings)
    qtbot.addWidget(main)
    main.show()
    yield main
    database.close()


def test_an_empty_database_shows_the_first_steps_instead_of_zeros(
    empty_window: MainWindow,
) -> None:
    dashboard = empty_window.dashboard
    assert dashboard.pages.currentWidget() is dashboard.getting_started
    assert not dashboard.overview.isVisible()
    steps = dashboard.getting_started
    assert [b.text() for b in steps.buttons.values()] == [
        "&Name the program…",
        "&Load the clause library",
        "&Import contacts…",
        "&Add a funding source…",
        "&Create the first MOU…",
    ]
    assert steps.buttons["name"].isDefault()


def test_each_first_step_button_does_its_step(
    empty_window: MainWindow, qtbot: Any, dialogs: list[Any]
) -> None:
    from partnerdesk.ui.dialogs.funding.source import SourceEditor
    from partnerdesk.ui.dialogs.mou.editor import MouEditor
    from partnerdesk.ui.dialogs.program.settings import ProgramSettingsDialog

    steps = empty_window.dashboard.getting_started
    qtbot.mouseClick(steps.buttons["name"], Qt.MouseButton.LeftButton)
    settings = dialogs[-1]
    assert isinstance(settings, ProgramSettingsDialog)
    settings.name_edit.setText("Lakeside Crisis Partnership")
    settings.month_combo.setCurrentIndex(9)  # October
    settings.save()
    assert empty_window.dashboard.heading.text().startswith("Lakeside Crisis Partnership — ")
    assert "done" in steps.texts["name"].text()
    assert steps.buttons["clauses"].isDefault()  # the next step to take

    qtbot.mouseClick(steps.buttons["clauses"], Qt.MouseButton.LeftButton)
    assert empty_window.current_area() is empty_window.clauses
    empty_window.show_area(0)  # a hidden dashboard catches up when shown
    assert "done" in steps.texts["clauses"].text()

    qtbot.mouseClick(steps.buttons["contacts"], Qt.MouseButton.LeftButton)
    assert empty_window.current_area() is empty_window.contacts
    assert type(empty_window.contacts.dialog).__name__ == "ContactsImportDialog"
    empty_window.contacts.dialog.close()

    qtbot.mouseClick(steps.buttons["funding"], Qt.MouseButton.LeftButton)
    assert empty_window.current_area() is empty_window.funding
    assert isinstance(dialogs[-1], SourceEditor)

    qtbot.mouseClick(steps.buttons["mou"], Qt.MouseButton.LeftButton)
    assert empty_window.current_area() is empty_window.mous
    assert isinstance(dialogs[-1], MouEditor)


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
