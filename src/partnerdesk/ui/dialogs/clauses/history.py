"""Reading the versions of a clause, each with what changed from the one before."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.mou.clauses import get_clause
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER
from partnerdesk.ui.widgets.dates import local_time
from partnerdesk.ui.widgets.diff import diff_html
from partnerdesk.ui.widgets.sizing import open_at


class ClauseHistoryDialog(QDialog):
    """Every version of a clause, each with what changed from the one before."""

    def __init__(self, context: AppContext, clause_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from partnerdesk.core.mou.clauses import outdated_uses

        with context.database.session() as session:
            self.detail = get_clause(session, clause_id)
            self.outdated = outdated_uses(session, clause_id)
        self.setWindowTitle(f"Versions of “{self.detail.title}”")
        open_at(self, 820, 520)
        self.versions = QListWidget(self)
        for info in reversed(self.detail.versions):
            when = local_time(info.created_at)
            current = "  (current)" if info.version == self.detail.current_version else ""
            self.versions.addItem(
                f"Version {info.version}{current}\n{when} {info.created_by or ''}"
            )
        self.text = QTextBrowser(self)
        self.versions.currentRowChanged.connect(self._show)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.versions)
        splitter.addWidget(self.text)
        splitter.setSizes([220, 600])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.versions.setCurrentRow(0)

    def _show(self, row: int) -> None:
        versions = list(reversed(self.detail.versions))
        if not 0 <= row < len(versions):
            self.text.clear()
            return
        info = versions[row]
        parts = [f"<h3>{escape(info.title)} <small>(version {info.version})</small></h3>"]
        earlier = versions[row + 1] if row + 1 < len(versions) else None
        if earlier is None:
            parts.append(f"<p>{escape(info.body).replace(chr(10), '<br>')}</p>")
        else:
            from partnerdesk.core.mou.compare import word_diff

            parts.append(f"<p><i>Changes from version {earlier.version}:</i></p>")
            parts.append(diff_html(word_diff(earlier.body, info.body)))
        users = [u for u in self.outdated if u.included_version == info.version]
        if users:
            names = ", ".join(f"{u.reference_code} v{u.mou_version}" for u in users)
            parts.append(f"<p style='color:{AMBER}'>Still included by: {escape(names)}</p>")
        self.text.setHtml("".join(parts))
