"""The outcomes cards of the Dashboard: the next evaluation due, and the indicators off
target. Clicking either opens the Outcomes area; the figures come from
:func:`partnerdesk.core.outcomes.attention.outcomes_attention`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from partnerdesk.core.outcomes.attention import OutcomesAttention, outcomes_attention
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.tasks import run_task
from partnerdesk.ui.widgets.card import Card
from partnerdesk.ui.widgets.reloading import ReloadingWidget

KINDS = (
    ChangeKind.EVALUATION,
    ChangeKind.INDICATOR,
    ChangeKind.INDICATOR_VALUE,
    ChangeKind.SETTING,
)


class OutcomesCards(ReloadingWidget):
    sig_open = Signal()  # the user wants the Outcomes area

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.attention: OutcomesAttention | None = None
        self.evaluation = Card("next evaluation due", self)
        self.off_target = Card("indicators off target", self)
        for card in (self.evaluation, self.off_target):
            card.make_clickable("Open the Outcomes area")
            card.sig_clicked.connect(self.sig_open.emit)
        row = QHBoxLayout()
        row.addWidget(self.evaluation)
        row.addWidget(self.off_target)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Outcomes</b>"))
        layout.addLayout(row)
        self.watch(KINDS)

    def reload(self) -> None:
        super().reload()
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> OutcomesAttention:
            with database.session() as session:
                return outcomes_attention(session, today)

        run_task(load, self._show, lambda _exc, _trace: None, parent=self)

    def _show(self, attention: OutcomesAttention) -> None:
        self.attention = attention
        evaluation, days = attention.next_evaluation, attention.days_until_next
        if evaluation is None or days is None:
            self.evaluation.set_value("none")
            self.evaluation.caption.setText("evaluation planned (set the launch date)")
        else:
            when = f"in {days} days" if days >= 0 else f"{-days} days overdue"
            colour = RED if days < 0 else (AMBER if days <= 30 else None)
            self.evaluation.set_value(f"{evaluation.due_date:%d %b %Y}", colour)
            self.evaluation.caption.setText(f"{evaluation.title} due, {when}")
        count = len(attention.off_target)
        self.off_target.set_value(str(count), RED if count else None)
        self.off_target.caption.setText(
            f"of {attention.with_targets} indicators with a target are off target"
            + (f": {', '.join(attention.off_target)}" if count else "")
        )
