"""Clauses area: the library, searchable by text, with the selected clause beside the list."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.models import ClauseCategory, ClauseStatus
from partnerdesk.core.mou.clause_variables import variables_used
from partnerdesk.core.mou.clauses import (
    ClauseRow,
    delete_clause,
    get_clause,
    list_clauses,
    outdated_uses,
    set_clause_status,
)
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.program.deleted import UNDO_HINT
from partnerdesk.ui.style import AMBER, GREY
from partnerdesk.ui.tasks import error_message
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.combos import keep_narrow
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column

CLAUSE_COLUMNS: list[Column[ClauseRow]] = [
    Column("Title", lambda r: r.title, weight=2.5),
    Column("Category", lambda r: r.category),
    Column("Status", lambda r: r.status,
           colour=lambda r: GREY if r.status == ClauseStatus.RETIRED else None),
    Column("Version", lambda r: r.version, align_right=True),
    Column("Sharing tier", lambda r: r.sharing_tier),
    Column("Used by MOUs", lambda r: r.used_by_mous, align_right=True),
    Column("On older version", lambda r: r.outdated_in_mous or None, align_right=True,
           colour=lambda r: AMBER if r.outdated_in_mous else None,
           tooltip=lambda r: f"{r.outdated_in_mous} MOU(s) include an older version of this "
           "clause" if r.outdated_in_mous else ""),
]  # fmt: skip


class ClausesView(AreaView):
    """The clause library: find a clause, write or version one, approve, retire, delete."""

    title = "Clauses"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._category: ClauseCategory | None = None
        self._search = ""

        self.category_combo = QComboBox(self)
        self.category_combo.addItem("All categories", None)
        for category in ClauseCategory:
            self.category_combo.addItem(category.label, category.value)
        self.category_combo.currentIndexChanged.connect(self._category_changed)
        # The longest category label would otherwise set the whole window's minimum width.
        keep_narrow(self.category_combo, 22)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search titles and text… (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._search_changed)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())

        self.list: RecordList[ClauseRow] = RecordList(
            context,
            CLAUSE_COLUMNS,
            self._load,
            kinds=(ChangeKind.CLAUSE, ChangeKind.MOU),
            noun="clauses",
            parent=self,
        )
        # One search box: the library's (titles and text), not the list's own filter too.
        self.list.filter_edit.hide()
        self.preview = QTextBrowser(self)
        self.preview.setPlaceholderText("Select a clause to read its current text.")
        self.list.sig_selection_changed.connect(self._selection_changed)
        self.list.sig_loaded.connect(self._loaded)
        self.list.sig_row_activated.connect(lambda row: self.edit_clause(row.id))

        self.empty_banner = QWidget(self)
        banner_layout = QHBoxLayout(self.empty_banner)
        banner_text = QLabel(
            "The clause library is empty. Start from PartnerDesk's default library: approved "
            "clauses for every subject an MOU must cover, ready to adapt.",
            self.empty_banner,
        )
        banner_text.setWordWrap(True)
        self.load_default_button = QPushButton("Load default clause library", self.empty_banner)
        self.load_default_button.clicked.connect(self.load_default_library)
        banner_layout.addWidget(banner_text, 1)
        banner_layout.addWidget(self.load_default_button)
        self.empty_banner.setStyleSheet("background: #eef4fb; border-radius: 4px;")
        self.empty_banner.hide()

        self.new_action = self.add_action("&New clause…", self.new_clause, "Ctrl+N")
        self.edit_action = self.add_action("&Edit…", self.edit_selected, "Ctrl+E")
        self.edit_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Return")])
        self.approve_action = self.add_action("&Approve", self.approve_selected, "Ctrl+Shift+P")
        self.retire_action = self.add_action("&Retire…", self.retire_selected)
        self.history_action = self.add_action("&Versions…", self.show_history, "Ctrl+H")
        self.delete_action = self.add_action("&Delete…", self.delete_selected, "Delete")
        self.load_default_action = self.add_action(
            "Load &default clause library", self.load_default_library
        )

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Category:", self))
        filters.addWidget(self.category_combo)
        filters.addWidget(self.search_edit, 1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.list, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.preview)
        splitter.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty_banner)
        layout.addWidget(splitter, 1)
        self._update_actions()

    # -- loading and filtering
    def _load(self, session: Session) -> list[ClauseRow]:
        return list_clauses(session, self._category, search=self._search or None)

    def _category_changed(self) -> None:
        value = self.category_combo.currentData()
        self._category = ClauseCategory(value) if value else None
        self.list.reload()

    def _search_changed(self) -> None:
        self._search = self.search_edit.text().strip()
        self.list.reload()

    def _loaded(self) -> None:
        library_empty = (
            self.list.model.total_rows == 0 and self._category is None and not self._search
        )
        self.empty_banner.setVisible(library_empty)
        self.load_default_action.setVisible(library_empty)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self._update_actions()
        self._show_selected()

    def _update_actions(self) -> None:
        row = self.list.current_row()
        for action in (self.edit_action, self.history_action, self.delete_action):
            action.setEnabled(row is not None)
        self.approve_action.setEnabled(row is not None and row.status != ClauseStatus.APPROVED)
        self.retire_action.setEnabled(row is not None and row.status != ClauseStatus.RETIRED)

    def _show_selected(self) -> None:
        row = self.list.current_row()
        if row is None:
            self.preview.clear()
            return
        with self.context.database.session() as session:
            detail = get_clause(session, row.id)
            outdated = outdated_uses(session, row.id)
        tier = (
            f", grants the {detail.sharing_tier.label.lower()} tier" if detail.sharing_tier else ""
        )
        parts = [
            f"<h3>{escape(detail.title)}</h3>",
            f"<p style='color:#555'>{escape(detail.category.label)} · "
            f"{escape(detail.status.label)} · version {detail.current_version}{escape(tier)}</p>",
            "<p>" + escape(detail.body).replace("\n", "<br>") + "</p>",
        ]
        used_variables = sorted(variables_used(detail.body))
        if used_variables:
            parts.append(
                "<p style='color:#555'>Variables: "
                + ", ".join(f"<code>{{{{ {escape(v)} }}}}</code>" for v in used_variables)
                + "</p>"
            )
        if detail.used_by:
            codes = sorted({code for _id, code, _v in detail.used_by})
            parts.append(f"<p>Used by: {escape(', '.join(codes))}</p>")
        if outdated:
            items = "".join(
                f"<li>{escape(u.reference_code)} version {u.mou_version} includes version "
                f"{u.included_version}</li>"
                for u in outdated
            )
            parts.append(
                f"<p style='color:{AMBER}'><b>MOUs on an older version of this "
                f"clause</b> (update them with MOUs › Compose clauses…):</p><ul>{items}</ul>"
            )
        self.preview.setHtml("".join(parts))

    def current_list(self) -> RecordList[Any]:
        return self.list

    def focus_filter(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # -- commands
    def _selected(self) -> ClauseRow | None:
        return self.selected(self.list, "a clause")

    def _after_save(self, clause_id: int) -> None:
        self.list.select_id(clause_id)

    def new_clause(self) -> None:
        from partnerdesk.ui.dialogs.clauses.editor import ClauseEditor

        dialog = ClauseEditor(self.context, parent=self)
        dialog.sig_saved.connect(self._after_save)
        self.run_dialog(dialog)

    def edit_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self.edit_clause(row.id)

    def edit_clause(self, clause_id: int) -> None:
        from partnerdesk.ui.dialogs.clauses.editor import ClauseEditor

        def make() -> ClauseEditor:
            dialog = ClauseEditor(self.context, clause_id, parent=self)
            dialog.sig_saved.connect(self._after_save)
            return dialog

        try:
            self.open_editor(("clause", clause_id), make)
        except PartnerDeskError as exc:
            QMessageBox.warning(self, APP_NAME, error_message(exc))
            self.list.reload()

    def show_history(self) -> None:
        from partnerdesk.ui.dialogs.clauses.history import ClauseHistoryDialog

        row = self._selected()
        if row is None:
            return
        self.run_dialog(ClauseHistoryDialog(self.context, row.id, parent=self))

    def _set_status(self, row: ClauseRow, status: ClauseStatus) -> None:
        def refused(exc: BaseException) -> None:
            QMessageBox.warning(self, APP_NAME, error_message(exc))
            self.list.reload()

        self.run_write(
            lambda session: set_clause_status(session, row.id, status, row.row_version),
            failed=refused,
        )

    def approve_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self._set_status(row, ClauseStatus.APPROVED)

    def retire_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Retire “{row.title}”?\n\nIt can no longer be added to MOUs; the "
            f"{row.used_by_mous} MOU(s) that include it keep their text.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._set_status(row, ClauseStatus.RETIRED)

    def delete_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.used_by_mous:
            QMessageBox.information(
                self,
                APP_NAME,
                f"“{row.title}” is included in {row.used_by_mous} MOU(s), so it cannot be "
                "deleted. Retire it instead: those MOUs keep their text.",
            )
            return
        answer = QMessageBox.question(
            self, APP_NAME, f"Delete the clause “{row.title}” and all its versions?\n\n{UNDO_HINT}"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run_write(lambda session: delete_clause(session, row.id))

    def load_default_library(self) -> None:
        from partnerdesk.core.mou.seed_clauses import load_seed_library

        self.run_write(
            load_seed_library,
            done=lambda count: self.show_status(
                f"Loaded {count} approved clauses into the library", 8000
            ),
        )
