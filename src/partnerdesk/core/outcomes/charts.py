"""Trend charts for the evaluation report, drawn as PNG images with Pillow (the core has no
Qt, and a plotting library would be far heavier than these few lines).

One chart per indicator: its monthly values as a line, the launch as a vertical line, the
baseline figure as a dashed line and the target (from its month) as another. Months whose
count is hidden by the small-number rule are left out of the line, as in the tables.
Pillow is imported inside the function: it is needed only when a report is written.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from partnerdesk.core.models.outcomes import IndicatorUnit, format_value

WIDTH, HEIGHT = 1400, 640
LEFT, RIGHT, TOP, BOTTOM = 130, 40, 90, 90
VALUE_COLOUR = (0, 114, 178)
BASELINE_COLOUR = (110, 110, 110)
TARGET_COLOUR = (0, 140, 90)
LAUNCH_COLOUR = (200, 60, 30)
GRID_COLOUR = (225, 228, 232)
TEXT_COLOUR = (40, 40, 40)


@dataclass(frozen=True)
class TrendChart:
    title: str
    unit: IndicatorUnit
    months: list[date]  # every month on the axis, oldest first
    values: Mapping[date, Decimal]
    launch_month: date | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_from: date | None = None  # the month the target applies from
    hidden: Collection[date] = ()  # months left out by the small-number rule


def _dashed(
    draw: object, start: tuple[float, float], end: tuple[float, float], **style: object
) -> None:
    (x0, y0), (x1, y1) = start, end
    length = max(abs(x1 - x0), abs(y1 - y0))
    steps = max(int(length // 14), 1)
    for step in range(0, steps, 2):
        a, b = step / steps, min((step + 1) / steps, 1)
        draw.line(  # type: ignore[attr-defined]
            [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
            **style,
        )


def _nice_top(largest: float) -> float:
    """An axis maximum a little above ``largest``, on a round number."""
    if largest <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(largest))) - 1)
    for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if factor * magnitude >= largest * 1.08:
            return float(factor * magnitude)
    return largest * 1.1


def render_trend_png(chart: TrendChart) -> bytes:
    """The chart as PNG bytes."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=22)
    small = ImageFont.load_default(size=19)
    title_font = ImageFont.load_default(size=28)
    draw.text((LEFT, 18), chart.title, fill=TEXT_COLOUR, font=title_font)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    months = chart.months or sorted(chart.values)
    shown = {m: float(v) for m, v in chart.values.items() if m not in chart.hidden}
    extremes = [*shown.values(), *(float(x) for x in (chart.baseline, chart.target) if x)]
    top = _nice_top(max(extremes, default=1.0))
    count = max(len(months) - 1, 1)

    def x_of(index: int) -> float:
        return LEFT + plot_w * index / count

    def y_of(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    for tick in range(5):
        value = top * tick / 4
        y = y_of(value)
        draw.line([(LEFT, y), (LEFT + plot_w, y)], fill=GRID_COLOUR, width=2)
        label = format_value(Decimal(str(round(value, 1))), chart.unit)
        width = draw.textlength(label, font=small)
        draw.text((LEFT - 12 - width, y - 11), label, fill=TEXT_COLOUR, font=small)
    step = max(1, len(months) // 8)
    for index, month in enumerate(months):
        if index % step == 0:
            label = f"{month:%b %Y}"
            width = draw.textlength(label, font=small)
            draw.text(
                (x_of(index) - width / 2, TOP + plot_h + 14), label, fill=TEXT_COLOUR, font=small
            )
    draw.line([(LEFT, TOP + plot_h), (LEFT + plot_w, TOP + plot_h)], fill=TEXT_COLOUR, width=2)
    index_of = {month: index for index, month in enumerate(months)}
    if chart.baseline is not None:
        y = y_of(float(chart.baseline))
        _dashed(draw, (LEFT, y), (LEFT + plot_w, y), fill=BASELINE_COLOUR, width=3)
    if chart.target is not None:
        start = index_of.get(chart.target_from, 0) if chart.target_from else 0
        y = y_of(float(chart.target))
        _dashed(draw, (x_of(start), y), (LEFT + plot_w, y), fill=TARGET_COLOUR, width=3)
    if chart.launch_month is not None and chart.launch_month in index_of:
        x = x_of(index_of[chart.launch_month])
        draw.line([(x, TOP), (x, TOP + plot_h)], fill=LAUNCH_COLOUR, width=3)
        draw.text((x + 8, TOP + 4), "Launch", fill=LAUNCH_COLOUR, font=small)
    segment: list[tuple[float, float]] = []
    for index, month in enumerate(months):
        if month in shown:
            point = (x_of(index), y_of(shown[month]))
            segment.append(point)
            draw.ellipse(
                [point[0] - 4, point[1] - 4, point[0] + 4, point[1] + 4], fill=VALUE_COLOUR
            )
        else:
            if len(segment) > 1:
                draw.line(segment, fill=VALUE_COLOUR, width=4)
            segment = []
    if len(segment) > 1:
        draw.line(segment, fill=VALUE_COLOUR, width=4)
    legend = [("Monthly value", VALUE_COLOUR, False)]
    if chart.baseline is not None:
        legend.append(("Baseline", BASELINE_COLOUR, True))
    if chart.target is not None:
        legend.append(("Target", TARGET_COLOUR, True))
    x = WIDTH - RIGHT
    for label, colour, dashed in reversed(legend):
        width = draw.textlength(label, font=font)
        x -= width
        draw.text((x, 56), label, fill=TEXT_COLOUR, font=font)
        x -= 50
        if dashed:
            _dashed(draw, (x, 70), (x + 40, 70), fill=colour, width=4)
        else:
            draw.line([(x, 70), (x + 40, 70)], fill=colour, width=4)
        x -= 30
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
