"""The Dashboard's grant obligations: how many reports are overdue and due within 30 days,
each of them listed (opening one opens the obligation), and grants whose local match has
fallen behind. The figures come from ``obligation_attention`` and ``match_statuses``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.funding.grant_terms import match_statuses
from partnerdesk.core.funding.obligation_queries import (
    DUE_SOON_DAYS,
    ObligationAttention,
    ObligationRow,
    obligation_attention,
)
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.reloading import ReloadingWidget
from partnerdesk.ui.widgets.table_model import Column, RecordTableModel

ROWS_SHOWN = 4


def due_colour(row: ObligationRow) -> str | None:
    """Red when overdue, amber when due within 30 days (as the reviews are shown)."""
    if not row.is_open:
        return None
    if row.days_until_due < 0:
        return RED
    return AMBER if row.days_until_due <= DUE_SOON_DAYS else None


ATTENTION_COLUMNS: list[Column[ObligationRow]] = [
    Column("Due", lambda r: r.due_date, colour=due_colour),
    Column("When", lambda r: r.describe(), colour=due_colour),
    Column("Source", lambda r: r.source),
    Column("Obligation", lambda r: r.title),
    Column("Period", lambda r: r.period),
    Column("Owner", lambda r: r.owner),
]

OBLIGATION_COLUMN = 3  # the one that takes the spare width

# The records these figures are made of.
GRANT_KINDS = (
    ChangeKind.OBLIGATION,
    ChangeKind.OBLIGATION_RULE,
    ChangeKind.FUNDING_SOURCE,
    ChangeKind.GRANT_TERMS,
    ChangeKind.LEDGER_ENTRY,
    ChangeKind.CONTACT,
)


class GrantAttentionPanel(ReloadingWidget):
    """A heading with the counts, and the overdue and soon-due items below it."""

    sig_open_obligation = Signal(int)  # obligation item id
    sig_show_obligations = Signal()  # the whole list (Funding › Obligations)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.attention: ObligationAttention | None = None
        self.match_warnings: list[str] = []
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.show_all_button = QPushButton("All &obligations…", self)
        self.show_all_button.setToolTip("Every grant obligation, in Funding › Obligations")
        self.show_all_button.clicked.connect(
            lambda _checked=False: self.sig_show_obligations.emit()
        )
        self.match_label = QLabel(self)
        self.match_label.setWordWrap(True)
        self.match_label.setStyleSheet(f"color: {RED};")
        self.model: RecordTableModel[ObligationRow] = RecordTableModel(ATTENTION_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OBLIGATION_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Double-click or press Enter to open the obligation")
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.match_label)
        layout.addWidget(self.table)
        self.watch(GRANT_KINDS)

    # -- loading
    def reload(self) -> None:
        """The obligations first (a few milliseconds); then the match, which sums the
        ledger (a tenth of a second on a 200,000-line one) and is shown when ready."""
        super().reload()
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> ObligationAttention:
            with database.session() as session:
                return obligation_attention(session, today)

        def load_match(_progress: Any) -> list[str]:
            with database.session() as session:
                return [m.warning() for m in match_statuses(session, today) if m.behind]

        def show(figures: ObligationAttention) -> None:
            self._show(figures)
            run_task(load_match, self._show_match, self._failed, parent=self)

        run_task(load, show, self._failed, parent=self)

    def _show(self, figures: ObligationAttention) -> None:
        self.attention = figures
        self.model.set_rows(figures.items)

        def count(number: int, colour: str, words: str) -> str:
            shown = f"<span style='color:{colour}'>{number}</span>" if number else str(number)
            return f"<b>{shown}</b> {words}"

        self.summary.setText(
            "<b>Grant obligations</b>: "
            + count(figures.overdue, RED, "overdue")
            + " · "
            + count(figures.due_soon, AMBER, f"due within {DUE_SOON_DAYS} days")
            + (" (double-click one to open it)" if figures.items else " — nothing to send now")
        )
        self.table.setVisible(bool(figures.items))
        rows = min(max(len(figures.items), 1), ROWS_SHOWN)
        header = self.table.horizontalHeader().height()
        self.table.setFixedHeight(header + rows * 26 + 4)

    def _show_match(self, warnings: list[str]) -> None:
        self.match_warnings = warnings
        self.match_label.setText("\n".join(warnings))
        self.match_label.setVisible(bool(warnings))

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.summary.setText(f"Grant obligations could not be loaded: {error_message(exc)}")

    # -- opening
    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.sig_open_obligation.emit(self.model.row_at(row).id)
