"""Funding area: sources, the ledger, program costs, budget against actual, the
sustainability picture (the mix of a fiscal year, the projection, warnings) with the
committee's workbook, and the grants' obligations and the pipeline (``funding_grants``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget, QVBoxLayout, QWidget
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.funding.costs import CostRow, list_costs
from partnerdesk.core.funding.sources import SourceRow, list_sources, source_choices
from partnerdesk.core.funding.totals import BudgetVsActual, budget_vs_actual, ledger_fiscal_years
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.program.deleted import UNDO_HINT
from partnerdesk.ui.style import RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.views.funding_grants import GrantCommands
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.ledger_list import LedgerList
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.sustainability import SustainabilityPanel
from partnerdesk.ui.widgets.table_model import Column

SOURCE_COLUMNS: list[Column[SourceRow]] = [
    Column("Source", lambda r: r.name),
    Column("Kind", lambda r: r.kind),
    Column("Funder", lambda r: r.funder),
    Column("Restricted", lambda r: r.restricted),
    Column("Grant ends", lambda r: r.grant_end),
    Column("Renewal %", lambda r: r.renewal_probability_pct, align_right=True),
    Column("Growth %", lambda r: str(r.annual_growth_pct), align_right=True),
    Column("Budgeted", lambda r: r.budgeted, align_right=True),
    Column("Received", lambda r: r.received, align_right=True),
    Column("Active", lambda r: r.active),
]

COST_COLUMNS: list[Column[CostRow]] = [
    Column("Fiscal year", lambda r: f"FY{r.fiscal_year}"),
    Column("Category", lambda r: r.category),
    Column("Amount", lambda r: r.amount, align_right=True),
    Column("Description", lambda r: r.description),
]


def _variance_colour(row: BudgetVsActual) -> str | None:
    """Red only for a real shortfall (the threshold in Assumptions), not for a year under
    way nor for a few cents."""
    return RED if row.behind else None


COMPARISON_COLUMNS: list[Column[BudgetVsActual]] = [
    Column("Fiscal year", lambda r: f"FY{r.fiscal_year}"),
    Column("Source", lambda r: r.source),
    Column("Kind", lambda r: r.kind),
    Column("Budget", lambda r: r.budget, align_right=True),
    Column("Due so far", lambda r: r.due_so_far, align_right=True),
    Column("Received", lambda r: r.actual, align_right=True),
    Column(
        "Variance",
        lambda r: r.variance_to_date,
        align_right=True,
        colour=_variance_colour,
        tooltip=lambda r: (
            "More than the threshold behind the budget due so far" if r.behind else ""
        ),
    ),
    Column(
        "% of due",
        lambda r: "" if r.percent_of_due is None else f"{r.percent_of_due} %",
        align_right=True,
        colour=_variance_colour,
    ),
]


def comparison_caption(rows: list[BudgetVsActual]) -> str:
    alert = rows[0].alert_pct if rows else None
    threshold = f"more than {alert.normalize():f} %" if alert is not None else "too far"
    return (
        "Received against the budget due so far: a year that is over is due in full; in "
        "a year under way, a budget entered as one line is due evenly across the year, "
        f"instalments on their dates. Red: {threshold} short (Assumptions and targets)."
    )


# Sources show their funder and linked MOUs; the ledger its sources; the analysis also
# the committee's settings and saved scenarios.
FUNDING_KINDS = (
    ChangeKind.FUNDING_SOURCE,
    ChangeKind.LEDGER_ENTRY,
    ChangeKind.PROGRAM_COST,
    ChangeKind.ORGANIZATION,
    ChangeKind.MOU,
)
ANALYSIS_KINDS = (*FUNDING_KINDS, ChangeKind.SETTING, ChangeKind.SCENARIO, ChangeKind.PROSPECT)


class FundingView(AreaView):
    """One tab per list (sources, ledger, costs, budget against actual) and the
    sustainability picture; the commands act on the list on screen."""

    title = "Funding"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sources: RecordList[SourceRow] = RecordList(
            context, SOURCE_COLUMNS, list_sources, kinds=FUNDING_KINDS, noun="sources"
        )
        self.ledger = LedgerList(context, FUNDING_KINDS)
        self.costs: RecordList[CostRow] = RecordList(
            context, COST_COLUMNS, list_costs, kinds=(ChangeKind.PROGRAM_COST,), noun="cost lines"
        )
        self.comparison: RecordList[BudgetVsActual] = RecordList(
            context,
            COMPARISON_COLUMNS,
            lambda session: sorted(
                budget_vs_actual(session, today=context.today()),
                key=lambda r: (-r.fiscal_year, r.source),
            ),
            kinds=(*FUNDING_KINDS, ChangeKind.SETTING),
            noun="budget lines",
        )
        self.comparison.sig_loaded.connect(
            lambda: self.comparison.set_caption(
                comparison_caption(self.comparison.model.all_rows())
            )
        )
        self.sustainability = SustainabilityPanel(context, ANALYSIS_KINDS)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.sources, "Sources")
        self.tabs.addTab(self.ledger, "Ledger")
        self.tabs.addTab(self.costs, "Costs")
        self.tabs.addTab(self.comparison, "Budget vs actual")
        self.tabs.addTab(self.sustainability, "Sustainability")
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs)

        add = self.add_action
        self.new_entry_action = add("New &entry…", self.new_entry, "Ctrl+N")
        self.new_source_action = add("New &source…", self.new_source, "Ctrl+Shift+N")
        self.new_cost_action = add("New &cost line…", self.new_cost, "Ctrl+Alt+N")
        self.edit_action = add("&Edit…", self.edit_selected, "Ctrl+E")
        self.edit_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Return")])
        self.delete_action = add("&Delete…", self.delete_selected, "Delete")
        self.assumptions_action = add(
            "&Assumptions and targets…", self.edit_assumptions, "Ctrl+Shift+A"
        )
        self.import_action = add("&Import ledger…", self.import_ledger, "Ctrl+I")
        self.export_action = add("E&xport workbook…", self.export_workbook, "Ctrl+Shift+E")
        self.grants = GrantCommands(self, self.tabs, self.sources)  # Obligations, Pipeline
        for lst in (
            self.sources, self.ledger, self.costs, self.grants.obligations, self.grants.pipeline
        ):  # fmt: skip
            lst.sig_row_activated.connect(lambda _row: self.edit_selected())
            lst.sig_selection_changed.connect(self._update_actions)
            lst.sig_loaded.connect(self._update_actions)
        self.ledger.sig_loaded.connect(self._refresh_ledger_choices)
        self.grants.obligations.sig_loaded.connect(self._refresh_ledger_choices)
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        self._update_actions()

    def show_place(self, place: str) -> None:
        """Show the tab named by a Dashboard card: "sources", "ledger", "costs", "budget"
        or "sustainability"."""
        tabs: dict[str, QWidget] = {
            "sources": self.sources,
            "ledger": self.ledger,
            "costs": self.costs,
            "budget": self.comparison,
            "sustainability": self.sustainability,
        }
        self.tabs.setCurrentWidget(tabs[place])

    def current_list(self) -> RecordList[Any] | None:
        current = self.tabs.currentWidget()
        return current if isinstance(current, RecordList) else None

    def _editable_list(self) -> RecordList[Any] | None:
        """The editable list on screen (the budget comparison is computed, not edited)."""
        current = self.current_list()
        return None if current is self.comparison else current

    def _update_actions(self) -> None:
        current = self._editable_list()
        selected = current is not None and current.current_row() is not None
        self.edit_action.setEnabled(selected)
        self.delete_action.setEnabled(selected)
        self.grants.update_actions()

    def _refresh_ledger_choices(self) -> None:
        with self.context.database.session() as session:
            years, sources = ledger_fiscal_years(session), source_choices(session)
        self.ledger.fill_choices(years, sources)
        self.grants.obligations.fill_sources(sources)

    # -- editors
    def new_entry(self) -> None:
        from partnerdesk.ui.dialogs.funding.entry import EntryEditor

        source = self.sources.current_row() if self.tabs.currentWidget() is self.sources else None
        self._run_editor(
            EntryEditor(self.context, parent=self, source_id=source.id if source else None),
            self.ledger,
        )

    def new_source(self) -> None:
        from partnerdesk.ui.dialogs.funding.source import SourceEditor

        self._run_editor(SourceEditor(self.context, parent=self), self.sources)

    def new_cost(self) -> None:
        from partnerdesk.ui.dialogs.funding.cost import CostEditor

        row = self.costs.current_row()
        self._run_editor(
            CostEditor(self.context, parent=self, fiscal_year=row.fiscal_year if row else None),
            self.costs,
        )

    def _run_editor(self, editor: FormDialog, rows: RecordList[Any]) -> FormDialog:
        """Show ``editor``; the record it saves is then selected in ``rows``."""
        self._select_when_saved(editor, rows)
        self.run_dialog(editor)
        return editor

    def _select_when_saved(self, editor: FormDialog, rows: RecordList[Any]) -> None:
        def saved(record_id: Any) -> None:
            self.tabs.setCurrentWidget(rows)
            if isinstance(record_id, int):
                rows.select_id(record_id)

        editor.sig_saved.connect(saved)

    def edit_selected(self) -> None:
        current = self._editable_list()
        row = current.current_row() if current is not None else None
        if row is None or current is None:
            QMessageBox.information(self, APP_NAME, "Select a line in the list first.")
            return
        if current in (self.grants.obligations, self.grants.pipeline):
            self.grants.edit(row)
            return
        editor: Any
        if current is self.sources:
            from partnerdesk.ui.dialogs.funding.source import SourceEditor as editor
        elif current is self.ledger:
            from partnerdesk.ui.dialogs.funding.entry import EntryEditor as editor
        else:
            from partnerdesk.ui.dialogs.funding.cost import CostEditor as editor

        def make() -> FormDialog:
            dialog: FormDialog = editor(self.context, row.id, parent=self)
            self._select_when_saved(dialog, current)
            return dialog

        self.open_editor((editor.__name__, row.id), make)

    def edit_assumptions(self) -> None:
        from partnerdesk.ui.dialogs.funding.assumptions import AssumptionsEditor

        self.run_dialog(
            AssumptionsEditor(
                self.context, parent=self, scenario=self.sustainability.scenario_combo.currentText()
            )
        )

    def delete_selected(self) -> None:
        from partnerdesk.core.funding import ledger as funding
        from partnerdesk.core.funding.costs import delete_cost
        from partnerdesk.core.funding.sources import delete_source

        current = self._editable_list()
        rows = current.selected_rows() if current is not None else []
        if not rows or current is None:
            return
        if current in (self.grants.obligations, self.grants.pipeline):
            self.grants.delete(rows[0])
            return
        if current is self.sources:
            what = f'the funding source "{rows[0].name}"'
            rows = rows[:1]

            def job(session: Session) -> None:
                delete_source(session, rows[0].id)
        elif current is self.ledger:
            what = (
                f"{len(rows)} ledger entries"
                if len(rows) > 1
                else f"the entry of {format_money(rows[0].amount)} on {rows[0].entry_date}"
            )

            def job(session: Session) -> None:
                funding.delete_entries(session, [r.id for r in rows])
        else:
            what = f"the FY{rows[0].fiscal_year} {rows[0].category.label.lower()} cost line"
            rows = rows[:1]

            def job(session: Session) -> None:
                delete_cost(session, rows[0].id)

        answer = QMessageBox.question(self, APP_NAME, f"Delete {what}?\n\n{UNDO_HINT}")
        if answer == QMessageBox.StandardButton.Yes:
            self.run_write(job)

    # -- files
    def export_workbook(self) -> None:
        default = str(Path.home() / f"funding-sustainability-{self.context.today():%Y-%m-%d}.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, "Export sustainability workbook", default, "Excel workbook (*.xlsx)"
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        database, today = self.context.database, self.context.today()
        analysis = self.sustainability.analysis
        year = analysis.mix.fiscal_year if analysis is not None else None
        scenario = analysis.projection.scenario if analysis is not None else "expected"

        def work(progress: Any) -> Any:
            from partnerdesk.core.program.workbook import export_program_workbook

            with database.session() as session:
                return export_program_workbook(
                    session, path, today, fiscal_year=year, scenario=scenario, progress=progress
                )

        def done(report: Any) -> None:
            QMessageBox.information(
                self,
                APP_NAME,
                f"Saved {report.path.name} with {report.ledger_rows:,} ledger entries "
                f'(mix of FY{report.fiscal_year}, scenario "{report.scenario}").',
            )

        def failed(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(self, APP_NAME, f"The workbook was not saved: {error_message(exc)}")

        run_task(work, done, failed, parent=self, title="Exporting the sustainability workbook…")

    def import_ledger(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import ledger",
            str(Path.home()),
            "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)",
        )
        if not name:
            return
        path = Path(name)

        def read(_progress: Any) -> list[str]:
            from partnerdesk.core.funding.ledger_import import read_headers

            return read_headers(path)

        def ready(headers: list[str]) -> None:
            from partnerdesk.ui.dialogs.funding.ledger_import import ImportDialog

            self.run_dialog(ImportDialog(self.context, path, headers, parent=self))

        def failed(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(self, APP_NAME, error_message(exc))

        run_task(read, ready, failed, parent=self, title=f"Reading {path.name}…")
