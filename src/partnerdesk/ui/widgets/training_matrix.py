"""The people x requirements matrix: one row per responder, one column per course a role
requires, each cell its status in words on a colour (readable printed in black and white,
and by people who do not tell red from green), with filters by agency, role and attention.

The model holds the core's readiness results and makes each cell's text, colour and
tooltip only when the view asks for it (a view paints the few dozen rows on screen, not
2,000); rows reach the view in chunks (``canFetchMore``/``fetchMore``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.training.readiness import (
    NOT_REQUIRED,
    STATUS_FILL,
    PersonReadiness,
    Readiness,
    ReadinessItem,
    readiness,
)
from partnerdesk.core.training.rules import SEVERITY, Status, format_hours
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.combos import keep_narrow, refill
from partnerdesk.ui.widgets.reloading import ReloadingWidget
from partnerdesk.ui.widgets.table_model import ROW_ROLE, SORT_ROLE, Index

CHUNK = 500
FIXED_COLUMNS = ("Name", "Agency", "Role")
SHOW_ACTIVE, SHOW_ATTENTION, SHOW_LEFT = "active", "attention", "left"
MATRIX_KINDS = (
    ChangeKind.RESPONDER,
    ChangeKind.TRAINING_SESSION,
    ChangeKind.TRAINING_COURSE,
    ChangeKind.TRAINING_REQUIREMENT,
    ChangeKind.TRAINING_ROLE,
    ChangeKind.CONTACT,
    ChangeKind.ORGANIZATION,
)


def legend_html() -> str:
    """Each status on its colour, in words (overdue in bold, as in the cells)."""
    spans = "&nbsp; ".join(
        f"<span style='background-color:{STATUS_FILL[s]}; color:#202124'>"
        + (f"&nbsp;<b>{s.label}</b>&nbsp;" if s is Status.OVERDUE else f"&nbsp;{s.label}&nbsp;")
        + "</span>"
        for s in Status
    )
    return f"Legend: {spans} &nbsp; {NOT_REQUIRED} not required for the role"


def item_tooltip(item: ReadinessItem, today: date) -> str:
    s = item.standing
    lines = [f"{item.course}: {s.status.label}"]
    if s.due_date is not None:
        lines.append(f"Due {s.due_date.isoformat()}")
    if s.last_completed is not None:
        lines.append(f"Last completed {s.last_completed.isoformat()}")
    lines.append(
        f"Hours toward it: {format_hours(s.hours_so_far)} of {format_hours(s.hours_required)}"
    )
    if item.recurring:
        lines.append("Repeats after each completion")
    return "\n".join(lines)


class MatrixModel(QAbstractTableModel):
    """Responders x courses over one :class:`Readiness`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: Readiness | None = None
        self._people: tuple[PersonReadiness, ...] = ()
        self._courses: tuple[tuple[int, str], ...] = ()
        self._shown = 0
        self._fills = {status: QBrush(QColor(colour)) for status, colour in STATUS_FILL.items()}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_readiness(self, result: Readiness) -> None:
        self.beginResetModel()
        self.result = result
        self._people = result.people
        self._courses = result.courses
        self._shown = min(len(self._people), CHUNK)
        self.endResetModel()

    def fetch_all(self) -> None:
        if self._shown < len(self._people):
            self.beginInsertRows(QModelIndex(), self._shown, len(self._people) - 1)
            self._shown = len(self._people)
            self.endInsertRows()

    def person_at(self, row: int) -> PersonReadiness:
        return self._people[row]

    @property
    def total_rows(self) -> int:
        return len(self._people)

    def course_at(self, column: int) -> tuple[int, str] | None:
        index = column - len(FIXED_COLUMNS)
        return self._courses[index] if 0 <= index < len(self._courses) else None

    # -- Qt interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_COLUMNS) + len(self._courses)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._people)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        count = min(CHUNK, len(self._people) - self._shown)
        if count > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + count - 1)
            self._shown += count
            self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(FIXED_COLUMNS):
                return FIXED_COLUMNS[section]
            course = self.course_at(section)
            return course[1] if course else None
        if role == Qt.ItemDataRole.ToolTipRole and self.course_at(section) is not None:
            return "Click to sort by this course: overdue first, then by due date"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown or self.result is None:
            return None
        person = self._people[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return index.row()
        if column < len(FIXED_COLUMNS):
            return self._person_data(person, column, role)
        course = self.course_at(column)
        item = person.item(course[0]) if course else None
        today = self.result.today
        if role == Qt.ItemDataRole.DisplayRole:
            if item is None:
                left = person.left_date
                return f"Left {left.isoformat()}" if left and left <= today else NOT_REQUIRED
            return item.describe(today)
        if item is None:
            return 99 if role == SORT_ROLE else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._fills[item.status]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#202124"))  # dark on the light fills, whatever the theme
        if role == Qt.ItemDataRole.FontRole and item.status is Status.OVERDUE:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return item_tooltip(item, today)
        if role == SORT_ROLE:
            due = item.standing.due_date
            return SEVERITY[item.status] * 1_000_000 + (due.toordinal() if due else 999_999)
        return None

    def _person_data(self, person: PersonReadiness, column: int, role: int) -> Any:
        value = (person.name, person.agency, person.role)[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if (
                column == 2
                and person.role_since is not None
                and role == Qt.ItemDataRole.ToolTipRole
            ):
                return f"{person.role} since {person.role_since.isoformat()}"
            return value
        if role == SORT_ROLE:
            return value.casefold()
        if role == Qt.ItemDataRole.ForegroundRole and not person.active:
            return QBrush(QColor("#6b6b6b"))
        return None


def _left(person: PersonReadiness, today: date) -> bool:
    return person.left_date is not None and person.left_date <= today


class MatrixFilter(QSortFilterProxyModel):
    """Text, agency, role, "needs attention" and "people who left" filters."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.agency_id: int | None = None
        self.role_id: int | None = None
        self.attention_only = False
        self.show_left = False

    def _fetch_all(self) -> None:
        source = self.sourceModel()
        if isinstance(source, MatrixModel):
            source.fetch_all()

    def apply(self) -> None:
        narrowing = self.text or self.agency_id is not None or self.role_id is not None
        if narrowing or self.attention_only:
            self._fetch_all()  # filter across every row, not only those handed over so far
        self.invalidate()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self._fetch_all()  # sort every row, not only those handed over so far
        super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        if not isinstance(source, MatrixModel) or source.result is None:
            return True
        return self.accepts(source.person_at(source_row), source.result.today)

    def accepts(self, person: PersonReadiness, today: date) -> bool:
        if not self.show_left and _left(person, today):
            return False
        if self.agency_id is not None and person.agency_id != self.agency_id:
            return False
        if self.role_id is not None and person.role_id != self.role_id:
            return False
        if self.attention_only and not person.needs_attention:
            return False
        if self.text:
            haystack = f"{person.name}\t{person.agency}\t{person.role}".casefold()
            return self.text in haystack
        return True


class MatrixPane(ReloadingWidget):
    """The matrix with its filters, legend and counts; reloads when training changes."""

    sig_open_responder = Signal(int)  # responder id (double-click, Enter)
    sig_loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._loading = False
        self._sized = False
        self.model = MatrixModel(self)
        self.proxy = MatrixFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter people… (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filters_changed)
        self.agency_combo = QComboBox(self)
        self.role_combo = QComboBox(self)
        for combo, everything in (
            (self.agency_combo, "All agencies"),
            (self.role_combo, "All roles"),
        ):
            combo.addItem(everything, None)
            keep_narrow(combo, 10)
            combo.setMaximumWidth(240)
            combo.currentIndexChanged.connect(self._filters_changed)
        # One choice rather than two check boxes: people who left have nothing to attend to.
        self.show_combo = QComboBox(self)
        for text, key in (
            ("Active responders", SHOW_ACTIVE),
            ("Needing attention", SHOW_ATTENTION),
            ("Also those who left", SHOW_LEFT),
        ):
            self.show_combo.addItem(text, key)
        self.show_combo.setToolTip(
            "Needing attention: someone with something overdue or due within 30 days"
        )
        keep_narrow(self.show_combo, 17)
        self.show_combo.currentIndexChanged.connect(self._filters_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setWordWrap(True)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._activate)
        self.table.activated.connect(self._activate)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.show_combo)
        filters.addWidget(self.agency_combo)
        filters.addWidget(self.role_combo)
        # One label, so that it wraps rather than making the window wider.
        self.legend = QLabel(legend_html(), self)
        self.legend.setWordWrap(True)
        legend = QHBoxLayout()
        legend.addWidget(self.legend, 3)
        legend.addWidget(self.count_label, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(legend)
        layout.addWidget(self.table, 1)
        self.watch(MATRIX_KINDS)

    # -- loading
    def reload(self) -> None:
        if self._loading:
            return
        super().reload()
        self._loading = True
        self.count_label.setText("Loading…")
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> Readiness:
            with database.session() as session:
                return readiness(session, today, include_left=True)

        run_task(load, self._loaded, self._failed, parent=self)

    def _loaded(self, result: Readiness) -> None:
        self._loading = False
        selected = self.current_person()
        self.model.set_readiness(result)
        agencies = sorted(
            {(p.agency_id, p.agency) for p in result.people if p.agency_id},
            key=lambda pair: pair[1].casefold(),
        )
        roles = sorted(
            {(p.role_id, p.role) for p in result.people if p.role_id},
            key=lambda pair: pair[1].casefold(),
        )
        refill(
            self.agency_combo, agencies, self.agency_combo.currentData(), everything="All agencies"
        )
        refill(self.role_combo, roles, self.role_combo.currentData(), everything="All roles")
        self._filters_changed()
        if not self._sized:
            self._sized = True
            self._size_columns(result)
        if selected is not None:
            self.select_responder(selected.responder_id)
        self.sig_loaded.emit()

    def _size_columns(self, result: Readiness) -> None:
        """Wide enough for each course's name and a cell such as "Overdue 12 days · 16 h
        of 40 h"; the person's columns for a long name or agency."""
        metrics = self.table.horizontalHeader().fontMetrics()
        cell = metrics.horizontalAdvance("Overdue 365 days · 24 h of 40 h") + 16
        for column, width in enumerate((190, 210, 160)):
            self.table.setColumnWidth(column, width)
        for offset, (_id, name) in enumerate(result.courses):
            title = metrics.horizontalAdvance(name) + 24
            self.table.setColumnWidth(len(FIXED_COLUMNS) + offset, min(max(cell, title), 320))

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self._loading = False
        self.count_label.setText("Could not load")
        QMessageBox.warning(self, APP_NAME, f"The matrix could not be loaded: {error_message(exc)}")

    # -- filters
    def _filters_changed(self, *_args: Any) -> None:
        proxy = self.proxy
        proxy.text = self.filter_edit.text().strip().casefold()
        proxy.agency_id = self.agency_combo.currentData()
        proxy.role_id = self.role_combo.currentData()
        proxy.attention_only = self.show_combo.currentData() == SHOW_ATTENTION
        proxy.show_left = self.show_combo.currentData() == SHOW_LEFT
        proxy.apply()
        self._update_count()

    def _update_count(self) -> None:
        result = self.model.result
        if result is None:
            return
        # Counted over every person, not the rows handed to the view so far.
        shown = sum(1 for p in result.people if self.proxy.accepts(p, result.today))
        active = [p for p in result.people if p.active]
        current = sum(1 for p in active if p.current)
        self.count_label.setText(
            f"{shown:,} shown · {current:,} of {len(active):,} active responders have "
            "nothing overdue"
        )

    def show_attention(self) -> None:
        """Only the people with something overdue or due soon, every agency and role."""
        self.filter_edit.clear()
        self.agency_combo.setCurrentIndex(0)
        self.role_combo.setCurrentIndex(0)
        self.show_combo.setCurrentIndex(self.show_combo.findData(SHOW_ATTENTION))
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # -- selection
    def _activate(self, index: QModelIndex) -> None:
        person = self.model.person_at(self.proxy.mapToSource(index).row())
        self.sig_open_responder.emit(person.responder_id)

    def current_person(self) -> PersonReadiness | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.person_at(self.proxy.mapToSource(rows[0]).row())

    def select_responder(self, responder_id: int) -> bool:
        self.model.fetch_all()
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            if self.model.person_at(source).responder_id == responder_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def visible_people(self) -> list[PersonReadiness]:
        """The people the filters show, in the order shown (for printing what is seen)."""
        return [
            self.model.person_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            for row in range(self.proxy.rowCount())
        ]
