"""Columns that fit the table's width: no sideways scrolling in a list on a laptop screen.

Each column wants the width of its content (up to a cap); when they do not all fit, the
widest give way first, down to what their heading needs, and their text is cut short with
"…" (the whole text shows as a tooltip). A column of short values (a date, an amount with its
cents, a status) is never cut: it keeps its whole width and the long texts give way. A column
the user widened or narrowed by hand stays as the user left it.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

WIDEST_NATURAL = 380  # no column asks for more than this, however long its longest text
HEADING_PADDING = 24  # room for the sort arrow beside a heading
KEPT_WHOLE = 120  # content up to this wide (a date, "$1,234,567.89", "Under review") is never cut


def fit_widths(
    wanted: Sequence[int],
    floors: Sequence[int],
    available: int,
    weights: Sequence[float] | None = None,
) -> list[int]:
    """Widths for columns that want ``wanted`` and need at least ``floors``, within
    ``available``: all they want when it fits; otherwise the widest give way first: one
    cap, the largest that fits, times each column's weight (a title weighs more than a
    list of names), never below a column's floor. When even the floors do not fit, the
    floors."""
    weights = list(weights) if weights is not None else [1.0] * len(wanted)
    wanted = [max(w, f) for w, f in zip(wanted, floors, strict=True)]
    if sum(wanted) <= available:
        return list(wanted)
    if sum(floors) >= available:
        return list(floors)
    columns = list(zip(wanted, floors, weights, strict=True))

    def widths(cap: int) -> list[int]:
        return [max(f, min(w, int(cap * weight))) for w, f, weight in columns]

    low, high = 0, max(wanted)  # sum(widths(low)) <= available < sum(widths(high))
    while high - low > 1:
        middle = (low + high) // 2
        if sum(widths(middle)) <= available:
            low = middle
        else:
            high = middle
    return widths(low)


class ElidedTextTips(QStyledItemDelegate):
    """Shows a cell's whole text as its tooltip when the column cuts it short (and the
    cell has no tooltip of its own)."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and not index.data(Qt.ItemDataRole.ToolTipRole):
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            needed = option.fontMetrics.horizontalAdvance(text) + 8
            if text and needed > option.rect.width():
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)


class ColumnFitter(QObject):
    """Keeps ``table``'s columns within its width (see the module docstring). Call
    ``measure()`` when the rows change; the fitting follows every resize."""

    def __init__(self, table: QTableView, weights: Sequence[float] | None = None) -> None:
        super().__init__(table)
        self.table = table
        self.weights = list(weights) if weights is not None else None
        self._wanted: list[int] = []
        self._content: list[int] = []
        self._fitting = False
        self._user_sized = False
        table.setItemDelegate(ElidedTextTips(table))
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._section_resized)

    def measure(self) -> None:
        """What each column wants: its content and heading, at most ``WIDEST_NATURAL``."""
        header = self.table.horizontalHeader()
        self._wanted, self._content = [], []
        for column in range(header.count()):
            content = self.table.sizeHintForColumn(column)
            heading = header.sectionSizeHint(column)
            self._content.append(content)
            self._wanted.append(min(max(content, heading), WIDEST_NATURAL))
        self.fit()

    def floors(self) -> list[int]:
        """The least each column gets: its heading, or all its content when that is short."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        model = self.table.model()
        floors = []
        for column in range(header.count()):
            heading = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            floor = metrics.horizontalAdvance(heading) + HEADING_PADDING
            if column < len(self._content) and self._content[column] <= KEPT_WHOLE:
                floor = max(floor, self._content[column])
            floors.append(min(floor, WIDEST_NATURAL))
        return floors

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        if self._user_sized or not self._wanted or len(self._wanted) != header.count():
            return
        available = self.table.viewport().width()
        widths = fit_widths(self._wanted, self.floors(), available, self.weights)
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _section_resized(self, _column: int, _old: int, _new: int) -> None:
        # Widths the user drags stay; the last column stretching is not the user's doing.
        header = self.table.horizontalHeader()
        if not self._fitting and header.underMouse():
            self._user_sized = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A table being destroyed resizes its viewport too: leave it alone then.
        if (
            watched is self._viewport
            and event.type() == QEvent.Type.Resize
            and shiboken6.isValid(self.table)
        ):
            self.fit()
        return False

    def wanted(self) -> list[int]:
        return list(self._wanted)
