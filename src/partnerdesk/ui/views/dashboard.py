"""Dashboard: what needs attention today, the health of the funding, and the program at a
glance — or, for a program with no MOU yet, the steps to get started.

Reviews and expiries each get four cards (overdue / expired, within 7, 30 and 90 days);
clicking one narrows the list below to it, and opening a line opens its MOU. The funding
cards open the place in the Funding area that explains their figure. The cards sit in
sections (``add_section``) that wrap to the window's width; another area adds its own
card with one call to ``add_live_card``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.mou.history_wording import day_text
from partnerdesk.core.mou.reminders import ReminderItem, ReminderKind, reminders
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.program.dashboard import (
    DashboardSummary,
    FundingHealth,
    dashboard_summary,
    in_window,
)
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.widgets.cards import Card, CardFigure, CardFlow, CardSections
from partnerdesk.ui.widgets.getting_started import GettingStarted
from partnerdesk.ui.widgets.grant_attention import GrantAttentionPanel
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


# Card key -> (caption, the place in the Funding area that explains it).
FUNDING_CARDS: dict[str, tuple[str, str]] = {
    "concentration": ("concentration of this year's funding (HHI)", "sustainability"),
    "cliff": ("next funding cliff", "sustainability"),
    "grant_end": ("next grant to end", "sources"),
    "budget": ("received this fiscal year so far", "budget"),
}

CardLoader = Callable[[Session, date], CardFigure]


def funding_figures(health: FundingHealth) -> dict[str, CardFigure]:
    """The funding cards' words, from core's figures (no rule here, only wording)."""
    year = f"FY{health.fiscal_year}"
    figures: dict[str, CardFigure] = {}
    if health.hhi is None:
        figures["concentration"] = CardFigure(
            "–", f"concentration of {year} funding (HHI)", "no money received yet this year"
        )
    else:
        bands = {"highly concentrated": RED, "moderately concentrated": AMBER}
        figures["concentration"] = CardFigure(
            f"{health.hhi:,.0f}",
            f"HHI of {year} funding: {health.concentration}",
            f"largest: {health.largest_source}, {health.largest_share_pct} %",
            bands.get(health.concentration),
        )
    if health.cliff_year is None:
        figures["cliff"] = CardFigure(
            "None", "funding cliff in the projection", "revenue covers the projected years"
        )
    else:
        who = ", ".join(health.cliff_sources) or health.cliff_reason
        figures["cliff"] = CardFigure(
            f"FY{health.cliff_year}", "next funding cliff (expected scenario)", who, RED
        )
    if health.next_grant_end is None:
        figures["grant_end"] = CardFigure("None", "grant period ending", "no grant ends ahead")
    else:
        figures["grant_end"] = CardFigure(
            day_text(health.next_grant_end),
            "next grant period ends",
            ", ".join(health.next_grant_sources),
        )
    budget = health.budget
    if budget.due == 0:
        detail = "no budget recorded for this year"
        colour = None
    else:
        detail = f"{budget.percent_of_due} % of the {format_money(budget.due)} budgeted to date"
        colour = AMBER if budget.behind else None  # beyond the threshold in Assumptions
    figures["budget"] = CardFigure(
        format_money(budget.received), f"received in {year} so far", detail, colour
    )
    return figures


class DashboardView(AreaView):
    """What needs attention today (cards and the list below), the funding's health and the
    program at a glance; a getting-started guide while the program has no MOU. The figures
    come from every kind of record, so any change reloads it."""

    title = "Dashboard"
    sig_open_mou = Signal(int)  # MOU id
    sig_open_funding = Signal(str)  # the Funding tab that explains a card: "sources", ...
    sig_start = Signal(str)  # a getting-started step: "name", "clauses", ...
    sig_filled = Signal()  # the figures are on screen (the start-up probe waits for it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary: DashboardSummary | None = None
        # The card whose items the list shows, or None for everything within 90 days.
        self.list_filter: tuple[ReminderKind, str] | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.cards: dict[str, Card] = {}
        self.sections: dict[str, CardFlow] = {}
        self._live: list[tuple[Card, CardLoader]] = []
        self.overview = QWidget(self)
        self.sections_area = CardSections(self.overview)

        for key, (kind, window, caption) in ATTENTION_CARDS.items():
            section = "Reviews" if kind is ReminderKind.REVIEW else "Expiries"
            card = self.add_card(section, key, Card(caption))
            card.make_clickable(f"Show only the {caption} in the list below")
            card.sig_clicked.connect(
                lambda kind=kind, window=window: self.set_list_filter((kind, window))
            )
        for key, (caption, place) in FUNDING_CARDS.items():
            card = self.add_card("Funding health", key, Card(caption))
            card.make_clickable(f"Open Funding › {place.capitalize()}, which explains it")
            card.sig_clicked.connect(lambda place=place: self.sig_open_funding.emit(place))
        for key, caption in (
            ("active", "active MOUs"),
            ("sources", "funding sources"),
            ("contacts", "contacts"),
        ):
            self.add_card("Program", key, Card(caption))
        # Grant reports overdue and due soon, as links (the other areas' cards follow).
        self.grants = GrantAttentionPanel(context, self.sections_area)
        self.sections_area.add(self.grants)

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
            "Write every upcoming review, expiry, grant deadline, training session and training "
            "due date to an .ics file for Outlook or any calendar"
        )
        self.calendar_button.clicked.connect(self._export_calendar)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.list_caption, 1)
        caption_row.addWidget(self.show_all_button)
        caption_row.addWidget(self.calendar_button)

        overview = QVBoxLayout(self.overview)
        overview.setContentsMargins(0, 0, 0, 0)
        overview.addWidget(self.sections_area)
        overview.addLayout(caption_row)
        overview.addWidget(self.reviews, 1)

        self.getting_started = GettingStarted(self)
        self.getting_started.sig_start.connect(self.sig_start)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.overview)
        self.pages.addWidget(self.getting_started)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        self._describe_list()
        self.watch()

    # -- cards
    def add_section(self, title: str) -> CardFlow:
        """The section of cards titled ``title`` (made, below the others, on first use)."""
        if title not in self.sections:
            self.sections[title] = CardFlow(title)
            self.sections_area.add(self.sections[title])
        return self.sections[title]

    def add_card(self, section: str, key: str, card: Card) -> Card:
        self.cards[key] = card
        return self.add_section(section).add(card)

    def add_live_card(
        self,
        section: str,
        caption: str,
        load: CardLoader,
        *,
        key: str | None = None,
        on_click: Callable[[], object] | None = None,
        tooltip: str = "",
    ) -> Card:
        """A card whose figure ``load(session, today)`` computes, off the UI thread, each
        time the dashboard reloads (after any change). The one line another area needs."""
        card = self.add_card(section, key or caption, Card(caption))
        if on_click is not None:
            card.make_clickable(tooltip or f"Open what explains the {caption}")
            card.sig_clicked.connect(on_click)
        self._live.append((card, load))
        if self.summary is not None:  # already shown: fill it in now
            self.reload()
        return card

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

        live = list(self._live)

        def load(_progress: Any) -> tuple[DashboardSummary, list[CardFigure]]:
            with database.session() as session:
                summary = dashboard_summary(session, today)
                return summary, [loader(session, today) for _card, loader in live]

        run_task(load, self._show_filled, self._failed, parent=self)

    def _show_filled(self, loaded: tuple[DashboardSummary, list[CardFigure]]) -> None:
        self._show(loaded)
        self.sig_filled.emit()

    def _show(self, loaded: tuple[DashboardSummary, list[CardFigure]]) -> None:
        summary, figures = loaded
        self.summary = summary
        name = summary.program_name or "PartnerDesk"
        self.heading.setText(f"{name} — {summary.today:%A %d %B %Y}")
        if summary.getting_started:
            self.getting_started.show_steps(summary.setup)
            self.pages.setCurrentWidget(self.getting_started)
            return
        self.pages.setCurrentWidget(self.overview)
        for (card, _loader), figure in zip(self._live, figures, strict=False):
            card.show_figure(figure)
        for section in self.sections.values():
            section.hide_when_empty()
        if summary.funding is not None:
            for key, figure in funding_figures(summary.funding).items():
                self.cards[key].show_figure(figure)
        for key, (kind, window, caption) in ATTENTION_CARDS.items():
            count = summary.count(kind, window)
            colour = None
            if count and window == "overdue":
                colour = RED
            elif count and window in ("7", "30"):
                colour = AMBER
            self.cards[key].set_count(count, caption, colour)
        self.cards["active"].set_value(f"{summary.active_mous} of {summary.total_mous}")
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
