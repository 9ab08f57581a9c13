"""Date fields (ISO, typed freely, with a calendar pop-up; optionally left out) and how
stored times read.

Every date field of the app is a :class:`DateEdit`. It is a line edit rather than a
QDateEdit: QDateEdit edits one section at a time and dropped a typed year (typing
``2027-03-15`` gave 2026-03-15), and it cannot take a partial or pasted date. What the
text means is one rule in the core (``core.platform.typed_dates``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, add_months
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.typed_dates import EXAMPLES, parse_typed_date
from partnerdesk.ui.style import RED

HINT = (
    f"Type a date ({EXAMPLES}), part of one (3/15, 15, 2027: the rest stays), or paste one. "
    "Up/Down: a day; Page Up/Down: a month; Alt+Down or F4: the calendar."
)


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


def day_comes_first() -> bool:
    """Whether the user's locale writes the day before the month (15/3/2027). No locale
    chosen (C) reads 3/4 as the US does, March 4."""
    from PySide6.QtCore import QLocale

    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return False
    short = locale.dateFormat(QLocale.FormatType.ShortFormat).lower()
    return short.find("d") < short.find("m")


class DateEdit(QLineEdit):
    """One date, shown as 2027-03-15: typed (a full date, part of one, or pasted), picked
    from the calendar (the arrow, Alt+Down, F4), or stepped with Up/Down and Page Up/Down.

    ``day()`` follows the typing; text that is not a date is outlined in red, and when
    the user leaves the field it goes back to the date shown before, saying why."""

    sig_day_changed = Signal(object)  # the new date

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day = day or clock.today()
        self._reference: date | None = None  # the date shown when the typing began
        self._last_text = self._day.isoformat()
        self._problem = ""
        self._popup: QFrame | None = None
        self.setToolTip(HINT)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.calendar_action = self.addAction(
            self._arrow_icon(), QLineEdit.ActionPosition.TrailingPosition
        )
        self.calendar_action.setToolTip("Pick from the calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._settle)
        self.setText(self._last_text)

    def _arrow_icon(self) -> QIcon:
        """The small arrow of a drop-down (the style's own), as the calendar button."""
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        option = QStyleOption()
        option.initFrom(self)
        option.rect = QRect(3, 4, 10, 8)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorArrowDown, option, painter)
        painter.end()
        return QIcon(pixmap)

    # -- the value
    def day(self) -> date:
        return self._day

    def set_day(self, day: date) -> None:
        day = min(max(day, FIRST_SUPPORTED_DAY), LAST_SUPPORTED_DAY)
        self._reference = None
        self._show_problem("")
        self._last_text = day.isoformat()
        self.setText(self._last_text)
        self._change(day)

    def _change(self, day: date) -> None:
        if day != self._day:
            self._day = day
            self.sig_day_changed.emit(day)

    def problem(self) -> str:
        """Why the text on screen is not a date ("" when it is)."""
        return self._problem

    # -- typing
    def _typed(self, text: str) -> None:
        # The parts a partial date leaves out come from the date on screen when the typing
        # began: the last one written out in full (typing "2028" over 2027-03-15 gives
        # 2028-03-15, not a year of whatever the keystrokes before it meant).
        if self._reference is None or self._last_text == self._day.isoformat():
            self._reference = self._day
        self._last_text = text
        try:
            day = parse_typed_date(text, self._reference, day_first=day_comes_first())
        except ValidationError as exc:
            # Until the text is a date again, the field holds the date shown before.
            self._show_problem(exc.message)
            self._change(self._reference)
            return
        self._show_problem("")
        self._change(day)

    def _settle(self) -> None:
        """Leaving the field (or Enter): the date written out in full, or, for text that is
        not a date, the last date back, with the reason shown beside the field."""
        problem = self._problem
        self._reference = None
        self._show_problem("")
        self._last_text = self._day.isoformat()
        self.setText(self._last_text)
        if problem:
            QToolTip.showText(
                self.mapToGlobal(QPoint(0, self.height())),
                f"{problem}. Kept {self._day.isoformat()}.",
                self,
            )

    def _show_problem(self, message: str) -> None:
        self._problem = message
        self.setStyleSheet(f"QLineEdit {{ border: 1px solid {RED}; }}" if message else "")
        self.setToolTip(message or HINT)

    def paste_date(self) -> None:
        """Paste: a date on the clipboard replaces the whole field, wherever the cursor
        was (pasting into the middle of 2026-11-27 would make nonsense); other text
        pastes as usual."""
        text = QGuiApplication.clipboard().text()
        try:
            day = parse_typed_date(text, self._day, day_first=day_comes_first())
        except ValidationError:
            self.paste()
            return
        self.set_day(day)
        self.selectAll()

    # -- keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        steps = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_PageUp: (0, 1),
            Qt.Key.Key_PageDown: (0, -1),
        }
        if event.text() and self.hasSelectedText() and self.selectedText() == self.text():
            self._reference = None  # typing over the whole date starts afresh
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_date()
        elif key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier
        ):
            self.show_calendar()
        elif key in steps and not modifiers & ~Qt.KeyboardModifier.KeypadModifier:
            days, months = steps[Qt.Key(key)]
            start = self._day
            try:
                self.set_day(
                    add_months(start, months)
                    if months
                    else start.fromordinal(start.toordinal() + days)
                )
            except (ValueError, OverflowError):  # past the first or last supported day
                return
            self.selectAll()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(lambda _checked=False: self.paste_date())
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- the calendar
    def show_calendar(self) -> QCalendarWidget:
        """The month of the date shown, below the field; clicking a day (or Enter) takes
        it, Esc leaves the date as it was. Made once, then reused."""
        if self._popup is None:
            self._popup = QFrame(self, Qt.WindowType.Popup)
            self._popup.setFrameShape(QFrame.Shape.StyledPanel)
            self.calendar = QCalendarWidget(self._popup)
            self.calendar.setMinimumDate(to_qdate(FIRST_SUPPORTED_DAY))
            self.calendar.setMaximumDate(to_qdate(LAST_SUPPORTED_DAY))
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            layout = QVBoxLayout(self._popup)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.calendar)
        popup, calendar = self._popup, self.calendar
        calendar.setSelectedDate(to_qdate(self._day))
        popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        x = min(below.x(), screen.right() - popup.width())
        fits_below = below.y() + popup.height() <= screen.bottom()
        y = below.y() if fits_below else self.mapToGlobal(QPoint(0, 0)).y() - popup.height()
        popup.move(max(screen.left(), x), max(screen.top(), y))
        popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        return calendar

    def _picked(self, value: QDate) -> None:
        self.set_day(from_qdate(value))
        if self._popup is not None:
            self._popup.hide()
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    # -- size: room for a date and the arrow, not a whole line
    def sizeHint(self) -> Any:
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance("2026-11-27") + 48)
        return hint

    def minimumSizeHint(self) -> Any:
        return self.sizeHint()


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
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.sig_changed.emit())
        self.edit.sig_day_changed.connect(lambda _d: self.sig_changed.emit())
        self.set_value(day)

    def value(self) -> date | None:
        return self.edit.day() if self.check.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        if day is not None:
            self.edit.set_day(day)
