"""MOUs area: the register of agreements."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from partnerdesk.core.models import MouStatus
from partnerdesk.core.services.mous import MouRow, list_mous
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column


def _status_colour(row: MouRow) -> str | None:
    return {
        MouStatus.EXPIRED: "#b3261e",
        MouStatus.TERMINATED: "#6b6b6b",
        MouStatus.UNDER_REVIEW: "#8a5a00",
    }.get(row.status)


MOU_COLUMNS: list[Column[MouRow]] = [
    Column("Code", lambda r: r.reference_code),
    Column("Title", lambda r: r.title),
    Column("Status", lambda r: r.status, colour=_status_colour),
    Column("Model", lambda r: r.response_model),
    Column("Effective", lambda r: r.effective_date),
    Column("Expires", lambda r: r.expiry_date),
    Column("Next review", lambda r: r.next_review_due),
    Column("Version", lambda r: r.version_number, align_right=True),
    Column("Parties", lambda r: r.parties),
]


class MousView(QWidget):
    title = "MOUs"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list: RecordList[MouRow] = RecordList(
            context,
            MOU_COLUMNS,
            list_mous,
            entity_types=("mou", "review"),
            noun="MOUs",
            parent=self,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)

    def show_mou(self, mou_id: int) -> bool:
        self.list.ensure_loaded()
        return self.list.select_where(lambda row: row.id == mou_id)

    def focus_filter(self) -> None:
        self.list.focus_filter()
