"""The committee's assumptions, targets and saved scenarios."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from partnerdesk.core.models import FundingSourceKind
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.funding import FundingView
from tests.ui.helpers import sustainability_tab


def test_costs_tab_and_assumptions_editor(
    funding: FundingView, dialogs: list[QDialog], window: MainWindow
) -> None:
    funding.tabs.setCurrentWidget(funding.costs)
    assert funding.costs.model.total_rows == 12
    funding.assumptions_action.trigger()
    editor = dialogs[-1]
    editor.target_edits[FundingSourceKind.MUNICIPAL_BUDGET].setText("50")
    editor.save_button.click()
    assert "adds up to 110" in editor.error_text("target_mix")
    editor.target_edits[FundingSourceKind.MUNICIPAL_BUDGET].setText("40")
    editor.name_edit.setText("Grant lost early")
    editor.rule_combo.setCurrentIndex(editor.rule_combo.findData("as_scheduled"))
    editor.override_source.setCurrentIndex(
        editor.override_source.findText("Federal crisis response grant")
    )
    editor.override_end.set_value(window.context.today())
    editor.set_override()
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    panel = sustainability_tab(funding)
    assert panel.scenario_combo.findText("Grant lost early") >= 0
    panel.scenario_combo.setCurrentIndex(panel.scenario_combo.findText("Grant lost early"))
    panel.reload()
    assert panel.analysis.projection.cliff.fiscal_year == 2027
