"""Every editor's text inputs stop at the limit of the field they fill (the models' numbers),
so nobody types or pastes more than can be saved; the refusal under the field names the
limit when the service sees more anyway."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from partnerdesk.core.models import (
    Clause,
    ClauseVersion,
    Contact,
    Evaluation,
    FundingProspect,
    FundingSource,
    Indicator,
    LedgerEntry,
    Mou,
    MouClause,
    ObligationRule,
    Organization,
    ProgramCost,
    ProjectionScenario,
    Responder,
    Review,
    StakeholderGroup,
    TrainingCourse,
    TrainingRole,
    TrainingSession,
    UnitCost,
)
from partnerdesk.core.platform.text_limits import text_limit
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.text_caps import cap_text


def _cap(widget: QWidget) -> int | None:
    if isinstance(widget, QLineEdit):
        return widget.maxLength() if widget.maxLength() != 32767 else None
    value = widget.property("maxChars")
    return int(value) if value is not None else None


def test_a_line_stops_at_its_limit(qtbot: Any) -> None:
    line = QLineEdit()
    qtbot.addWidget(line)
    cap_text(line, 5)
    line.insert("abcdefgh")
    assert line.text() == "abcde"


def test_a_text_box_trims_what_is_pasted_or_typed_beyond_its_limit(qtbot: Any) -> None:
    box = QPlainTextEdit()
    qtbot.addWidget(box)
    cap_text(box, 10)
    box.insertPlainText("0123456789ABCDEF")
    qtbot.waitUntil(lambda: box.toPlainText() == "0123456789")
    box.insertPlainText("x")
    qtbot.waitUntil(lambda: box.toPlainText() == "0123456789")
    box.undo()
    qtbot.wait(10)
    assert len(box.toPlainText()) <= 10


def _editors(context: AppContext) -> list[tuple[str, QWidget, dict[str, tuple[Any, str]]]]:
    from partnerdesk.ui.dialogs.clauses.editor import ClauseEditor
    from partnerdesk.ui.dialogs.directory.contact import ContactEditor
    from partnerdesk.ui.dialogs.directory.groups import GroupDialog
    from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor
    from partnerdesk.ui.dialogs.funding.assumptions import AssumptionsEditor
    from partnerdesk.ui.dialogs.funding.cost import CostEditor
    from partnerdesk.ui.dialogs.funding.entry import EntryEditor
    from partnerdesk.ui.dialogs.funding.source import SourceEditor
    from partnerdesk.ui.dialogs.mou.composer import MouComposer
    from partnerdesk.ui.dialogs.mou.editor import EditorMode, MouEditor
    from partnerdesk.ui.dialogs.mou.review import CompleteReviewDialog, SnoozeDialog

    mou_editor = MouEditor(context, mode=EditorMode.NEW)
    return [
        ("contact", ContactEditor(context), {
            "name_edit": (Contact, "full_name"), "title_edit": (Contact, "title"),
            "email_edit": (Contact, "email"), "phone_edit": (Contact, "phone"),
            "notes_edit": (Contact, "notes")}),
        ("organization", OrganizationEditor(context), {
            "name_edit": (Organization, "name"), "address_edit": (Organization, "address"),
            "phone_edit": (Organization, "phone"), "website_edit": (Organization, "website"),
            "notes_edit": (Organization, "notes")}),
        ("group", GroupDialog(context), {
            "name_edit": (StakeholderGroup, "name"),
            "description_edit": (StakeholderGroup, "description")}),
        ("source", SourceEditor(context), {
            "name_edit": (FundingSource, "name"), "notes_edit": (FundingSource, "notes")}),
        ("entry", EntryEditor(context), {"memo_edit": (LedgerEntry, "memo")}),
        ("cost", CostEditor(context), {"description_edit": (ProgramCost, "description")}),
        ("complete review", CompleteReviewDialog(context, 1), {
            "reviewer_edit": (Review, "reviewer"), "notes_edit": (Review, "notes")}),
        ("snooze", SnoozeDialog(context, 1), {"reason_edit": (Review, "snooze_reason")}),
        ("mou", mou_editor.details, {
            "code_edit": (Mou, "reference_code"), "title_edit": (Mou, "title"),
            "reminders_edit": (Mou, "reminder_days"), "notes_edit": (Mou, "notes")}),
        ("clause", ClauseEditor(context), {
            "title_edit": (Clause, "title"), "body_edit": (ClauseVersion, "body")}),
        ("composer", MouComposer(context, 1), {"text_edit": (MouClause, "override_body")}),
        ("assumptions", AssumptionsEditor(context), {"name_edit": (ProjectionScenario, "name")}),
    ]  # fmt: skip


def _first_id(context: AppContext, model: Any) -> int:
    from sqlmodel import col, select

    with context.database.session() as session:
        found = session.exec(select(model.id).order_by(col(model.id))).first()
    assert found is not None, f"the demo has no {model.__name__}"
    return int(found)


def _new_area_editors(context: AppContext) -> list[tuple[str, QWidget, dict[str, tuple[Any, str]]]]:
    """Outcomes, Training and Grants: their editors stop typing at the limits too."""
    from partnerdesk.ui.dialogs.funding.obligation_rule import RuleEditor
    from partnerdesk.ui.dialogs.funding.prospect import AwardDialog, ProspectEditor
    from partnerdesk.ui.dialogs.outcomes.evaluation import EvaluationEditor
    from partnerdesk.ui.dialogs.outcomes.indicator import IndicatorEditor
    from partnerdesk.ui.dialogs.outcomes.unit_cost import UnitCostEditor
    from partnerdesk.ui.dialogs.training.catalogue import CourseEditor, RoleEditor
    from partnerdesk.ui.dialogs.training.responder import ResponderEditor
    from partnerdesk.ui.dialogs.training.session import SessionEditor

    evaluation = _first_id(context, Evaluation)
    responder = _first_id(context, Responder)
    prospect = _first_id(context, FundingProspect)
    return [
        ("evaluation", EvaluationEditor(context, evaluation), {
            "title_edit": (Evaluation, "title"), "evaluator_edit": (Evaluation, "evaluator"),
            "findings_edit": (Evaluation, "findings"),
            "notes_edit": (Evaluation, "qualitative_notes")}),
        ("unit cost", UnitCostEditor(context), {
            "name_edit": (UnitCost, "name"), "source_edit": (UnitCost, "source"),
            "notes_edit": (UnitCost, "notes")}),
        ("indicator", IndicatorEditor(context), {
            "name_edit": (Indicator, "name"), "code_edit": (Indicator, "code"),
            "definition_edit": (Indicator, "definition")}),
        ("session", SessionEditor(context), {
            "place_edit": (TrainingSession, "place"), "notes_edit": (TrainingSession, "notes")}),
        ("course", CourseEditor(context), {
            "name_edit": (TrainingCourse, "name"),
            "description_edit": (TrainingCourse, "description")}),
        ("role", RoleEditor(context), {"name_edit": (TrainingRole, "name")}),
        ("responder", ResponderEditor(context, responder), {"notes_edit": (Responder, "notes")}),
        ("prospect", ProspectEditor(context), {
            "name_edit": (FundingProspect, "name"), "notes_edit": (FundingProspect, "notes")}),
        ("award", AwardDialog(context, prospect), {"name_edit": (FundingSource, "name")}),
        ("obligation", RuleEditor(context), {
            "title_edit": (ObligationRule, "title"), "notes_edit": (ObligationRule, "notes")}),
    ]  # fmt: skip


def test_every_editor_caps_its_text_fields_at_the_models_limits(
    qtbot: Any, demo_context: AppContext
) -> None:
    for name, editor, expected in _editors(demo_context) + _new_area_editors(demo_context):
        qtbot.addWidget(editor)
        for attribute, (model, field) in expected.items():
            widget = getattr(editor, attribute)
            limit = text_limit(model, field)
            assert limit is not None
            assert _cap(widget) == limit, f"{name}.{attribute}"


@pytest.mark.parametrize("limit", [500])
def test_the_snooze_reason_cannot_be_pasted_longer_than_it_may_be_saved(
    qtbot: Any, demo_context: AppContext, limit: int
) -> None:
    from partnerdesk.ui.dialogs.mou.review import SnoozeDialog

    dialog = SnoozeDialog(demo_context, 1)
    qtbot.addWidget(dialog)
    dialog.reason_edit.insert("x" * 100_000)
    assert len(dialog.reason_edit.text()) == limit == text_limit(Review, "snooze_reason")
