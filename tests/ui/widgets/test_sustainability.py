"""The Sustainability tab: the mix, the projection and the warnings follow the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from partnerdesk.core.models import LedgerEntryType
from partnerdesk.ui.dialogs.funding.entry import EntryEditor
from partnerdesk.ui.views.funding import FundingView
from tests.ui.helpers import sustainability_tab


def test_adding_an_entry_updates_the_mix_chart_and_warnings(
    funding: FundingView, dialogs: list[QDialog], qtbot: Any, message_boxes: Any
) -> None:
    panel = sustainability_tab(funding)
    assert panel.donut is not None
    before = panel.donut.slice_labels()
    assert "Municipal budget 33.10 %" in before
    assert panel.warnings.item(0).text().startswith("Funding cliff in FY2029")

    funding.tabs.setCurrentWidget(funding.ledger)
    funding.new_entry_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, EntryEditor)
    editor.source_combo.setCurrentIndex(
        editor.source_combo.findText("Federal crisis response grant")
    )
    editor.type_combo.setCurrentIndex(editor.type_combo.findData(LedgerEntryType.RECEIVED))
    qtbot.keyClicks(editor.amount_edit, "2,000,000")
    editor.memo_edit.setText("Supplemental award")
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted

    funding.tabs.setCurrentWidget(funding.sustainability)
    after = panel.donut.slice_labels()
    assert after != before
    assert "Federal grant 80.80 %" in after  # 2.10m of 2.60m received in FY2027
    warnings = [panel.warnings.item(i).text() for i in range(panel.warnings.count())]
    assert any('"Federal crisis response grant" provides' in w for w in warnings)
    assert any("grants provide" in w for w in warnings)
    funding.tabs.setCurrentWidget(funding.ledger)
    assert funding.ledger.model.total_rows == 77


def test_charts_are_screenshot_ready(funding: FundingView, qtbot: Any, tmp_path: Path) -> None:
    panel = sustainability_tab(funding)
    funding.window().resize(1400, 860)
    qtbot.wait(50)
    path = tmp_path / "sustainability.png"
    assert funding.window().grab().save(str(path))
    assert panel.bars.categories == ["FY2027", "FY2028", "FY2029"]
    assert panel.bars.cost_points[0] == pytest.approx(1428.0)
