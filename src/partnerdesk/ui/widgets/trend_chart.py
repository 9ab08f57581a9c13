"""The trend of one indicator, drawn with QtCharts: its monthly values, the launch, the
baseline and the target. QtCharts is imported when the chart is first built."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from partnerdesk.core.outcomes.overview import IndicatorSummary


def _moment(month: date) -> QDateTime:
    return QDateTime(QDate(month.year, month.month, month.day), QTime(0, 0))


def _ms(month: date) -> float:
    return float(_moment(month).toMSecsSinceEpoch())


class TrendChart(QWidget):
    """Monthly values as a line, the baseline and the target as dashed lines, the launch
    as a vertical line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6 import QtCharts

        self._charts = QtCharts
        self.chart = QtCharts.QChart()
        self.chart.setAnimationOptions(QtCharts.QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QtCharts.QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(360, 240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.points: list[tuple[date, float]] = []

    def _line(self, name: str, colour: str, dashed: bool, width: int = 2) -> Any:
        series = self._charts.QLineSeries()
        series.setName(name)
        pen = QPen(QColor(colour))
        pen.setWidth(width)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        series.setPen(pen)
        return series

    def show_indicator(
        self,
        row: IndicatorSummary,
        series: dict[date, Decimal],
        months: list[date],
        launch: date | None,
    ) -> None:
        charts = self._charts
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.chart.setTitle(row.name)
        if not months:
            return
        # Chart geometry only: the tables show the exact figures.
        self.points = [(m, float(series[m])) for m in months if m in series]
        values = self._line("Monthly value", "#0072b2", dashed=False, width=3)
        for month, value in self.points:
            values.append(_ms(month), value)
        drawn = [values]
        top = max([v for _, v in self.points] + [1.0])
        start, end = _ms(months[0]), _ms(months[-1])
        if row.baseline.value is not None:
            baseline = self._line("Baseline", "#6e6e6e", dashed=True)
            baseline.append(start, float(row.baseline.value))
            baseline.append(end, float(row.baseline.value))
            drawn.append(baseline)
            top = max(top, float(row.baseline.value))
        if row.target is not None and row.target.figure is not None:
            target = self._line("Target", "#008c5a", dashed=True)
            first = _ms(launch.replace(day=1)) if launch else start
            target.append(first, float(row.target.figure))
            target.append(end, float(row.target.figure))
            drawn.append(target)
            top = max(top, float(row.target.figure))
        if launch is not None:
            line = self._line("Launch", "#c83c1e", dashed=False)
            line.append(_ms(launch.replace(day=1)), 0)
            line.append(_ms(launch.replace(day=1)), top * 1.1)
            drawn.append(line)
        axis_x = charts.QDateTimeAxis()
        axis_x.setFormat("MMM yyyy")
        axis_x.setRange(_moment(months[0]), _moment(months[-1]))
        axis_y = charts.QValueAxis()
        axis_y.setRange(0, top * 1.1)
        axis_y.applyNiceNumbers()
        axis_y.setTitleText(row.unit.label)
        self.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for item in drawn:
            self.chart.addSeries(item)
            item.attachAxis(axis_x)
            item.attachAxis(axis_y)
