"""The program's launch date and the outcomes settings (small-number threshold, evaluation
milestones); saving plans the evaluations the launch calls for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget
from sqlmodel import Session

from partnerdesk.core.outcomes.baselines import outcome_settings, parse_milestones
from partnerdesk.core.outcomes.evaluations import save_launch
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog


class LaunchDialog(FormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Launch and outcomes settings", parent)
        with context.database.session() as session:
            current = outcome_settings(session)
        self.launch_edit = OptionalDateEdit("Launched on", current.launch_date, parent=self)
        self.add_row("Program &launch", "launch date", self.launch_edit)
        self.milestones_edit = QLineEdit(", ".join(map(str, current.milestones)), self)
        self.add_row("Evaluations at (months after launch)", "milestones", self.milestones_edit)
        self.threshold_spin = QSpinBox(self)
        self.threshold_spin.setRange(2, 100)
        self.threshold_spin.setValue(current.small_number_threshold)
        self.threshold_spin.setToolTip(
            "Counts from 1 up to this number are shown as “<N” in every exported report"
        )
        self.add_row("Hide counts below", "threshold", self.threshold_spin)

    def work(self) -> Callable[[Session], Any]:
        milestones = parse_milestones(self.milestones_edit.text())
        launch = self.launch_edit.value()
        threshold = self.threshold_spin.value()
        return lambda session: save_launch(
            session, launch, small_number_threshold=threshold, milestones=milestones
        )
