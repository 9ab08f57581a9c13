"""The one way a command is made: ``make_action(owner, text, slot, shortcut, ...)``.

An area's commands are QActions of the area's widget: the main window lists the current
area's actions in its menu, a toolbar shows them, and their shortcuts work while the area
has the focus (the same Ctrl+N means "new MOU" in one area and "new entry" in another).
The window's own commands (File, View, Help) use the window-wide scope instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

Shortcut = str | QKeySequence | QKeySequence.StandardKey


def make_action(
    owner: QObject,
    text: str,
    slot: Callable[[], object],
    shortcut: Shortcut | None = None,
    *,
    tip: str = "",
    short: str = "",
    scope: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QAction:
    """A command owned by ``owner`` that calls ``slot()`` when triggered.

    ``tip`` is the tooltip and status-bar text; ``short`` the label on a crowded toolbar
    (menus keep ``text``, and so does the tooltip). Adding the action to a widget, menu or
    toolbar is the caller's choice: the order it is added in is the order the menu shows.
    """
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(scope)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if short:
        action.setIconText(short)
        if not tip:
            action.setToolTip(text.replace("&", "").rstrip("…"))
    action.triggered.connect(lambda _checked=False: slot())
    return action
