"""The one table model and its filter proxy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from pytestqt.modeltest import ModelTester

from partnerdesk.ui.widgets.table_model import Column, FilterProxyModel, RecordTableModel


@dataclass(frozen=True)
class _Row:
    id: int
    name: str
    city: str


@pytest.mark.parametrize(
    ("small", "bulk"),
    [(10**9, 10**9), (-1, 10**9), (-1, 0)],
    ids=["changed-rows-only", "qt-refilter", "rebuild"],
)
def test_filter_proxy_narrows_widens_and_follows_replaced_rows(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, small: int, bulk: int
) -> None:
    from partnerdesk.ui.widgets import table_model

    monkeypatch.setattr(table_model, "SMALL_FILTER_CHANGE", small)
    monkeypatch.setattr(table_model, "BULK_FILTER_CHANGE", bulk)
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
                           ("rive", ["Ann", "Cy"]), ("rivet", ["Cy"]), ("riv", ["Ann", "Cy"]),
                           ("n r", []), ("", ["Ann", "Bob", "Cy"])]:  # fmt: skip
        proxy.set_filter_text(text)
        assert shown() == expected, text
    proxy.set_filter_text("harbor")
    model.set_rows([_Row(4, "Di", "HARBOR"), _Row(5, "Ed", "Lake")])  # a reload while filtering
    assert shown() == ["Di"]
    ModelTester(None).check(proxy)
