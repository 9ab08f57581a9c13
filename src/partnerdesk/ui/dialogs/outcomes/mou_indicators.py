"""Which indicators an MOU commits to (its evaluation metrics), and when its part of the
program started if later than the program: a checklist in the MOUs area (MOUs › Evaluation
indicators…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMessageBox, QWidget
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.models import Mou
from partnerdesk.core.outcomes.baselines import mou_launch, set_mou_launch
from partnerdesk.core.outcomes.indicators import list_indicators
from partnerdesk.core.outcomes.mou_links import mou_indicator_ids, set_mou_indicators
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.actions import make_action
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.sizing import open_at

ID_ROLE = Qt.ItemDataRole.UserRole


class MouIndicatorsDialog(FormDialog):
    def __init__(self, context: AppContext, mou_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, "Evaluation indicators", parent)
        with context.database.session() as session:
            mou = session.get(Mou, mou_id)
            assert mou is not None
            chosen = mou_indicator_ids(session, mou_id)
            own_launch = mou_launch(session, mou_id)
            rows = list_indicators(session)
            self.record_id, self.seen_version = mou_id, mou.row_version
            self.setWindowTitle(f"Evaluation indicators of {mou.reference_code}")
        self.list = QListWidget(self)
        for row in rows:
            if not row.active and row.id not in chosen:
                continue
            item = QListWidgetItem(f"{row.name}  ({row.target_text or 'no target'})")
            item.setData(ID_ROLE, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if row.id in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.add_row("The parties report on", "indicators", self.list)
        self.launch_edit = OptionalDateEdit("Own launch date", own_launch, parent=self)
        self.launch_edit.setToolTip(
            "When this MOU's part of the program started later than the program: its "
            "figures (outcomes summary --mou) are compared with the 12 months before it"
        )
        self.add_row("", "launch date", self.launch_edit)
        open_at(self, 560, 520)

    def chosen(self) -> list[int]:
        return [
            int(self.list.item(i).data(ID_ROLE))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def work(self) -> Callable[[Session], Any]:
        ids, mou_id, version = self.chosen(), self.record_id, self.seen_version
        launch = self.launch_edit.value()
        assert mou_id is not None

        def save(session: Session) -> None:
            set_mou_indicators(session, mou_id, ids, version)
            set_mou_launch(session, mou_id, launch)

        return save


def install_mou_indicator_action(area: Any, context: AppContext) -> QAction:
    """MOUs › Evaluation indicators… (Ctrl+Shift+J) for the selected MOU."""

    def open_dialog() -> None:
        row = area.list.current_row()
        if row is None:
            QMessageBox.information(area, APP_NAME, "Select an MOU in the list first.")
            return
        area.run_dialog(MouIndicatorsDialog(context, row.id, parent=area))

    action = make_action(
        area, "Evaluation &indicators…", open_dialog, "Ctrl+Shift+J",
        tip="Choose the indicators this MOU commits the parties to report on",
        short="Indicators",
    )  # fmt: skip
    area.add_tool_action(action, toolbar=False)
    return action
