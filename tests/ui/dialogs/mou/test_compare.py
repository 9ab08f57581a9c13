"""Comparing two versions of an MOU clause by clause."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from partnerdesk.core.models import Mou
from partnerdesk.core.mou.commands import amend_mou
from partnerdesk.ui.dialogs.mou.compare import CompareDialog
from partnerdesk.ui.dialogs.mou.composer import MouComposer
from partnerdesk.ui.dialogs.mou.drafting import MouDocumentActions
from partnerdesk.ui.main_window import MainWindow
from tests.ui.conftest import TODAY
from tests.ui.helpers import select_mou


def test_compare_versions_highlights_what_changed(
    window: MainWindow,
    actions: MouDocumentActions,
    dialogs: list[QDialog],
    message_boxes: list[Any],
) -> None:
    select_mou(window, "RIV-CR-01")
    actions.compare_action.trigger()
    assert "has only one version" in message_boxes.pop()[1]

    database = window.context.database
    with database.transaction() as session:
        mou = session.get(Mou, 1)
        assert mou is not None
        amend_mou(session, 1, None, mou.row_version, today=TODAY)
    select_mou(window, "RIV-CR-01", version=2)

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
