"""Composing an MOU from the library until it is complete, then drafting it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from partnerdesk.core.mou.completeness import check_completeness
from partnerdesk.core.mou.composition import get_composition
from partnerdesk.ui.dialogs.mou.composer import MouComposer
from partnerdesk.ui.dialogs.mou.drafting import MouDocumentActions
from partnerdesk.ui.dialogs.mou.generate import GenerateDialog
from partnerdesk.ui.main_window import MainWindow
from tests.ui.helpers import select_mou


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


def test_compose_until_complete_then_generate_the_draft(
    window: MainWindow,
    actions: MouDocumentActions,
    dialogs: list[QDialog],
    message_boxes: list[Any],
    tmp_path: Path,
) -> None:
    select_mou(window, "RIV-MC-01")
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


def test_saving_the_newest_version_updates_the_clause_library_list(
    window: MainWindow, actions: MouDocumentActions, dialogs: list[QDialog]
) -> None:
    library = window.clauses.list
    library.ensure_loaded()  # loaded before: the save must make it load again
    outdated_before = sum(row.outdated_in_mous for row in library.model.all_rows())
    assert outdated_before >= 1
    select_mou(window, "RIV-MC-01")
    actions.compose_action.trigger()
    composer = dialogs[-1]
    assert isinstance(composer, MouComposer)
    outdated = next(e for e in composer.entries if e.outdated)
    composer.select_entry(outdated.clause_id)
    composer.newest_button.click()
    composer.save()
    window.show_area(2)
    after = sum(row.outdated_in_mous for row in library.model.all_rows())
    assert after == outdated_before - 1
