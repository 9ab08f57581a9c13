"""The MOU editor's read-only tabs: its clauses (composed with Compose clauses…), its
reviews, its versions (double-click one to read it as it was signed) and the history of
every change to it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.mou.composition import ComposedClause, get_composition
from partnerdesk.core.mou.history import HistoryRow, mou_history
from partnerdesk.core.mou.register import VersionRow, get_mou
from partnerdesk.core.mou.reviews import ReviewRow, review_history
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER
from partnerdesk.ui.widgets.dates import local_time
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column


def _clause_version(clause: ComposedClause) -> str:
    if clause.outdated:
        return f"{clause.version} (library: {clause.current_version})"
    return str(clause.version)


CLAUSE_COLUMNS: list[Column[ComposedClause]] = [
    Column("Section", lambda c: c.category),
    Column("Clause", lambda c: c.title),
    Column("Version", _clause_version, colour=lambda c: AMBER if c.outdated else None),
    Column(
        "Wording", lambda c: "reworded for this MOU" if c.override_body else "as in the library"
    ),
    Column("Tier granted", lambda c: c.sharing_tier),
]
REVIEW_COLUMNS: list[Column[ReviewRow]] = [
    Column("Due", lambda r: r.due_date),
    Column("Snoozed to", lambda r: r.snoozed_until, tooltip=lambda r: r.snooze_reason),
    Column("Completed", lambda r: r.completed_date if r.completed_date else "open"),
    Column("Outcome", lambda r: r.outcome),
    Column("Reviewer", lambda r: r.reviewer),
    Column("Version", lambda r: r.version_number, align_right=True),
    Column("Notes", lambda r: r.notes or r.snooze_reason),
]
VERSION_COLUMNS: list[Column[VersionRow]] = [
    Column("Version", lambda r: r.version_number, align_right=True),
    Column("Status", lambda r: r.status_text + (" (current)" if r.is_current else "")),
    Column("Signed", lambda r: "by every party" if r.signed else "not yet"),
    Column("Effective", lambda r: r.effective_date),
    Column("Expires", lambda r: r.expiry_date),
    Column("Recorded", lambda r: local_time(r.created_at)),
]
# The wording is core's (core/mou/history.py): one sentence per change, with who made it.
HISTORY_COLUMNS: list[Column[HistoryRow]] = [
    Column("When", lambda r: local_time(r.occurred_at)),
    Column("Change", lambda r: r.text, tooltip=lambda r: r.text),
]


def _of_mou(
    context: AppContext,
    mou_id: int | None,
    columns: list[Column[Any]],
    loader: Callable[[Session, int], list[Any]],
    kinds: Collection[ChangeKind],
    noun: str,
    parent: QWidget,
) -> RecordList[Any]:
    """A list of one MOU's records (empty for an MOU not saved yet)."""
    return RecordList(
        context,
        columns,
        lambda session: loader(session, mou_id) if mou_id is not None else [],
        kinds=kinds,
        noun=noun,
        parent=parent,
    )


def reviews_list(context: AppContext, mou_id: int | None, parent: QWidget) -> RecordList[Any]:
    kinds = (ChangeKind.REVIEW, ChangeKind.MOU)
    return _of_mou(context, mou_id, REVIEW_COLUMNS, review_history, kinds, "reviews", parent)


def versions_list(context: AppContext, mou_id: int | None, parent: QWidget) -> RecordList[Any]:
    def versions(session: Session, mou_id: int) -> list[VersionRow]:
        return list(get_mou(session, mou_id, today=context.today()).versions)

    kinds = (ChangeKind.MOU,)
    return _of_mou(context, mou_id, VERSION_COLUMNS, versions, kinds, "versions", parent)


def history_list(context: AppContext, mou_id: int | None, parent: QWidget) -> RecordList[Any]:
    kinds = (ChangeKind.MOU, ChangeKind.REVIEW, ChangeKind.MOU_PARTY)
    return _of_mou(context, mou_id, HISTORY_COLUMNS, mou_history, kinds, "changes", parent)


class ClausesTab(QWidget):
    """The clauses the MOU includes, by section, the selected one's text below them, and
    the Compose clauses… button (the editor runs it; empty until a new MOU is saved)."""

    def __init__(self, context: AppContext, mou_id: int | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.mou_id = mou_id
        self.list: RecordList[ComposedClause] = _of_mou(
            context,
            mou_id,
            CLAUSE_COLUMNS,
            lambda session, i: list(get_composition(session, i).clauses),
            (ChangeKind.MOU, ChangeKind.CLAUSE),
            "clauses",
            self,
        )
        self.text = QTextBrowser(self)
        self.text.setPlaceholderText("Select a clause to read what this MOU says.")
        self.list.sig_selection_changed.connect(self._show_selected)
        self.compose_button = QPushButton("Co&mpose clauses…", self)
        self.compose_button.setToolTip("Choose, order and reword the clauses of this MOU")
        intro = QLabel("The clauses of this version, by section.", self)
        intro.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.compose_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setSizes([300, 140])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _show_selected(self) -> None:
        clause = self.list.current_row()
        if clause is None:
            self.text.clear()
            return
        self.text.setHtml(
            f"<h4>{escape(clause.title)}</h4><p>"
            + escape(clause.text).replace("\n", "<br>")
            + "</p>"
        )
