"""A pane of rich text worked out from the database off the UI thread, again whenever
records of the kinds it shows change (the match under the obligations, the pipeline's
outlook under the prospects)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from html import escape
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlmodel import Session

from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.reloading import ReloadingWidget

ValueT = TypeVar("ValueT")


class SummaryPane(ReloadingWidget, Generic[ValueT]):
    """``compute(session, today)`` off the UI thread, then ``render(value)`` as the text;
    ``value`` is what was computed last."""

    def __init__(
        self,
        context: AppContext,
        kinds: Collection[ChangeKind],
        compute: Callable[[Session, date], ValueT],
        render: Callable[[ValueT], str],
        failure: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._compute, self._render, self._failure = compute, render, failure
        self.value: ValueT | None = None
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.label)
        self.watch(kinds)

    def reload(self) -> None:
        super().reload()
        database, today, compute = self.context.database, self.context.today(), self._compute

        def load(_progress: Any) -> ValueT:
            with database.session() as session:
                return compute(session, today)

        run_task(load, self._show, self._failed, parent=self)

    def _show(self, value: ValueT) -> None:
        self.value = value
        self.label.setText(self._render(value))

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.label.setText(f"{escape(self._failure)}: {escape(error_message(exc))}")
