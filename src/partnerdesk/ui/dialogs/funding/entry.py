"""The ledger entry editor: an exact amount on a date against a funding source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlmodel import Session

from partnerdesk.core.funding import ledger as funding
from partnerdesk.core.funding.grant_terms import match_grant_choices
from partnerdesk.core.funding.ledger import EntryInput
from partnerdesk.core.funding.sources import mou_choice, mou_choices, source_choices
from partnerdesk.core.models import LedgerEntry, LedgerEntryType
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import CENT
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import read_amount
from partnerdesk.ui.widgets.dates import DateEdit
from partnerdesk.ui.widgets.form import FormDialog


class EntryEditor(FormDialog):
    """A new ledger entry (for ``source_id`` when given), or one to edit."""

    record_type = LedgerEntry

    def __init__(
        self,
        context: AppContext,
        entry_id: int | None = None,
        parent: QWidget | None = None,
        *,
        source_id: int | None = None,
    ) -> None:
        super().__init__(
            context, "New ledger entry" if entry_id is None else "Ledger entry", parent
        )
        self.record_id = entry_id
        with context.database.session() as session:
            sources = source_choices(session)
            mous = mou_choices(session)
            grants = match_grant_choices(session)
            detail = funding.get_entry(session, entry_id) if entry_id is not None else None
            linked = detail.values.mou_id if detail is not None else None
            if linked is not None and linked not in dict(mous):
                mous.append(mou_choice(session, linked))  # kept, not silently dropped

        self.date_edit = DateEdit(context.today(), self)
        self.add_row("&Date", "date", self.date_edit)
        self.source_combo = QComboBox(self)
        for choice_id, name in sources:
            self.source_combo.addItem(name, choice_id)
        if source_id is not None:
            self.source_combo.setCurrentIndex(max(0, self.source_combo.findData(source_id)))
        self.add_row("&Source", "source", self.source_combo)
        self.type_combo = QComboBox(self)
        for entry_type in LedgerEntryType:
            self.type_combo.addItem(entry_type.label, entry_type)
        self.type_combo.setCurrentIndex(self.type_combo.findData(LedgerEntryType.RECEIVED))
        self.add_row("&Type", "entry_type", self.type_combo)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText("e.g. 12,500.00 (negative only for an adjustment)")
        self.add_row("&Amount", "amount", self.amount_edit)
        self.memo_edit = QLineEdit(self)
        self.add_row("&Memo", "memo", self.memo_edit)
        self.mou_combo = QComboBox(self)
        self.mou_combo.addItem("(none)", None)
        for mou_id, label in mous:
            self.mou_combo.addItem(label, mou_id)
        self.add_row("M&OU", "mou", self.mou_combo)
        self.match_combo = QComboBox(self)
        self.match_combo.addItem("(not match)" if grants else "(no grant requires a match)", None)
        for grant_id, name in grants:
            self.match_combo.addItem(name, grant_id)
        self.match_combo.setToolTip("Count this money towards a grant's local match")
        self.add_row("Counts as &match for", "match_for", self.match_combo)
        if detail is not None:
            self.seen_version = detail.row_version
            values = detail.values
            self.date_edit.set_day(values.entry_date)
            self.source_combo.setCurrentIndex(self.source_combo.findData(values.funding_source_id))
            self.type_combo.setCurrentIndex(self.type_combo.findData(values.entry_type))
            self.amount_edit.setText(f"{values.amount.quantize(CENT):,}")
            self.memo_edit.setText(values.memo)
            self.mou_combo.setCurrentIndex(max(0, self.mou_combo.findData(values.mou_id)))
            marked = values.match_for_source_id
            if marked is not None and self.match_combo.findData(marked) < 0:
                # A grant that no longer requires a match: its entries keep their mark.
                self.match_combo.addItem(dict(sources).get(marked, f"#{marked}"), marked)
            self.match_combo.setCurrentIndex(max(0, self.match_combo.findData(marked)))
        if not sources:
            self.show_error("source", "Add a funding source first (Sources tab).")

    def values(self) -> EntryInput:
        source_id = self.source_combo.currentData()
        if source_id is None:
            raise ValidationError("choose a funding source", field="source")
        return EntryInput(
            entry_date=self.date_edit.day(),
            funding_source_id=int(source_id),
            entry_type=LedgerEntryType(self.type_combo.currentData()),
            amount=read_amount(self.amount_edit),
            memo=self.memo_edit.text(),
            mou_id=self.mou_combo.currentData(),
            match_for_source_id=self.match_combo.currentData(),
        )

    def work(self) -> Callable[[Session], Any]:
        data = self.values()
        entry_id, version = self.record_id, self.seen_version
        if entry_id is None:
            return lambda session: funding.create_entry(session, data)

        assert version is not None  # filled from the stored record

        def update(session: Session) -> int:
            funding.update_entry(session, entry_id, data, version)
            return entry_id

        return update
