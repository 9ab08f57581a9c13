"""Toolbar icons from one bundled set, and an MOUs toolbar whose frequent commands fit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from partnerdesk.resources import resource
from partnerdesk.ui.icons import ACTION_ICONS, icon
from partnerdesk.ui.main_window import MainWindow


def test_every_named_icon_is_bundled_and_draws(qapp: Any) -> None:
    for name in set(ACTION_ICONS.values()) | {"dots"}:
        assert resource("icons", f"{name}.svg").is_file(), name
        drawn = icon(name).pixmap(QSize(24, 24))
        assert not drawn.isNull() and drawn.size() == QSize(24, 24), name
        # Not an empty square: the glyph is drawn in the palette's colour.
        image = drawn.toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), name
    disabled = icon("trash").pixmap(QSize(24, 24), QIcon.Mode.Disabled).toImage()
    normal = icon("trash").pixmap(QSize(24, 24)).toImage()
    assert disabled != normal


def test_the_icon_set_and_its_licence_ship_with_the_program() -> None:
    licence = resource("icons", "LICENSE-tabler-icons.txt").read_text()
    assert "MIT License" in licence and "Paweł Kuna" in licence
    assert "Tabler Icons" in resource("icons", "README.md").read_text()


def test_every_toolbar_command_has_an_icon(window: MainWindow) -> None:
    for area in window.areas:
        for action in area.toolbar.actions():
            if action.isSeparator() or not action.text():
                continue
            assert not action.icon().isNull(), (area.title, action.text())
    for action in (window.undo_action, window.new_db_action, window.open_db_action):
        assert not action.icon().isNull()


def test_the_frequent_mou_commands_are_visible_at_1366(window: MainWindow, qtbot: Any) -> None:
    window.resize(1366, 768)
    window.show_area(window.areas.index(window.mous))
    qtbot.wait(10)
    mous, drafting = window.mous, window.mous.document_actions
    frequent = [
        mous.new_action, mous.open_action, mous.amend_action, mous.complete_action,
        mous.snooze_action, drafting.compose_action, drafting.generate_action,
        drafting.check_action,
    ]  # fmt: skip
    for action in frequent:
        button = mous.toolbar.widgetForAction(action)
        assert button is not None and button.isVisible(), action.text()
        assert button.geometry().right() <= mous.toolbar.width(), action.text()
    # Every other command is one click away under More, and still in the MOUs menu.
    more = {a.text() for a in mous.more_menu.actions()}
    for action in (mous.duplicate_action, mous.delete_action, mous.archive_action):
        assert action.text() in more and action in mous.actions()
    assert len(frequent) + len(more) == 16  # every command of the old 16-button toolbar
