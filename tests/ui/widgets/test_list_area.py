"""A record list while the user types in its filter box: counts, selection, finding a row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytestqt.modeltest import ModelTester

from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    city: str


PEOPLE = [
    _Person(1, "Ann Rivers", "Riverton"),
    _Person(2, "Bob Harbor", "Harbor City"),
    _Person(3, "Cy Lake", "Riverton"),
    _Person(4, "Di Stone", "Lakeside"),
]


def _people_list(qtbot: Any, context: AppContext) -> RecordList[_Person]:
    people: RecordList[_Person] = RecordList(
        context,
        [Column("Name", lambda p: p.name), Column("City", lambda p: p.city)],
        lambda _session: PEOPLE,
        noun="people",
    )
    people.index_while_loading = True
    qtbot.addWidget(people)
    people.show()
    people.ensure_loaded()
    return people


def test_typing_narrows_the_list_and_counts_and_keeps_the_selection(
    qtbot: Any, demo_context: AppContext
) -> None:
    people = _people_list(qtbot, demo_context)
    assert people.count_label.text() == "4 people"
    assert people.select_where(lambda p: p.id == 3)

    people.filter_edit.setText("river")
    people._apply_filter()
    assert people.shown_rows() == 2
    assert people.count_label.text() == "2 of 4 people"
    assert people.current_row() == PEOPLE[2]  # still selected: still shown

    people.filter_edit.setText("harbor")
    people._apply_filter()
    assert people.current_row() is None  # hidden by the filter: no longer selected
    assert [people.model.row_at(0)] == [PEOPLE[1]]
    ModelTester(None).check(people.proxy)


def test_finding_a_row_the_filter_hides_clears_the_filter(
    qtbot: Any, demo_context: AppContext
) -> None:
    people = _people_list(qtbot, demo_context)
    people.filter_edit.setText("lake")
    people._apply_filter()
    assert people.shown_rows() == 2
    assert not people.select_where(lambda p: p.id == 99)  # nowhere: the filter stays
    assert people.filter_edit.text() == "lake"
    assert people.select_where(lambda p: p.id == 1)
    assert people.filter_edit.text() == ""
    assert people.current_row() == PEOPLE[0]
    assert people.shown_rows() == 4
