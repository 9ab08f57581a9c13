"""The Sustainability tab of the funding area: the revenue mix of a fiscal year, the
projection with the cost line and the funding cliff, and the warnings beside them.

The figures are computed off the UI thread; the charts (QtCharts, slow to import) are built
when the tab is first shown.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.funding.totals import ledger_fiscal_years
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.combos import choice_bar, keep_narrow, refill
from partnerdesk.ui.widgets.reloading import ReloadingWidget
from partnerdesk.ui.widgets.savings_note import SavingsNote

CLIFF_SOURCES_SHOWN = 4


@dataclass(frozen=True)
class Analysis:
    """What the Sustainability tab shows, computed off the UI thread."""

    mix: Any
    projection: Any
    years: list[int]
    scenarios: list[str]


class SustainabilityPanel(ReloadingWidget):
    """Mix donut, projection bars with the cost line, and the warnings beside them;
    computed again when records of one of ``kinds`` change."""

    def __init__(
        self,
        context: AppContext,
        kinds: Collection[ChangeKind],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.analysis: Analysis | None = None
        self._loading = False
        self._built = False
        self.year_combo = QComboBox(self)
        self.basis_combo = QComboBox(self)
        self.basis_combo.addItem("Received", "actual")
        self.basis_combo.addItem("Budgeted", "budget")
        self.scenario_combo = QComboBox(self)
        self.scenario_combo.addItem("expected")
        keep_narrow(self.scenario_combo, 12)
        controls = choice_bar(
            [("Mix of", self.year_combo), ("Basis", self.basis_combo),
             ("Scenario", self.scenario_combo)],
            self.reload,
        )  # fmt: skip
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
        side_layout.addWidget(SavingsNote(context, side))
        side_layout.addStretch(1)
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
        self.watch(kinds)

    def _build_charts(self) -> None:
        from partnerdesk.ui.widgets.charts import MixDonut, ProjectionBars  # QtCharts: first use

        self.donut = MixDonut(self.charts_box)
        self.bars = ProjectionBars(self.charts_box)
        self.charts_layout.addWidget(self.donut, 2)
        self.charts_layout.addWidget(self.bars, 3)
        total = max(self.splitter.width(), 1200)
        self.splitter.setSizes([total * 62 // 100, total * 38 // 100])
        self._built = True

    def showEvent(self, event: Any) -> None:
        if not self._built:
            self._build_charts()
        super().showEvent(event)

    def reload(self) -> None:
        if self._loading:
            self._stale = True
            return
        super().reload()
        self._loading = True
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
        refill(self.year_combo, [(y, f"FY{y}") for y in analysis.years], mix.fiscal_year)
        refill(self.scenario_combo, [(n, n) for n in analysis.scenarios], projection.scenario)
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
            + cell.format(f"; color:{RED if y.balance < 0 else '#1b5e20'}", format_money(y.balance))
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
            self.reload()

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
