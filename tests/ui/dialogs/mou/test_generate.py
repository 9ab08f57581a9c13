"""Generating drafts: one, checked first; many in the background, with Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from partnerdesk.core.mou import documents
from partnerdesk.ui import tasks
from partnerdesk.ui.dialogs.mou.drafting import MouDocumentActions
from partnerdesk.ui.dialogs.mou.generate import GenerateDialog
from partnerdesk.ui.main_window import MainWindow
from tests.ui.helpers import select_mou


def test_generate_dialog_checks_its_fields(
    window: MainWindow, actions: MouDocumentActions, dialogs: list[QDialog], tmp_path: Path
) -> None:
    select_mou(window, "RIV-DS-01")
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
    select_mou(window, "RIV-HD-01")
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
    select_mou(window, "RIV-CR-01")
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
