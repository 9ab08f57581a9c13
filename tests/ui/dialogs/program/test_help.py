"""Help: the offline user guide (F1, at the page of the area on screen) and the keyboard
shortcuts read from the actions themselves."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument

from partnerdesk.resources import resource
from partnerdesk.ui.dialogs.program.help import (
    GUIDE_PAGES,
    GuideWindow,
    page_for_area,
    shortcut_rows,
)
from partnerdesk.ui.main_window import MainWindow


def test_every_guide_page_ships_with_its_pictures_and_links() -> None:
    for page in GUIDE_PAGES:
        html = resource("guide", page).read_text(encoding="utf-8")
        for image in re.findall(r'<img src="([^"]+)"', html):
            assert resource("guide", *image.split("/")).is_file(), (page, image)
        for link in re.findall(r'<a href="([^"]+)"', html):
            assert link in GUIDE_PAGES, (page, link)


def test_every_area_of_the_window_has_its_page_with_a_picture(window: MainWindow) -> None:
    contents = resource("guide", "index.html").read_text(encoding="utf-8")
    for area in window.areas:
        page = page_for_area(area.title)
        assert page != "index.html", f"no guide page for the {area.title} area"
        html = resource("guide", page).read_text(encoding="utf-8")
        assert f"<h1>{area.title}</h1>" in html
        assert "<img" in html, page
        assert f'<a href="{page}">{area.title}</a>' in contents, page
    # The contents name the keys that reach every area.
    assert f"Ctrl+1 … Ctrl+{len(window.areas)}" in contents


def test_the_keys_a_page_names_are_keys_of_its_area(window: MainWindow) -> None:
    """A shortcut the guide gives in brackets, "(Ctrl+Alt+O)", is one the area has."""
    groups = dict(window.shortcut_groups())
    everywhere = {k.toString() for a in groups["Everywhere"] for k in a.shortcuts()}
    for area in window.areas:
        html = resource("guide", page_for_area(area.title)).read_text(encoding="utf-8")
        keys = {k.toString() for a in groups[area.title] for k in a.shortcuts()} | everywhere
        for named in re.findall(r"\(((?:Ctrl|Alt|Shift)\+[^)\s]+)\)", html):
            assert named in keys, (area.title, named)


def test_f1_opens_the_guide_at_the_page_of_the_area(window: MainWindow, qtbot: Any) -> None:
    window.show_area(window.areas.index(window.funding))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.guide
    assert isinstance(guide, GuideWindow) and guide.isVisible()
    assert guide.browser.page == "funding.html"
    assert "Budget vs actual" in guide.browser.toPlainText()
    # The picture is read from the package, offline.
    image = guide.browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("images/4-funding.png")
    )
    assert bytes(image)[:8] == b"\x89PNG\r\n\x1a\n"
    # A second F1 from another area turns the same window to that area's page.
    window.show_area(window.areas.index(window.mous))
    window.guide_action.trigger()
    assert window.guide is guide and guide.browser.page == "mous.html"
    # Links inside the guide move between its pages.
    guide.browser.anchorClicked.emit(QUrl("index.html"))
    assert guide.browser.page == "index.html" and guide.contents.currentRow() == 0
    # The newest areas have their pages too: F1 in Training opens training.html.
    window.show_area(window.areas.index(window.training))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.guide is guide and guide.browser.page == "training.html"
    assert guide.contents.currentItem().text() == "Training"
    assert "Completion rates" in guide.browser.toPlainText()
    image = guide.browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("images/7-training.png")
    )
    assert bytes(image)[:8] == b"\x89PNG\r\n\x1a\n"
    guide.close()


def test_keyboard_shortcuts_lists_every_shortcut_of_every_action(window: MainWindow) -> None:
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    shown = dialog.text.toPlainText()
    expected = 0
    for _where, actions in window.shortcut_groups():
        for action in actions:
            for key in action.shortcuts():
                text = key.toString(QKeySequence.SequenceFormat.NativeText)
                assert text in shown, (action.text(), text)
                expected += 1
    assert expected >= 40
    for keys in ("Ctrl+Z", "F1", "Ctrl+Shift+M", "Ctrl+G", "Ctrl+Shift+A"):
        assert keys in shown
    assert {row[2] for row in dialog.rows} >= {"Everywhere", "MOUs", "Funding", "Contacts"}
    dialog.close()


def test_shortcut_rows_read_the_action_text_as_a_person_would(qapp: Any) -> None:
    from PySide6.QtGui import QAction

    action = QAction("Back up &now…")
    action.setShortcuts([QKeySequence("Ctrl+Shift+B")])
    assert shortcut_rows([("Everywhere", [action, QAction("No keys")])]) == [
        ("Ctrl+Shift+B", "Back up now", "Everywhere")
    ]
