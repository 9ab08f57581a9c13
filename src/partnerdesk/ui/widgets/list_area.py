"""A list of records with a filter box: the building block of every area."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import ALL_KINDS, AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.column_fit import ColumnFitter
from partnerdesk.ui.widgets.reloading import ReloadingWidget
from partnerdesk.ui.widgets.table_model import (
    Column,
    FilterProxyModel,
    RecordTableModel,
    build_search_texts,
)
from partnerdesk.ui.widgets.wording import plural

RESIZE_PRECISION_ROWS = 60

RowT = TypeVar("RowT")


class RecordList(ReloadingWidget, Generic[RowT]):
    """Filter box + sortable table over rows a service returns. Loads on first show and
    again whenever records of one of ``kinds`` change."""

    sig_row_activated = Signal(object)  # the service row the user double-clicked / Enter
    sig_selection_changed = Signal()
    sig_loaded = Signal()

    def __init__(
        self,
        context: AppContext,
        columns: Sequence[Column[RowT]],
        loader: Callable[[Session], Sequence[RowT]],
        *,
        kinds: Collection[ChangeKind] = ALL_KINDS,
        noun: str = "records",
        one: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``noun`` names the rows ("MOUs"), ``one`` a single row when it is not ``noun``
        without its last "s" ("item due" for "items due")."""
        super().__init__(context, parent)
        self._loader = loader
        self._noun = noun
        self._one = one if one is not None else noun.removesuffix("s")
        self._loaded_once = False
        self._loading = False
        # A record to select once the list has it (``select_id``), and whether the load
        # under way started after it was asked for (then that load settles it).
        self._pending_id: int | None = None
        self._pending_armed = False
        # A list people search (the directory) builds its search index with the rows, in
        # the loading thread, so that neither opening nor the first keystroke waits for it.
        self.index_while_loading = False

        self.model: RecordTableModel[RowT] = RecordTableModel(columns, self)
        self.proxy = FilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(f"Filter {noun}… (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(self._on_filter_text)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The columns share the width: no sideways scrolling.
        self.columns = ColumnFitter(self.table, self.model.column_weights())
        # ``activated`` alone: it is a double-click (or a single click where the desktop
        # opens items so) and Enter. Listening to ``doubleClicked`` as well opened every
        # record twice.
        # Column widths from the rows in view (and a few more), not from 1,000 rows: on a
        # large list measuring them cost a second of start-up.
        header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.table.activated.connect(lambda index: self._activate(index.row()))
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.sig_selection_changed.emit()
        )

        # What the list shows, when it needs saying (hidden until ``set_caption``).
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.hide()
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.watch(kinds)

    # -- loading
    def reload(self) -> None:
        if self._loading:
            return
        super().reload()
        self._loading = True
        self._pending_armed = self._pending_id is not None
        self.count_label.setText("Loading…")
        database = self.context.database
        columns, indexed = self.model.columns(), self.index_while_loading

        def load(_progress: Any) -> tuple[Sequence[RowT], list[str] | None]:
            with database.session() as session:
                rows = self._loader(session)
            return rows, build_search_texts(columns, rows) if indexed else None

        run_task(load, self._loaded, self._failed, parent=self)

    def _loaded(self, loaded: tuple[Sequence[RowT], list[str] | None]) -> None:
        rows, search_texts = loaded
        self._loading = False
        selected = self.selected_rows()
        self.model.set_rows(rows, search_texts)
        if self.filter_edit.text():
            self.proxy.set_filter_text(self.filter_edit.text())
        if not self._loaded_once:
            # Measured on the first rows (again while there were none): later loads keep
            # the widths rather than making the columns jump.
            self._loaded_once = bool(rows)
            self.columns.measure()
        pending, armed = self._pending_id, self._pending_armed
        if pending is not None and self.select_where(
            lambda row: getattr(row, "id", None) == pending
        ):
            self._pending_id = None
        else:
            if armed:
                self._pending_id = None  # loaded after it was asked for, and not there
            self._reselect(selected)
        self._update_count()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self._loading = False
        self.count_label.setText("Could not load")
        QMessageBox.warning(
            self, APP_NAME, f"The {self._noun} could not be loaded: {error_message(exc)}"
        )

    # -- filtering
    def _on_filter_text(self, _text: str) -> None:
        if self.model.total_rows > 20_000:  # let fast typists finish a word first
            self._filter_timer.start()
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        selected = self.selected_rows()
        self.proxy.set_filter_text(self.filter_edit.text())
        self._reselect(selected, clear_filter=False)  # still selected if still shown
        self._update_count()

    def shown_rows(self) -> int:
        """How many rows the filter lets through (all of them when there is none)."""
        return self.model.matching_rows

    def _update_count(self) -> None:
        total = self.model.total_rows
        shown = self.shown_rows() if self.filter_edit.text() else total
        noun = plural(total, self._one, self._noun)
        self.count_label.setText(
            f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        )

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self.caption.setVisible(bool(text))

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # -- selection
    def _activate(self, proxy_row: int) -> None:
        self.sig_row_activated.emit(self.model.row_at(self.proxy.source_row(proxy_row)))

    def selected_rows(self) -> list[RowT]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.model.row_at(self.proxy.source_row(row)) for row in sorted(rows)]

    def current_row(self) -> RowT | None:
        selected = self.selected_rows()
        return selected[0] if selected else None

    def select_where(self, predicate: Callable[[RowT], bool], *, clear_filter: bool = True) -> bool:
        """Select (and scroll to) the first row matching ``predicate``; False if none.
        A row hidden by the filter is shown by clearing the filter (unless told not to)."""
        found = self._show_row_where(predicate)
        if found is None and clear_filter and self.filter_edit.text():
            if not any(predicate(row) for row in self.model.all_rows()):
                return False
            self.filter_edit.clear()
            self._apply_filter()
            found = self._show_row_where(predicate)
        if found is None:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(found, 0))
        self.select_row(proxy_index.row())
        self.table.scrollTo(proxy_index)
        return True

    def _show_row_where(self, predicate: Callable[[RowT], bool]) -> int | None:
        """The model row of the first shown row matching ``predicate``, handed to the view."""
        for model_row, row in enumerate(self.model.matching_record_rows()):
            if predicate(row):
                self.model.fetch_until(model_row)
                return model_row
        return None

    def select_row(self, proxy_row: int) -> None:
        """Select that one row. Not ``QTableView.selectRow``, which reads the keys held down:
        with Ctrl held it toggles the row instead, and the record chosen stays unselected."""
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(self.proxy.index(proxy_row, 0), flags)

    def select_id(self, record_id: int) -> None:
        """Select the record with this id (a record just saved): now if the list shows it,
        else as soon as the list has loaded it. After a save the list reloads in the
        background, and selecting at once found the list without the new record."""
        self._pending_id = record_id
        found = not self._loading and self.select_where(
            lambda row: getattr(row, "id", None) == record_id
        )
        if found:
            self._pending_id = None

    def _reselect(self, previous: list[RowT], *, clear_filter: bool = True) -> None:
        ids = {getattr(row, "id", None) for row in previous} - {None}
        if ids:
            self.select_where(
                lambda row: getattr(row, "id", None) in ids, clear_filter=clear_filter
            )
