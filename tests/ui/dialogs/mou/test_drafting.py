"""The drafting commands the MOUs area offers."""

from __future__ import annotations

from partnerdesk.ui.main_window import MainWindow


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


def test_check_says_where_each_gap_is_fixed(
    window: MainWindow, message_boxes: list[tuple[str, str]]
) -> None:
    """Issue #15, defect 10: the funding gap said "Use Compose clauses… to fix" although it
    is fixed in the Funding area."""
    from dataclasses import replace

    from partnerdesk.core.funding.sources import get_source, list_sources, update_source
    from partnerdesk.core.mou.commands import update_mou
    from partnerdesk.core.mou.register import find_mou, get_mou, mou_input_of
    from tests.ui.conftest import TODAY
    from tests.ui.helpers import select_mou

    database = window.context.database
    with database.transaction() as session:
        co = find_mou(session, "RIV-CR-01")
        for row in list_sources(session):
            detail = get_source(session, row.id)
            kept = [i for i in detail.values.mou_ids if i != co]
            update_source(session, row.id, replace(detail.values, mou_ids=kept), detail.row_version)
    window.show_area(1)
    window.mous.list.ensure_loaded()
    select_mou(window, "RIV-CR-01")
    window.mous.document_actions.check()
    kind, text = message_boxes[-1]
    assert kind == "warning" and "not backed by the ledger" in text
    assert "Compose clauses" not in text
    assert "Fix it in the Funding area" in text

    with database.transaction() as session:
        data = mou_input_of(session, co)
        data.parties[0] = replace(data.parties[0], signatory_contact_id=None)
        seen = get_mou(session, co, today=TODAY).row_version
        update_mou(session, co, data, seen, today=TODAY)
    window.mous.document_actions.check()
    text = message_boxes[-1][1]
    assert "Riverton Police Department has no signatory" in text
    assert "the Funding area" in text and "the Parties tab" in text
