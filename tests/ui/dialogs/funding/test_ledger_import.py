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


def test_the_mapping_step_declares_how_the_file_writes_dates(
    funding: FundingView, dialogs: list[QDialog], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from datetime import date

    from partnerdesk.core.funding.ledger import list_ledger
    from tests.ui.helpers import pick

    csv = tmp_path / "european.csv"
    csv.write_text(
        "Source;Date;Type;Amount;Memo\nCity general fund allocation;03/04/2026;received;250;eu\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    funding.import_action.trigger()
    dialog = dialogs[-1]
    assert dialog.date_format_combo.currentData() is None  # nothing is guessed
    dialog.check_button.click()
    assert "'03/04/2026' is not written as YYYY-MM-DD" in dialog.result_text()
    assert '"Dates written as"' in dialog.result_text()  # the choice that reads it
    pick(dialog.date_format_combo, "DD/MM/YYYY (3 April 2026 is 03/04/2026)")
    dialog.check_button.click()
    assert "would add 1 entry" in dialog.result_text()
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with funding.context.database.session() as session:
        days = [line.entry_date for line in list_ledger(session) if line.memo == "eu"]
    assert days == [date(2026, 4, 3)]
