"""The ledger's list filters in SQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pytestqt.modeltest import ModelTester

from partnerdesk.core.models import LedgerEntryType
from partnerdesk.ui.views.funding import FundingView


def test_ledger_filters_run_in_sql(funding: FundingView, qtbot: Any) -> None:
    ledger = funding.ledger
    funding.tabs.setCurrentWidget(ledger)
    assert ledger.model.total_rows == 76
    ledger.type_combo.setCurrentIndex(ledger.type_combo.findData(LedgerEntryType.BUDGETED))
    ledger._filters_changed()
    assert ledger.model.total_rows == 8
    ledger.type_combo.setCurrentIndex(0)
    ledger.filter_edit.setText("480,000")
    ledger._apply_filter()
    assert {r.amount for r in ledger.model.all_rows()} == {Decimal("480000.00")}
    assert "match the filters" in ledger.count_label.text()
    ModelTester(None).check(ledger.proxy)
