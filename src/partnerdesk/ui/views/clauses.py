"""Clauses area: the library, with the selected clause's current text beside the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from partnerdesk.core.services.clauses import ClauseRow, clause_text, list_clauses
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column

CLAUSE_COLUMNS: list[Column[ClauseRow]] = [
    Column("Title", lambda r: r.title),
    Column("Category", lambda r: r.category),
    Column("Status", lambda r: r.status),
    Column("Version", lambda r: r.version, align_right=True),
    Column("Sharing tier", lambda r: r.sharing_tier),
    Column("Used by MOUs", lambda r: r.used_by_mous, align_right=True),
]


class ClausesView(QWidget):
    title = "Clauses"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.list: RecordList[ClauseRow] = RecordList(
            context,
            CLAUSE_COLUMNS,
            list_clauses,
            entity_types=("clause",),
            noun="clauses",
            parent=self,
        )
        self.preview = QTextBrowser(self)
        self.preview.setPlaceholderText("Select a clause to read its current text.")
        self.list.sig_selection_changed.connect(self._show_selected)
        self.list.sig_loaded.connect(self._show_selected)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setSizes([420, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _show_selected(self) -> None:
        row = self.list.current_row()
        if row is None:
            self.preview.clear()
            return
        with self.context.database.session() as session:
            title, body = clause_text(session, row.id)
        self.preview.setPlainText(f"{title}  (version {row.version})\n\n{body}")

    def focus_filter(self) -> None:
        self.list.focus_filter()
