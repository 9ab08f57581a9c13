"""Outcomes area: what changed since launch, the indicator catalogue, the monthly values
grid, the evaluations with their reports, and the unit costs behind the savings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget, QVBoxLayout, QWidget
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.models.outcomes import outcome_label
from partnerdesk.core.outcomes.evaluations import EvaluationRow, list_evaluations
from partnerdesk.core.outcomes.indicators import IndicatorRow, list_indicators
from partnerdesk.core.outcomes.unit_costs import UnitCostRow, list_unit_costs
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, GREY, RED
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.outcome_panels import OUTCOME_KINDS, GridPanel, SummaryPanel
from partnerdesk.ui.widgets.table_model import Column

INDICATOR_COLUMNS: list[Column[IndicatorRow]] = [
    Column("Indicator", lambda r: r.name, colour=lambda r: None if r.active else GREY),
    Column("Unit", lambda r: outcome_label(r.unit)),
    Column("Better", lambda r: r.better.value),
    Column("Rule", lambda r: outcome_label(r.aggregation)),
    Column("Source", lambda r: outcome_label(r.data_source)),
    Column("By agency", lambda r: r.by_agency),
    Column("Core", lambda r: r.core),
    Column("Target", lambda r: r.target_text),
    Column("Values", lambda r: r.values, align_right=True),
    Column("Last month", lambda r: f"{r.last_month:%Y-%m}" if r.last_month else ""),
    Column("Version", lambda r: r.version, align_right=True),
    Column("Active", lambda r: r.active),
]


def evaluation_columns(today: Callable[[], date]) -> list[Column[EvaluationRow]]:
    """The evaluations' columns; an open one past its due date is red, others amber."""

    def due_colour(row: EvaluationRow) -> str | None:
        return (RED if row.due_date < today() else AMBER) if row.is_open else None

    return [
        Column("Due", lambda r: r.due_date, colour=due_colour),
        Column("Evaluation", lambda r: r.title),
        Column("Scope", lambda r: r.mou_code or "Whole program"),
        Column("Period", lambda r: f"{r.period_start:%b %Y} – {r.period_end:%b %Y}"),
        Column("Status", lambda r: r.status_label, colour=due_colour),
        Column("Completed", lambda r: r.completed_date),
        Column("Evaluator", lambda r: r.evaluator),
        Column("Findings", lambda r: r.findings.split("\n")[0][:120]),
    ]


UNIT_COST_COLUMNS: list[Column[UnitCostRow]] = [
    Column("Unit cost", lambda r: r.name),
    Column("Amount", lambda r: r.amount, align_right=True),
    Column("Avoided events of", lambda r: r.indicator),
    Column("Units per event", lambda r: f"{r.per_event.normalize():f}", align_right=True),
    Column("Source", lambda r: r.source),
]


class OutcomesView(AreaView):
    """One tab per job; the commands act on the tab on screen."""

    title = "Outcomes"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary = SummaryPanel(context)
        self.indicators: RecordList[IndicatorRow] = RecordList(
            context, INDICATOR_COLUMNS, list_indicators, kinds=OUTCOME_KINDS, noun="indicators"
        )
        self.grid = GridPanel(context)
        self.evaluations: RecordList[EvaluationRow] = RecordList(
            context,
            evaluation_columns(context.today),
            list_evaluations,
            kinds=(ChangeKind.EVALUATION, ChangeKind.SETTING, ChangeKind.MOU),
            noun="evaluations",
        )
        self.unit_costs: RecordList[UnitCostRow] = RecordList(
            context, UNIT_COST_COLUMNS, list_unit_costs, kinds=OUTCOME_KINDS, noun="unit costs"
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.summary, "Since launch")
        self.tabs.addTab(self.indicators, "Indicators")
        self.tabs.addTab(self.grid, "Monthly values")
        self.tabs.addTab(self.evaluations, "Evaluations")
        self.tabs.addTab(self.unit_costs, "Unit costs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs)

        add = self.add_action
        self.new_action = add("&New indicator…", self.new_indicator, "Ctrl+N", short="New")
        self.new_cost_action = add("New &unit cost…", self.new_unit_cost, "Ctrl+Alt+N",
                                   toolbar=False)  # fmt: skip
        self.edit_action = add("&Edit…", self.edit_selected, "Ctrl+E")
        self.edit_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Return")])
        self.retire_action = add("&Retire / restore", self.toggle_retired, "Ctrl+Shift+R",
                                 toolbar=False)  # fmt: skip
        self.delete_action = add("&Delete…", self.delete_selected, "Delete", toolbar=False)
        self.import_action = add("&Import values…", self.import_values, "Ctrl+I", short="Import")
        self.report_action = add("Evaluation &report…", self.write_report, "Ctrl+G",
                                 short="Report")  # fmt: skip
        self.launch_action = add("&Launch and settings…", self.edit_launch, "Ctrl+Shift+L",
                                 short="Launch")  # fmt: skip
        self.seed_action = add("Load the default &catalogue", self.load_catalogue, toolbar=False)
        for lst in (self.indicators, self.evaluations, self.unit_costs):
            lst.sig_row_activated.connect(lambda _row: self.edit_selected())
        self.summary.list.sig_row_activated.connect(lambda _row: self.edit_selected())

    def current_list(self) -> RecordList[Any] | None:
        current = self.tabs.currentWidget()
        if current is self.summary:
            return self.summary.list
        return current if isinstance(current, RecordList) else None

    # -- editors
    def new_indicator(self) -> None:
        from partnerdesk.ui.dialogs.outcomes.indicator import IndicatorEditor

        self.tabs.setCurrentWidget(self.indicators)
        self.run_dialog(IndicatorEditor(self.context, parent=self))

    def new_unit_cost(self) -> None:
        from partnerdesk.ui.dialogs.outcomes.unit_cost import UnitCostEditor

        self.tabs.setCurrentWidget(self.unit_costs)
        self.run_dialog(UnitCostEditor(self.context, parent=self))

    def edit_selected(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.grid:
            return  # Return moves through the grid
        if current is self.evaluations:
            from partnerdesk.ui.dialogs.outcomes.evaluation import EvaluationEditor

            row = self.selected(self.evaluations, "an evaluation")
            if row is not None:
                self.run_dialog(EvaluationEditor(self.context, row.id, parent=self))
            return
        if current is self.unit_costs:
            from partnerdesk.ui.dialogs.outcomes.unit_cost import UnitCostEditor

            cost = self.selected(self.unit_costs, "a unit cost")
            if cost is not None:
                self.run_dialog(UnitCostEditor(self.context, cost.id, parent=self))
            return
        from partnerdesk.ui.dialogs.outcomes.indicator import IndicatorEditor

        if current is self.summary:
            summary_row = self.selected(self.summary.list, "an indicator")
            indicator_id = summary_row.indicator_id if summary_row else None
        else:
            indicator = self.selected(self.indicators, "an indicator")
            indicator_id = indicator.id if indicator else None
        if indicator_id is not None:
            self.run_dialog(IndicatorEditor(self.context, indicator_id, parent=self))

    def toggle_retired(self) -> None:
        from partnerdesk.core.outcomes.indicators import set_active

        self.tabs.setCurrentWidget(self.indicators)
        row = self.selected(self.indicators, "an indicator")
        if row is not None:
            self.run_write(lambda s: set_active(s, row.id, not row.active, row.row_version))

    def delete_selected(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.unit_costs:
            from partnerdesk.core.outcomes.unit_costs import delete_unit_cost

            cost = self.selected(self.unit_costs, "a unit cost")
            if cost is not None and self._confirm(f"the unit cost “{cost.name}”"):
                self.run_write(lambda s: delete_unit_cost(s, cost.id))
        elif current is self.evaluations:
            from partnerdesk.core.outcomes.evaluations import delete_evaluation

            evaluation = self.selected(self.evaluations, "an evaluation")
            if evaluation is not None and self._confirm(f"the {evaluation.title}"):
                self.run_write(lambda s: delete_evaluation(s, evaluation.id))
        elif current is self.indicators:
            from partnerdesk.core.outcomes.indicators import delete_indicator

            row = self.selected(self.indicators, "an indicator")
            if row is not None and self._confirm(f"the indicator “{row.name}”"):
                self.run_write(lambda s: delete_indicator(s, row.id))

    def _confirm(self, what: str) -> bool:
        answer = QMessageBox.question(
            self, APP_NAME, f"Delete {what}? The audit log keeps a record of it."
        )
        return answer == QMessageBox.StandardButton.Yes

    def edit_launch(self) -> None:
        from partnerdesk.ui.dialogs.outcomes.launch import LaunchDialog

        self.run_dialog(LaunchDialog(self.context, parent=self))

    def load_catalogue(self) -> None:
        from partnerdesk.core.outcomes.catalogue import load_default_catalogue

        def done(ids: Any) -> None:
            self.show_status(f"Loaded {len(ids)} indicators.")

        def load(session: Session) -> Any:
            return load_default_catalogue(session)

        self.run_write(load, done=done)

    # -- files
    def import_values(self) -> None:
        from partnerdesk.ui.dialogs.outcomes.values_import import ValuesImportDialog

        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import monthly values",
            str(Path.home()),
            "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)",
        )
        if name:
            self.run_dialog(ValuesImportDialog(self.context, Path(name), parent=self))

    def write_report(self) -> None:
        from partnerdesk.ui.dialogs.outcomes.report import ReportDialog

        row = (
            self.evaluations.current_row()
            if self.tabs.currentWidget() is self.evaluations
            else None
        )
        self.run_dialog(ReportDialog(self.context, row.id if row else None, parent=self))
