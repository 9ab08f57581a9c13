"""A list reloads when records of a kind it shows change: at once when on screen, else the
next time it is shown; changes of other kinds leave it alone."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column


def _counting_list(context: AppContext, kinds: tuple[ChangeKind, ...]) -> tuple[Any, list[int]]:
    loads: list[int] = []

    def load(_session: Session) -> list[int]:
        loads.append(1)
        return [len(loads)]

    rows: RecordList[int] = RecordList(context, [Column("Load", lambda n: n)], load, kinds=kinds)
    return rows, loads


def test_a_shown_list_reloads_for_its_kinds_only(demo_context: AppContext, qtbot: Any) -> None:
    rows, loads = _counting_list(demo_context, (ChangeKind.CLAUSE, ChangeKind.MOU))
    qtbot.addWidget(rows)
    rows.show()
    assert len(loads) == 1  # loaded when first shown
    demo_context.sig_data_changed.emit(frozenset({ChangeKind.CONTACT}))
    assert len(loads) == 1
    demo_context.sig_data_changed.emit(frozenset({ChangeKind.CONTACT, ChangeKind.MOU}))
    assert len(loads) == 2
    demo_context.reload_everything()
    assert len(loads) == 3


def test_a_hidden_list_reloads_when_it_is_next_shown(demo_context: AppContext, qtbot: Any) -> None:
    rows, loads = _counting_list(demo_context, (ChangeKind.CLAUSE,))
    qtbot.addWidget(rows)
    rows.show()
    rows.hide()
    demo_context.sig_data_changed.emit(frozenset({ChangeKind.CLAUSE}))
    demo_context.sig_data_changed.emit(frozenset({ChangeKind.CLAUSE}))
    assert len(loads) == 1
    rows.show()
    assert len(loads) == 2  # once, for both changes
