"""The unit cost editor: what one avoided event saves, its source, its indicator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlmodel import Session

from partnerdesk.core.models import Aggregation, UnitCost
from partnerdesk.core.outcomes.indicators import list_indicators
from partnerdesk.core.outcomes.unit_costs import (
    UnitCostInput,
    create_unit_cost,
    get_unit_cost,
    update_unit_cost,
)
from partnerdesk.core.outcomes.values import read_number
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import CENT
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import read_amount
from partnerdesk.ui.widgets.combos import select_data
from partnerdesk.ui.widgets.form import FormDialog


class UnitCostEditor(FormDialog):
    record_type = UnitCost

    def __init__(
        self, context: AppContext, cost_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "New unit cost" if cost_id is None else "Unit cost", parent)
        self.record_id = cost_id
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("e.g. Jail day")
        self.add_row("&Name", "name", self.name_edit)
        self.amount_edit = QLineEdit(self)
        self.add_row("&Cost of one unit", "amount", self.amount_edit)
        self.indicator_combo = QComboBox(self)
        self.indicator_combo.addItem("(not tied to an indicator)", None)
        with context.database.session() as session:
            for indicator in list_indicators(session, include_retired=False):
                if indicator.aggregation is Aggregation.SUM:
                    self.indicator_combo.addItem(indicator.name, indicator.id)
        self.add_row("Avoided events of", "indicator", self.indicator_combo)
        self.per_event_edit = QLineEdit("1", self)
        self.add_row("&Units per avoided event", "per_event", self.per_event_edit)
        self.source_edit = QLineEdit(self)
        self.source_edit.setPlaceholderText("where the figure comes from")
        self.add_row("&Source", "source", self.source_edit)
        self.notes_edit = QLineEdit(self)
        self.add_row("N&otes", "notes", self.notes_edit)
        if cost_id is not None:
            with context.database.session() as session:
                row = get_unit_cost(session, cost_id)
            self.seen_version = row.row_version
            self.name_edit.setText(row.name)
            self.amount_edit.setText(f"{row.amount.quantize(CENT):,}")
            select_data(self.indicator_combo, row.indicator_id)
            self.per_event_edit.setText(f"{row.per_event.normalize():f}")
            self.source_edit.setText(row.source)
            self.notes_edit.setText(row.notes)

    def work(self) -> Callable[[Session], Any]:
        try:
            per_event = read_number(self.per_event_edit.text())
        except ValidationError as exc:
            raise ValidationError(exc.message, field="per_event") from None
        data = UnitCostInput(
            name=self.name_edit.text(),
            amount=read_amount(self.amount_edit),
            source=self.source_edit.text(),
            indicator_id=self.indicator_combo.currentData(),
            per_event=per_event,
            notes=self.notes_edit.text(),
        )
        cost_id, version = self.record_id, self.seen_version
        if cost_id is None:
            return lambda session: create_unit_cost(session, data)
        assert version is not None
        return lambda session: update_unit_cost(session, cost_id, data, version)
