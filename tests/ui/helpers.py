"""Small steps the GUI tests share: picking in a combo box, selecting a record, reaching
an area, answering Yes while recording the question."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from partnerdesk.core.models import GroupKind, StakeholderGroup
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.contacts import ContactsView
from partnerdesk.ui.views.funding import FundingView
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.sustainability import SustainabilityPanel


def pick(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.setCurrentIndex(index)


def set_date(field: OptionalDateEdit, day: date | None) -> None:
    field.set_value(day)


def select_code(mous: Any, code: str) -> None:
    assert mous.list.select_where(lambda row: row.reference_code == code)


def select_mou(window: MainWindow, code: str, version: int | None = None) -> None:
    assert window.mous.list.select_where(
        lambda row: (
            row.reference_code == code and (version is None or row.version_number == version)
        )
    )


def contacts_view(window: MainWindow) -> ContactsView:
    window.show_area(window.areas.index(window.contacts))
    return window.contacts


def group_id(window: MainWindow, kind: GroupKind) -> int:
    with window.context.database.session() as session:
        group = session.exec(select(StakeholderGroup).where(StakeholderGroup.kind == kind)).one()
        assert group.id is not None
        return group.id


def recording_yes(shown: list[tuple[str, str]]) -> Any:
    # Never monkeypatch.undo() here: it would also undo the fixture's non-blocking boxes.
    def question(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        shown.append(("question", text))
        return QMessageBox.StandardButton.Yes

    return question


def sustainability_tab(funding: FundingView) -> SustainabilityPanel:
    funding.tabs.setCurrentWidget(funding.sustainability)
    return funding.sustainability
