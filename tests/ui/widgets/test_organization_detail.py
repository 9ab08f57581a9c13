"""What an organization is involved in, with links to its MOUs."""

from __future__ import annotations

from typing import Any

from partnerdesk.ui.main_window import MainWindow
from tests.ui.helpers import contacts_view


def test_organization_detail_lists_contacts_mous_and_sources(
    window: MainWindow, dialogs: list[Any]
) -> None:
    view = contacts_view(window)
    view.tabs.setCurrentIndex(1)
    assert view.organizations.select_where(lambda r: r.name == "City of Riverton")
    text = view.org_detail.toPlainText()
    assert "Contacts (4)" in text and "Jordan Ellis" in text
    assert "MOUs it is party to (2)" in text and "RIV-CR-01" in text
    assert "Funding sources it provides" in text and "Provides no funding source" not in text
    opened: list[int] = []
    view.sig_open_mou.connect(opened.append)
    html = view.org_detail.toHtml()
    mou_id = int(html.split("mou:")[1].split('"')[0].split("'")[0])
    from PySide6.QtCore import QUrl

    view.org_detail.anchorClicked.emit(QUrl(f"mou:{mou_id}"))
    assert opened == [mou_id]
    assert window.current_area() is window.mous  # the link leads to the MOU itself
    shown = window.mous.list.current_row()
    assert shown is not None and shown.id == mou_id
    assert [d.mou_id for d in dialogs] == [mou_id]  # and opens it
