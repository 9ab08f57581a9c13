"""Date fields (ISO, with a calendar pop-up; optionally left out) and how stored times read."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY

DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def local_time(moment: datetime | None, *, seconds: bool = False) -> str:
    """Stored times are UTC (SQLite hands them back without a zone); show local time."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


class DateEdit(QDateEdit):
    """An ISO date field with a calendar pop-up."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(to_qdate(FIRST_SUPPORTED_DAY))
        self.setMaximumDate(to_qdate(LAST_SUPPORTED_DAY))
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
