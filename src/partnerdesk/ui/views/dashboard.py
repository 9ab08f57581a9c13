"""Dashboard: what needs attention today, and the program at a glance.

Reviews and expiries each get four cards (overdue / expired, within 7, 30 and 90 days);
clicking a card narrows the list below to it, and opening a line opens its MOU.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.mou.reminders import ReminderItem, ReminderKind, reminders
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.program.dashboard import DashboardSummary, dashboard_summary, in_window
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.table_model import Column

ATTENTION_DAYS = 90


def _due_colour(item: ReminderItem) -> str | None:
    if item.days_until_due < 0:
        return RED
    return AMBER if item.days_until_due <= 30 else None


REVIEW_COLUMNS: list[Column[ReminderItem]] = [
    Column("Due", lambda r: r.due_date, colour=_due_colour),
    Column("When", lambda r: r.describe(), colour=_due_colour),
    Column("What", lambda r: r.kind.label + (" (snoozed)" if r.snoozed else "")),
    Column("MOU", lambda r: r.reference_code),
    Column("Title", lambda r: r.title, weight=2.5),
]

# Card key -> (kind, window, caption). "overdue", "due90" and "active" are relied on elsewhere.
ATTENTION_CARDS: dict[str, tuple[ReminderKind, str, str]] = {
    "overdue": (ReminderKind.REVIEW, "overdue", "reviews overdue"),
    "due7": (ReminderKind.REVIEW, "7", "reviews due within 7 days"),
    "due30": (ReminderKind.REVIEW, "30", "reviews due within 30 days"),
    "due90": (ReminderKind.REVIEW, "90", "reviews due within 90 days"),
    "expired": (ReminderKind.EXPIRY, "overdue", "agreements past their expiry date"),
    "expiring7": (ReminderKind.EXPIRY, "7", "agreements expiring within 7 days"),
    "expiring30": (ReminderKind.EXPIRY, "30", "agreements expiring within 30 days"),
    "expiring": (ReminderKind.EXPIRY, "90", "agreements expiring within 90 days"),
}


def one_of(caption: str) -> str:
    """A card's caption for a count of one: "1 review overdue", not "1 reviews overdue"."""
    for many, one in (("reviews", "review"), ("agreements", "agreement"), ("their", "its"),
                      ("funding sources", "funding source"), ("contacts", "contact")):  # fmt: skip
        caption = caption.replace(many, one, 1)
    return caption


class Card(QFrame):
    """A big number with a caption; clickable when it filters the list."""

    sig_clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–", self)
        self.value.setObjectName("cardValue")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("cardCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def make_clickable(self, tooltip: str) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self._clickable = True

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if getattr(self, "_clickable", False) and event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit()
            return
        super().mousePressEvent(event)

    def set_value(self, text: str, colour: str | None = None) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")

    def set_count(self, count: int, caption: str, colour: str | None = None) -> None:
        """A count with its caption in the right number."""
        self.set_value(f"{count:,}", colour)
        self.caption.setText(one_of(caption) if count == 1 else caption)


class DashboardView(AreaView):
    """What needs attention today (cards and the list below), and the program at a glance.
    The counts come from every kind of record, so any change reloads it."""

    title = "Dashboard"
    sig_open_mou = Signal(int)  # MOU id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary: DashboardSummary | None = None
        # The card whose items the list shows, or None for everything within 90 days.
        self.list_filter: tuple[ReminderKind, str] | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.cards: dict[str, Card] = {}
        attention = QGridLayout()
        attention.addWidget(QLabel("<b>Reviews</b>"), 0, 0)
        attention.addWidget(QLabel("<b>Expiries</b>"), 2, 0)
        for position, (key, (kind, window, caption)) in enumerate(ATTENTION_CARDS.items()):
            card = Card(caption, self)
            card.make_clickable(f"Show only the {caption} in the list below")
            card.sig_clicked.connect(
                lambda kind=kind, window=window: self.set_list_filter((kind, window))
            )
            self.cards[key] = card
            row = 1 if kind is ReminderKind.REVIEW else 3
            attention.addWidget(card, row, position % 4)
        program = QHBoxLayout()
        for key, caption in (
            ("active", "active MOUs"),
            ("received", "received this fiscal year"),
            ("sources", "funding sources"),
            ("contacts", "contacts"),
        ):
            self.cards[key] = Card(caption, self)
            program.addWidget(self.cards[key])

        today = context.today
        self.reviews: RecordList[ReminderItem] = RecordList(
            context,
            REVIEW_COLUMNS,
            lambda session: self._filtered(reminders(session, today(), ATTENTION_DAYS)),
            kinds=(ChangeKind.MOU, ChangeKind.REVIEW),
            noun="items due",
            one="item due",
            parent=self,
        )
        self.reviews.sig_row_activated.connect(lambda row: self.sig_open_mou.emit(row.mou_id))
        self.list_caption = QLabel(self)
        self.list_caption.setObjectName("sectionCaption")
        self.list_caption.setWordWrap(True)
        self.show_all_button = QPushButton("Show &all", self)
        self.show_all_button.clicked.connect(lambda: self.set_list_filter(None))
        self.calendar_button = QPushButton("Export to &calendar…", self)
        self.calendar_button.setToolTip(
            "Write every upcoming review and expiry to an .ics file for Outlook or any calendar"
        )
        self.calendar_button.clicked.connect(self._export_calendar)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.list_caption, 1)
        caption_row.addWidget(self.show_all_button)
        caption_row.addWidget(self.calendar_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(attention)
        layout.addWidget(QLabel("<b>Program</b>"))
        layout.addLayout(program)
        layout.addLayout(caption_row)
        layout.addWidget(self.reviews, 1)
        self._describe_list()
        self.watch()

    # -- the list and its filter
    def _filtered(self, items: list[ReminderItem]) -> list[ReminderItem]:
        if self.list_filter is None:
            return items
        kind, window = self.list_filter
        return [item for item in items if item.kind is kind and in_window(item, window)]

    def set_list_filter(self, chosen: tuple[ReminderKind, str] | None) -> None:
        self.list_filter = chosen
        self._describe_list()
        self.reviews.mark_stale()
        self.reviews.ensure_loaded()

    def _describe_list(self) -> None:
        if self.list_filter is None:
            text = "Reviews and expiries overdue or due within 90 days"
        else:
            caption = next(c for k, w, c in ATTENTION_CARDS.values() if (k, w) == self.list_filter)
            text = f"Showing the {caption}"
        self.list_caption.setText(f"{text} (double-click to open the MOU)")
        self.show_all_button.setVisible(self.list_filter is not None)

    # -- loading
    def reload(self) -> None:
        super().reload()
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> DashboardSummary:
            with database.session() as session:
                return dashboard_summary(session, today)

        run_task(load, self._show, self._failed, parent=self)

    def _show(self, summary: DashboardSummary) -> None:
        self.summary = summary
        name = summary.program_name or "PartnerDesk"
        self.heading.setText(f"{name} — {summary.today:%A %d %B %Y}")
        for key, (kind, window, caption) in ATTENTION_CARDS.items():
            count = summary.count(kind, window)
            colour = None
            if count and window == "overdue":
                colour = RED
            elif count and window in ("7", "30"):
                colour = AMBER
            self.cards[key].set_count(count, caption, colour)
        self.cards["active"].set_value(f"{summary.active_mous} of {summary.total_mous}")
        self.cards["received"].set_value(format_money(summary.received_this_fiscal_year))
        self.cards["received"].caption.setText(f"received in FY{summary.fiscal_year} so far")
        self.cards["sources"].set_count(summary.funding_sources, "funding sources")
        self.cards["contacts"].set_count(summary.contacts, "contacts")

    def _failed(self, exc: BaseException, _trace: str) -> None:
        QMessageBox.warning(
            self, APP_NAME, f"The dashboard could not be loaded: {error_message(exc)}"
        )

    def _export_calendar(self) -> None:
        from partnerdesk.ui.dialogs.mou.calendar import export_calendar_dialog

        export_calendar_dialog(self, self.context)

    def current_list(self) -> RecordList[Any]:
        return self.reviews
