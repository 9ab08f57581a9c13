"""Dashboard cards: a big figure with a caption, in sections that wrap to the window's width.

A card that explains itself elsewhere is clickable (``make_clickable``); a section is a
``CardFlow`` (cards left to right, wrapping onto the next line when the window is narrow).
Other areas add their own cards to the Dashboard with one call:
``window.dashboard.add_live_card("Outcomes", "indicators on target", load, on_click=...)``,
where ``load(session, today)`` returns a :class:`CardFigure` (it runs off the UI thread
with the dashboard's other figures, whenever any record changes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from sqlmodel import Session

CARD_WIDTH = 196
FigureT = TypeVar("FigureT")
_LOADED = "partnerdesk.card_figures"  # session.info key: what this dashboard load worked out


def once_per_load(
    session: Session, today: date, compute: Callable[[Session, date], FigureT]
) -> FigureT:
    """``compute(session, today)``, worked out once per dashboard load: the cards of one
    section read the same figures in the same session (judging 2,000 responders once, not
    once per card)."""
    loaded: dict[Any, Any] = session.info.setdefault(_LOADED, {})
    key = (compute, today)
    if key not in loaded:
        loaded[key] = compute(session, today)
    figures: FigureT = loaded[key]
    return figures


@dataclass(frozen=True)
class CardFigure:
    """What a card shows: its figure, and optionally a new caption, a second line (and
    tooltip) saying where the figure comes from, and a colour (``style.RED`` / ``AMBER``)."""

    value: str
    caption: str | None = None
    detail: str = ""
    colour: str | None = None
    shown: bool = True  # False hides the card (a section whose cards are all hidden hides)


def one_of(caption: str) -> str:
    """A card's caption for a count of one: "1 review overdue", not "1 reviews overdue"."""
    for many, one in (("reviews", "review"), ("agreements", "agreement"), ("their", "its"),
                      ("funding sources", "funding source"), ("contacts", "contact")):  # fmt: skip
        caption = caption.replace(many, one, 1)
    return caption


class Card(QFrame):
    """A big figure with a caption (and an optional detail line); clickable when it leads
    somewhere (a filter of the list below, the place that explains the figure)."""

    sig_clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        self.value = QLabel("–", self)
        self.value.setObjectName("cardValue")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("cardCaption")
        self.caption.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("cardDetail")
        self.detail.setWordWrap(True)
        self.detail.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self._clickable = False

    def make_clickable(self, tooltip: str) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # and Enter/Space open it, by keyboard
        self._clickable = True

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._clickable and event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if self._clickable and event.key() in keys:
            self.sig_clicked.emit()
            return
        super().keyPressEvent(event)

    def set_value(self, text: str, colour: str | None = None) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")

    def set_count(self, count: int, caption: str, colour: str | None = None) -> None:
        """A count with its caption in the right number."""
        self.set_value(f"{count:,}", colour)
        self.caption.setText(one_of(caption) if count == 1 else caption)

    def show_figure(self, figure: CardFigure) -> None:
        self.set_value(figure.value, figure.colour)
        if figure.caption is not None:
            self.caption.setText(figure.caption)
        self.detail.setText(figure.detail)
        self.detail.setVisible(bool(figure.detail))
        self.setHidden(not figure.shown)


class FlowLayout(QLayout):
    """Items left to right, wrapping onto a new line when the width runs out (the flow
    layout of Qt's examples)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x, y = rect.x(), y + line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class CardFlow(QWidget):
    """One section of cards: a caption above cards that wrap to the available width."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.caption = QLabel(f"<b>{title}</b>", self)
        self.flow = FlowLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addLayout(self.flow)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def add(self, card: Card) -> Card:
        self.flow.addWidget(card)
        self.updateGeometry()
        return card

    def cards(self) -> list[Card]:
        widgets = [self.flow.itemAt(i).widget() for i in range(self.flow.count())]  # type: ignore[union-attr]
        return [w for w in widgets if isinstance(w, Card)]

    def hide_when_empty(self) -> None:
        """Hidden, caption and all, while every card of it is hidden (nothing to say yet)."""
        self.setHidden(all(card.isHidden() for card in self.cards()))


class CardSections(QScrollArea):
    """The Dashboard's sections of cards, one below the other: as tall as they need when
    there is room, scrolling when the window is too short for them and the list below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.inner = QWidget(self)
        self.box = QVBoxLayout(self.inner)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(6)
        self.setWidget(self.inner)

    def add(self, section: QWidget) -> None:
        """A section of cards (``CardFlow``), or a panel of its own (the grant obligations)."""
        section.setParent(self.inner)
        self.box.addWidget(section)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        width = self.viewport().width() or CARD_WIDTH * 4
        return QSize(super().sizeHint().width(), self.inner.heightForWidth(width) + 2)

    def minimumSizeHint(self) -> QSize:
        # One row of cards stays visible; the rest scrolls.
        return QSize(CARD_WIDTH, 110)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # the wrapped height depends on the width
