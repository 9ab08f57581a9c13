"""Importing a ledger: check first, then import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from partnerdesk.ui.views.funding import FundingView


def test_import_dialog_checks_then_imports(
    funding: FundingView, dialogs: list[QDialog], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    csv = tmp_path / "receipts.csv"
    csv.write_text(
        "Posted,Fund,Value\n2026-11-01,City general fund allocation,100.00\n"
        "2026-11-02,City general fund allocation,abc\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    funding.import_action.trigger()
    dialog = dialogs[-1]
    assert dialog.mapping() == {
        "date": "Posted", "source": "Fund", "type": None, "amount": "Value",
        "memo": None, "mou": None,
    }  # fmt: skip
    dialog.check_button.click()
    assert 'row 3, column "Value"' in dialog.result_text()
    csv.write_text("Posted,Fund,Value\n2026-11-01,City general fund allocation,100.00\n")
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    funding.tabs.setCurrentWidget(funding.ledger)
    assert funding.ledger.model.total_rows == 77
