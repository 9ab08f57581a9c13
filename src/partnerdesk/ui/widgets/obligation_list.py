"""The Funding area's Obligations tab: every report and deliverable the grants require,
filtered by status and source, and below it where each grant's local match stands."""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from partnerdesk.core.funding.grant_terms import MatchStatus, match_statuses
from partnerdesk.core.funding.obligation_queries import (
    SHOW_CHOICES,
    ObligationFilter,
    ObligationRow,
    Show,
    list_obligations,
)
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import RED
from partnerdesk.ui.widgets.combos import choice_bar, keep_narrow, refill, select_data
from partnerdesk.ui.widgets.grant_attention import GRANT_KINDS, due_colour
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.summary_pane import SummaryPane
from partnerdesk.ui.widgets.table_model import Column

OBLIGATION_COLUMNS: list[Column[ObligationRow]] = [
    Column("Due", lambda r: r.due_date, colour=due_colour),
    Column("When", lambda r: r.describe(), colour=due_colour),
    Column("Status", lambda r: r.shown, colour=due_colour),
    Column("Source", lambda r: r.source),
    Column("Kind", lambda r: r.kind),
    Column("Obligation", lambda r: r.title),
    Column("Period", lambda r: r.period),
    Column("Owner", lambda r: r.owner),
    Column("Notes", lambda r: r.notes),
]


def match_text(statuses: list[MatchStatus]) -> str:
    """The match pane: one line per grant that requires a match, red when behind."""
    if not statuses:
        return "<b>Local match</b>: no grant requires one (set it with Grant terms…)."
    lines = [
        f"<span style='color:{RED}'>{escape(s.describe())}</span>"
        if s.behind
        else escape(s.describe())
        for s in statuses
    ]
    return "<b>Local match</b><br>" + "<br>".join(lines)


MATCH_KINDS = (ChangeKind.GRANT_TERMS, ChangeKind.LEDGER_ENTRY, ChangeKind.FUNDING_SOURCE)


class ObligationList(RecordList[ObligationRow]):
    """Obligation items by due date, filtered by status and source, with the match pane."""

    def __init__(
        self, context: AppContext, kinds: Collection[ChangeKind] = GRANT_KINDS,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(
            context,
            OBLIGATION_COLUMNS,
            lambda session: list_obligations(session, context.today(), self.where),
            kinds=kinds,
            noun="obligations",
            parent=parent,
        )
        self.where = ObligationFilter("open")
        self._pending = False  # filters changed while a load was running
        self._wanted: int | None = None  # an item to select once it is listed
        self.sig_loaded.connect(self._after_load)
        self.show_combo = QComboBox(self)
        for value, text in SHOW_CHOICES.items():
            self.show_combo.addItem(text, value)
        self.source_combo = QComboBox(self)
        self.source_combo.addItem("All sources", None)
        keep_narrow(self.source_combo, 14)
        filters = choice_bar(
            [("Show", self.show_combo), ("Source", self.source_combo)], self._chosen
        )
        self.bar = QHBoxLayout()  # the commands of this tab (added by the area)
        self.bar.addStretch(1)
        self.match_pane: SummaryPane[list[MatchStatus]] = SummaryPane(
            context, MATCH_KINDS, match_statuses, match_text,
            "The match could not be worked out", self,
        )  # fmt: skip
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, filters)
        layout.insertLayout(0, self.bar)
        layout.addWidget(self.match_pane)

    def fill_sources(self, sources: list[tuple[int, str]]) -> None:
        refill(
            self.source_combo, sources, self.source_combo.currentData(), everything="All sources"
        )

    def _chosen(self) -> None:
        show: Show = self.show_combo.currentData()
        self.where = ObligationFilter(show, self.source_combo.currentData())
        if self._loading:
            self._pending = True
        else:
            self.mark_stale()

    def _after_load(self) -> None:
        if self._pending:
            self._pending = False
            self.mark_stale()
        else:
            self._select_wanted()

    def reveal(self, item_id: int) -> None:
        """Select the item, now or once the list has loaded (loading runs in the
        background); when the filters hide it, show every item."""
        self._wanted = item_id
        self.ensure_loaded()
        if not self._loading:
            self._select_wanted()

    def _select_wanted(self) -> None:
        wanted = self._wanted
        if wanted is None:
            return
        if self.select_where(lambda row: row.id == wanted):
            self._wanted = None
        elif self.where != ObligationFilter("all"):
            self.show_only("all")  # selected when that list has loaded
        else:
            self._wanted = None  # deleted meanwhile

    def show_only(self, show: Show, source_id: int | None = None) -> None:
        """Switch the filters (the Dashboard's links, a source's obligations)."""
        select_data(self.show_combo, show)
        select_data(self.source_combo, source_id)
        self._chosen()
