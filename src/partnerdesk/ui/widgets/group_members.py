"""The Groups tab of the directory: the groups on the left, the chosen group's members on
the right with what can be done with them (the area's commands, on two toolbars), and
reaching them all at once by email."""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QSplitter, QToolBar, QVBoxLayout, QWidget
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.directory.groups import (
    GroupEmails,
    GroupRow,
    MemberRow,
    group_emails,
    group_members,
    list_groups,
)
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import grey_if_inactive
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column

GROUP_COLUMNS: list[Column[GroupRow]] = [
    Column("Group", lambda r: r.name),
    Column("Members", lambda r: r.members, align_right=True),
]

MEMBER_COLUMNS: list[Column[MemberRow]] = [
    Column("Name", lambda r: r.full_name, colour=grey_if_inactive, sort=lambda r: r.sort_name),
    Column("Organization", lambda r: r.organization),
    Column("Title", lambda r: r.title),
    Column("Role in group", lambda r: r.role_in_group),
    Column("Email", lambda r: r.email),
    Column("Phone", lambda r: r.phone),
    Column("Active", lambda r: r.active),
]


def _toolbar(actions: Sequence[QAction], parent: QWidget) -> QToolBar:
    # A toolbar rather than a row of buttons: it folds into a ">>" menu when narrow, so
    # this page never makes the main window wider than it needs to be.
    bar = QToolBar(parent)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addActions(list(actions))
    return bar


class GroupsPanel(QSplitter):
    """Groups beside the members of the one selected. ``group_actions`` go above the
    groups, ``member_actions`` above the members."""

    sig_changed = Signal()  # another group chosen, or its members loaded

    def __init__(
        self,
        context: AppContext,
        kinds: Collection[ChangeKind],
        group_actions: Sequence[QAction],
        member_actions: Sequence[QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._group_id: int | None = None
        self._members_sized = False
        self.groups: RecordList[GroupRow] = RecordList(
            context, GROUP_COLUMNS, list_groups, kinds=kinds, noun="groups"
        )
        self.groups.filter_edit.hide()
        self.groups.sig_selection_changed.connect(self._group_selected)
        self.groups.sig_loaded.connect(self._groups_loaded)
        self.members: RecordList[MemberRow] = RecordList(
            context, MEMBER_COLUMNS, self._load_members, kinds=kinds, noun="members"
        )
        self.members.sig_loaded.connect(self._members_loaded)
        self.members.sig_selection_changed.connect(self.sig_changed)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_toolbar(group_actions, self))
        left_layout.addWidget(self.groups, 1)
        members_page = QWidget(self)
        members_layout = QVBoxLayout(members_page)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self.heading)
        members_layout.addWidget(_toolbar(member_actions, self))
        members_layout.addWidget(self.members, 1)
        members_layout.addWidget(self.status)
        self.addWidget(left)
        self.addWidget(members_page)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 3)
        self.setSizes([300, 740])

    def current_group(self) -> GroupRow | None:
        return self.groups.current_row()

    def show_group(self, group_id: int) -> bool:
        """Select ``group_id`` and list its members; False when there is no such group."""
        self.groups.ensure_loaded()
        found = self.groups.select_where(lambda g: g.id == group_id)
        self._group_selected()
        self.members.ensure_loaded()
        return found

    def forget_group(self) -> None:
        """The chosen group is going (deleted): choose the first one when the list reloads."""
        self._group_id = None

    def _load_members(self, session: Session) -> list[MemberRow]:
        group_id = self._group_id
        return group_members(session, group_id) if group_id is not None else []

    def _groups_loaded(self) -> None:
        if self.groups.current_row() is None and self.groups.model.total_rows:
            wanted = self._group_id
            if wanted is None or not self.groups.select_where(lambda g: g.id == wanted):
                self.groups.select_row(0)
        self._group_selected()

    def _group_selected(self) -> None:
        group = self.groups.current_row()
        new_id = group.id if group is not None else None
        if new_id != self._group_id:
            self._group_id = new_id
            self.members.mark_stale()
            if not self.members.isVisible():
                self.members.reload()
        self._show_heading()
        self.sig_changed.emit()

    def _members_loaded(self) -> None:
        if not self._members_sized and self.members.model.total_rows:
            # The list first loads empty (no group chosen yet): size columns to real rows.
            self._members_sized = True
            table = self.members.table
            table.resizeColumnsToContents()
            for column in range(self.members.model.columnCount()):
                table.setColumnWidth(column, min(table.columnWidth(column), 320))
        self._show_heading()
        self.sig_changed.emit()

    def _show_heading(self) -> None:
        group = self.groups.current_row()
        if group is None:
            self.heading.setText("No group selected. Create one with New group…")
            return
        description = f"<br>{html.escape(group.description)}" if group.description else ""
        count = self.members.model.total_rows
        self.heading.setText(
            f"<b>{html.escape(group.name)}</b> — {count} member{'s' if count != 1 else ''}"
            f"{description}"
        )

    # -- reaching the members
    def emails(self) -> GroupEmails:
        self.members.ensure_loaded()
        return group_emails(self.members.model.all_rows())

    def copy_emails(self) -> None:
        emails = self.emails()
        if not emails.addresses:
            self.status.setText("Nobody active in this group has an email address.")
            return
        QGuiApplication.clipboard().setText(emails.text)
        self.status.setText(_reach_text(emails, "Copied"))

    def email_group(self) -> None:
        emails = self.emails()
        if not emails.addresses:
            QMessageBox.information(
                self, APP_NAME, "Nobody active in this group has an email address."
            )
            return
        if not QDesktopServices.openUrl(QUrl(emails.mailto)):
            QMessageBox.warning(
                self,
                APP_NAME,
                "No mail program answered. Use Copy emails and paste the addresses instead.",
            )
            return
        self.status.setText(_reach_text(emails, "Opened a message to"))


def _reach_text(emails: GroupEmails, verb: str) -> str:
    text = f"{verb} {len(emails.addresses)} address(es)."
    if emails.without_email:
        text += f" No email for: {', '.join(emails.without_email)}."
    if emails.inactive:
        text += f" Left out (inactive): {', '.join(emails.inactive)}."
    return text
