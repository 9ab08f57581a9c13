"""The grant tabs of the Funding area (Obligations, Pipeline) and their commands: new
obligation, mark submitted, report pack, grant terms, new prospect, award. The Funding
view owns the tabs; editing and deleting on them come here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QTabWidget, QToolButton
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.funding.obligation_queries import SHOW_CHOICES, ObligationRow, Show
from partnerdesk.core.funding.obligations import delete_rule, get_rule
from partnerdesk.core.funding.pipeline import ProspectRow, delete_prospect
from partnerdesk.core.funding.sources import SourceRow
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.obligation_list import ObligationList
from partnerdesk.ui.widgets.pipeline_list import PipelineList

# The pipeline's outlook is a projection: everything a projection reads, and prospects.
PIPELINE_KINDS = (
    ChangeKind.PROSPECT,
    ChangeKind.FUNDING_SOURCE,
    ChangeKind.LEDGER_ENTRY,
    ChangeKind.PROGRAM_COST,
    ChangeKind.ORGANIZATION,
    ChangeKind.CONTACT,
    ChangeKind.SETTING,
    ChangeKind.SCENARIO,
)


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


class GrantCommands:
    """Adds the Obligations and Pipeline tabs to the Funding area's ``tabs`` and the commands
    that act on them (in the area's menu and toolbar); ``sources`` is its Sources list."""

    def __init__(self, view: AreaView, tabs: QTabWidget, sources: RecordList[SourceRow]) -> None:
        self.view = view
        self.tabs = tabs
        self.sources = sources
        context = view.context
        self.obligations = ObligationList(context)
        self.pipeline = PipelineList(context, PIPELINE_KINDS)
        tabs.addTab(self.obligations, "Obligations")
        tabs.addTab(self.pipeline, "Pipeline")

        # In the area's menu, with their shortcuts; on each tab as buttons (the area's toolbar
        # is full with the ledger's commands).
        def add(text: str, slot: Callable[[], object], keys: str, tip: str) -> QAction:
            return view.add_action(text, slot, keys, tip=tip, toolbar=False)

        self.new_obligation_action = add(
            "New &obligation…", self.new_obligation, "Ctrl+Alt+O",
            "A report or other deliverable a grant requires, on a date or by a rule",
        )  # fmt: skip
        self.submit_action = add(
            "Mark &submitted…", self.mark_submitted, "Ctrl+Shift+S",
            "Record that the selected obligation was sent to the funder",
        )  # fmt: skip
        self.pack_action = add(
            "Report &pack…", self.report_pack, "Ctrl+Shift+P",
            "Budget, receipts, match and outcomes of the selected obligation's period (.xlsx)",
        )  # fmt: skip
        self.terms_action = add(
            "&Grant terms…", self.grant_terms, "Ctrl+Alt+G",
            "Local match and reminder lead times of the selected source",
        )  # fmt: skip
        self.new_prospect_action = add(
            "New p&rospect…", self.new_prospect, "Ctrl+Alt+P",
            "Funding the program is seeking, with its stage and probability",
        )  # fmt: skip
        self.award_action = add(
            "A&ward prospect…", self.award, "Ctrl+Alt+W",
            "The selected prospect was awarded: make it a funding source",
        )  # fmt: skip
        for action in (
            self.new_obligation_action, self.submit_action, self.pack_action, self.terms_action
        ):  # fmt: skip
            self.obligations.bar.insertWidget(self.obligations.bar.count() - 1, _button(action))
        for action in (self.new_prospect_action, self.award_action):
            self.pipeline.bar.insertWidget(self.pipeline.bar.count() - 1, _button(action))

    # -- what is selected
    def _obligation(self) -> ObligationRow | None:
        if self.tabs.currentWidget() is not self.obligations:
            return None
        return self.obligations.current_row()

    def _prospect(self) -> ProspectRow | None:
        if self.tabs.currentWidget() is not self.pipeline:
            return None
        return self.pipeline.current_row()

    def _source_id(self) -> int | None:
        """The source the user is looking at: a selected source, or an obligation's."""
        current = self.tabs.currentWidget()
        if current is self.sources:
            source = self.sources.current_row()
            return source.id if source is not None else None
        row = self._obligation()
        if row is not None:
            return row.source_id
        return self.obligations.where.source_id if current is self.obligations else None

    def update_actions(self) -> None:
        obligation, prospect = self._obligation(), self._prospect()
        self.submit_action.setEnabled(obligation is not None and obligation.is_open)
        self.pack_action.setEnabled(obligation is not None)
        self.terms_action.setEnabled(self._source_id() is not None)
        self.award_action.setEnabled(prospect is not None and prospect.is_open)

    # -- obligations
    def new_obligation(self) -> None:
        from partnerdesk.ui.dialogs.funding.obligation_rule import RuleEditor

        source_id = self._source_id()
        self.tabs.setCurrentWidget(self.obligations)
        self.view.run_dialog(RuleEditor(self.view.context, parent=self.view, source_id=source_id))

    def open_obligation(self, obligation_id: int, *, submit: bool = False) -> None:
        """Show the item in the list (whatever the filters hid) and open it."""
        from partnerdesk.ui.dialogs.funding.obligation import ObligationDialog

        self.tabs.setCurrentWidget(self.obligations)
        self.obligations.reveal(obligation_id)
        self.view.run_dialog(
            ObligationDialog(self.view.context, obligation_id, parent=self.view, submit=submit)
        )

    def show_obligations(self, show: str = "open") -> None:
        """The Obligations tab showing ``show`` (one of SHOW_CHOICES; else open ones)."""
        self.tabs.setCurrentWidget(self.obligations)
        chosen: Show = next((key for key in SHOW_CHOICES if key == show), "open")
        self.obligations.show_only(chosen, self.obligations.where.source_id)

    def mark_submitted(self) -> None:
        row = self._obligation()
        if row is None:
            QMessageBox.information(self.view, APP_NAME, "Select an obligation first.")
            return
        self.open_obligation(row.id, submit=True)

    def report_pack(self) -> None:
        from partnerdesk.ui.dialogs.funding.obligation import export_pack

        row = self._obligation()
        if row is None:
            QMessageBox.information(self.view, APP_NAME, "Select an obligation first.")
            return
        export_pack(self.view, self.view.context, row.id)

    def grant_terms(self) -> None:
        from partnerdesk.ui.dialogs.funding.grant_terms import TermsEditor

        source_id = self._source_id()
        if source_id is None:
            QMessageBox.information(
                self.view, APP_NAME, "Select a funding source (or one of its obligations) first."
            )
            return
        self.view.run_dialog(TermsEditor(self.view.context, source_id, parent=self.view))

    # -- the pipeline
    def new_prospect(self) -> None:
        from partnerdesk.ui.dialogs.funding.prospect import ProspectEditor

        self.tabs.setCurrentWidget(self.pipeline)
        self.view.run_dialog(ProspectEditor(self.view.context, parent=self.view))

    def award(self) -> None:
        from partnerdesk.ui.dialogs.funding.prospect import AwardDialog

        row = self._prospect()
        if row is None or not row.is_open:
            QMessageBox.information(self.view, APP_NAME, "Select an open prospect first.")
            return
        dialog = AwardDialog(self.view.context, row.id, parent=self.view)
        if self.view.run_dialog(dialog) and isinstance(dialog.saved, int):
            source_id = dialog.saved
            self.view.show_status(f"{row.name} is now a funding source (Sources tab)")
            self.sources.mark_stale()
            self.sources.select_where(lambda source: source.id == source_id)

    # -- editing and deleting on these tabs (the view's Edit and Delete)
    def edit(self, row: Any) -> None:
        if isinstance(row, ObligationRow):
            self.open_obligation(row.id)
        else:
            from partnerdesk.ui.dialogs.funding.prospect import ProspectEditor

            self.view.run_dialog(ProspectEditor(self.view.context, row.id, parent=self.view))

    def delete(self, row: Any) -> None:
        if isinstance(row, ObligationRow):
            with self.view.context.database.session() as session:
                rule = get_rule(session, row.rule_id)
            what = f'the obligation "{row.title}" of {row.source}' + (
                f" with all its {rule.items} dates" if rule.items > 1 else ""
            )

            def job(session: Session) -> object:
                return delete_rule(session, row.rule_id)
        else:
            what = f'the prospect "{row.name}"'

            def job(session: Session) -> object:
                delete_prospect(session, row.id)
                return None

        answer = QMessageBox.question(
            self.view, APP_NAME, f"Delete {what}? The audit log keeps a record of it."
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.view.run_write(job)
