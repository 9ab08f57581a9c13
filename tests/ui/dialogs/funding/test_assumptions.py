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


def test_switching_source_shows_that_sources_own_changes_not_the_last_ones(
    funding: FundingView, dialogs: list[QDialog]
) -> None:
    """Issue #15, defect 6: the growth typed for one source stayed in the field when
    another source was chosen, and "Set" applied it (0 % growth) to that source too."""
    from datetime import date
    from decimal import Decimal

    from tests.ui.helpers import pick

    funding.assumptions_action.trigger()
    editor = dialogs[-1]
    editor.tabs.setCurrentIndex(2)
    pick(editor.override_source, "City general fund allocation")
    editor.override_growth.setText("0")
    editor.override_renewal.setText("90")
    editor.override_end.set_value(date(2028, 6, 30))
    editor.set_override()
    pick(editor.override_source, "Valley Health Plan partnership")
    assert editor.override_growth.text() == ""
    assert editor.override_renewal.text() == ""
    assert editor.override_end.value() is None
    editor.set_override()  # nothing typed for this source: nothing to set
    assert "Give a growth" in editor.override_error.text()
    assert set(editor.overrides) == {"City general fund allocation"}
    pick(editor.override_source, "City general fund allocation")  # back: its own values
    assert editor.override_growth.text() == "0"
    assert editor.override_renewal.text() == "90"
    assert editor.override_end.value() == date(2028, 6, 30)
    assert editor.overrides["City general fund allocation"].annual_growth_pct == Decimal("0")


def test_the_budget_shortfall_threshold_is_kept_in_assumptions(
    funding: FundingView, dialogs: list[QDialog]
) -> None:
    from decimal import Decimal

    from partnerdesk.core.funding.totals import budget_alert_pct

    funding.assumptions_action.trigger()
    editor = dialogs[-1]
    assert editor.alert_edit.text() == "10"
    editor.alert_edit.setText("150")
    editor.save_button.click()
    assert "at most 100 %" in editor.error_text("budget_alert_pct")
    editor.alert_edit.setText("25")
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    with funding.context.database.session() as session:
        assert budget_alert_pct(session) == Decimal("25")
    funding.tabs.setCurrentWidget(funding.comparison)
    assert "more than 25 % short" in funding.comparison.caption.text()
