"""The evaluation editor: status, period covered, findings and qualitative notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget
from sqlmodel import Session

from partnerdesk.core.models import Evaluation, EvaluationStatus
from partnerdesk.core.models.outcomes import outcome_label
from partnerdesk.core.outcomes.evaluations import (
    EvaluationInput,
    get_evaluation,
    update_evaluation,
)
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.combos import select_data
from partnerdesk.ui.widgets.dates import DateEdit, OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.sizing import open_at


class EvaluationEditor(FormDialog):
    record_type = Evaluation

    def __init__(
        self, context: AppContext, evaluation_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Evaluation", parent)
        with context.database.session() as session:
            row = get_evaluation(session, evaluation_id)
        self.record_id, self.seen_version = row.id, row.row_version
        self.title_edit = QLineEdit(row.title, self)
        self.add_row("&Title", "title", self.title_edit)
        self.status_combo = QComboBox(self)
        for status in EvaluationStatus:
            self.status_combo.addItem(outcome_label(status), status)
        select_data(self.status_combo, row.status)
        self.add_row("&Status", "status", self.status_combo)
        self.due_edit = DateEdit(row.due_date, self)
        self.add_row("&Due", "due_date", self.due_edit)
        self.start_edit = DateEdit(row.period_start, self)
        self.end_edit = DateEdit(row.period_end, self)
        self.add_row("Period from (month)", "period", self.start_edit)
        self.add_row("Period to (month)", "period_end", self.end_edit)
        self.completed_edit = OptionalDateEdit("Completed", row.completed_date, parent=self)
        self.add_row("", "completed", self.completed_edit)
        self.evaluator_edit = QLineEdit(row.evaluator, self)
        self.add_row("&Evaluator", "evaluator", self.evaluator_edit)
        self.findings_edit = QPlainTextEdit(row.findings, self)
        self.add_row("&Findings", "findings", self.findings_edit)
        self.notes_edit = QPlainTextEdit(row.qualitative_notes, self)
        self.notes_edit.setPlaceholderText("Summaries of interviews and surveys")
        self.add_row("&Interviews and surveys", "qualitative_notes", self.notes_edit)
        self.status_combo.currentIndexChanged.connect(self._completed_default)
        open_at(self, 640, 620)

    def _completed_default(self) -> None:
        if self.status_combo.currentData() == EvaluationStatus.COMPLETED and (
            self.completed_edit.value() is None
        ):
            self.completed_edit.set_value(self.context.today())

    def work(self) -> Callable[[Session], Any]:
        data = EvaluationInput(
            title=self.title_edit.text(),
            due_date=self.due_edit.day(),
            period_start=self.start_edit.day(),
            period_end=self.end_edit.day(),
            status=EvaluationStatus(self.status_combo.currentData()),
            completed_date=self.completed_edit.value(),
            evaluator=self.evaluator_edit.text(),
            findings=self.findings_edit.toPlainText(),
            qualitative_notes=self.notes_edit.toPlainText(),
        )
        evaluation_id, version = self.record_id, self.seen_version
        assert evaluation_id is not None and version is not None
        return lambda session: update_evaluation(session, evaluation_id, data, version)
