"""The program cost editor: a new cost line appears in the Costs list once saved."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog

from partnerdesk.core.models import CostCategory
from partnerdesk.ui.dialogs.funding.cost import CostEditor
from partnerdesk.ui.views.funding import FundingView
from tests.ui.helpers import pick


def test_a_new_cost_line_is_listed_once_saved(funding: FundingView, dialogs: list[QDialog]) -> None:
    funding.tabs.setCurrentWidget(funding.costs)
    before = funding.costs.model.total_rows
    funding.new_cost_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, CostEditor)
    editor.year_spin.setValue(2028)
    pick(editor.category_combo, CostCategory.TRAINING.label)
    editor.amount_edit.setText("12,000")
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    assert funding.costs.model.total_rows == before + 1
    added = [r for r in funding.costs.model.all_rows() if r.fiscal_year == 2028]
    assert any(r.amount == Decimal("12000.00") for r in added)
