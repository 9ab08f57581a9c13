"""One table model for every list in the app: rows from a service, columns declared once.

Rows are whatever a listing service returns (small frozen dataclasses). The view receives
them in chunks through ``canFetchMore``/``fetchMore`` so that a list of 200,000 rows does
not create 200,000 view rows up front. The model filters itself: it shows only the rows
whose text contains the filter (found on a prebuilt index of one lower-cased line per
row), again in chunks, so a keystroke never makes Qt re-check 20,000 rows one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from partnerdesk.core.platform.money import format_money

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex
CHUNK = 2000
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def display_text(value: Any) -> str:
    """How a value reads in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label) if label is not None else str(value.value)
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def sort_key(value: Any) -> Any:
    """A value Qt can compare: numbers stay numbers, dates ISO text, empties sort first."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)  # display sorting only; never used for money arithmetic
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return display_text(value).casefold()


@dataclass(frozen=True)
class Column(Generic[RowT]):
    title: str
    value: Callable[[RowT], Any]
    # Optional text colour per row (e.g. red for overdue); None keeps the default.
    colour: Callable[[RowT], str | None] | None = None
    align_right: bool = False
    tooltip: Callable[[RowT], str] | None = field(default=None)
    # What the column sorts by, when not its value (a person's name: by surname).
    sort: Callable[[RowT], Any] | None = None
    # How much room it keeps when the columns must share too little (a title: more).
    weight: float = 1.0


class RecordTableModel(QAbstractTableModel, Generic[RowT]):
    """Read-only rows with declared columns; ``row_at(i)`` gives back the service row."""

    sig_rows_replaced = Signal()

    def __init__(self, columns: Sequence[Column[RowT]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[RowT] = []
        # The rows the filter lets through, as indices into _rows (None: no filter, all).
        self._matches: list[int] | None = None
        self._needle = ""
        self._shown = 0  # matching rows handed to the view so far
        # One lower-cased line per row with every column's text, built on the first filter
        # after the rows change (or by the loader, off the UI thread): filtering then tests
        # one string per row instead of asking data() for every cell.
        self._search_texts: list[str] | None = None

    # -- data in
    def set_rows(self, rows: Sequence[RowT], search_texts: list[str] | None = None) -> None:
        """Show ``rows`` (through the current filter). ``search_texts``: what
        :func:`build_search_texts` gives for them, when the loader built it already."""
        self.beginResetModel()
        self._rows = list(rows)
        self._search_texts = search_texts
        self._matches = self._matching(self._needle, None) if self._needle else None
        self._shown = min(self.matching_rows, CHUNK)
        self.endResetModel()
        self.sig_rows_replaced.emit()

    def set_filter(self, text: str) -> None:
        """Show only the rows whose cells (as shown, any capitals) contain ``text``."""
        needle = text.casefold()
        if needle == self._needle:
            return
        narrowing = bool(self._needle) and self._needle in needle
        matches = self._matching(needle, self._matches if narrowing else None) if needle else None
        # One reset: the view then asks only for the rows it draws (and the proxy maps at
        # most one chunk), instead of Qt inserting or removing thousands of rows one by one.
        self.beginResetModel()
        self._needle, self._matches = needle, matches
        self._shown = min(self.matching_rows, CHUNK)
        self.endResetModel()

    def _matching(self, needle: str, among: list[int] | None) -> list[int]:
        texts = self.search_texts()
        if among is not None:  # typing on: only rows that matched before can match now
            return [i for i in among if needle in texts[i]]
        return [i for i, text in enumerate(texts) if needle in text]

    def fetch_all(self) -> None:
        """Hand every remaining matching row to the view (before sorting or selecting)."""
        total = self.matching_rows
        if self._shown < total:
            self.beginInsertRows(QModelIndex(), self._shown, total - 1)
            self._shown = total
            self.endInsertRows()

    def fetch_until(self, row: int) -> None:
        """Hand rows to the view, a chunk at a time, until it has the model's ``row``."""
        while self._shown <= row and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    # -- data out
    def _record(self, row: int) -> RowT:
        return self._rows[row if self._matches is None else self._matches[row]]

    def row_at(self, row: int) -> RowT:
        """The service row at the model's ``row`` (counting only the rows shown)."""
        return self._record(row)

    def search_texts(self) -> list[str]:
        """Each row's cells as shown, joined by tabs and case-folded (for filtering)."""
        if self._search_texts is None:
            self._search_texts = build_search_texts(self._columns, self._rows)
        return self._search_texts

    def all_rows(self) -> list[RowT]:
        """Every row, whatever the filter."""
        return list(self._rows)

    def matching_record_rows(self) -> list[RowT]:
        """The rows the filter lets through, in order (all of them without a filter)."""
        if self._matches is None:
            return list(self._rows)
        return [self._rows[i] for i in self._matches]

    @property
    def total_rows(self) -> int:
        return len(self._rows)

    @property
    def matching_rows(self) -> int:
        """How many rows the filter lets through (handed to the view or not yet)."""
        return len(self._rows) if self._matches is None else len(self._matches)

    def columns(self) -> list[Column[RowT]]:
        return list(self._columns)

    def column_titles(self) -> list[str]:
        return [column.title for column in self._columns]

    def column_weights(self) -> list[float]:
        return [column.weight for column in self._columns]

    # -- Qt interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < self.matching_rows

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        count = min(CHUNK, self.matching_rows - self._shown)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + count - 1)
        self._shown += count
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        row = self._record(index.row())
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(column.value(row))
        if role == SORT_ROLE:
            return sort_key(column.sort(row) if column.sort is not None else column.value(row))
        if role == ROW_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return None


class FilterProxyModel(QSortFilterProxyModel):
    """Sorting by typed values, and the list's text filter: over a
    :class:`RecordTableModel` the model filters itself (see ``set_filter``), so this proxy
    only sorts and never calls Python per row; over other models, Qt's case-insensitive
    fixed-string filter over every column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        source = self.sourceModel()
        if not isinstance(source, RecordTableModel):
            self.setFilterFixedString(text)
            return
        source.set_filter(text)
        if self.sortColumn() >= 0:
            source.fetch_all()  # sorted: every match, not the first chunk, takes part

    def source_row(self, proxy_row: int) -> int:
        return self.mapToSource(self.index(proxy_row, 0)).row()


def build_search_texts(columns: Sequence[Column[Any]], rows: Sequence[Any]) -> list[str]:
    """Each row's cells as shown, joined by tabs and case-folded: the filter's index."""
    values = [column.value for column in columns]
    texts: list[str] = []
    for row in rows:
        cells = [value(row) for value in values]
        # Most cells are text already: display_text only for the others (a third faster).
        line = "\t".join([c if type(c) is str else display_text(c) for c in cells])
        texts.append(line.casefold())
    return texts
