"""The one table model and its filter proxy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from partnerdesk.ui.widgets.table_model import (
    Column,
    FilterProxyModel,
    RecordTableModel,
    build_search_texts,
)


@dataclass(frozen=True)
class _Row:
    id: int
    name: str
    city: str


def test_filter_narrows_widens_and_follows_replaced_rows(qtbot: Any) -> None:
    model: RecordTableModel[_Row] = RecordTableModel(
        [Column("Name", lambda r: r.name), Column("City", lambda r: r.city)]
    )
    proxy = FilterProxyModel()
    proxy.setSourceModel(model)
    model.set_rows([_Row(3, "Cy", "Rivet"), _Row(1, "Ann", "Riverton"), _Row(2, "Bob", "Harbor")])
    proxy.sort(0)  # rows coming back must land in sorted order

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    for text, expected in [("r", ["Ann", "Bob", "Cy"]), ("riv", ["Ann", "Cy"]),
                           ("rive", ["Ann", "Cy"]), ("RIVET", ["Cy"]), ("riv", ["Ann", "Cy"]),
                           ("n r", []), ("", ["Ann", "Bob", "Cy"])]:  # fmt: skip
        proxy.set_filter_text(text)
        assert shown() == expected, text
        assert model.matching_rows == len(expected)
    proxy.set_filter_text("harbor")
    model.set_rows([_Row(4, "Di", "HARBOR"), _Row(5, "Ed", "Lake")])  # a reload while filtering
    assert shown() == ["Di"]
    assert model.row_at(proxy.source_row(0)) == _Row(4, "Di", "HARBOR")
    assert model.total_rows == 2 and model.all_rows()[1].name == "Ed"
    ModelTester(None).check(proxy)
    ModelTester(None).check(model)


def test_a_long_filtered_list_is_handed_to_the_view_in_chunks(qtbot: Any) -> None:
    """20,000 matches are counted at once but handed over a chunk at a time, as the view
    scrolls: a keystroke costs the rows drawn, not every match."""
    from partnerdesk.ui.widgets.table_model import CHUNK

    model: RecordTableModel[_Row] = RecordTableModel(
        [Column("Name", lambda r: r.name), Column("City", lambda r: r.city)]
    )
    proxy = FilterProxyModel()
    proxy.setSourceModel(model)
    rows = [_Row(i, f"Person {i:05}", "Lake" if i % 3 else "Harbor") for i in range(3 * CHUNK)]
    model.set_rows(rows)
    proxy.set_filter_text("lake")
    lake = [r for r in rows if r.city == "Lake"]
    assert model.matching_rows == len(lake) > CHUNK
    assert proxy.rowCount() == CHUNK  # the first chunk of the matches...
    assert model.canFetchMore(model.index(-1, -1))
    model.fetch_until(CHUNK)  # ...then more, as the view scrolls or a row is selected
    assert proxy.rowCount() == 2 * CHUNK
    proxy.fetchMore(proxy.index(-1, -1))
    assert proxy.rowCount() == len(lake)
    assert [model.row_at(i) for i in (0, len(lake) - 1)] == [lake[0], lake[-1]]
    proxy.sort(0, Qt.SortOrder.DescendingOrder)  # sorting sorts every match
    proxy.set_filter_text("lake 0")
    assert proxy.rowCount() == model.matching_rows == 0
    proxy.set_filter_text("person 0")
    assert proxy.rowCount() == model.matching_rows == len(rows)
    assert proxy.index(0, 0).data() == rows[-1].name
    ModelTester(None).check(proxy)


def test_the_search_index_built_by_the_loader_is_the_models_own() -> None:
    columns = [Column("Name", lambda r: r.name), Column("City", lambda r: r.city)]
    rows = [_Row(1, "Ann", "Riverton"), _Row(2, "Bob", None)]  # type: ignore[arg-type]
    model: RecordTableModel[_Row] = RecordTableModel(columns)
    model.set_rows(rows)
    texts = build_search_texts(columns, rows)
    assert texts == model.search_texts() == ["ann\triverton", "bob\t"]
    model.set_rows(rows, texts)
    model.set_filter("BOB")
    assert [model.row_at(0)] == [rows[1]] and model.matching_rows == 1
