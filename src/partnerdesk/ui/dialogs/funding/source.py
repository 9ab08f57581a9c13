"""The funding source editor: who funds, what kind, the grant period and the assumptions
a projection uses for it (renewal probability, growth)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.funding import sources as funding
from partnerdesk.core.funding.sources import SourceInput
from partnerdesk.core.models import FundingSource, FundingSourceKind
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import percent_text, read_percent
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog


class SourceEditor(FormDialog):
    """A new funding source, or one to edit."""

    record_type = FundingSource

    def __init__(
        self, context: AppContext, source_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context, "New funding source" if source_id is None else "Funding source", parent
        )
        self.record_id = source_id
        self.setMinimumWidth(580)
        with context.database.session() as session:
            organizations = funding.organization_choices(session)
            mous = funding.mou_choices(session)
            detail = funding.get_source(session, source_id) if source_id is not None else None

        self.name_edit = QLineEdit(self)
        self.add_row("&Name", "name", self.name_edit)
        self.kind_combo = QComboBox(self)
        for kind in FundingSourceKind:
            self.kind_combo.addItem(kind.label, kind)
        self.add_row("&Kind", "kind", self.kind_combo)
        self.funder_combo = QComboBox(self)
        self.funder_combo.addItem("(none)", None)
        for org_id, name in organizations:
            self.funder_combo.addItem(name, org_id)
        self.add_row("&Funder", "funder", self.funder_combo)
        self.restricted_check = QCheckBox("Restricted to a purpose", self)
        self.add_row("", "restricted", self.restricted_check)
        self.start_edit = OptionalDateEdit("Starts", default=context.today(), parent=self)
        self.add_row("Grant &start", "grant_start", self.start_edit)
        self.end_edit = OptionalDateEdit("Ends", default=context.today(), parent=self)
        self.add_row("Grant &end", "grant_end", self.end_edit)
        self.renewal_spin = QSpinBox(self)
        self.renewal_spin.setRange(0, 100)
        self.renewal_spin.setSuffix(" %")
        self.renewal_spin.setValue(100)
        self.add_row("&Renewal probability", "renewal_probability_pct", self.renewal_spin)
        self.growth_edit = QLineEdit("0", self)
        self.growth_edit.setPlaceholderText("e.g. 2.5 or -1")
        self.add_row("Annual &growth %", "annual_growth_pct", self.growth_edit)
        self.mou_list = QListWidget(self)
        self.mou_list.setMaximumHeight(110)
        for mou_id, label in mous:
            item = QListWidgetItem(label, self.mou_list)
            item.setData(Qt.ItemDataRole.UserRole, mou_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.add_row("Linked &MOUs", "mous", self.mou_list)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(80)
        self.add_row("N&otes", "notes", self.notes_edit)
        self.active_check = QCheckBox("Active (untick to retire a source but keep its ledger)")
        self.active_check.setChecked(True)
        self.add_row("", "active", self.active_check)
        if detail is not None:
            self.seen_version = detail.row_version
            self._fill(detail.values)

    def _fill(self, values: SourceInput) -> None:
        self.name_edit.setText(values.name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(values.kind))
        self.funder_combo.setCurrentIndex(
            max(0, self.funder_combo.findData(values.funder_organization_id))
        )
        self.restricted_check.setChecked(values.restricted)
        self.start_edit.set_value(values.grant_start)
        self.end_edit.set_value(values.grant_end)
        self.renewal_spin.setValue(values.renewal_probability_pct)
        self.growth_edit.setText(percent_text(values.annual_growth_pct))
        linked = set(values.mou_ids)
        for row in range(self.mou_list.count()):
            item = self.mou_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in linked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.notes_edit.setPlainText(values.notes)
        self.active_check.setChecked(values.active)

    def values(self) -> SourceInput:
        if not self.name_edit.text().strip():
            raise ValidationError("a funding source needs a name", field="name")
        mou_ids = [
            int(self.mou_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.mou_list.count())
            if self.mou_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        return SourceInput(
            name=self.name_edit.text(),
            kind=FundingSourceKind(self.kind_combo.currentData()),
            funder_organization_id=self.funder_combo.currentData(),
            restricted=self.restricted_check.isChecked(),
            grant_start=self.start_edit.value(),
            grant_end=self.end_edit.value(),
            renewal_probability_pct=self.renewal_spin.value(),
            annual_growth_pct=read_percent(
                self.growth_edit, "annual_growth_pct", default=Decimal("0")
            ),
            mou_ids=mou_ids,
            notes=self.notes_edit.toPlainText(),
            active=self.active_check.isChecked(),
        )

    def work(self) -> Callable[[Session], Any]:
        data = self.values()
        source_id, version = self.record_id, self.seen_version
        if source_id is None:
            return lambda session: funding.create_source(session, data)

        assert version is not None  # filled from the stored record

        def update(session: Session) -> int:
            funding.update_source(session, source_id, data, version)
            return source_id

        return update
