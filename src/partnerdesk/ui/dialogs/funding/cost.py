"""The program cost editor: a budgeted cost line for one fiscal year and category."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget
from sqlmodel import Session

from partnerdesk.core.funding import costs as funding
from partnerdesk.core.funding.costs import CostInput
from partnerdesk.core.models import CostCategory, ProgramCost
from partnerdesk.core.platform.dates import FIRST_SUPPORTED_FISCAL_YEAR, LAST_SUPPORTED_FISCAL_YEAR
from partnerdesk.core.platform.money import CENT
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import read_amount
from partnerdesk.ui.widgets.form import FormDialog


class CostEditor(FormDialog):
    """A new program cost line (in ``fiscal_year`` when given), or one to edit."""

    record_type = ProgramCost

    def __init__(
        self,
        context: AppContext,
        cost_id: int | None = None,
        parent: QWidget | None = None,
        *,
        fiscal_year: int | None = None,
    ) -> None:
        super().__init__(context, "New program cost" if cost_id is None else "Program cost", parent)
        self.record_id = cost_id
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(FIRST_SUPPORTED_FISCAL_YEAR, LAST_SUPPORTED_FISCAL_YEAR)
        self.year_spin.setPrefix("FY")
        self.year_spin.setValue(fiscal_year or context.today().year)
        self.add_row("&Fiscal year", "fiscal_year", self.year_spin)
        self.category_combo = QComboBox(self)
        for category in CostCategory:
            self.category_combo.addItem(category.label, category)
        self.add_row("&Category", "category", self.category_combo)
        self.amount_edit = QLineEdit(self)
        self.add_row("&Amount", "amount", self.amount_edit)
        self.description_edit = QLineEdit(self)
        self.add_row("&Description", "description", self.description_edit)
        if cost_id is not None:
            with context.database.session() as session:
                self.seen_version, values = funding.get_cost(session, cost_id)
            self.year_spin.setValue(values.fiscal_year)
            self.category_combo.setCurrentIndex(self.category_combo.findData(values.category))
            self.amount_edit.setText(f"{values.amount.quantize(CENT):,}")
            self.description_edit.setText(values.description)

    def values(self) -> CostInput:
        return CostInput(
            fiscal_year=self.year_spin.value(),
            category=CostCategory(self.category_combo.currentData()),
            amount=read_amount(self.amount_edit),
            description=self.description_edit.text(),
        )

    def work(self) -> Callable[[Session], Any]:
        data = self.values()
        cost_id, version = self.record_id, self.seen_version
        if cost_id is None:
            return lambda session: funding.create_cost(session, data)

        assert version is not None  # filled from the stored record

        def update(session: Session) -> int:
            funding.update_cost(session, cost_id, data, version)
            return cost_id

        return update
