"""Dialogs and the small widgets they share: optional dates, field errors shown in place."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.platform import clock

ERROR_STYLE = "color: #b3261e;"
DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """An ISO date field with a calendar pop-up."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setMaximumDate(QDate(2199, 12, 31))
        self.set_day(day or clock.today())

    def day(self) -> date:
        return from_qdate(self.date())

    def set_day(self, day: date) -> None:
        self.setDate(to_qdate(day))


class OptionalDateEdit(QWidget):
    """A date that may be left out: a check box ("Signed", "Expires") enables the date."""

    sig_changed = Signal()

    def __init__(
        self, label: str, day: date | None = None, *, default: date | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.check = QCheckBox(label, self)
        self.edit = DateEdit(day or default, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.sig_changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.sig_changed.emit())
        self.set_value(day)

    def value(self) -> date | None:
        return self.edit.day() if self.check.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        if day is not None:
            self.edit.set_day(day)


class ErrorLabel(QLabel):
    """The reason a field is not accepted, shown right under it (hidden when empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")


def with_error(widget: QWidget, error: ErrorLabel) -> QWidget:
    """A field and its error label stacked, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)
    return box


class FieldErrors:
    """Mixed into a dialog with a ``form`` (QFormLayout) and an ``errors`` dict: each field
    shows the reason it is refused right under it; a reason for no field goes in a box."""

    errors: dict[str, ErrorLabel]
    form: QFormLayout

    def add_row(self, label: str, name: str, widget: QWidget) -> None:
        error = ErrorLabel(self)  # type: ignore[arg-type]
        self.errors[name] = error
        self.form.addRow(label, with_error(widget, error))

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def show_error(self, field: str | None, message: str) -> None:
        self.clear_errors()
        target = self.errors.get(field or "")
        if target is None:
            QMessageBox.warning(self, "PartnerDesk", message)  # type: ignore[arg-type]
        else:
            target.show_error(message)

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and label.isVisible() else ""
