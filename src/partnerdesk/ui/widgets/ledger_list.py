"""The funding ledger's list, filtered in SQL: 200,000 entries are too many to filter
through a proxy that calls Python for every cell."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from partnerdesk.core.funding.ledger import LedgerFilter, LedgerRow, list_ledger
from partnerdesk.core.models import LedgerEntryType
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.combos import choice_bar, keep_narrow, refill
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column, FilterProxyModel

LEDGER_COLUMNS: list[Column[LedgerRow]] = [
    Column("Date", lambda r: r.entry_date),
    Column("Source", lambda r: r.source),
    Column("Type", lambda r: r.entry_type),
    Column("Amount", lambda r: r.amount, align_right=True),
    Column("Memo", lambda r: r.memo),
]


class _TextPassesProxy(FilterProxyModel):
    """The ledger filters in SQL (see :class:`LedgerList`): the proxy only sorts."""

    def set_filter_text(self, text: str) -> None:
        self.setFilterFixedString("")


class LedgerList(RecordList[LedgerRow]):
    """The ledger list. Filtering 200,000 rows through a proxy calls Python for every
    cell; here the fiscal year, source, type and text go into the SQL query instead."""

    def __init__(
        self,
        context: AppContext,
        kinds: Collection[ChangeKind],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context,
            LEDGER_COLUMNS,
            lambda session: list_ledger(session, self.where),
            kinds=kinds,
            noun="ledger entries",
            one="ledger entry",
            parent=parent,
        )
        self.where = LedgerFilter()
        self.proxy = _TextPassesProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.sig_selection_changed.emit()
        )
        self.filter_edit.setPlaceholderText("Filter memo, source, date or amount… (Ctrl+F)")
        self._pending = False
        self._sql_timer = QTimer(self, singleShot=True, interval=250)
        self._sql_timer.timeout.connect(self._text_changed)
        self.sig_loaded.connect(self._after_load)

        self.year_combo = QComboBox(self)
        self.source_combo = QComboBox(self)
        self.type_combo = QComboBox(self)
        self.type_combo.addItem("All types", None)
        for entry_type in LedgerEntryType:
            self.type_combo.addItem(entry_type.label, entry_type)
        keep_narrow(self.source_combo, 12)
        keep_narrow(self.type_combo, 8)
        bar = choice_bar(
            [("Fiscal year", self.year_combo), ("Source", self.source_combo),
             ("Type", self.type_combo)],
            self._filters_changed,
        )  # fmt: skip
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, bar)

    def fill_choices(self, years: list[int], sources: list[tuple[int, str]]) -> None:
        refill(
            self.year_combo,
            [(y, f"FY{y}") for y in years],
            self.year_combo.currentData(),
            everything="All years",
        )
        refill(
            self.source_combo,
            sources,
            self.source_combo.currentData(),
            everything="All sources",
        )

    # RecordList calls this for every keystroke; the query waits for a pause in typing.
    def _on_filter_text(self, _text: str) -> None:
        self._sql_timer.start()

    def _apply_filter(self) -> None:
        self._text_changed()

    def _text_changed(self) -> None:
        self._filters_changed()

    def _filters_changed(self) -> None:
        self.where = LedgerFilter(
            fiscal_year=self.year_combo.currentData(),
            source_id=self.source_combo.currentData(),
            entry_type=LedgerEntryType(kind) if (kind := self.type_combo.currentData()) else None,
            text=self.filter_edit.text().strip(),
        )
        if self._loading:
            self._pending = True
        else:
            self.reload()

    def _after_load(self) -> None:
        if self._pending:
            self._pending = False
            self.reload()

    def _update_count(self) -> None:
        total = self.model.total_rows
        filtered = self.where != LedgerFilter()
        self.count_label.setText(
            f"{total:,} ledger entries" + (" match the filters" if filtered else "")
        )
