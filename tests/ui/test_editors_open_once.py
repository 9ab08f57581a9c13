"""One open editor per record (issue #15, defect 1): a double-click opens the record once,
and asking again for a record whose editor is open brings that editor forward."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor
from partnerdesk.ui.dialogs.funding.source import SourceEditor
from partnerdesk.ui.dialogs.mou.editor import MouEditor
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.widgets.list_area import RecordList
from tests.ui.helpers import contacts_view


def double_click(qtbot: Any, rows: RecordList[Any], row: int = 0) -> None:
    rows.ensure_loaded()
    index = rows.proxy.index(row, 0)
    position = rows.table.visualRect(index).center()
    qtbot.mouseClick(rows.table.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(rows.table.viewport(), Qt.MouseButton.LeftButton, pos=position)


def shown(window: MainWindow, kind: type[QDialog]) -> list[QDialog]:
    return [w for w in window.findChildren(kind) if w.isVisible()]


def test_double_clicking_an_mou_opens_one_editor(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog]
) -> None:
    window.show_area(window.areas.index(window.mous))
    double_click(qtbot, window.mous.list)
    assert len([d for d in dialogs if isinstance(d, MouEditor)]) == 1


def test_double_clicking_a_funding_source_opens_one_editor(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog]
) -> None:
    window.show_area(window.areas.index(window.funding))
    double_click(qtbot, window.funding.sources)
    assert len([d for d in dialogs if isinstance(d, SourceEditor)]) == 1


def test_double_clicking_an_organization_opens_one_editor(window: MainWindow, qtbot: Any) -> None:
    view = contacts_view(window)
    view.tabs.setCurrentIndex(1)
    double_click(qtbot, view.organizations)
    assert len(shown(window, OrganizationEditor)) == 1


def test_asking_again_for_an_open_record_raises_its_editor(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog]
) -> None:
    window.show_area(window.areas.index(window.mous))
    mous = window.mous
    first_id, second_id = (row.id for row in mous.list.model.all_rows()[:2])
    mous.open_mou(first_id)
    mous.open_mou(first_id)
    assert len(dialogs) == 1
    mous.open_mou(second_id)  # another record gets its own editor
    assert len(dialogs) == 2
    dialogs[0].close()
    mous.open_mou(first_id)  # once closed, it opens anew
    assert len(dialogs) == 3

    view = contacts_view(window)
    view.tabs.setCurrentIndex(1)
    view.organizations.ensure_loaded()
    org_id = view.organizations.model.row_at(0).id
    editor = view.edit_organization(org_id)
    assert view.edit_organization(org_id) is editor
    assert len(shown(window, OrganizationEditor)) == 1
