"""The Dashboard's grant obligations: how many reports are overdue and due within 30 days,
each of them as a link that opens it, and the grants whose local match has fallen behind.
The figures come from ``obligation_attention`` and ``match_statuses``.

Lines of text rather than a table: the Dashboard must still fit a small window, and a few
links read at a glance (Tab reaches them, Enter opens one)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from partnerdesk.core.funding.grant_terms import match_statuses
from partnerdesk.core.funding.obligation_queries import (
    DUE_SOON_DAYS,
    ObligationAttention,
    ObligationRow,
    obligation_attention,
)
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.reloading import ReloadingWidget

LINES_SHOWN = 4
SHOW_LINK = "show:"  # + what the Obligations tab shows ("open", "due_soon")
ITEM_LINK = "obligation:"

# The records these figures are made of.
GRANT_KINDS = (
    ChangeKind.OBLIGATION,
    ChangeKind.OBLIGATION_RULE,
    ChangeKind.FUNDING_SOURCE,
    ChangeKind.GRANT_TERMS,
    ChangeKind.LEDGER_ENTRY,
    ChangeKind.CONTACT,
)


def due_colour(row: ObligationRow) -> str | None:
    """Red when overdue, amber when due within 30 days (as the reviews are shown)."""
    if not row.is_open:
        return None
    if row.days_until_due < 0:
        return RED
    return AMBER if row.days_until_due <= DUE_SOON_DAYS else None


def _line(row: ObligationRow) -> str:
    colour = due_colour(row)
    when = escape(row.describe())
    period = f", {escape(row.period)}" if row.period else ""
    owner = f"; {escape(row.owner)}" if row.owner else ""
    return (
        f"<a href='{ITEM_LINK}{row.id}'>{escape(row.title)}</a> — {escape(row.source)}"
        f"{period}: due {row.due_date.isoformat()} "
        + (f"<span style='color:{colour}'>({when})</span>" if colour else f"({when})")
        + owner
    )


def _count(number: int, colour: str, words: str) -> str:
    shown = f"<span style='color:{colour}'>{number}</span>" if number else str(number)
    return f"<b>{shown}</b> {words}"


class GrantAttentionPanel(ReloadingWidget):
    """A line with the counts, then one link per overdue or soon-due item."""

    sig_open_obligation = Signal(int)  # obligation item id
    sig_show_obligations = Signal(str)  # Funding › Obligations, showing "open", "due_soon"…

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.attention: ObligationAttention | None = None
        self.match_warnings: list[str] = []
        self.summary = self._label()
        self.items_label = self._label()
        self.items_label.setToolTip("Click an obligation (or Tab to it and press Enter) to open it")
        self.match_label = self._label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for label in (self.summary, self.items_label, self.match_label):
            layout.addWidget(label)
        self.watch(GRANT_KINDS)

    def _label(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        label.linkActivated.connect(self.open_link)
        return label

    # -- loading
    def reload(self) -> None:
        """The obligations first (a few milliseconds); then the match, which sums the
        ledger (a tenth of a second on a 200,000-line one) and is shown when ready."""
        super().reload()
        database, today = self.context.database, self.context.today()

        def load(_progress: Any) -> ObligationAttention:
            with database.session() as session:
                return obligation_attention(session, today)

        def load_match(_progress: Any) -> list[str]:
            with database.session() as session:
                return [m.warning() for m in match_statuses(session, today) if m.behind]

        def show(figures: ObligationAttention) -> None:
            self._show(figures)
            run_task(load_match, self._show_match, self._failed, parent=self)

        run_task(load, show, self._failed, parent=self)

    def _show(self, figures: ObligationAttention) -> None:
        self.attention = figures
        self.summary.setText(
            "<b>Grant obligations</b>: "
            + _count(figures.overdue, RED, "overdue")
            + " · "
            + _count(figures.due_soon, AMBER, f"due within {DUE_SOON_DAYS} days")
            + ("" if figures.items else " — nothing to send now")
            + f" · <a href='{SHOW_LINK}open'>all open obligations…</a>"
        )
        shown = figures.items[:LINES_SHOWN]
        more = len(figures.items) - len(shown)
        lines = [_line(row) for row in shown]
        if more:
            lines.append(f"<a href='{SHOW_LINK}due_soon'>and {more} more…</a>")
        self.items_label.setText("<br>".join(lines))
        self.items_label.setVisible(bool(lines))

    def _show_match(self, warnings: list[str]) -> None:
        self.match_warnings = warnings
        self.match_label.setText(
            "<br>".join(f"<span style='color:{RED}'>{escape(w)}</span>" for w in warnings)
        )
        self.match_label.setVisible(bool(warnings))

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.summary.setText(f"Grant obligations could not be loaded: {escape(error_message(exc))}")

    # -- opening
    def open_link(self, link: str) -> None:
        if link.startswith(ITEM_LINK):
            self.sig_open_obligation.emit(int(link.removeprefix(ITEM_LINK)))
        elif link.startswith(SHOW_LINK):
            self.sig_show_obligations.emit(link.removeprefix(SHOW_LINK))
