"""Grants in the app: the Dashboard shows the overdue report, it opens and is marked
submitted; obligations, match, pipeline and their dialogs in the Funding area."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.modeltest import ModelTester

from partnerdesk.core.funding.grant_terms import match_statuses
from partnerdesk.core.funding.ledger import get_entry
from partnerdesk.core.funding.sources import find_source, list_sources
from partnerdesk.core.models import ObligationSchedule, ObligationStatus, ProspectStage
from partnerdesk.ui.dialogs.funding.entry import EntryEditor
from partnerdesk.ui.dialogs.funding.grant_terms import TermsEditor
from partnerdesk.ui.dialogs.funding.obligation import ObligationDialog
from partnerdesk.ui.dialogs.funding.obligation_rule import RuleEditor
from partnerdesk.ui.dialogs.funding.prospect import AwardDialog, ProspectEditor
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.funding import FundingView
from tests.ui.conftest import TODAY
from tests.ui.helpers import pick

FEDERAL = "Federal crisis response grant"


def _outlook(funding: FundingView) -> dict[int, Decimal]:
    projection = funding.grants.pipeline.outlook.value
    assert projection is not None
    return {year.fiscal_year: year.pipeline for year in projection.years}


def test_a_new_user_sees_the_overdue_report_opens_it_and_marks_it_submitted(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog], message_boxes: Any
) -> None:
    panel = window.dashboard.grants
    assert "<b><span style='color:#b3261e'>1</span></b> overdue" in panel.summary.text()
    assert panel.attention is not None
    [overdue] = panel.attention.items
    assert (overdue.title, overdue.describe()) == ("Quarterly progress report", "28 days overdue")
    assert "(28 days overdue)" in panel.items_label.text()
    assert f"href='obligation:{overdue.id}'" in panel.items_label.text()

    panel.items_label.linkActivated.emit(f"obligation:{overdue.id}")  # a click on its link
    assert window.current_area() is window.funding
    funding = window.funding
    assert funding.tabs.currentWidget() is funding.grants.obligations
    assert funding.grants.obligations.current_row().id == overdue.id
    dialog = dialogs[-1]
    assert isinstance(dialog, ObligationDialog)
    assert "28 days overdue" in dialog.intro.text()
    pick(dialog.status_combo, "Submitted")
    dialog.submitted_edit.set_day(date(2026, 11, 26))
    qtbot.keyClicks(dialog.notes_edit, "Sent through the portal")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, message_boxes

    window.show_area(0)
    assert panel.attention is not None and panel.attention.items == ()
    assert "nothing to send now" in panel.summary.text()
    assert not panel.items_label.isVisibleTo(panel)
    panel.summary.linkActivated.emit("show:open")
    assert funding.tabs.currentWidget() is funding.grants.obligations
    assert funding.grants.obligations.show_combo.currentData() == "open"


def test_mark_submitted_from_the_obligations_tab_refuses_a_future_date(
    funding: FundingView, qtbot: Any, dialogs: list[QDialog]
) -> None:
    obligations = funding.grants.obligations
    funding.tabs.setCurrentWidget(obligations)
    ModelTester(None).check(obligations.model)
    assert obligations.model.total_rows == 17  # the open ones
    assert obligations.select_where(lambda row: row.overdue)
    assert funding.grants.submit_action.isEnabled()
    funding.grants.submit_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, ObligationDialog)
    assert dialog.save_button.text() == "Mark &submitted"
    dialog.submitted_edit.set_day(date(2026, 12, 3))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "in the future" in dialog.error_text("submitted_on")
    dialog.submitted_edit.set_day(TODAY)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert obligations.model.total_rows == 16
    pick(obligations.show_combo, "Submitted or accepted")
    obligations._chosen()
    submitted = [r for r in obligations.model.all_rows() if r.status is ObligationStatus.SUBMITTED]
    assert [r.submitted_on for r in submitted] == [TODAY]


def test_a_new_obligation_shows_its_dates_before_it_is_saved(
    funding: FundingView, dialogs: list[QDialog], window: MainWindow
) -> None:
    funding.tabs.setCurrentWidget(funding.sources)
    assert funding.sources.select_where(lambda row: row.name == FEDERAL)
    funding.grants.new_obligation_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, RuleEditor)
    pick(editor.kind_combo, "Audit")
    editor.title_edit.setText("Single audit")
    pick(editor.schedule_combo, "After each period of the grant")
    editor.period_spin.setValue(12)
    pick(editor.alignment_combo, "fiscal quarters / years")
    editor.months_spin.setValue(9)
    editor.days_spin.setValue(0)
    assert editor.preview.text().startswith("3 items (9 months after each fiscal year)")
    assert editor.preview.text().endswith("31 Mar 2027, 31 Mar 2028, 31 Mar 2029")
    assert not editor.due_edit.isVisibleTo(editor)
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    pick(funding.grants.obligations.show_combo, "All")
    funding.grants.obligations._chosen()
    audits = [r for r in funding.grants.obligations.model.all_rows() if r.title == "Single audit"]
    assert [r.due_date for r in audits] == [date(2027, 3, 31), date(2028, 3, 31), date(2029, 3, 31)]


def test_a_source_without_a_grant_period_is_told_what_to_do(
    funding: FundingView, dialogs: list[QDialog]
) -> None:
    funding.tabs.setCurrentWidget(funding.sources)
    assert funding.sources.select_where(lambda row: row.name.startswith("City"))
    funding.grants.new_obligation_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, RuleEditor)
    assert "no grant period" in editor.preview.text()
    editor.save_button.click()
    assert "no grant period" in editor.error_text("schedule")
    pick(editor.schedule_combo, "On a date")
    assert editor.schedule_combo.currentData() == ObligationSchedule.ONCE
    editor.due_edit.set_day(date(2027, 2, 15))
    assert editor.preview.text().startswith("1 item")
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted


def test_the_report_pack_from_the_gui(
    funding: FundingView, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, message_boxes: Any
) -> None:
    target = tmp_path / "pack.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    funding.tabs.setCurrentWidget(funding.grants.obligations)
    assert funding.grants.obligations.select_where(lambda row: row.overdue)
    funding.grants.pack_action.trigger()
    assert message_boxes[-1][0] == "information", message_boxes
    assert "Jul–Sep 2026" in message_boxes[-1][1] and "$62,499.99" in message_boxes[-1][1]
    assert openpyxl.load_workbook(target).sheetnames[0] == "Summary"


def test_grant_terms_and_an_entry_marked_as_match(
    funding: FundingView, dialogs: list[QDialog], window: MainWindow
) -> None:
    funding.tabs.setCurrentWidget(funding.grants.obligations)
    assert funding.grants.obligations.select_where(lambda row: row.overdue)
    funding.grants.terms_action.trigger()
    terms = dialogs[-1]
    assert isinstance(terms, TermsEditor)
    assert terms.value_edit.text() == "25 %"
    pick(terms.match_combo, "A fixed amount over the grant")
    terms.value_edit.setText("2,000,000")
    for row in range(terms.sources_list.count()):  # no named source: only marked entries
        terms.sources_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    terms.save_button.click()
    assert terms.result() == QDialog.DialogCode.Accepted
    pane = funding.grants.obligations.match_pane
    assert "behind by" in pane.label.text() and "#b3261e" in pane.label.text()
    window.show_area(0)
    [warning] = window.dashboard.grants.match_warnings
    assert warning.startswith("The local match of Federal crisis response grant is behind")
    assert window.dashboard.grants.match_label.isVisibleTo(window.dashboard)
    window.show_area(3)

    funding.tabs.setCurrentWidget(funding.ledger)
    funding.ledger.select_where(lambda row: row.source.startswith("City"))
    entry_id = funding.ledger.current_row().id
    funding.edit_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, EntryEditor)
    pick(editor.match_combo, FEDERAL)
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    with window.context.database.session() as session:
        federal = find_source(session, FEDERAL)
        assert get_entry(session, entry_id).values.match_for_source_id == federal
        [status] = match_statuses(session, TODAY)
    assert status.met == Decimal("40000.00") and status.marked_entries == 1


def test_the_pipeline_changes_the_expected_projection(
    funding: FundingView, dialogs: list[QDialog]
) -> None:
    pipeline = funding.grants.pipeline
    funding.tabs.setCurrentWidget(pipeline)
    ModelTester(None).check(pipeline.model)
    before = _outlook(funding)
    assert before[2027] == 0 and before[2028] > 0
    assert "Without the pipeline" in pipeline.outlook.label.text()
    assert pipeline.select_where(lambda row: row.name == "Peer respite expansion")
    funding.edit_action.trigger()
    editor = dialogs[-1]
    assert isinstance(editor, ProspectEditor)
    pick(editor.stage_combo, "Submitted")
    editor._stage_chosen()  # what choosing the stage with the mouse does
    assert editor.probability_spin.value() == 50
    editor.probability_spin.setValue(80)
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    after = _outlook(funding)
    assert after[2028] > before[2028] and after[2029] > before[2029]
    # The Sustainability tab's projection counts it too.
    funding.tabs.setCurrentWidget(funding.sustainability)
    analysis = funding.sustainability.analysis
    assert analysis is not None
    assert analysis.projection.years[1].pipeline == after[2028]


def test_awarding_a_prospect_makes_it_a_source(
    funding: FundingView, dialogs: list[QDialog], window: MainWindow
) -> None:
    pipeline = funding.grants.pipeline
    funding.tabs.setCurrentWidget(pipeline)
    assert pipeline.select_where(lambda row: row.name.startswith("Medicaid"))
    funding.grants.award_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, AwardDialog)
    dialog.amount_edit.setText("300,000.00")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = next(r for r in pipeline.model.all_rows() if r.name.startswith("Medicaid"))
    assert row.stage is ProspectStage.AWARDED and row.source == row.name
    with window.context.database.session() as session:
        assert any(s.name == row.name for s in list_sources(session))
    assert not funding.grants.award_action.isEnabled()


def test_deleting_an_obligation_asks_first_and_says_what_goes(
    funding: FundingView, message_boxes: list[tuple[str, str]]
) -> None:
    obligations = funding.grants.obligations
    funding.tabs.setCurrentWidget(obligations)
    assert obligations.select_where(lambda row: row.title == "Continuation application")
    funding.delete_action.trigger()
    kind, text = message_boxes[-1]
    assert kind == "question" and '"Continuation application"' in text
    assert "dates" not in text
    assert not any(r.title == "Continuation application" for r in obligations.model.all_rows())
    # A repeating one with submitted reports is refused, and says why.
    assert obligations.select_where(lambda row: row.title == "Quarterly progress report")
    funding.delete_action.trigger()
    assert "with all its 12 dates" in message_boxes[-2][1]
    assert message_boxes[-1][0] == "warning" and "stay on record" in message_boxes[-1][1]


def test_opening_an_obligation_the_filters_hide_shows_every_item(
    funding: FundingView, dialogs: list[QDialog]
) -> None:
    obligations = funding.grants.obligations
    funding.tabs.setCurrentWidget(obligations)
    pick(obligations.show_combo, "Overdue")
    obligations._chosen()
    assert obligations.model.total_rows == 1
    funding.grants.open_obligation(1)  # the first quarterly report, accepted long ago
    assert obligations.show_combo.currentData() == "all"
    assert obligations.current_row().id == 1
    dialog = dialogs[-1]
    assert isinstance(dialog, ObligationDialog)
    assert dialog.status_combo.currentData() == ObligationStatus.ACCEPTED
    assert "overdue" not in dialog.intro.text()
