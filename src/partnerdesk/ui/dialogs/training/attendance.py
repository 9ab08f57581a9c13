"""Recording who attended a session, by hand: tick the people who came (the whole session
by default), change the hours of anyone who left early, save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.training.rules import format_hours, hours_decimal, parse_hours
from partnerdesk.core.training.sessions import get_session, set_attendance
from partnerdesk.core.training.sign_in import AttendanceChoice, attendance_choices
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.table_model import Index

HEADERS = ("Attended", "Hours", "Name", "Agency", "Role", "Role requires it")


class AttendanceModel(QAbstractTableModel):
    """The people offered for a session; column 0 ticks, column 1 edits the hours."""

    sig_refused = Signal(str)  # why typed hours were not taken

    def __init__(self, choices: list[AttendanceChoice], session_hours: int, parent: Any = None):
        super().__init__(parent)
        self.choices = choices
        self.session_hours = session_hours
        self.hours: dict[int, int | None] = {c.responder_id: c.hours for c in choices}
        self.problem = ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.choices)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == 1:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        choice = self.choices[index.row()]
        hours = self.hours[choice.responder_id]
        column = index.column()
        if column == 0 and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if hours else Qt.CheckState.Unchecked
        if column == 1 and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if not hours:
                return ""
            return (
                format_hours(hours)
                if role == Qt.ItemDataRole.DisplayRole
                else (f"{hours_decimal(hours)}")
            )
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                "",
                "",
                choice.name,
                choice.agency,
                choice.role,
                "Yes" if choice.requires_course else "",
            )
            return values[column]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        responder_id = self.choices[index.row()].responder_id
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            ticked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.hours[responder_id] = self.session_hours if ticked else None
        elif index.column() == 1 and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            try:
                hours = parse_hours(text, allow_zero=True) if text else 0
            except ValidationError as exc:
                self.problem = exc.message
                self.sig_refused.emit(exc.message)
                return False
            self.problem = ""
            self.hours[responder_id] = hours or None
        else:
            return False
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, 1), [])
        return True

    def tick(self, rows: list[int]) -> None:
        for row in rows:
            responder_id = self.choices[row].responder_id
            if not self.hours[responder_id]:
                self.hours[responder_id] = self.session_hours
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 1), [])

    def attended(self) -> int:
        return sum(1 for hours in self.hours.values() if hours)


class AttendanceFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.required_only = False

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AttendanceModel)
        choice = model.choices[source_row]
        if model.hours[choice.responder_id]:
            return True  # whoever is ticked stays in sight
        if self.required_only and not choice.requires_course:
            return False
        return not self.text or self.text in f"{choice.name}\t{choice.agency}".casefold()


class AttendanceDialog(FormDialog):
    """Who attended ``session_id`` and for how long."""

    def __init__(self, context: AppContext, session_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, "Record attendance", parent, arrange=False)
        with context.database.session() as session:
            detail = get_session(session, session_id)
            choices = attendance_choices(session, session_id)
        row = detail.row
        self.record_id = session_id
        self.seen_version = detail.row_version
        self.model = AttendanceModel(choices, row.hours, self)
        self.proxy = AttendanceFilter(self)
        self.proxy.setSourceModel(self.model)
        heading = QLabel(
            f"<b>{row.course}</b>, {row.dates()}, {format_hours(row.hours)}"
            + (f" — {row.place}" if row.place else ""),
            self,
        )
        if row.start_date > context.today():
            heading.setText(heading.text() + "<br>This session has not taken place yet.")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Find a person…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)
        self.required_check = QCheckBox("Only people whose role requires this course", self)
        self.required_check.setChecked(any(c.requires_course for c in choices))
        self.required_check.toggled.connect(self._filter)
        self.tick_button = QPushButton("&Tick selected", self)
        self.tick_button.setToolTip("Mark the selected people as attending the whole session")
        self.tick_button.clicked.connect(self._tick_selected)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for column, width in enumerate((80, 70, 200, 220, 160, 110)):
            self.table.setColumnWidth(column, width)
        self.count_label = QLabel(self)
        self.model.dataChanged.connect(lambda *_: self._update_count())
        self.model.sig_refused.connect(lambda _why: self._update_count())
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.required_check)
        top.addWidget(self.tick_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.add_row("", "attendance", self.count_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._filter()
        open_at(self, 880, 560)

    def _filter(self, *_args: Any) -> None:
        self.proxy.text = self.filter_edit.text().strip().casefold()
        self.proxy.required_only = self.required_check.isChecked()
        self.proxy.invalidate()
        self._update_count()

    def _update_count(self) -> None:
        text = f"{self.model.attended()} attending"
        if self.model.problem:
            text += f" — {self.model.problem}"
        self.count_label.setText(text)

    def _tick_selected(self) -> None:
        rows = sorted(
            {
                self.proxy.mapToSource(index).row()
                for index in self.table.selectionModel().selectedRows()
            }
        )
        self.model.tick(rows)

    def work(self) -> Callable[[Session], Any]:
        hours = dict(self.model.hours)
        session_id, version, today = self.record_id, self.seen_version, self.context.today()
        assert session_id is not None
        return lambda session: set_attendance(
            session, session_id, hours, today, seen_version=version
        )
