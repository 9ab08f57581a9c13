"""The funding source editor."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog

from partnerdesk.core.funding.sources import list_sources
from partnerdesk.core.models import FundingSourceKind
from partnerdesk.ui.dialogs.funding.source import SourceEditor
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.funding import FundingView


def test_new_source_then_edit_it(
    funding: FundingView, dialogs: list[QDialog], window: MainWindow
) -> None:
    funding.new_source_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, SourceEditor)
    editor.name_edit.setText("County behavioral health levy")
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(FundingSourceKind.OTHER))
    editor.growth_edit.setText("1.5")
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    assert funding.sources.select_where(lambda r: r.name == "County behavioral health levy")
    funding.edit_action.trigger()
    reopened = dialogs[-1]
    assert isinstance(reopened, SourceEditor)
    assert reopened.growth_edit.text() == "1.5"
    reopened.renewal_spin.setValue(40)
    reopened.save_button.click()
    with window.context.database.session() as session:
        row = next(r for r in list_sources(session) if r.name.startswith("County"))
    assert row.renewal_probability_pct == 40 and row.annual_growth_pct == Decimal("1.5")
