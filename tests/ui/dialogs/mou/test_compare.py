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


def test_compare_shows_the_agreement_and_party_changes_too(
    window: MainWindow, actions: MouDocumentActions, dialogs: list[QDialog]
) -> None:
    """Issue #15, defect 5: the expiry moving and a party's tier going from basic to
    intermediate were missing; only clauses were compared."""
    from dataclasses import replace
    from datetime import date

    from partnerdesk.core.models import SharingTier
    from partnerdesk.core.mou.register import amendment_terms

    database = window.context.database
    with database.transaction() as session:
        terms = amendment_terms(session, 1)
        parties = [
            replace(p, sharing_tier=SharingTier.INTERMEDIATE)
            if p.sharing_tier == SharingTier.BASIC and p.role.value == "partner"
            else p
            for p in terms.parties
        ]
        mou = session.get(Mou, 1)
        assert mou is not None
        amend_mou(
            session,
            1,
            replace(terms, expiry_date=date(2031, 1, 26), parties=parties),
            mou.row_version,
            today=TODAY,
        )
    select_mou(window, "RIV-CR-01", version=2)
    actions.compare_action.trigger()
    compare = dialogs[-1]
    text = compare.view.toPlainText()
    assert "2 fields of the agreement changed; parties: 0 added, 0 removed, 4 changed" in text
    assert "Expiry date\t2029-01-26 → 2031-01-26" in text.replace("\n", "\t")
    assert "Changed: St. Brigid Regional Hospital" in text
    assert "Sharing tier\tBasic → Intermediate (with consent)" in text.replace("\n", "\t")
