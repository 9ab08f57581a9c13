"""Funding area: the sources and the ledger."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from partnerdesk.core.services.funding import LedgerRow, SourceRow, list_ledger, list_sources
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column

SOURCE_COLUMNS: list[Column[SourceRow]] = [
    Column("Source", lambda r: r.name),
    Column("Kind", lambda r: r.kind),
    Column("Funder", lambda r: r.funder),
    Column("Restricted", lambda r: r.restricted),
    Column("Grant ends", lambda r: r.grant_end),
    Column("Renewal %", lambda r: r.renewal_probability_pct, align_right=True),
    Column("Budgeted", lambda r: r.budgeted, align_right=True),
    Column("Received", lambda r: r.received, align_right=True),
]

LEDGER_COLUMNS: list[Column[LedgerRow]] = [
    Column("Date", lambda r: r.entry_date),
    Column("Source", lambda r: r.source),
    Column("Type", lambda r: r.entry_type),
    Column("Amount", lambda r: r.amount, align_right=True),
    Column("Memo", lambda r: r.memo),
]


class FundingView(QWidget):
    title = "Funding"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        kinds = ("funding_source", "ledger_entry")
        self.sources: RecordList[SourceRow] = RecordList(
            context, SOURCE_COLUMNS, list_sources, entity_types=kinds, noun="sources"
        )
        self.ledger: RecordList[LedgerRow] = RecordList(
            context, LEDGER_COLUMNS, list_ledger, entity_types=kinds, noun="ledger entries"
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.sources, "Sources")
        self.tabs.addTab(self.ledger, "Ledger")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def focus_filter(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, RecordList):
            current.focus_filter()
