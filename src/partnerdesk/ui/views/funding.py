"""Funding area: sources, the ledger, program costs, and the sustainability picture
(the mix of a fiscal year, the projection, warnings) with the committee's workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.funding.costs import CostRow, list_costs
from partnerdesk.core.funding.ledger import LedgerFilter, LedgerRow, list_ledger
from partnerdesk.core.funding.sources import SourceRow, list_sources, source_choices
from partnerdesk.core.funding.totals import BudgetVsActual, budget_vs_actual, ledger_fiscal_years
from partnerdesk.core.models import LedgerEntryType
from partnerdesk.core.platform.money import format_money
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column, FilterProxyModel
from partnerdesk.ui.tasks import error_message, run_task

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

LEDGER_COLUMNS: list[Column[LedgerRow]] = [
    Column("Date", lambda r: r.entry_date),
    Column("Source", lambda r: r.source),
    Column("Type", lambda r: r.entry_type),
    Column("Amount", lambda r: r.amount, align_right=True),
    Column("Memo", lambda r: r.memo),
]

COST_COLUMNS: list[Column[CostRow]] = [
    Column("Fiscal year", lambda r: f"FY{r.fiscal_year}"),
    Column("Category", lambda r: r.category),
    Column("Amount", lambda r: r.amount, align_right=True),
    Column("Description", lambda r: r.description),
]


def _variance_colour(row: BudgetVsActual) -> str | None:
    return WARNING_RED if row.variance < 0 else None


COMPARISON_COLUMNS: list[Column[BudgetVsActual]] = [
    Column("Fiscal year", lambda r: f"FY{r.fiscal_year}"),
    Column("Source", lambda r: r.source),
    Column("Kind", lambda r: r.kind),
    Column("Budget", lambda r: r.budget, align_right=True),
    Column("Actual", lambda r: r.actual, align_right=True),
    Column("Variance", lambda r: r.variance, align_right=True, colour=_variance_colour),
    Column(
        "% received",
        lambda r: "" if r.percent_received is None else f"{r.percent_received} %",
        align_right=True,
    ),
]

FUNDING_ENTITIES = ("funding_source", "ledger_entry", "program_cost", "organization", "mou")
ANALYSIS_ENTITIES = (*FUNDING_ENTITIES, "setting", "projection_scenario")
WARNING_RED = "#b3261e"
CLIFF_SOURCES_SHOWN = 4


class _TextPassesProxy(FilterProxyModel):
    """The ledger filters in SQL (see :class:`LedgerList`): the proxy only sorts."""

    def set_filter_text(self, text: str) -> None:
        self.setFilterFixedString("")


class LedgerList(RecordList[LedgerRow]):
    """The ledger list. Filtering 200,000 rows through a proxy calls Python for every
    cell; here the fiscal year, source, type and text go into the SQL query instead."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            LEDGER_COLUMNS,
            lambda session: list_ledger(session, self.where),
            entity_types=FUNDING_ENTITIES,
            noun="ledger entries",
            parent=parent,
        )
        self.where = LedgerFilter()
        self.proxy = _TextPassesProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.sig_selection_changed.emit()
        )
        self.filter_edit.setPlaceholderText("Filter memo, source, date or amount… (Ctrl+F)")
        self._pending = False
        self._sql_timer = QTimer(self, singleShot=True, interval=250)
        self._sql_timer.timeout.connect(self._text_changed)
        self.sig_loaded.connect(self._after_load)

        self.year_combo = QComboBox(self)
        self.source_combo = QComboBox(self)
        self.type_combo = QComboBox(self)
        self.type_combo.addItem("All types", None)
        for entry_type in LedgerEntryType:
            self.type_combo.addItem(entry_type.label, entry_type)
        # Source names are long; the combo must not widen the whole window.
        for combo, letters in ((self.source_combo, 12), (self.type_combo, 8)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(letters)
        bar = QHBoxLayout()
        for label, combo in (
            ("Fiscal year", self.year_combo),
            ("Source", self.source_combo),
            ("Type", self.type_combo),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
            combo.activated.connect(lambda _i: self._filters_changed())
        bar.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, bar)
        self._choices_loaded = False

    def fill_choices(self, years: list[int], sources: list[tuple[int, str]]) -> None:
        for combo, items, everything in (
            (self.year_combo, [(y, f"FY{y}") for y in years], "All years"),
            (self.source_combo, sources, "All sources"),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    # RecordList calls this for every keystroke; the query waits for a pause in typing.
    def _on_filter_text(self, _text: str) -> None:
        self._sql_timer.start()

    def _apply_filter(self) -> None:
        self._text_changed()

    def _text_changed(self) -> None:
        self._filters_changed()

    def _filters_changed(self) -> None:
        self.where = LedgerFilter(
            fiscal_year=self.year_combo.currentData(),
            source_id=self.source_combo.currentData(),
            entry_type=LedgerEntryType(kind) if (kind := self.type_combo.currentData()) else None,
            text=self.filter_edit.text().strip(),
        )
        if self._loading:
            self._pending = True
        else:
            self.reload()

    def _after_load(self) -> None:
        if self._pending:
            self._pending = False
            self.reload()

    def _update_count(self) -> None:
        total = self.model.total_rows
        filtered = self.where != LedgerFilter()
        self.count_label.setText(
            f"{total:,} ledger entries" + (" match the filters" if filtered else "")
        )


@dataclass(frozen=True)
class Analysis:
    """What the Sustainability tab shows, computed off the UI thread."""

    mix: Any
    projection: Any
    years: list[int]
    scenarios: list[str]


class SustainabilityPanel(QWidget):
    """Mix donut, projection bars with the cost line, and the warnings beside them."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.analysis: Analysis | None = None
        self._stale = True
        self._loading = False
        self._built = False
        self.year_combo = QComboBox(self)
        self.basis_combo = QComboBox(self)
        self.basis_combo.addItem("Received", "actual")
        self.basis_combo.addItem("Budgeted", "budget")
        self.scenario_combo = QComboBox(self)
        self.scenario_combo.addItem("expected")
        self.scenario_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scenario_combo.setMinimumContentsLength(12)
        controls = QHBoxLayout()
        for label, combo in (
            ("Mix of", self.year_combo),
            ("Basis", self.basis_combo),
            ("Scenario", self.scenario_combo),
        ):
            controls.addWidget(QLabel(label))
            controls.addWidget(combo)
            combo.activated.connect(lambda _i: self.refresh())
        controls.addStretch(1)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QListWidget(self)
        self.warnings.setObjectName("fundingWarnings")
        self.warnings.setWordWrap(True)
        self.charts_box = QWidget(self)
        self.charts_layout = QVBoxLayout(self.charts_box)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>Warnings and the funding cliff</b>"))
        side_layout.addWidget(self.warnings)
        self.warnings.setMaximumHeight(220)
        side_layout.addWidget(self.summary_label)
        side_layout.addStretch(1)
        self.charts_box.setMinimumWidth(240)
        side.setMinimumWidth(180)
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.charts_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 360])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)
        self.donut: Any = None
        self.bars: Any = None
        context.sig_data_changed.connect(self._on_data_changed)
        context.sig_database_changed.connect(self.mark_stale)

    def _build_charts(self) -> None:
        from partnerdesk.ui.charts import MixDonut, ProjectionBars  # QtCharts: first use only

        self.donut = MixDonut(self.charts_box)
        self.bars = ProjectionBars(self.charts_box)
        self.charts_layout.addWidget(self.donut, 2)
        self.charts_layout.addWidget(self.bars, 3)
        total = max(self.splitter.width(), 1200)
        self.splitter.setSizes([total * 62 // 100, total * 38 // 100])
        self._built = True

    def _on_data_changed(self, entity_type: str) -> None:
        if entity_type in ANALYSIS_ENTITIES:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._built:
            self._build_charts()
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False
        database, today = self.context.database, self.context.today()
        year = self.year_combo.currentData()
        basis = self.basis_combo.currentData()
        scenario = self.scenario_combo.currentText() or "expected"

        def compute(_progress: Any) -> Analysis:
            from partnerdesk.core.funding.diversification import current_fiscal_year, funding_mix
            from partnerdesk.core.funding.scenarios import list_scenarios, project

            with database.session() as session:
                names = [s.name for s in list_scenarios(session)]
                chosen = scenario if scenario in names else "expected"
                fiscal_year = year or current_fiscal_year(session, today)
                years = sorted(set(ledger_fiscal_years(session)) | {fiscal_year}, reverse=True)
                return Analysis(
                    funding_mix(session, fiscal_year, basis=basis or "actual"),
                    project(session, today, chosen),
                    years,
                    names,
                )

        run_task(compute, self._show, self._failed, parent=self)

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self._loading = False
        self.warnings.clear()
        self.warnings.addItem(f"The figures could not be computed: {error_message(exc)}")

    def _show(self, analysis: Analysis) -> None:
        self._loading = False
        self.analysis = analysis
        mix, projection = analysis.mix, analysis.projection
        self._fill_combo(self.year_combo, [(y, f"FY{y}") for y in analysis.years], mix.fiscal_year)
        self._fill_combo(
            self.scenario_combo, [(n, n) for n in analysis.scenarios], projection.scenario
        )
        if not self._built:
            self._build_charts()
        what = "received" if mix.basis == "actual" else "budgeted"
        self.donut.set_mix(f"FY{mix.fiscal_year} mix ({what})", mix.by_kind)
        self.bars.set_projection(projection)
        self.warnings.clear()
        for text in self.warning_texts():
            self.warnings.addItem(text)
        largest = (
            f"{mix.largest.name} ({mix.largest.share_pct} %)" if mix.largest is not None else "—"
        )
        targets = ", ".join(
            f"{k.kind.label} {k.share_pct} % (target {k.target_pct} %)"
            for k in mix.by_kind
            if k.target_pct is not None
        )
        cell = "<td align=right style='white-space:nowrap{}'>{}</td>"
        rows = "".join(
            f"<tr><td>FY{y.fiscal_year}</td>{cell.format('', format_money(y.revenue))}"
            f"{cell.format('', format_money(y.cost))}"
            + cell.format(
                f"; color:{WARNING_RED if y.balance < 0 else '#1b5e20'}", format_money(y.balance)
            )
            + "</tr>"
            for y in projection.years
        )
        self.summary_label.setText(
            f"<p><b>FY{mix.fiscal_year}</b>: {format_money(mix.total)} {what}; "
            f"HHI {mix.hhi} ({mix.concentration}); largest source {largest}; "
            f"grants {mix.grant_share_pct} %.</p><p>{targets}</p>"
            f"<table cellspacing=4><tr><th>Year</th><th>Revenue</th><th>Cost</th>"
            f"<th>Surplus / gap</th></tr>{rows}</table>"
            f"<p>Projected from FY{projection.base_year} ({format_money(projection.base_revenue)}"
            f' received), scenario "{projection.scenario}".</p>'
        )
        if self._stale:
            self.refresh()

    def warning_texts(self) -> list[str]:
        if self.analysis is None:
            return []
        mix, projection = self.analysis.mix, self.analysis.projection
        texts = list(mix.warnings)
        cliff = projection.cliff
        if cliff is not None:
            # The largest drops first; the workbook's Projection sheet lists every source.
            shown = cliff.sources[:CLIFF_SOURCES_SHOWN]
            names = "; ".join(f"{s.name} ({format_money(s.change)}, {s.reason})" for s in shown)
            more = len(cliff.sources) - len(shown)
            texts.append(
                f"Funding cliff in FY{cliff.fiscal_year}: {cliff.reason}"
                + (f". Responsible: {names}" if names else "")
                + (f"; and {more} more source(s) with smaller drops" if more > 0 else "")
            )
        if not texts:
            texts.append("No warnings: the mix is within the limits and no cliff is projected.")
        return texts

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[Any, str]], current: Any) -> None:
        combo.blockSignals(True)
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)


class FundingView(QWidget):
    title = "Funding"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sources: RecordList[SourceRow] = RecordList(
            context, SOURCE_COLUMNS, list_sources, entity_types=FUNDING_ENTITIES, noun="sources"
        )
        self.ledger = LedgerList(context)
        self.costs: RecordList[CostRow] = RecordList(
            context, COST_COLUMNS, list_costs, entity_types=("program_cost",), noun="cost lines"
        )
        self.comparison: RecordList[BudgetVsActual] = RecordList(
            context,
            COMPARISON_COLUMNS,
            lambda session: sorted(
                budget_vs_actual(session), key=lambda r: (-r.fiscal_year, r.source)
            ),
            entity_types=FUNDING_ENTITIES,
            noun="budget lines",
        )
        self.sustainability = SustainabilityPanel(context)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.sources, "Sources")
        self.tabs.addTab(self.ledger, "Ledger")
        self.tabs.addTab(self.costs, "Costs")
        self.tabs.addTab(self.comparison, "Budget vs actual")
        self.tabs.addTab(self.sustainability, "Sustainability")
        self.toolbar = QToolBar("Funding actions", self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs)
        self.editor: Any = None  # the last dialog opened (tests look at it)

        self.new_entry_action = self._action("New &entry…", self.new_entry, "Ctrl+N")
        self.new_source_action = self._action("New &source…", self.new_source, "Ctrl+Shift+N")
        self.new_cost_action = self._action("New &cost line…", self.new_cost, "Ctrl+Alt+N")
        self.edit_action = self._action("&Edit…", self.edit_selected, "Ctrl+E")
        self.edit_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Return")])
        self.delete_action = self._action("&Delete…", self.delete_selected, "Delete")
        self.assumptions_action = self._action(
            "&Assumptions and targets…", self.edit_assumptions, "Ctrl+Shift+A"
        )
        self.import_action = self._action("&Import ledger…", self.import_ledger, "Ctrl+I")
        self.export_action = self._action("E&xport workbook…", self.export_workbook, "Ctrl+Shift+E")
        for action in (
            self.new_entry_action, self.new_source_action, self.new_cost_action,
            self.edit_action, self.delete_action, self.assumptions_action,
            self.import_action, self.export_action,
        ):  # fmt: skip
            self.addAction(action)
            self.toolbar.addAction(action)
        for lst in (self.sources, self.ledger, self.costs):
            lst.sig_row_activated.connect(lambda _row: self.edit_selected())
            lst.sig_selection_changed.connect(self._update_actions)
            lst.sig_loaded.connect(self._update_actions)
        self.ledger.sig_loaded.connect(self._refresh_ledger_choices)
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        self._update_actions()

    def _action(self, text: str, slot: Any, shortcut: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def focus_filter(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, RecordList):
            current.focus_filter()

    def _current_list(self) -> RecordList[Any] | None:
        """The editable list on screen (the budget comparison is computed, not edited)."""
        current = self.tabs.currentWidget()
        if current is self.comparison or not isinstance(current, RecordList):
            return None
        return current

    def _update_actions(self) -> None:
        current = self._current_list()
        selected = current is not None and current.current_row() is not None
        self.edit_action.setEnabled(selected)
        self.delete_action.setEnabled(selected)

    def _refresh_ledger_choices(self) -> None:
        with self.context.database.session() as session:
            years, sources = ledger_fiscal_years(session), source_choices(session)
        self.ledger.fill_choices(years, sources)

    # -- editors
    def _open(self, dialog: Any) -> None:
        self.editor = dialog
        dialog.exec()

    def new_entry(self) -> None:
        from partnerdesk.ui.dialogs.funding_entry import EntryEditor

        source = self.sources.current_row() if self.tabs.currentWidget() is self.sources else None
        if source is None:
            self.tabs.setCurrentWidget(self.ledger)
        self._open(EntryEditor(self.context, parent=self, source_id=source.id if source else None))

    def new_source(self) -> None:
        from partnerdesk.ui.dialogs.funding_source import SourceEditor

        self.tabs.setCurrentWidget(self.sources)
        self._open(SourceEditor(self.context, parent=self))

    def new_cost(self) -> None:
        from partnerdesk.ui.dialogs.funding_cost import CostEditor

        self.tabs.setCurrentWidget(self.costs)
        row = self.costs.current_row()
        self._open(
            CostEditor(self.context, parent=self, fiscal_year=row.fiscal_year if row else None)
        )

    def edit_selected(self) -> None:
        current = self._current_list()
        row = current.current_row() if current is not None else None
        if row is None:
            QMessageBox.information(self, "PartnerDesk", "Select a line in the list first.")
            return
        if current is self.sources:
            from partnerdesk.ui.dialogs.funding_source import SourceEditor

            self._open(SourceEditor(self.context, row.id, parent=self))
        elif current is self.ledger:
            from partnerdesk.ui.dialogs.funding_entry import EntryEditor

            self._open(EntryEditor(self.context, row.id, parent=self))
        else:
            from partnerdesk.ui.dialogs.funding_cost import CostEditor

            self._open(CostEditor(self.context, row.id, parent=self))

    def edit_assumptions(self) -> None:
        from partnerdesk.ui.dialogs.funding_assumptions import AssumptionsEditor

        self._open(
            AssumptionsEditor(
                self.context, parent=self, scenario=self.sustainability.scenario_combo.currentText()
            )
        )

    def delete_selected(self) -> None:
        from partnerdesk.core.funding import costs, ledger, sources

        current = self._current_list()
        rows = current.selected_rows() if current is not None else []
        if not rows or current is None:
            return
        if current is self.sources:
            what, entity = f'the funding source "{rows[0].name}"', "funding_source"
            rows = rows[:1]

            def job(session: Session) -> None:
                sources.delete_source(session, rows[0].id)
        elif current is self.ledger:
            what = (
                f"{len(rows)} ledger entries"
                if len(rows) > 1
                else f"the entry of {format_money(rows[0].amount)} on {rows[0].entry_date}"
            )
            entity = "ledger_entry"

            def job(session: Session) -> None:
                ledger.delete_entries(session, [r.id for r in rows])
        else:
            what = f"the FY{rows[0].fiscal_year} {rows[0].category.label.lower()} cost line"
            entity, rows = "program_cost", rows[:1]

            def job(session: Session) -> None:
                costs.delete_cost(session, rows[0].id)

        answer = QMessageBox.question(
            self, "PartnerDesk", f"Delete {what}? The audit log keeps a record of it."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        database = self.context.database

        def work(_progress: Any) -> None:
            with database.transaction() as session:
                job(session)

        def done(_result: Any) -> None:
            self.context.sig_data_changed.emit(entity)

        def failed(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(self, "PartnerDesk", error_message(exc))

        run_task(work, done, failed, parent=self)

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
            from partnerdesk.core.funding.workbook import export_workbook

            with database.session() as session:
                return export_workbook(
                    session, path, today, fiscal_year=year, scenario=scenario, progress=progress
                )

        def done(report: Any) -> None:
            QMessageBox.information(
                self,
                "PartnerDesk",
                f"Saved {report.path.name} with {report.ledger_rows:,} ledger entries "
                f'(mix of FY{report.fiscal_year}, scenario "{report.scenario}").',
            )

        def failed(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(
                self, "PartnerDesk", f"The workbook was not saved: {error_message(exc)}"
            )

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
            from partnerdesk.ui.dialogs.funding_import import ImportDialog

            self._open(ImportDialog(self.context, path, headers, parent=self))

        def failed(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(self, "PartnerDesk", error_message(exc))

        run_task(read, ready, failed, parent=self, title=f"Reading {path.name}…")
