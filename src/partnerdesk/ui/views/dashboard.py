"""Dashboard: what needs attention today, and the program at a glance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.money import format_money
from partnerdesk.core.services.dashboard import DashboardSummary, dashboard_summary
from partnerdesk.core.services.reviews import UpcomingReview, upcoming_reviews
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column
from partnerdesk.ui.tasks import error_message, run_task

OVERDUE_RED = "#b3261e"
SOON_AMBER = "#8a5a00"


def _due_text(review: UpcomingReview) -> str:
    if review.days_until < 0:
        return f"{-review.days_until} days overdue"
    if review.days_until == 0:
        return "due today"
    return f"in {review.days_until} days"


def _due_colour(review: UpcomingReview) -> str | None:
    if review.days_until < 0:
        return OVERDUE_RED
    return SOON_AMBER if review.days_until <= 30 else None


REVIEW_COLUMNS: list[Column[UpcomingReview]] = [
    Column("Due", lambda r: r.due_date, colour=_due_colour),
    Column("When", _due_text, colour=_due_colour),
    Column("MOU", lambda r: r.reference_code),
    Column("Title", lambda r: r.title),
]


class Card(QFrame):
    """A big number with a caption."""

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

    def set_value(self, text: str, colour: str | None = None) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")


class DashboardView(QWidget):
    title = "Dashboard"
    sig_open_mou = Signal(int)  # MOU id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.cards = {
            "overdue": Card("reviews overdue"),
            "due30": Card("reviews due within 30 days"),
            "due90": Card("reviews due within 90 days"),
            "expiring": Card("agreements expiring within 90 days"),
            "active": Card("active MOUs"),
            "received": Card("received this fiscal year"),
            "sources": Card("funding sources"),
            "contacts": Card("contacts"),
        }
        grid = QGridLayout()
        for position, card in enumerate(self.cards.values()):
            grid.addWidget(card, position // 4, position % 4)

        today = context.today
        self.reviews: RecordList[UpcomingReview] = RecordList(
            context,
            REVIEW_COLUMNS,
            lambda session: upcoming_reviews(session, today(), within_days=90),
            entity_types=("mou", "review"),
            noun="reviews due",
            parent=self,
        )
        self.reviews.sig_row_activated.connect(lambda row: self.sig_open_mou.emit(row.mou_id))

        caption = QLabel("Reviews overdue or due within 90 days (double-click to open the MOU)")
        caption.setObjectName("sectionCaption")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(caption)
        layout.addWidget(self.reviews, 1)

        self._stale = True
        context.sig_data_changed.connect(lambda _kind: self.mark_stale())
        context.sig_database_changed.connect(self.mark_stale)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> DashboardSummary:
            with database.session() as session:
                return dashboard_summary(session, today)

        run_task(load, self._show, self._failed, parent=self)

    def _show(self, summary: DashboardSummary) -> None:
        name = summary.program_name or "PartnerDesk"
        self.heading.setText(f"{name} — {summary.today:%A %d %B %Y}")
        self.cards["overdue"].set_value(
            str(summary.reviews_overdue), OVERDUE_RED if summary.reviews_overdue else None
        )
        self.cards["due30"].set_value(
            str(summary.reviews_due_30), SOON_AMBER if summary.reviews_due_30 else None
        )
        self.cards["due90"].set_value(str(summary.reviews_due_90))
        self.cards["expiring"].set_value(
            str(summary.expiring_90), SOON_AMBER if summary.expiring_90 else None
        )
        self.cards["active"].set_value(f"{summary.active_mous} of {summary.total_mous}")
        self.cards["received"].set_value(format_money(summary.received_this_fiscal_year))
        self.cards["received"].caption.setText(f"received in FY{summary.fiscal_year} so far")
        self.cards["sources"].set_value(str(summary.funding_sources))
        self.cards["contacts"].set_value(f"{summary.contacts:,}")

    def _failed(self, exc: BaseException, _trace: str) -> None:
        QMessageBox.warning(
            self, "PartnerDesk", f"The dashboard could not be loaded: {error_message(exc)}"
        )

    def focus_filter(self) -> None:
        self.reviews.focus_filter()
