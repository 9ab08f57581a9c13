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
