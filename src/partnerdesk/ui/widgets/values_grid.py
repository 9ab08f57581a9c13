"""The monthly values grid: months down, indicators across, typed into like a spreadsheet.

Typing a value (or pasting a block copied from Excel: tab-separated rows) saves the cells in
one transaction off the UI thread, through the one value rule of the core; a refusal puts
the cells back and says why. Worked-out rates are read-only; a whole-program cell worked out
from agencies' values is shown in italics (typing there records a whole-program figure,
which then wins). Delete clears the selected cells after asking.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from partnerdesk.core.models.outcomes import format_value
from partnerdesk.core.outcomes.values import CellChange, GridData, read_number
from partnerdesk.core.platform.errors import ValidationError

Index = QModelIndex | QPersistentModelIndex
GREY = QColor("#6b6b6b")


class ValuesGridModel(QAbstractTableModel):
    """The cells of a :class:`GridData`; edits go to ``save(changes)`` (set by the owner)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.data_: GridData | None = None
        self.save: Callable[[list[CellChange]], None] = lambda _changes: None
        self._headers: list[str] = []
        # Made once: data() is asked for every visible cell on every paint.
        self._grey = QBrush(GREY)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # -- data in
    def set_grid(self, grid: GridData) -> None:
        # Headers take three short lines instead of one long one.
        self._headers = [textwrap.fill(column.name, 20) for column in grid.columns]
        same_shape = (
            self.data_ is not None
            and self.data_.months == grid.months
            and [c.indicator_id for c in self.data_.columns]
            == [c.indicator_id for c in grid.columns]
        )
        if same_shape:  # keep the view's place and any open editor
            self.data_ = grid
            if self.rowCount() and self.columnCount():
                self.dataChanged.emit(
                    self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
                )
            return
        self.beginResetModel()
        self.data_ = grid
        self.endResetModel()

    def month_at(self, row: int) -> date:
        assert self.data_ is not None
        return self.data_.months[row]

    def value_at(self, row: int, column: int) -> Decimal | None:
        assert self.data_ is not None
        key = (self.data_.columns[column].indicator_id, self.data_.months[row])
        return self.data_.cells.get(key)

    # -- Qt interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.months)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.data_ is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.data_.months):
                return f"{self.data_.months[section]:%Y-%m}"
            return None
        if not 0 <= section < len(self.data_.columns):
            return None
        column = self.data_.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            note = f" ({column.note})" if column.note else ""
            return f"{column.name}: {column.unit.label.lower()}{note}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if (
            self.data_ is not None
            and index.isValid()
            and self.data_.columns[index.column()].editable
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.data_ is None or not index.isValid():
            return None
        column = self.data_.columns[index.column()]
        month = self.data_.months[index.row()]
        key = (column.indicator_id, month)
        value = self.data_.cells.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else format_value(value, column.unit)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else format(value.normalize(), "f")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._right
        combined = self.data_.combined.get(key)
        if role == Qt.ItemDataRole.ForegroundRole and (combined or not column.editable):
            return self._grey
        if role == Qt.ItemDataRole.FontRole and combined:
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            if not column.editable:
                return "Worked out from its numerator and denominator"
            if combined:
                return (
                    f"Combined from {combined} agencies' values; a value typed here is recorded "
                    "for the whole program and replaces it"
                )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        change = self.change_for(index.row(), index.column(), str(value))
        if change is None:
            return False
        self.save([change])
        return True

    # -- edits
    def change_for(self, row: int, column: int, text: str) -> CellChange | None:
        """The change typing ``text`` into a cell makes (None: nothing to save). Raises
        ValidationError for text that is not a number."""
        assert self.data_ is not None
        grid_column = self.data_.columns[column]
        if not grid_column.editable:
            return None
        month = self.data_.months[row]
        seen = self.data_.cells.get((grid_column.indicator_id, month))
        if (grid_column.indicator_id, month) in self.data_.combined:
            seen = None  # the cell shows agencies' figures; no whole-program value is stored
        text = text.strip()
        new = read_number(text) if text else None
        if new == seen:
            return None
        return CellChange(grid_column.indicator_id, month, new, seen, self.data_.agency_id)

    def changes_for_paste(self, top: int, left: int, text: str) -> list[CellChange]:
        """The changes a block of tab-separated rows makes from the cell (top, left); cells
        outside the grid or in read-only columns are skipped. Raises ValidationError naming
        the first cell that is not a number."""
        changes: list[CellChange] = []
        lines = text.rstrip("\r\n").split("\n")
        for r, line in enumerate(lines):
            for c, cell in enumerate(line.rstrip("\r").split("\t")):
                row, column = top + r, left + c
                if row >= self.rowCount() or column >= self.columnCount():
                    continue
                try:
                    change = self.change_for(row, column, cell)
                except ValidationError as exc:
                    name = self.headerData(column, Qt.Orientation.Horizontal)
                    where = f"{self.month_at(row):%Y-%m}, {name}"
                    raise ValidationError(f"{where}: {exc.message}", field="value") from None
                if change is not None:
                    changes.append(change)
        return changes


class ValuesGridView(QTableView):
    """A table view that pastes tab-separated text and clears cells with Delete."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.horizontalHeader().setDefaultSectionSize(140)
        self.verticalHeader().setDefaultSectionSize(24)
        self.on_refused: Callable[[str], None] = lambda _text: None
        self.on_clear: Callable[[list[CellChange]], None] = lambda _changes: None

    def grid_model(self) -> ValuesGridModel:
        model = self.model()
        assert isinstance(model, ValuesGridModel)
        return model

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing:
            self.clear_selection()
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> None:
        current = self.currentIndex()
        if not current.isValid() or not text.strip():
            return
        model = self.grid_model()
        try:
            changes = model.changes_for_paste(current.row(), current.column(), text)
        except ValidationError as exc:
            self.on_refused(f"Nothing was pasted: {exc.message}")
            return
        if changes:
            model.save(changes)

    def selected_cells(self) -> Sequence[QModelIndex]:
        return sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))

    def copy_selection(self) -> None:
        cells = self.selected_cells()
        if not cells:
            return
        rows = sorted({i.row() for i in cells})
        columns = sorted({i.column() for i in cells})
        model = self.grid_model()
        lines = [
            "\t".join(str(model.data(model.index(r, c), Qt.ItemDataRole.EditRole)) for c in columns)
            for r in rows
        ]
        QGuiApplication.clipboard().setText("\n".join(lines))

    def clear_selection(self) -> None:
        model = self.grid_model()
        changes = []
        for index in self.selected_cells():
            change = model.change_for(index.row(), index.column(), "")
            if change is not None:
                changes.append(change)
        if changes:
            self.on_clear(changes)
