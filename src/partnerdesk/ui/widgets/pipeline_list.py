"""The Funding area's Pipeline tab: prospective funding by stage, and below it what the
pipeline adds to the "expected" projection, year by year, next to the cost and the gap."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from html import escape

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget
from sqlmodel import Session

from partnerdesk.core.funding.pipeline import ProspectRow, list_prospects
from partnerdesk.core.funding.projection import Projection
from partnerdesk.core.funding.scenarios import project
from partnerdesk.core.models import ProspectStage
from partnerdesk.core.platform.money import format_money
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import GREY, RED
from partnerdesk.ui.widgets.list_area import RecordList
from partnerdesk.ui.widgets.summary_pane import SummaryPane
from partnerdesk.ui.widgets.table_model import Column

OUTLOOK_SCENARIO = "expected"


def _stage_colour(row: ProspectRow) -> str | None:
    return GREY if row.stage is ProspectStage.DECLINED else None


PROSPECT_COLUMNS: list[Column[ProspectRow]] = [
    Column("Prospect", lambda r: r.name, colour=_stage_colour),
    Column("Funder", lambda r: r.funder),
    Column("Kind", lambda r: r.kind),
    Column("Stage", lambda r: r.stage, colour=_stage_colour),
    Column("Requested", lambda r: r.amount_requested, align_right=True),
    Column("Probability", lambda r: f"{r.probability_pct} %", align_right=True),
    Column("Expected", lambda r: r.weighted, align_right=True),
    Column("From", lambda r: r.start_date),
    Column("To", lambda r: r.end_date),
    Column("Decision", lambda r: r.decision_date),
    Column("Owner", lambda r: r.owner),
    Column("Became source", lambda r: r.source),
]


def outlook_text(projection: Projection) -> str:
    """The expected projection with and without the pipeline, per fiscal year."""
    cell = "<td align=right style='white-space:nowrap{}'>{}</td>"
    rows = "".join(
        f"<tr><td>FY{y.fiscal_year}</td>"
        + cell.format("", format_money(y.revenue - y.pipeline))
        + cell.format("", format_money(y.pipeline))
        + cell.format("", format_money(y.revenue))
        + cell.format("", format_money(y.cost))
        + cell.format(f"; color:{RED if y.balance < 0 else '#1b5e20'}", format_money(y.balance))
        + "</tr>"
        for y in projection.years
    )
    return (
        f'<b>The pipeline in the "{escape(projection.scenario)}" projection</b> '
        "(each open prospect from its start date, times its probability; the Sustainability "
        "tab shows it in the charts)"
        "<table cellspacing=6><tr><th align=left>Year</th><th>Without the pipeline</th>"
        "<th>Pipeline</th><th>Expected revenue</th><th>Cost</th><th>Surplus / gap</th>"
        f"</tr>{rows}</table>"
    )


def _outlook(session: Session, today: date) -> Projection:
    return project(session, today, OUTLOOK_SCENARIO)


class PipelineList(RecordList[ProspectRow]):
    """Prospects (open ones first), with the projection outlook below them."""

    def __init__(
        self,
        context: AppContext,
        kinds: Collection[ChangeKind],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context, PROSPECT_COLUMNS, list_prospects, kinds=kinds, noun="prospects", parent=parent
        )
        self.outlook: SummaryPane[Projection] = SummaryPane(
            context, kinds, _outlook, outlook_text, "The projection could not be computed", self
        )
        self.bar = QHBoxLayout()  # the commands of this tab (added by the area)
        self.bar.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, self.bar)
        layout.addWidget(self.outlook)
