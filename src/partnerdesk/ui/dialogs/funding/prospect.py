"""The pipeline's editors: a prospect (stage, request, period, probability) and awarding
one, which turns it into a funding source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.funding import pipeline
from partnerdesk.core.funding.pipeline import STAGE_PROBABILITY, AwardInput, ProspectInput
from partnerdesk.core.funding.sources import organization_choices
from partnerdesk.core.models import FundingProspect, FundingSource, FundingSourceKind, ProspectStage
from partnerdesk.core.mou.register import editor_choices
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import CENT
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import read_amount
from partnerdesk.ui.widgets.combos import fill_enum, select_data
from partnerdesk.ui.widgets.dates import DateEdit, OptionalDateEdit
from partnerdesk.ui.widgets.form import FormDialog


class ProspectEditor(FormDialog):
    """A new prospect, or one to edit. Choosing a stage proposes its usual probability."""

    record_type = FundingProspect

    def __init__(
        self, context: AppContext, prospect_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "New prospect" if prospect_id is None else "Prospect", parent)
        self.record_id = prospect_id
        self.setMinimumWidth(560)
        with context.database.session() as session:
            funders = organization_choices(session)
            people = [c for c in editor_choices(session).contacts if c.active]
            detail = pipeline.get_prospect(session, prospect_id) if prospect_id else None
        self.awarded = detail is not None and detail.source_id is not None

        self.name_edit = QLineEdit(self)
        self.add_row("&Name", "name", self.name_edit)
        self.funder_combo = QComboBox(self)
        self.funder_combo.addItem("(none)", None)
        for org_id, name in funders:
            self.funder_combo.addItem(name, org_id)
        self.add_row("&Funder", "funder", self.funder_combo)
        self.kind_combo = QComboBox(self)
        fill_enum(self.kind_combo, FundingSourceKind)
        select_data(self.kind_combo, FundingSourceKind.STATE_GRANT)
        self.add_row("&Kind", "kind", self.kind_combo)
        self.stage_combo = QComboBox(self)
        stages = [s for s in ProspectStage if s is not ProspectStage.AWARDED or self.awarded]
        fill_enum(self.stage_combo, stages)
        self.stage_combo.setToolTip("To record an award, use Award prospect… (Funding menu)")
        self.add_row("&Stage", "stage", self.stage_combo)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText("the whole request, e.g. 450,000.00")
        self.add_row("&Amount requested", "amount", self.amount_edit)
        self.start_edit = DateEdit(add_months(context.today(), 6), self)
        self.add_row("Funds &from", "start_date", self.start_edit)
        self.end_edit = OptionalDateEdit(
            "Until", default=add_months(context.today(), 30), parent=self
        )
        self.end_edit.setToolTip("Left out: one year from the start")
        self.add_row("Funds &until", "end_date", self.end_edit)
        self.decision_edit = OptionalDateEdit("Expected", default=context.today(), parent=self)
        self.add_row("&Decision", "decision_date", self.decision_edit)
        self.probability_spin = QSpinBox(self)
        self.probability_spin.setRange(0, 100)
        self.probability_spin.setSuffix(" %")
        self.add_row("&Probability", "probability_pct", self.probability_spin)
        self.owner_combo = QComboBox(self)
        self.owner_combo.addItem("No owner", None)
        for person in people:
            self.owner_combo.addItem(person.name, person.id)
        self.add_row("O&wner", "owner", self.owner_combo)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(80)
        self.add_row("N&otes", "notes", self.notes_edit)

        if detail is not None:
            self.seen_version = detail.row_version
            values = detail.values
            self.name_edit.setText(values.name)
            select_data(self.funder_combo, values.funder_organization_id)
            select_data(self.kind_combo, values.kind)
            select_data(self.stage_combo, values.stage)
            self.amount_edit.setText(f"{values.amount_requested.quantize(CENT):,}")
            self.start_edit.set_day(values.start_date)
            self.end_edit.set_value(values.end_date)
            self.decision_edit.set_value(values.decision_date)
            self.probability_spin.setValue(values.probability_pct or 0)
            select_data(self.owner_combo, values.owner_contact_id)
            self.notes_edit.setPlainText(values.notes)
            self.stage_combo.setEnabled(not self.awarded)
        else:
            self._stage_chosen()
        self.stage_combo.activated.connect(lambda _i: self._stage_chosen())

    def _stage_chosen(self) -> None:
        self.probability_spin.setValue(
            STAGE_PROBABILITY[ProspectStage(self.stage_combo.currentData())]
        )

    def values(self) -> ProspectInput:
        return ProspectInput(
            name=self.name_edit.text(),
            kind=FundingSourceKind(self.kind_combo.currentData()),
            amount_requested=read_amount(self.amount_edit),
            start_date=self.start_edit.day(),
            end_date=self.end_edit.value(),
            stage=ProspectStage(self.stage_combo.currentData()),
            probability_pct=self.probability_spin.value(),
            decision_date=self.decision_edit.value(),
            funder_organization_id=self.funder_combo.currentData(),
            owner_contact_id=self.owner_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
        )

    def work(self) -> Callable[[Session], Any]:
        data = self.values()
        prospect_id, version = self.record_id, self.seen_version
        if prospect_id is None:
            return lambda session: pipeline.create_prospect(session, data)

        assert version is not None

        def update(session: Session) -> int:
            pipeline.update_prospect(session, prospect_id, data, version)
            return prospect_id

        return update


class AwardDialog(FormDialog):
    """Record that a prospect was awarded: it becomes a funding source."""

    record_type = FundingSource

    save_text = "Award"

    def __init__(
        self, context: AppContext, prospect_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent=parent)
        self.record_id = prospect_id
        self.setMinimumWidth(540)
        with context.database.session() as session:
            detail = pipeline.get_prospect(session, prospect_id)
        values = detail.values
        self.setWindowTitle(f"Award: {values.name}")
        intro = QLabel(
            f"<b>{values.name}</b> becomes a funding source, with the grant period and amount "
            "below; the prospect stays in the pipeline, marked awarded, with its history.",
            self,
        )
        intro.setWordWrap(True)
        self.main_layout.insertWidget(0, intro)
        self.name_edit = QLineEdit(values.name, self)
        self.add_row("&Source name", "name", self.name_edit)
        self.amount_edit = QLineEdit(f"{values.amount_requested.quantize(CENT):,}", self)
        self.add_row("&Amount awarded", "amount", self.amount_edit)
        end = values.end_date or add_months(values.start_date, 12) - timedelta(days=1)
        self.start_edit = DateEdit(values.start_date, self)
        self.add_row("Grant &starts", "grant_start", self.start_edit)
        self.end_edit = DateEdit(end, self)
        self.add_row("Grant &ends", "grant_end", self.end_edit)
        self.decided_edit = DateEdit(context.today(), self)
        self.add_row("&Decided on", "decided_on", self.decided_edit)
        self.renewal_spin = QSpinBox(self)
        self.renewal_spin.setRange(0, 100)
        self.renewal_spin.setSuffix(" %")
        self.renewal_spin.setValue(50)
        self.add_row("&Renewal probability", "renewal_probability_pct", self.renewal_spin)
        self.budget_check = QCheckBox(
            "Budget the award in the ledger: one line per fiscal year, pro rata by day",
            self,
        )
        self.budget_check.setChecked(True)
        self.add_row("", "record_budget", self.budget_check)

    def values(self) -> AwardInput:
        if not self.name_edit.text().strip():
            raise ValidationError("the new source needs a name", field="name")
        return AwardInput(
            source_name=self.name_edit.text(),
            amount=read_amount(self.amount_edit),
            grant_start=self.start_edit.day(),
            grant_end=self.end_edit.day(),
            decided_on=self.decided_edit.day(),
            renewal_probability_pct=self.renewal_spin.value(),
            record_budget=self.budget_check.isChecked(),
        )

    def work(self) -> Callable[[Session], Any]:
        data, prospect_id, today = self.values(), self.record_id or 0, self.context.today()
        return lambda session: pipeline.award_prospect(session, prospect_id, data, today=today)
