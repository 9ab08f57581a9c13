"""One obligation item: what is due, for which period, and recording that it was submitted
(and accepted). From here too: its report pack, and its rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.funding.obligation_queries import period_label
from partnerdesk.core.funding.obligations import ItemDetail, ItemInput, get_item, save_item
from partnerdesk.core.models import ObligationStatus
from partnerdesk.core.platform.money import format_money
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.combos import fill_enum, select_data
from partnerdesk.ui.widgets.dates import DateEdit
from partnerdesk.ui.widgets.form import FormDialog


def export_pack(parent: QWidget, context: AppContext, obligation_id: int) -> None:
    """Ask where, then write the obligation's report pack in the background (Cancel stops
    it and leaves no file)."""
    with context.database.session() as session:
        item = get_item(session, obligation_id)
    slug = "".join(ch if ch.isalnum() else "-" for ch in f"{item.source} {item.title}".lower())
    suggested = Path.home() / f"{'-'.join(filter(None, slug.split('-')))}-{item.due_date}.xlsx"
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save the report pack", str(suggested), "Excel workbook (*.xlsx)"
    )
    if not name:
        return
    path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
    database, today = context.database, context.today()

    def work(progress: Any) -> Any:
        from partnerdesk.core.program.grant_pack import write_pack

        with database.session() as session:
            return write_pack(session, obligation_id, path, today=today, progress=progress)

    def done(report: Any) -> None:
        figures = report.figures
        QMessageBox.information(
            parent,
            APP_NAME,
            f"Saved {report.path.name}: {figures.period}, received "
            f"{format_money(figures.actual)} against a budget of {format_money(figures.budget)}.",
        )

    def failed(exc: BaseException, _trace: str) -> None:
        QMessageBox.warning(
            parent, APP_NAME, f"The report pack was not saved: {error_message(exc)}"
        )

    run_task(work, done, failed, parent=parent, title="Writing the report pack…")


class ObligationDialog(FormDialog):
    """Record an item's status; with ``submit`` it opens ready to mark it submitted today."""

    save_text = "Save"

    def __init__(
        self,
        context: AppContext,
        obligation_id: int,
        parent: QWidget | None = None,
        *,
        submit: bool = False,
    ) -> None:
        super().__init__(context, parent=parent)
        self.record_id = obligation_id
        self.setMinimumWidth(560)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.main_layout.insertWidget(0, self.intro)
        self.status_combo = QComboBox(self)
        fill_enum(self.status_combo, ObligationStatus)
        self.add_row("&Status", "status", self.status_combo)
        self.submitted_edit = DateEdit(context.today(), self)
        self.add_row("S&ubmitted on", "submitted_on", self.submitted_edit)
        self.accepted_edit = DateEdit(context.today(), self)
        self.add_row("&Accepted on", "accepted_on", self.accepted_edit)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(80)
        self.notes_edit.setPlaceholderText("How it was sent, reference number, funder's reply")
        self.add_row("&Notes", "notes", self.notes_edit)
        self.pack_button = self.buttons.addButton(
            "Report &pack…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pack_button.setToolTip(
            "Budget, receipts, match and outcomes of the period, as a workbook"
        )
        self.pack_button.clicked.connect(lambda _c=False: export_pack(self, context, obligation_id))
        self.rule_button = self.buttons.addButton(
            "Edit &rule…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.rule_button.setToolTip("Change when this obligation falls due (all its items)")
        self.rule_button.clicked.connect(lambda _c=False: self.edit_rule())
        self.status_combo.currentIndexChanged.connect(lambda _i: self._enable_dates())
        self.detail = self._load()
        values = self.detail.values
        select_data(self.status_combo, values.status)
        if values.submitted_on is not None:
            self.submitted_edit.set_day(values.submitted_on)
        if values.accepted_on is not None:
            self.accepted_edit.set_day(values.accepted_on)
        self.notes_edit.setPlainText(values.notes)
        if submit and values.status is ObligationStatus.UPCOMING:
            select_data(self.status_combo, ObligationStatus.SUBMITTED)
            self.save_button.setText("Mark &submitted")
            self.submitted_edit.setFocus()
        self._enable_dates()

    def _load(self) -> ItemDetail:
        with self.context.database.session() as session:
            detail = get_item(session, self.record_id or 0)
        self.seen_version = detail.row_version
        self.setWindowTitle(f"{detail.title} due {detail.due_date:%d %b %Y}")
        period = period_label(detail.period_start, detail.period_end)
        days = (detail.due_date - self.context.today()).days
        when = ""
        if detail.values.status is ObligationStatus.UPCOMING and days <= 0:
            when = f"{-days} days overdue" if days < 0 else "due today"
        self.intro.setText(
            f"<b>{detail.title}</b> — {detail.source}<br>"
            f"{detail.kind.label}, {detail.rule_text}<br>"
            + (f"For {period}; " if period else "")
            + f"due <b>{detail.due_date:%d %B %Y}</b>"
            + (f" <span style='color:{RED}'>({when})</span>" if when else "")
            + (f"; owner {detail.owner}" if detail.owner else "")
        )
        return detail

    def _enable_dates(self) -> None:
        status = ObligationStatus(self.status_combo.currentData())
        self.submitted_edit.setEnabled(status is not ObligationStatus.UPCOMING)
        self.accepted_edit.setEnabled(status is ObligationStatus.ACCEPTED)

    def edit_rule(self) -> None:
        from partnerdesk.ui.dialogs.funding.obligation_rule import RuleEditor

        editor = RuleEditor(self.context, self.detail.rule_id, parent=self)
        if editor.exec():
            # The rule only moves the dates of items still open: what is typed here stays.
            self.detail = self._load()

    def values(self) -> ItemInput:
        status = ObligationStatus(self.status_combo.currentData())
        return ItemInput(
            status,
            None if status is ObligationStatus.UPCOMING else self.submitted_edit.day(),
            self.accepted_edit.day() if status is ObligationStatus.ACCEPTED else None,
            self.notes_edit.toPlainText(),
        )

    def work(self) -> Callable[[Session], Any]:
        data, today = self.values(), self.context.today()
        item_id, version = self.record_id or 0, self.seen_version
        return lambda session: save_item(session, item_id, data, today=today, seen_version=version)

    def reload_theirs(self) -> None:
        """After a conflict: show their version in this form."""
        self.detail = self._load()
        values = self.detail.values
        select_data(self.status_combo, values.status)
        self.notes_edit.setPlainText(values.notes)
        self._enable_dates()
