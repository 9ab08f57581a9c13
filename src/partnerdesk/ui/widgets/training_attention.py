"""The dashboard's training row: refreshers overdue and due within 30 days, other training
overdue, and how many responders have nothing overdue. Clicking a card opens the Training
area on the people who need attention. Hidden while the program has no responders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from partnerdesk.core.training.readiness import TrainingAttention, training_attention
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.tasks import run_task
from partnerdesk.ui.widgets.reloading import ReloadingWidget
from partnerdesk.ui.widgets.training_matrix import MATRIX_KINDS


class CardLike(Protocol):
    """The dashboard's card (a big number over a caption), as this row uses it."""

    sig_clicked: Any
    caption: QLabel

    def set_value(self, text: str, colour: str | None = None) -> None: ...

    def make_clickable(self, tooltip: str) -> None: ...


class TrainingAttentionPanel(ReloadingWidget):
    """Four cards made by ``make_card(caption, parent)`` (the dashboard's own cards)."""

    sig_show_attention = Signal()  # open the Training area on who needs attention

    def __init__(
        self,
        context: AppContext,
        make_card: Callable[[str, QWidget], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.attention: TrainingAttention | None = None
        self.cards: dict[str, CardLike] = {}
        # The cards live in ``body``, hidden while there are no responders; the panel itself
        # stays "shown" (with no height) so that it loads, and reloads, with the dashboard.
        self.body = QWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.body)
        grid = QGridLayout(self.body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("<b>Training</b>", self.body), 0, 0)
        for column, (key, caption) in enumerate(
            (
                ("refreshers_overdue", "people overdue for a refresher"),
                ("refreshers_due", "refreshers due within 30 days"),
                ("other_overdue", "people overdue for other required training"),
                ("current", "responders with nothing overdue"),
            )
        ):
            card: CardLike = make_card(caption, self.body)
            if key != "current":
                card.make_clickable("Open the Training area on the people who need attention")
                card.sig_clicked.connect(self.sig_show_attention.emit)
            self.cards[key] = card
            grid.addWidget(card, 1, column)  # type: ignore[call-overload]
        self.body.hide()
        self.watch(MATRIX_KINDS)

    def reload(self) -> None:
        super().reload()
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> TrainingAttention:
            with database.session() as session:
                return training_attention(session, today)

        # A failure here must not interrupt the dashboard: the Training area reports it.
        run_task(load, self._show, lambda _exc, _trace: self.body.hide(), parent=self)

    def _show(self, attention: TrainingAttention) -> None:
        self.attention = attention
        self.body.setVisible(attention.any_responders)
        days = attention.window_days
        self.cards["refreshers_due"].caption.setText(f"refreshers due within {days} days")
        for key, value, colour in (
            ("refreshers_overdue", attention.refreshers_overdue, RED),
            ("refreshers_due", attention.refreshers_due, AMBER),
            ("other_overdue", attention.other_overdue, RED),
        ):
            self.cards[key].set_value(str(value), colour if value else None)
        self.cards["current"].set_value(f"{attention.people_current} of {attention.people}")
