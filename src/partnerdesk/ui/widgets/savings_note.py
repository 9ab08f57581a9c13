"""The program's estimated savings, beside the money (Funding › Sustainability): the
latest 12 months after launch, from the Outcomes area's unit costs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from partnerdesk.core.outcomes.savings import SavingsSummary, savings_for_period
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import run_task
from partnerdesk.ui.widgets.reloading import ReloadingWidget

KINDS = (
    ChangeKind.INDICATOR,
    ChangeKind.INDICATOR_VALUE,
    ChangeKind.UNIT_COST,
    ChangeKind.PROGRAM_COST,
    ChangeKind.SETTING,
)


class SavingsNote(ReloadingWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.watch(KINDS)

    def reload(self) -> None:
        super().reload()
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> SavingsSummary:
            with database.session() as session:
                return savings_for_period(session, today)

        run_task(load, self._show, lambda _exc, _trace: None, parent=self)

    def _show(self, savings: SavingsSummary) -> None:
        if not savings.lines or savings.period_from is None or savings.period_to is None:
            self.label.setText("")
            return
        per_dollar = format_money(savings.per_dollar) if savings.per_dollar else "—"
        self.label.setText(
            f"<p><b>Estimated savings</b> {savings.period_from:%b %Y} – "
            f"{savings.period_to:%b %Y}: {format_money(savings.total)}, "
            f"<b>{per_dollar} per program dollar</b> (Outcomes › Since launch shows how).</p>"
        )
