"""The two working panels of the Outcomes area: what changed since launch (every indicator
against its baseline, with the trend of the selected one and the savings), and the monthly
values grid. Figures are computed off the UI thread; the chart (QtCharts) is built when the
panel is first shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.models.outcomes import format_percent_change, format_value, outcome_label
from partnerdesk.core.outcomes.overview import IndicatorSummary, OutcomeSummary, outcome_summary
from partnerdesk.core.outcomes.report_data import met_text
from partnerdesk.core.outcomes.savings import SavingsSummary, savings_for_period
from partnerdesk.core.outcomes.summaries import months_between
from partnerdesk.core.outcomes.values import CellChange, GridData, agencies, grid_data, set_values
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.combos import choice_bar, refill
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.reloading import ReloadingWidget
from partnerdesk.ui.widgets.table_model import Column
from partnerdesk.ui.widgets.values_grid import ValuesGridModel, ValuesGridView

OUTCOME_KINDS = (
    ChangeKind.INDICATOR,
    ChangeKind.INDICATOR_VALUE,
    ChangeKind.UNIT_COST,
    ChangeKind.SETTING,
    ChangeKind.PROGRAM_COST,
    ChangeKind.ORGANIZATION,
)


def _met_colour(row: IndicatorSummary) -> str | None:
    if row.off_target:
        return RED
    return AMBER if row.met is False else None


def _figure(row: IndicatorSummary, which: str) -> str:
    figure = row.baseline if which == "baseline" else row.current
    return f"{format_value(figure.value, row.unit)} ({figure.months} mo)"


SUMMARY_COLUMNS: list[Column[IndicatorSummary]] = [
    Column("Indicator", lambda r: r.name),
    Column("Baseline", lambda r: _figure(r, "baseline"), align_right=True,
           tooltip=lambda r: f"{r.baseline_window[0]:%b %Y} – {r.baseline_window[1]:%b %Y}"
           if r.baseline_window else "No baseline: set the launch date"),
    Column("Period", lambda r: _figure(r, "current"), align_right=True),
    Column("Change", lambda r: format_percent_change(r.change.percent if r.change else None),
           align_right=True),
    Column("Target", lambda r: r.target_text),
    Column("Met", met_text, colour=_met_colour),
    Column("Rule", lambda r: outcome_label(r.aggregation)),
]  # fmt: skip


class SummaryPanel(ReloadingWidget):
    """Every indicator against its baseline (latest 12 complete months after launch), the
    trend of the selected one, and the period's savings."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary: OutcomeSummary | None = None
        self.savings: SavingsSummary | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.list: RecordList[IndicatorSummary] = RecordList(
            context, SUMMARY_COLUMNS, self._load, kinds=OUTCOME_KINDS, noun="indicators"
        )
        self.savings_label = QLabel(self)
        self.savings_label.setWordWrap(True)
        self.savings_label.setTextFormat(Qt.TextFormat.RichText)
        self.chart_box = QWidget(self)
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart: Any = None
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.chart_box, 3)
        side_layout.addWidget(self.savings_label, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.list)
        splitter.addWidget(side)
        splitter.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        self.list.sig_selection_changed.connect(self._show_chart)
        self.list.sig_loaded.connect(self._loaded)

    def _load(self, session: Session) -> list[IndicatorSummary]:
        today = self.context.today()
        summary = outcome_summary(session, today)
        self.summary = summary
        self.savings = savings_for_period(session, today, summary=summary)
        return summary.rows

    def _loaded(self) -> None:
        summary = self.summary
        if summary is None:
            return
        if summary.period_from and summary.period_to:
            span = f"{summary.period_from:%B %Y} to {summary.period_to:%B %Y}"
        else:
            span = "no period with values yet"
        launch = f"{summary.launch:%d %B %Y}" if summary.launch else "not set"
        off = [r.name for r in summary.rows if r.off_target]
        self.heading.setText(
            f"<b>Launched {launch}</b>. Period: {span}, against each indicator's baseline. "
            + (f"<span style='color:{RED}'>Off target: {', '.join(off)}.</span> " if off else "")
            + " ".join(summary.notes)
        )
        self._show_savings()
        if self.list.current_row() is None and self.list.model.total_rows:
            self.list.table.selectRow(0)
        self._show_chart()

    def _show_savings(self) -> None:
        savings = self.savings
        if savings is None or not savings.lines:
            self.savings_label.setText(
                "<b>Estimated savings</b>: add unit costs (Unit costs tab) tied to indicators "
                "to price the events avoided since launch."
            )
            return
        lines = "".join(
            f"<tr><td>{line.name}</td><td align=right>{format_money(line.savings)}</td></tr>"
            for line in savings.lines
        )
        per_dollar = format_money(savings.per_dollar) if savings.per_dollar else "—"
        cost = format_money(savings.program_cost) if savings.program_cost else "not known"
        notes = "".join(f"<p>{note}</p>" for note in savings.notes)
        self.savings_label.setText(
            f"<b>Estimated savings</b> in the period: <b>{format_money(savings.total)}</b>; "
            f"program cost {cost}; <b>{per_dollar} saved per program dollar</b>."
            f"<table cellspacing=3>{lines}</table>{notes}"
        )

    def _show_chart(self) -> None:
        row = self.list.current_row()
        summary = self.summary
        if row is None or summary is None or not self.isVisible():
            return
        if self.chart is None:
            from partnerdesk.ui.widgets.trend_chart import TrendChart  # QtCharts: first use

            self.chart = TrendChart(self.chart_box)
            self.chart_layout.addWidget(self.chart)
        series = summary.series.get(row.indicator_id, {})
        first = [row.baseline_window[0]] if row.baseline_window else []
        months = months_between(min([*first, *series]), max(series)) if series else []
        self.chart.show_indicator(row, series, months, summary.launch)

    def reload(self) -> None:
        super().reload()
        self.list.mark_stale()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._show_chart()


class GridPanel(ReloadingWidget):
    """The monthly values of the whole program or of one agency, typed or pasted in."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.scope_combo = QComboBox(self)
        self.scope_combo.addItem("Whole program", None)
        self.model = ValuesGridModel(self)
        self.model.save = self.save_changes
        self.view = ValuesGridView(self)
        self.view.setModel(self.model)
        self.view.on_refused = self._refused
        self.view.on_clear = self.clear_cells
        self.hint = QLabel(
            "Type a figure into a cell, or paste a block copied from Excel (Ctrl+V). Grey "
            "columns are worked out; italic cells add up the agencies' figures.",
            self,
        )
        self.hint.setWordWrap(True)
        self.status = QLabel(self)
        self._loading = False
        self._first_load = True
        layout = QVBoxLayout(self)
        layout.addLayout(choice_bar([("Values of", self.scope_combo)], self.reload))
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.watch((*OUTCOME_KINDS, ChangeKind.EVALUATION))

    def reload(self) -> None:
        if self._loading:
            self._stale = True
            return
        super().reload()
        self._loading = True
        database, today = self.context.database, self.context.today()
        agency = self.scope_combo.currentData()

        def load(_progress: Any) -> tuple[GridData, list[tuple[int, str]]]:
            with database.session() as session:
                return grid_data(session, today, agency), agencies(session)

        run_task(load, self._loaded, self._failed, parent=self)

    def _loaded(self, result: tuple[GridData, list[tuple[int, str]]]) -> None:
        self._loading = False
        grid, choices = result
        refill(self.scope_combo, [(None, "Whole program"), *choices], grid.agency_id)
        self.model.set_grid(grid)
        filled = len(grid.cells)
        self.status.setText(
            f"{len(grid.months)} months × {len(grid.columns)} indicators; {filled:,} figures"
        )
        if self._first_load and self.model.rowCount():
            self._first_load = False
            self.view.scrollToBottom()
        if self._stale:
            self.reload()

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self._loading = False
        self.status.setText(f"The values could not be loaded: {error_message(exc)}")

    def _refused(self, text: str) -> None:
        QMessageBox.warning(self, APP_NAME, text)

    def save_changes(self, changes: list[CellChange]) -> None:
        database = self.context.database

        def job(_progress: Any) -> int:
            with database.transaction() as session:
                return set_values(session, changes)

        def done(count: int) -> None:
            self.status.setText(f"Saved {count} figure(s).")

        def refused(exc: BaseException, _trace: str) -> None:
            QMessageBox.warning(self, APP_NAME, error_message(exc))
            self.mark_stale()

        run_task(job, done, refused, parent=self)

    def clear_cells(self, changes: list[CellChange]) -> None:
        answer = QMessageBox.question(
            self, APP_NAME, f"Clear {len(changes)} figure(s)? The audit log keeps the old values."
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.save_changes(changes)
