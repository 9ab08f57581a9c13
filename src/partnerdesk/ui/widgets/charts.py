"""Charts of the funding area, drawn with QtCharts.

QtCharts is the one heavy Qt module PartnerDesk uses; it is imported here only, and only
when a chart is first built (the Sustainability tab is opened), so start-up does not pay
for it.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from partnerdesk.core.models import FundingSourceKind

if TYPE_CHECKING:
    from partnerdesk.core.funding.diversification import KindShare
    from partnerdesk.core.funding.projection import Projection

# One colour per source kind, the same in both charts (colour-blind friendly palette).
KIND_COLOURS: dict[FundingSourceKind, str] = {
    FundingSourceKind.MUNICIPAL_BUDGET: "#0072b2",
    FundingSourceKind.HEALTHCARE_PARTNERSHIP: "#009e73",
    FundingSourceKind.COMMUNITY_FOUNDATION: "#e69f00",
    FundingSourceKind.STATE_GRANT: "#cc79a7",
    FundingSourceKind.FEDERAL_GRANT: "#d55e00",
    FundingSourceKind.INSURANCE_MEDICAID: "#56b4e9",
    FundingSourceKind.DONATION: "#f0e442",
    FundingSourceKind.OTHER: "#999999",
}


def _charts() -> Any:
    from PySide6 import QtCharts

    return QtCharts


MINIMUM_WIDTH, MINIMUM_HEIGHT = 300, 200  # two charts above each other fit a 700 px screen
LEGEND_WIDEST = 240  # a longer name wraps onto a second line


def _thousands(amount: Decimal) -> float:
    # Chart geometry only: a bar's height in thousands; the labels show exact amounts.
    return float(amount / 1000)


class _ChartBox(QWidget):
    """A chart with its legend beside it. The legend is a label of our own: QtCharts gives
    its legend at most 40 % of the chart's width and cuts the names short beyond that
    ("Healthcare partnershi…" on a laptop screen); a label wraps a long name instead."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        charts = _charts()
        self.chart = charts.QChart()
        self.chart.setTitle(title)
        self.chart.setAnimationOptions(charts.QChart.AnimationOption.NoAnimation)
        self.chart.legend().hide()
        self.view = charts.QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(MINIMUM_WIDTH, MINIMUM_HEIGHT)
        self.legend = QLabel(self)
        self.legend.setObjectName("chartLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.legend.setMaximumWidth(LEGEND_WIDEST)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self._names: list[str] = []

    def set_legend(self, entries: list[tuple[str, str]]) -> None:
        """The legend: (colour, name) of each series or slice, in order."""
        self._names = [name for _colour, name in entries]
        rows = "".join(
            f"<tr><td style='color:{colour}'>\u25a0</td><td>{escape(name)}</td></tr>"
            for colour, name in entries
        )
        self.legend.setText(f"<table cellspacing=2>{rows}</table>")

    def legend_names(self) -> list[str]:
        return list(self._names)


class MixDonut(_ChartBox):
    """The revenue mix of one fiscal year by source kind, as a ring with percentages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Funding mix", parent)
        self.series = _charts().QPieSeries()
        self.series.setHoleSize(0.45)
        self.chart.addSeries(self.series)
        self.slices: dict[FundingSourceKind, Any] = {}

    def set_mix(self, title: str, shares: list[KindShare]) -> None:
        self.chart.setTitle(title)
        self.series.clear()
        self.slices = {}
        for share in shares:
            if share.amount <= 0:
                continue
            piece = self.series.append(
                f"{share.kind.label} {share.share_pct} %", float(share.share_pct)
            )
            piece.setColor(QColor(KIND_COLOURS[share.kind]))
            piece.setLabelVisible(False)  # the legend beside the ring carries the names
            self.slices[share.kind] = piece
        self.set_legend(
            [(KIND_COLOURS[kind], piece.label()) for kind, piece in self.slices.items()]
        )

    def slice_labels(self) -> list[str]:
        return [piece.label() for piece in self.series.slices()]


class ProjectionBars(_ChartBox):
    """Projected revenue by source kind per fiscal year (stacked) and the cost as a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Projected revenue and cost", parent)
        self.categories: list[str] = []
        self.cost_points: list[float] = []
        self.kinds: list[FundingSourceKind] = []

    def set_projection(self, projection: Projection) -> None:
        charts = _charts()
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        years = [f"FY{year.fiscal_year}" for year in projection.years]
        self.categories = years
        self.kinds = projection.kinds
        bars = charts.QStackedBarSeries()
        for kind in self.kinds:
            bar_set = charts.QBarSet(kind.label)
            bar_set.setColor(QColor(KIND_COLOURS[kind]))
            for year in projection.years:
                bar_set.append(_thousands(year.revenue_by_kind.get(kind, Decimal(0))))
            bars.append(bar_set)
        cost = charts.QLineSeries()
        cost.setName("Projected cost")
        pen = cost.pen()
        pen.setWidth(3)
        pen.setColor(QColor("#222222"))
        cost.setPen(pen)
        cost.setPointsVisible(True)
        self.cost_points = [_thousands(year.cost) for year in projection.years]
        for index, value in enumerate(self.cost_points):
            cost.append(index, value)
        self.chart.addSeries(bars)
        self.chart.addSeries(cost)
        axis_x = charts.QBarCategoryAxis()
        axis_x.append(years)
        axis_y = charts.QValueAxis()
        top = max([_thousands(y.revenue) for y in projection.years] + self.cost_points + [1.0])
        axis_y.setRange(0, top * 1.1)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%.0f")
        axis_y.setTitleText("$ thousands")
        self.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, cost):
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        title = f'Projection "{projection.scenario}"'
        if projection.cliff is not None:
            title += f": funding cliff in FY{projection.cliff.fiscal_year}"
        self.chart.setTitle(title)
        self.set_legend(
            [(KIND_COLOURS[kind], kind.label) for kind in self.kinds]
            + [("#222222", "Projected cost")]
        )
