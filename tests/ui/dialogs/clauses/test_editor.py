"""Writing a clause: a refused variable is shown next to the text."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from partnerdesk.core.models import ClauseCategory, ClauseStatus
from partnerdesk.core.mou.clauses import list_clauses
from partnerdesk.ui.dialogs.clauses.editor import ClauseEditor
from partnerdesk.ui.views.clauses import ClausesView


def test_a_misspelt_variable_is_shown_next_to_the_text_and_nothing_saved(
    clauses: ClausesView, dialogs: list[QDialog], message_boxes: list[Any]
) -> None:
    clauses.new_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, ClauseEditor)
    editor.title_edit.setText("Night cover")
    editor.category_combo.setCurrentIndex(
        editor.category_combo.findData(ClauseCategory.RESPONSE_PROTOCOL.value)
    )
    assert not editor.tier_combo.isEnabled()
    editor.body_edit.setPlainText("Between 22:00 and 06:00 {{ lead_agncy }} covers calls.")
    editor.buttons.button(editor.buttons.StandardButton.Save).click()
    assert editor.isVisible()
    assert editor.body_error.isVisible()
    assert "did you mean {{ lead_agency }}" in editor.body_error.text()
    with clauses.context.database.session() as session:
        assert "Night cover" not in {r.title for r in list_clauses(session)}

    # Fixed by double-clicking the variable in the list beside the text.
    editor.body_edit.setPlainText("Between 22:00 and 06:00 ")
    cursor = editor.body_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.body_edit.setTextCursor(cursor)
    item = next(
        editor.variables.item(i)
        for i in range(editor.variables.count())
        if editor.variables.item(i).text() == "{{ lead_agency }}"
    )
    editor._insert_variable(item)
    editor.body_edit.insertPlainText(" covers calls.")
    editor.save()
    assert not editor.isVisible()
    assert message_boxes == []
    row = clauses.list.current_row()
    assert row is not None and row.title == "Night cover" and row.status == ClauseStatus.DRAFT
    assert "{{ lead_agency }} covers calls." in clauses.preview.toPlainText()
