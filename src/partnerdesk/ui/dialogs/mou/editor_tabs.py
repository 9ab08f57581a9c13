"""The MOU editor's read-only tabs: its reviews, its versions (double-click one to read it
as it was signed) and the history of every change to it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from partnerdesk.core.mou.history import HistoryRow, mou_history
from partnerdesk.core.mou.register import VersionRow, get_mou
from partnerdesk.core.mou.reviews import ReviewRow, review_history
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.dates import local_time
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column

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
HISTORY_COLUMNS: list[Column[HistoryRow]] = [
    Column("When", lambda r: local_time(r.occurred_at, seconds=True)),
    Column("Who", lambda r: r.who),
    Column("What", lambda r: r.subject),
    Column("Action", lambda r: r.action),
    Column("Field", lambda r: r.field),
    Column("Old value", lambda r: r.old_value),
    Column("New value", lambda r: r.new_value),
    Column("Summary", lambda r: r.summary),
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
