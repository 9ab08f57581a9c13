"""Drafting from the MOUs area: compose from the library until the MOU is complete, generate
the document, generate many in the background, compare versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from partnerdesk.core.models import Mou
from partnerdesk.core.mou import documents
from partnerdesk.core.mou.composition import check_completeness, get_composition
from partnerdesk.core.mou.register import amend_mou
from partnerdesk.ui import tasks
from partnerdesk.ui.dialogs.mou.compare import CompareDialog
from partnerdesk.ui.dialogs.mou.composer import MouComposer
from partnerdesk.ui.dialogs.mou.drafting import MouDocumentActions
from partnerdesk.ui.dialogs.mou.generate import GenerateDialog
from partnerdesk.ui.main_window import MainWindow

from .conftest import TODAY


@pytest.fixture
def actions(window: MainWindow) -> MouDocumentActions:
    window.show_area(1)
    window.mous.list.ensure_loaded()
    controller = window.mous.document_actions
    assert isinstance(controller, MouDocumentActions)
    return controller


def select(window: MainWindow, code: str, version: int | None = None) -> None:
    assert window.mous.list.select_where(
        lambda row: (
            row.reference_code == code and (version is None or row.version_number == version)
        )
    )


def add_from_library(composer: MouComposer, search: str, title: str) -> None:
    composer.library_pane.search_edit.setText(search)
    tree = composer.library_pane.tree
    items = [
        tree.topLevelItem(i).child(j)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    ]
    item = next(i for i in items if i.toolTip(0) == title)
    tree.setCurrentItem(item)
    composer.library_pane.add_button.click()


def test_the_area_menu_offers_the_drafting_commands(window: MainWindow) -> None:
    window.show_area(1)
    texts = [a.text().replace("&", "") for a in window.mous.actions()]
    for wanted in (
        "Compose clauses…",
        "Check completeness",
        "Generate draft…",
        "Generate drafts for selected…",
        "Compare versions…",
    ):
        assert wanted in texts
    generate = next(a for a in window.mous.actions() if a.text() == "&Generate draft…")
    assert generate.shortcut().toString() == "Ctrl+G"


def test_compose_until_complete_then_generate_the_draft(
    window: MainWindow,
    actions: MouDocumentActions,
    dialogs: list[QDialog],
    message_boxes: list[Any],
    tmp_path: Path,
) -> None:
    select(window, "RIV-MC-01")
    actions.check_action.trigger()
    kind, text = message_boxes.pop()
    assert kind == "warning" and "RIV-MC-01 version 1 is not complete yet" in text
    assert "No funding arrangement clause" in text

    actions.compose_action.trigger()
    composer = dialogs[-1]
    assert isinstance(composer, MouComposer)
    assert "Still missing (2)" in composer.gaps_label.text()

    add_from_library(composer, "ledger", "Diversified funding plan")
    lead = composer.parties[0].party_id
    assert [g.code for g in composer.gaps()] == [f"tier_not_granted:{lead}"]
    add_from_library(composer, "full", "Full tier: complete records for ongoing cases")
    assert composer.gaps() == []
    assert "Complete." in composer.gaps_label.text()

    # The outdated clause moves to the newest version; another is reworded for this MOU.
    outdated = next(e for e in composer.entries if e.outdated)
    composer.select_entry(outdated.clause_id)
    assert composer.newest_button.isEnabled()
    composer.newest_button.click()
    assert not outdated.outdated
    training = next(e for e in composer.entries if e.title.startswith("Joint training"))
    composer.select_entry(training.clause_id)
    composer.reword_check.setChecked(True)
    composer.text_edit.setPlainText("Sixty hours of joint training for {{ all_parties }}.")
    assert not composer.text_error.isVisible()
    composer.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not composer.isVisible()

    with window.context.database.session() as session:
        mou_id = window.mous.list.current_row().id  # type: ignore[union-attr]
        assert check_completeness(session, mou_id) == []
        library_training = get_composition(session, mou_id)
    assert any(c.override_body for c in library_training.clauses)
    actions.check_action.trigger()
    kind, text = message_boxes.pop()
    assert kind == "information" and "is complete" in text

    actions.generate_action.trigger()
    generate = dialogs[-1]
    assert isinstance(generate, GenerateDialog)
    assert not generate.gaps_label.isVisible()
    out = tmp_path / "mobile.docx"
    generate.out_edit.setText(str(out))
    generate.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    kind, text = message_boxes.pop()
    assert kind == "information" and str(out) in text

    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert (
        "Sixty hours of joint training for Harbor County Behavioral Health, Riverton Police "
        "Department, Riverton Peer Support Network and Riverton Community Foundation."
    ) in paragraphs
    assert any(p.startswith("The program is paid for from several sources") for p in paragraphs)
    assert any("follows up with the person within two days" in p for p in paragraphs)
    assert "Name: Avery Collins" in paragraphs


def test_generate_dialog_checks_its_fields(
    window: MainWindow, actions: MouDocumentActions, dialogs: list[QDialog], tmp_path: Path
) -> None:
    select(window, "RIV-DS-01")
    actions.generate_action.trigger()
    generate = dialogs[-1]
    assert isinstance(generate, GenerateDialog)
    assert generate.gaps_label.isVisible()  # an incomplete MOU can still be drafted
    generate.out_edit.setText(str(tmp_path / "missing-folder" / "x.docx"))
    generate.own_radio.setChecked(True)
    generate.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert generate.isVisible()
    assert "does not exist" in generate.out_error.text()
    assert "Choose your template file" in generate.template_error.text()


def test_generating_over_an_existing_file_asks_first(
    window: MainWindow,
    actions: MouDocumentActions,
    dialogs: list[QDialog],
    message_boxes: list[Any],
    tmp_path: Path,
) -> None:
    out = tmp_path / "draft.docx"
    out.write_bytes(b"an older draft")
    select(window, "RIV-HD-01")
    actions.generate_action.trigger()
    generate = dialogs[-1]
    assert isinstance(generate, GenerateDialog)
    generate.out_edit.setText(str(out))
    generate.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    question, written = message_boxes[-2:]
    assert question == ("question", f"draft.docx already exists in {tmp_path}. Replace it?")
    assert written[0] == "information"
    assert Document(str(out)).paragraphs[1].text.startswith("Hospital diversion pathway")


def test_a_bad_template_is_reported_and_nothing_written(
    window: MainWindow, actions: MouDocumentActions, message_boxes: list[Any], tmp_path: Path
) -> None:
    from partnerdesk.ui.dialogs.mou.generate import GenerateRequest

    template = tmp_path / "ours.docx"
    document = Document()
    document.add_paragraph("{{ ''.__class__.__mro__ }}")
    document.save(str(template))
    select(window, "RIV-CR-01")
    out = tmp_path / "draft.docx"
    row = window.mous.list.current_row()
    assert row is not None
    actions.start_generation(row.id, GenerateRequest(out, template, False))
    kind, text = message_boxes.pop()
    assert kind == "critical"
    assert "the template ours.docx tries to reach inside Python" in text
    assert not out.exists()


def test_bulk_generation_for_the_selection_and_cancel(
    window: MainWindow,
    actions: MouDocumentActions,
    message_boxes: list[Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.mous.list.table.selectAll()
    ids = [row.id for row in window.mous.list.selected_rows()]
    assert len(ids) == 4 and actions.bulk_action.isEnabled()
    actions.start_bulk(ids, tmp_path)
    kind, text = message_boxes.pop()
    assert kind == "information" and "4 draft(s) written" in text
    assert len(list(tmp_path.glob("*.docx"))) == 4

    # Again into the same folder: asks before replacing; then the user cancels half-way.
    rendered = documents.render_document

    def render_then_cancel(*args: Any, **kwargs: Any) -> None:
        rendered(*args, **kwargs)
        if len(written_now) == 1:
            for task in list(tasks._running):
                task.cancel()
        written_now.append(1)

    written_now: list[int] = []
    monkeypatch.setattr(documents, "render_document", render_then_cancel)
    actions.start_bulk(ids, tmp_path)
    question, cancelled = message_boxes[-2:]
    assert question[0] == "question" and "4 of the drafts already exist" in question[1]
    assert cancelled[0] == "information"
    assert "Cancelled. 2 of 4 draft(s) had been written" in cancelled[1]


def test_compare_versions_highlights_what_changed(
    window: MainWindow,
    actions: MouDocumentActions,
    dialogs: list[QDialog],
    message_boxes: list[Any],
) -> None:
    select(window, "RIV-CR-01")
    actions.compare_action.trigger()
    assert "has only one version" in message_boxes.pop()[1]

    database = window.context.database
    with database.transaction() as session:
        mou = session.get(Mou, 1)
        assert mou is not None
        amend_mou(session, 1, None, mou.row_version, today=TODAY)
    select(window, "RIV-CR-01", version=2)

    actions.compose_action.trigger()
    composer = dialogs[-1]
    assert isinstance(composer, MouComposer)
    withdrawal = next(e for e in composer.entries if e.title == "Withdrawal on notice")
    composer.select_entry(withdrawal.clause_id)
    composer.reword_check.setChecked(True)
    composer.text_edit.setPlainText(
        composer.text_edit.toPlainText().replace("ninety days'", "six months'")
    )
    composer.save()

    actions.compare_action.trigger()
    compare = dialogs[-1]
    assert isinstance(compare, CompareDialog)
    text = compare.view.toPlainText()
    assert "0 added, 0 removed, 1 changed, 16 unchanged" in text
    assert "Changed: Withdrawal on notice" in text
    html = compare.view.toHtml()
    assert "line-through" in html and "six months" in html
