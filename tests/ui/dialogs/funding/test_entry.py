"""The ledger entry editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from partnerdesk.ui.views.funding import FundingView


def test_entry_editor_shows_the_reason_beside_the_field(
    funding: FundingView, dialogs: list[QDialog], qtbot: Any
) -> None:
    funding.tabs.setCurrentWidget(funding.ledger)
    funding.new_entry_action.trigger()
    editor = dialogs[-1]
    qtbot.keyClicks(editor.amount_edit, "12.345")
    editor.save_button.click()
    assert "more than two decimal places" in editor.error_text("amount")
    editor.amount_edit.setText("-50")
    editor.save_button.click()
    assert "only an adjustment can be negative" in editor.error_text("amount")
    assert editor.result() != QDialog.DialogCode.Accepted
