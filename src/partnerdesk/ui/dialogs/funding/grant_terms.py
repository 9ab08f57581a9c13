"""The grant terms of a source: its local match (a share of its money or a fixed amount,
and the sources whose money counts as match) and how early its dates are reminded of."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.funding.grant_terms import TermsInput, get_terms, save_terms
from partnerdesk.core.funding.sources import source_choices
from partnerdesk.core.mou.rules import format_reminder_days, parse_reminder_days
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import percent_text, read_amount, read_percent
from partnerdesk.ui.widgets.form import FormDialog

NO_MATCH, SHARE, AMOUNT = "none", "share", "amount"


class TermsEditor(FormDialog):
    """Match requirement, match sources and reminder lead times of one source."""

    def __init__(self, context: AppContext, source_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.source_id = source_id
        with context.database.session() as session:
            detail = get_terms(session, source_id)
            others = [(i, n) for i, n in source_choices(session) if i != source_id]
        self.record_id = detail.terms_id
        self.seen_version = detail.row_version
        self.setWindowTitle(f"Grant terms: {detail.source}")
        values = detail.values
        self.match_combo = QComboBox(self)
        self.match_combo.addItem("No match required", NO_MATCH)
        self.match_combo.addItem("A share of the grant's money", SHARE)
        self.match_combo.addItem("A fixed amount over the grant", AMOUNT)
        self.add_row("Local &match", "match_kind", self.match_combo)
        self.value_edit = QLineEdit(self)
        self.add_row("&Required", "match", self.value_edit)
        self.sources_list = QListWidget(self)
        self.sources_list.setMaximumHeight(110)
        chosen = set(values.match_source_ids)
        for other_id, name in others:
            item = QListWidgetItem(name, self.sources_list)
            item.setData(Qt.ItemDataRole.UserRole, other_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if other_id in chosen else Qt.CheckState.Unchecked
            )
        self.add_row("Match &sources", "match_sources", self.sources_list)
        hint = QLabel(
            "The money of the ticked sources counts as match, and so does any ledger entry "
            "marked “Counts as match for” this grant in the entry editor.",
            self,
        )
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.reminders_edit = QLineEdit(format_reminder_days(values.reminder_days), self)
        self.reminders_edit.setPlaceholderText("days before a due date, e.g. 30, 14, 3")
        self.add_row("Re&minders (days before)", "reminder_days", self.reminders_edit)
        if values.match_share_pct is not None:
            self.match_combo.setCurrentIndex(1)
            self.value_edit.setText(f"{percent_text(values.match_share_pct)} %")
        elif values.match_amount is not None:
            self.match_combo.setCurrentIndex(2)
            self.value_edit.setText(f"{values.match_amount:,.2f}")
        self.match_combo.currentIndexChanged.connect(lambda _i: self._explain())
        self._explain()

    def _explain(self) -> None:
        kind = self.match_combo.currentData()
        self.value_edit.setEnabled(kind != NO_MATCH)
        self.value_edit.setPlaceholderText(
            {NO_MATCH: "", SHARE: "percent, e.g. 25", AMOUNT: "e.g. 150,000.00"}[kind]
        )

    def values(self) -> TermsInput:
        kind = self.match_combo.currentData()
        sources = [
            int(self.sources_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.sources_list.count())
            if self.sources_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        return TermsInput(
            match_share_pct=read_percent(self.value_edit, "match") if kind == SHARE else None,
            match_amount=read_amount(self.value_edit, "match") if kind == AMOUNT else None,
            match_source_ids=sources,
            reminder_days=parse_reminder_days(self.reminders_edit.text()),
        )

    def work(self) -> Callable[[Session], Any]:
        data, source_id, version = self.values(), self.source_id, self.seen_version
        return lambda session: save_terms(session, source_id, data, version)
