"""The main window on the demo program, as a user sees it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.modeltest import ModelTester

from partnerdesk.core.platform.db import SCHEMA_HEAD, DatabaseLocation
from partnerdesk.ui.main_window import SETTINGS_LAST_DB, MainWindow, remember_location
from partnerdesk.ui.widgets.list_area import RecordList
from tests.conftest import DEMO_CONTACTS


def all_lists(window: MainWindow) -> dict[str, RecordList[Any]]:
    return {
        "reviews": window.dashboard.reviews,
        "mous": window.mous.list,
        "clauses": window.clauses.list,
        "sources": window.funding.sources,
        "ledger": window.funding.ledger,
        "contacts": window.contacts.contacts,
        "organizations": window.contacts.organizations,
        "indicators": window.outcomes.indicators,
    }


def test_every_area_lists_the_demo_records(window: MainWindow) -> None:
    for row in range(len(window.areas)):
        window.show_area(row)
        for tabs in (getattr(window.areas[row], "tabs", None),):
            if tabs is not None:
                tabs.setCurrentIndex(1)  # the second tab loads when it is first shown
    counts = {name: lst.model.total_rows for name, lst in all_lists(window).items()}
    assert counts == {
        "reviews": 2,
        "mous": 4,
        "clauses": 29,
        "sources": 4,
        "ledger": 76,
        "contacts": DEMO_CONTACTS,
        "organizations": 8,
        "indicators": 20,
    }
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Dashboard", "MOUs", "Clauses", "Funding", "Contacts", "Outcomes", "Training"]


def test_dashboard_counts_what_needs_attention(window: MainWindow) -> None:
    cards = window.dashboard.cards
    assert cards["overdue"].value.text() == "1"
    assert cards["due90"].value.text() == "1"
    assert cards["active"].value.text() == "2 of 4"
    assert "Riverton Crisis Response Partnership" in window.dashboard.heading.text()


def test_double_clicking_a_due_review_opens_its_mou(
    window: MainWindow, qtbot: Any, dialogs: list[Any]
) -> None:
    reviews = window.dashboard.reviews
    overdue = reviews.model.row_at(0)
    assert overdue.overdue
    reviews._activate(0)
    assert window.current_area() is window.mous
    selected = window.mous.list.current_row()
    assert selected is not None and selected.reference_code == overdue.reference_code
    assert [d.mou_id for d in dialogs] == [overdue.mou_id]


def test_filter_box_narrows_the_list_and_shows_the_count(window: MainWindow, qtbot: Any) -> None:
    window.show_area(4)
    people = window.contacts.contacts
    qtbot.keyClicks(people.filter_edit, "harbor")
    visible = [people.proxy.index(r, 1).data() for r in range(people.proxy.rowCount())]
    assert visible and all(org == "Harbor County Behavioral Health" for org in visible)
    assert people.count_label.text() == f"{len(visible)} of {DEMO_CONTACTS} contacts"
    people.filter_edit.clear()
    assert people.proxy.rowCount() == DEMO_CONTACTS


def test_sorting_by_amount_sorts_numerically(window: MainWindow) -> None:
    window.show_area(3)
    ledger = window.funding.ledger
    ledger.ensure_loaded()
    ledger.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    amounts = [ledger.proxy.index(r, 3).data() for r in range(ledger.proxy.rowCount())]
    assert amounts[0] == "$480,000.00"  # the largest budget line, not the longest string
    assert amounts[-1] == "$20,833.33"


def test_ctrl_f_focuses_the_filter_of_the_current_area(window: MainWindow, qtbot: Any) -> None:
    window.show_area(2)
    window.find_action.trigger()
    assert window.clauses.search_edit.hasFocus()  # the Clauses area's one search box


def test_selecting_a_clause_shows_its_text(window: MainWindow) -> None:
    window.show_area(2)
    clauses = window.clauses.list
    clauses.table.selectRow(0)
    assert (
        clauses.model.row_at(clauses.proxy.source_row(0)).title
        in window.clauses.preview.toPlainText()
    )


def test_table_models_follow_the_qt_contract(window: MainWindow, qtbot: Any) -> None:
    for lst in all_lists(window).values():
        lst.ensure_loaded()
        ModelTester(None).check(lst.model)


def test_status_bar_names_the_open_database(window: MainWindow) -> None:
    assert str(window.context.database.location.path) in window.db_label.text()


def test_opening_a_text_file_is_refused_and_the_current_database_stays(
    window: MainWindow, tmp_path: Path, message_boxes: list[tuple[str, str]]
) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("not a database")
    before = window.context.database
    assert not window.switch_database(DatabaseLocation.for_path(bogus), create=False)
    assert message_boxes and message_boxes[-1][0] == "critical"
    assert "not a PartnerDesk database" in message_boxes[-1][1]
    assert window.context.database is before
    assert bogus.read_text() == "not a database"


def test_switching_to_a_new_database_empties_the_lists_and_is_remembered(
    window: MainWindow, tmp_path: Path, qsettings: QSettings
) -> None:
    window.show_area(1)
    assert window.mous.list.model.total_rows == 4
    fresh = tmp_path / "fresh.sqlite3"
    assert window.switch_database(DatabaseLocation.for_path(fresh), create=True)
    assert window.mous.list.model.total_rows == 0
    assert qsettings.value(SETTINGS_LAST_DB) == str(fresh)
    assert "fresh.sqlite3" in window.db_label.text()


def test_window_geometry_and_area_are_remembered(
    qtbot: Any, demo_context: Any, qsettings: QSettings
) -> None:
    first = MainWindow(demo_context, qsettings)
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 540)
    first.show_area(3)
    first.close()
    second = MainWindow(demo_context, qsettings)
    qtbot.addWidget(second)
    assert second.nav.currentRow() == 3
    assert (second.width(), second.height()) == (720, 540)


def test_about_box_names_version_and_schema(window: MainWindow, message_boxes: list[Any]) -> None:
    window.about_action.trigger()
    kind, text = message_boxes[-1]
    assert kind == "about" and SCHEMA_HEAD in text


@pytest.mark.parametrize("shortcut_row", [0, 1, 2, 3, 4])
def test_view_shortcuts_switch_areas(window: MainWindow, qtbot: Any, shortcut_row: int) -> None:
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + shortcut_row), Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == shortcut_row


def test_a_server_url_is_remembered_without_its_password(qsettings: QSettings) -> None:
    location = DatabaseLocation.for_url("postgresql+psycopg://team:s3cret@db.example/program")
    remember_location(qsettings, location)
    stored = str(qsettings.value(SETTINGS_LAST_DB))
    assert "s3cret" not in stored
    assert stored == "postgresql+psycopg://team@db.example/program"
