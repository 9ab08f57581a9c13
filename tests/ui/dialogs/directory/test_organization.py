"""The organization editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor
from partnerdesk.ui.main_window import MainWindow
from tests.ui.helpers import contacts_view


def test_a_duplicate_organization_name_is_refused_next_to_the_name(
    window: MainWindow, qtbot: Any
) -> None:
    editor = contacts_view(window).new_organization()
    assert isinstance(editor, OrganizationEditor)
    qtbot.keyClicks(editor.name_edit, "riverton police  department")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and "already exists" in editor.errors["name"].text()
    editor.reject()
