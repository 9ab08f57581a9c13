"""The versions of a clause, each with what changed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from partnerdesk.ui.dialogs.clauses.editor import ClauseEditor
from partnerdesk.ui.dialogs.clauses.history import ClauseHistoryDialog
from partnerdesk.ui.views.clauses import ClausesView


def test_editing_an_approved_clause_makes_a_version_readable_in_history(
    clauses: ClausesView, dialogs: list[QDialog]
) -> None:
    assert clauses.list.select_where(lambda row: row.title == "Notice of claims")
    clauses.edit_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, ClauseEditor)
    editor.body_edit.setPlainText(editor.body_edit.toPlainText().replace("ten", "fifteen"))
    assert "Saving creates version 2" in editor.version_note.text()
    editor.save()
    row = clauses.list.current_row()
    assert row is not None and row.version == 2

    clauses.history_action.trigger()
    history = dialogs[-1]
    assert isinstance(history, ClauseHistoryDialog)
    assert history.versions.count() == 2
    assert "Changes from version 1" in history.text.toPlainText()
    assert "fifteen" in history.text.toHtml() and "line-through" in history.text.toHtml()
    history.versions.setCurrentRow(1)
    assert "within ten business days" in history.text.toPlainText()
