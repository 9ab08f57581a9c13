"""The contact editor: refusals next to the fields, the organization found by typing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlmodel import select

from partnerdesk.core.models import Contact
from partnerdesk.ui.dialogs.directory.contact import ContactEditor
from partnerdesk.ui.main_window import MainWindow
from tests.ui.helpers import contacts_view


def test_a_malformed_email_is_shown_next_to_the_field_and_nothing_is_saved(
    window: MainWindow, qtbot: Any
) -> None:
    view = contacts_view(window)
    editor = view.new_contact()
    assert isinstance(editor, ContactEditor)
    qtbot.keyClicks(editor.name_edit, "Sam Typo")
    qtbot.keyClicks(editor.email_edit, "sam.typo@city")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.errors["email"].isVisible()
    assert "email address" in editor.errors["email"].text()
    with window.context.database.session() as session:
        assert session.exec(select(Contact).where(Contact.full_name == "Sam Typo")).first() is None
    editor.reject()


def test_the_organization_is_found_by_typing_and_an_unknown_one_is_refused(
    window: MainWindow, qtbot: Any
) -> None:
    editor = contacts_view(window).new_contact()
    assert isinstance(editor, ContactEditor)
    qtbot.keyClicks(editor.name_edit, "Lee Park")
    editor.organization_combo.setEditText("Nowhere Agency")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert 'no organization "Nowhere Agency"' in editor.errors["organization_id"].text()
    editor.organization_combo.setEditText("valley health plan")  # any capitals
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    row = contacts_view(window).contacts.current_row()
    assert row is not None and (row.full_name, row.organization) == (
        "Lee Park",
        "Valley Health Plan",
    )
