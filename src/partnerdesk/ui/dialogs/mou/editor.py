"""The MOU editor: Details, Parties, Reviews, Versions and History of one agreement.

Modes: a new MOU (also "Duplicate", prefilled), editing the current version, drafting an
amendment (saved as a new version), or reading an earlier version / an archived MOU.
Every rule is the services'; the dialog shows their reasons next to the fields. Saving,
and a conflict with someone else's save, go the way of every form (``FormDialog``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.models import MouStatus, ResponseModel
from partnerdesk.core.mou.register import (
    MouDetail,
    VersionRow,
    amendment_terms,
    editor_choices,
    get_mou,
)
from partnerdesk.core.mou.rules import AMENDMENT_STATUSES, INITIAL_STATUSES
from partnerdesk.core.mou.validation import MouInput, validate_mou
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.mou.editor_details import DetailsForm
from partnerdesk.ui.dialogs.mou.editor_tabs import (
    ClausesTab,
    history_list,
    reviews_list,
    versions_list,
)
from partnerdesk.ui.dialogs.mou.parties import PartiesEditor
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.sizing import open_at


class EditorMode(enum.Enum):
    NEW = "new"
    EDIT = "edit"
    AMEND = "amend"
    VIEW = "view"


TAB_DETAILS, TAB_PARTIES, TAB_CLAUSES, TAB_REVIEWS, TAB_VERSIONS, TAB_HISTORY = range(6)


class MouEditor(FormDialog):
    """Create, edit, amend or read one MOU."""

    save_is_default = False  # Enter in a field must not save a half-typed agreement

    def __init__(
        self,
        context: AppContext,
        *,
        mode: EditorMode,
        mou_id: int | None = None,
        initial: MouInput | None = None,
        copy_clauses_from: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent=parent, arrange=False)
        self.mode = mode
        self.mou_id = self.record_id = mou_id
        self.copy_clauses_from = copy_clauses_from
        self.detail: MouDetail | None = None
        with context.database.session() as session:
            self.choices = editor_choices(session)
            if mou_id is not None:
                self.detail = get_mou(session, mou_id, today=context.today())
                if mode is EditorMode.AMEND and initial is None:
                    initial = amendment_terms(session, mou_id)  # unsigned, in negotiation
        if self.detail is not None:
            self.seen_version = self.detail.row_version
            if mode is EditorMode.EDIT and (not self.detail.is_current or self.detail.archived):
                self.mode = EditorMode.VIEW

        self.tabs = QTabWidget(self)
        self.details = DetailsForm(self.choices, context.today(), self)
        self.errors = self.details.errors
        self.tabs.addTab(self.details, "&Details")
        self.parties = PartiesEditor(self.choices, self)
        self.tabs.addTab(self.parties, "&Parties")
        self.clauses = ClausesTab(context, mou_id, self)
        self.clauses.compose_button.clicked.connect(self.compose)
        self.tabs.addTab(self.clauses, "C&lauses")
        self.reviews = reviews_list(context, mou_id, self)
        self.tabs.addTab(self._reviews_tab(), "&Reviews")
        self.versions = versions_list(context, mou_id, self)
        self.versions.sig_row_activated.connect(self._open_version)
        versions_tab = QWidget()
        versions_layout = QVBoxLayout(versions_tab)
        versions_layout.addWidget(
            QLabel("Every version of this agreement. Double-click one to read it as it was.")
        )
        versions_layout.addWidget(self.versions)
        self.tabs.addTab(versions_tab, "&Versions")
        self.history = history_list(context, mou_id, self)
        self.tabs.addTab(self.history, "&History")
        for tab in (TAB_CLAUSES, TAB_REVIEWS, TAB_VERSIONS, TAB_HISTORY):
            self.tabs.setTabEnabled(tab, mou_id is not None)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; padding: 6px; border-radius: 4px;")
        self.banner.hide()
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.details.sig_schedule_inputs_changed.connect(self._describe_next_review)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._fill(initial)
        open_at(self, 900, 600)  # filled: the party rows count in what it needs
        if self.mode is not EditorMode.VIEW:
            # Typing goes into the first field, not to the tab bar (it was lost there).
            code = self.details.code_edit
            (code if code.isEnabled() else self.details.title_edit).setFocus()

    def _reviews_tab(self) -> QWidget:
        page = QWidget()
        self.complete_button = QPushButton("&Complete review…", page)
        self.snooze_button = QPushButton("S&nooze review…", page)
        self.complete_button.clicked.connect(lambda: self._review_action("complete"))
        self.snooze_button.clicked.connect(lambda: self._review_action("snooze"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.snooze_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.reviews, 1)
        return page

    # -- filling
    def _fill(self, initial: MouInput | None) -> None:
        detail = self.detail
        data = initial or (detail.as_input() if detail is not None else None)
        if data is None:
            data = MouInput(reference_code="", title="", response_model=ResponseModel.OTHER)
            self.parties.add_party()
            self.parties.add_party()
        else:
            self.parties.set_parties(data.parties)
        self.details.fill(data)
        status = data.status
        self.details.offer_statuses(self._offered_statuses(status), status, self._status_note())
        if self.detail is not None and self.detail.superseded_by_version is not None:
            # A superseded version says so, not the status it had when it was replaced.
            self.details.status_combo.setItemText(0, self.detail.status_text)
        self._apply_mode()
        self._loaded_form = self.form_input()
        self._describe_next_review()

    def _offered_statuses(self, status: MouStatus) -> tuple[MouStatus, ...]:
        detail = self.detail
        if self.mode is EditorMode.NEW:
            return INITIAL_STATUSES
        if self.mode is EditorMode.AMEND:
            return AMENDMENT_STATUSES
        if detail is not None and self.mode is EditorMode.EDIT:
            return (detail.recorded_status, *detail.allowed_transitions)
        return (status,)

    def _status_note(self) -> str:
        detail = self.detail
        if detail is None or detail.status == detail.recorded_status:
            return ""
        return (
            f"Shown as expired: the expiry date {detail.expiry_date} has passed. "
            "Record it as expired, or amend it to renew the agreement."
        )

    def _describe_next_review(self) -> None:
        """What saving does to the next review, said before saving (and updated as the
        dates, interval or status change): unchanged, moved and why, or none; with a
        warning when it would fall after the agreement's expiry."""
        if self.mode is EditorMode.VIEW:
            due = self.detail.next_review_due if self.detail is not None else None
            self.details.show_next_review(due.isoformat() if due else "none scheduled")
            return
        from partnerdesk.core.mou.reviews import schedule_after

        data, _problems = self.form_input()
        with self.context.database.session() as session:
            change = schedule_after(
                session, self.mou_id, data, amendment=self.mode is EditorMode.AMEND
            )
        if change.due is None:
            text = (
                "scheduled once the MOU is in force (active): the review interval after its "
                "effective date"
            )
        elif change.moves:
            assert change.scheduled is not None
            text = (
                f"moves from {change.scheduled.isoformat()} to {change.due.isoformat()} when "
                f"saved: {change.reason}"
            )
        else:
            text = f"{change.due.isoformat()} ({change.reason})"
        self.details.show_next_review(text, moved=change.moves, warning=change.warning)

    def _apply_mode(self) -> None:
        detail = self.detail
        code = detail.reference_code if detail is not None else ""
        version = detail.version_number if detail is not None else 1
        titles = {
            EditorMode.NEW: "New MOU",
            EditorMode.EDIT: f"MOU {code} v{version}",
            EditorMode.AMEND: f"Amend {code}: version {version + 1 if detail else 2}",
            EditorMode.VIEW: f"MOU {code} v{version} (read only)",
        }
        self.setWindowTitle(titles[self.mode])
        read_only = self.mode is EditorMode.VIEW
        first_version = detail is not None and len(detail.versions) == 1
        self.details.set_read_only(
            read_only,
            code_editable=self.mode is EditorMode.NEW
            or (self.mode is EditorMode.EDIT and first_version),
        )
        self.parties.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.cancel_button.setText("Close" if read_only else "Cancel")
        in_force_current = (
            detail is not None
            and detail.in_force
            and not detail.archived
            and self.mode is EditorMode.EDIT
        )
        self.complete_button.setEnabled(in_force_current)
        self.snooze_button.setEnabled(
            in_force_current and detail is not None and detail.next_review_due is not None
        )
        if detail is not None and not detail.is_current:
            current = detail.versions[-1]
            self._show_banner(
                f"This is version {detail.version_number}, kept as it was signed. "
                f"Version {current.version_number} is the current one."
            )
        elif detail is not None and detail.archived:
            self._show_banner("This MOU is archived. Restore it from the MOUs menu to edit it.")
        elif self.mode is EditorMode.AMEND:
            self._show_banner(
                f"Saving records version {version + 1}, unsigned and in negotiation: tick "
                "Signed for each party on the Parties tab, and choose Active, once it is "
                f"signed. Until then version {version} stays in force (its review and expiry "
                "stay scheduled) and readable, unchanged, on the Versions tab."
            )

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    # -- reading the form and showing its problems
    def form_input(self) -> tuple[MouInput, dict[str, str]]:
        """What the form says, plus problems the form itself can see (unreadable input)."""
        parties, missing = self.parties.parties()
        data, problems = self.details.read(parties)
        for index in missing:
            problems[f"rows[{index}]"] = "pick an organization, or remove this row"
        return data, problems

    def _party_index_map(self) -> dict[int, int]:
        """Position in the saved list -> row in the form (rows without organization skipped)."""
        mapping: dict[int, int] = {}
        position = 0
        for row_index, row in enumerate(self.parties.rows):
            if row.party() is not None:
                mapping[position] = row_index
                position += 1
        return mapping

    def show_problems(self, problems: dict[str, str]) -> None:
        self.details.clear_errors()
        self.parties.error.clear_error()
        for row in self.parties.rows:
            row.error.clear_error()
        if not problems:
            return
        mapping = self._party_index_map()
        first_tab: int | None = None
        for name, message in problems.items():
            if name.startswith(("parties[", "rows[")):
                index = int(name[name.index("[") + 1 : name.index("]")])
                row_index = index if name.startswith("rows[") else mapping.get(index, -1)
                if 0 <= row_index < len(self.parties.rows):
                    self.parties.rows[row_index].error.show_error(message)
                else:
                    self.parties.error.show_error(message)
                tab = TAB_PARTIES
            elif name == "parties":
                self.parties.error.show_error(message)
                tab = TAB_PARTIES
            else:
                self.errors.get(name, self.errors["title"]).show_error(message)
                tab = TAB_DETAILS
            first_tab = tab if first_tab is None else min(first_tab, tab)
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)

    def show_error(self, field: str | None, message: str) -> None:
        if field:
            self.show_problems({field: message})
        else:
            QMessageBox.warning(self, APP_NAME, f"The MOU was not saved: {message}")

    # -- saving
    def save(self) -> None:
        """Every problem at once, each where it belongs, before anything is written."""
        data, problems = self.form_input()
        check_id = self.mou_id if self.mode in (EditorMode.EDIT, EditorMode.AMEND) else None
        with self.context.database.session() as session:
            found = validate_mou(session, data, today=self.context.today(), mou_id=check_id)
        # Problems in unreadable input first: they explain the others.
        problems = {**problems, **{k: v for k, v in found.items() if k not in problems}}
        if self.mode is EditorMode.AMEND:
            problems.pop("reference_code", None)
        self.show_problems(problems)
        if not problems:
            super().save()

    def work(self) -> Callable[[Session], int]:
        from partnerdesk.core.mou.commands import amend_mou, create_mou, update_mou

        data, _problems = self.form_input()
        today, mode, mou_id = self.context.today(), self.mode, self.mou_id
        seen, copy_from = self.seen_version, self.copy_clauses_from

        def job(session: Session) -> int:
            if mode is EditorMode.NEW:
                mou = create_mou(session, data, today=today, copy_clauses_from=copy_from)
            elif mode is EditorMode.AMEND:
                assert mou_id is not None
                mou = amend_mou(session, mou_id, data, seen, today=today)
            else:
                assert mou_id is not None and seen is not None
                mou = update_mou(session, mou_id, data, seen, today=today)
            assert mou.id is not None
            return mou.id

        return job

    def reload_theirs(self) -> None:
        self.refresh()

    # -- closing
    def is_modified(self) -> bool:
        """Whether the form differs from what was loaded (or prefilled) into it."""
        if self.mode is EditorMode.VIEW:
            return False
        return self.form_input() != self._loaded_form

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: never lose typing without asking."""
        if self.saved is None and self.is_modified():
            answer = QMessageBox.question(
                self,
                APP_NAME,
                "Discard your changes to this MOU?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer not in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes):
                return
        super().reject()

    # -- reviews and versions
    def _review_action(self, which: str) -> None:
        if self.mou_id is None:
            return
        if self.is_modified():
            QMessageBox.information(self, APP_NAME, "Save or cancel your changes to the MOU first.")
            return
        from partnerdesk.ui.dialogs.mou.review import CompleteReviewDialog, SnoozeDialog

        dialog_class = CompleteReviewDialog if which == "complete" else SnoozeDialog
        dialog: Any = dialog_class(self.context, self.mou_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def compose(self) -> None:
        """Compose clauses… from the Clauses tab (read only for a superseded version)."""
        if self.mou_id is None:
            return
        if self.is_modified():
            QMessageBox.information(self, APP_NAME, "Save or cancel your changes to the MOU first.")
            return
        from partnerdesk.ui.dialogs.mou.composer import MouComposer

        self.composer = MouComposer(self.context, self.mou_id, parent=self)
        if self.composer.exec() == QDialog.DialogCode.Accepted:
            self.refresh()  # composing moved the MOU's version

    def refresh(self) -> None:
        """Read the MOU again (after a review changed its status or its next due date)."""
        if self.mou_id is None:
            return
        with self.context.database.session() as session:
            self.detail = get_mou(session, self.mou_id, today=self.context.today())
        self.seen_version = self.detail.row_version
        self._fill(None)

    def _open_version(self, row: VersionRow) -> None:
        if row.id == self.mou_id:
            self.tabs.setCurrentIndex(TAB_DETAILS)
            return
        viewer = MouEditor(self.context, mode=EditorMode.VIEW, mou_id=row.id, parent=self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        self.version_viewer = viewer
