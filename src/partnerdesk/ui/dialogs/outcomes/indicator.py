"""The indicator editor: the measure's definition (versioned once values exist), its
baseline window and its target."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget
from sqlmodel import Session

from partnerdesk.core.models import (
    Aggregation,
    DataSource,
    Direction,
    Indicator,
    IndicatorUnit,
    TargetKind,
)
from partnerdesk.core.models.outcomes import outcome_label
from partnerdesk.core.outcomes.indicators import (
    IndicatorInput,
    create_indicator,
    get_indicator,
    list_indicators,
    update_indicator,
)
from partnerdesk.core.outcomes.values import read_number
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import percent_text
from partnerdesk.ui.widgets.combos import select_data
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog


def _enum_combo(parent: QWidget, members: Any) -> QComboBox:
    combo = QComboBox(parent)
    for member in members:
        combo.addItem(outcome_label(member), member)
    return combo


class IndicatorEditor(FormDialog):
    """A new indicator, or one to edit (a new version once it has values)."""

    record_type = Indicator

    def __init__(
        self, context: AppContext, indicator_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "New indicator" if indicator_id is None else "Indicator", parent)
        self.record_id = indicator_id
        self.name_edit = QLineEdit(self)
        self.add_row("&Name", "name", self.name_edit)
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("made from the name when left empty")
        self.add_row("C&ode", "code", self.code_edit)
        self.definition_edit = QPlainTextEdit(self)
        self.definition_edit.setFixedHeight(70)
        self.add_row("&Definition", "definition", self.definition_edit)
        self.unit_combo = _enum_combo(self, IndicatorUnit)
        self.add_row("&Unit", "unit", self.unit_combo)
        self.better_combo = _enum_combo(self, Direction)
        self.add_row("&Better when", "better", self.better_combo)
        self.rule_combo = _enum_combo(self, Aggregation)
        self.add_row("&Summarised by", "aggregation", self.rule_combo)
        self.numerator_combo = QComboBox(self)
        self.denominator_combo = QComboBox(self)
        with context.database.session() as session:
            others = [r for r in list_indicators(session) if r.id != indicator_id]
        for combo in (self.numerator_combo, self.denominator_combo):
            combo.addItem("(none)", None)
            for row in others:
                if row.aggregation is Aggregation.SUM:
                    combo.addItem(row.name, row.id)
        self.add_row("Rate: n&umerator", "rate", self.numerator_combo)
        self.add_row("Rate: d&enominator", "denominator", self.denominator_combo)
        self.source_combo = _enum_combo(self, DataSource)
        self.add_row("Data &source", "data_source", self.source_combo)
        self.by_agency_check = QCheckBox("Recorded per partner agency", self)
        self.add_row("", "by_agency", self.by_agency_check)
        self.core_check = QCheckBox("Core indicator (a trend chart in the evaluation report)", self)
        self.add_row("", "core", self.core_check)
        self.baseline_from = OptionalDateEdit("From", parent=self)
        self.baseline_to = OptionalDateEdit("To", parent=self)
        self.add_row("Baseline (default: 12 months before launch)", "baseline", self.baseline_from)
        self.add_row("", "baseline_to", self.baseline_to)
        self.target_combo = QComboBox(self)
        self.target_combo.addItem("No target", None)
        self.target_combo.addItem("Change from the baseline (%)", TargetKind.CHANGE)
        self.target_combo.addItem("Figure to reach", TargetKind.ABSOLUTE)
        self.add_row("&Target", "target", self.target_combo)
        self.target_edit = QLineEdit(self)
        self.target_edit.setPlaceholderText("e.g. -30 for 30 % fewer")
        self.add_row("Target &value", "target_value", self.target_edit)
        self.target_month = QSpinBox(self)
        self.target_month.setRange(0, 240)
        self.target_month.setSpecialValueText("from launch")
        self.target_month.setPrefix("by month ")
        self.add_row("Target &month after launch", "target_month", self.target_month)
        self.rule_combo.currentIndexChanged.connect(lambda _i: self._enable_rate())
        if indicator_id is not None:
            with context.database.session() as session:
                row = get_indicator(session, indicator_id)
            self.seen_version = row.row_version
            self.name_edit.setText(row.name)
            self.code_edit.setText(row.code)
            self.definition_edit.setPlainText(row.definition)
            for combo, value in (
                (self.unit_combo, row.unit), (self.better_combo, row.better),
                (self.rule_combo, row.aggregation), (self.source_combo, row.data_source),
                (self.numerator_combo, row.numerator_id),
                (self.denominator_combo, row.denominator_id),
                (self.target_combo, row.target_kind),
            ):  # fmt: skip
                select_data(combo, value)
            self.by_agency_check.setChecked(row.by_agency)
            self.core_check.setChecked(row.core)
            self.baseline_from.set_value(row.baseline_from)
            self.baseline_to.set_value(row.baseline_to)
            self.target_edit.setText(percent_text(row.target_value) if row.target_value else "")
            self.target_month.setValue(row.target_month or 0)
            if row.values:
                self.setWindowTitle(
                    f"Indicator ({row.values:,} values: a change to its definition makes "
                    f"version {row.version + 1})"
                )
        self._enable_rate()

    def _enable_rate(self) -> None:
        rate = self.rule_combo.currentData() == Aggregation.RATE
        self.numerator_combo.setEnabled(rate)
        self.denominator_combo.setEnabled(rate)

    def values(self) -> IndicatorInput:
        kind = self.target_combo.currentData()
        text = self.target_edit.text().strip()
        target = None
        if kind is not None:
            if not text:
                raise ValidationError("enter the target's value", field="target_value")
            try:
                target = read_number(text)
            except ValidationError as exc:
                raise ValidationError(exc.message, field="target_value") from None
        first: date | None = self.baseline_from.value()
        return IndicatorInput(
            name=self.name_edit.text(),
            code=self.code_edit.text(),
            definition=self.definition_edit.toPlainText(),
            unit=IndicatorUnit(self.unit_combo.currentData()),
            better=Direction(self.better_combo.currentData()),
            aggregation=Aggregation(self.rule_combo.currentData()),
            numerator_id=self.numerator_combo.currentData(),
            denominator_id=self.denominator_combo.currentData(),
            data_source=DataSource(self.source_combo.currentData()),
            by_agency=self.by_agency_check.isChecked(),
            core=self.core_check.isChecked(),
            baseline_from=first,
            baseline_to=self.baseline_to.value(),
            target_kind=TargetKind(kind) if kind is not None else None,
            target_value=target,
            target_month=self.target_month.value() or None,
        )

    def work(self) -> Callable[[Session], Any]:
        data = self.values()
        indicator_id, version = self.record_id, self.seen_version
        if indicator_id is None:
            return lambda session: create_indicator(session, data)
        assert version is not None
        return lambda session: update_indicator(session, indicator_id, data, version)
