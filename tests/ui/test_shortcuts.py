"""No key does two things at once: every shortcut of the main window, in every area and
tab, is bound once in each place where it can fire (issue #15, defect 3).

Qt answers a key bound twice in one context with "Ambiguous shortcut overload" and does
nothing, so a duplicate is a dead key for the user. Two shortcuts can fire together when
one of them is window-wide, or when the focus can sit inside the widgets of both (one
widget holds the other). The same key in two areas is fine: only one area is on screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMenu, QMenuBar, QTabWidget, QToolBar, QWidget

from partnerdesk.ui.main_window import MainWindow

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


@dataclass(frozen=True)
class Binding:
    key: str
    owner: object  # the QAction or QShortcut
    name: str
    context: Qt.ShortcutContext
    widget: QWidget  # where the focus must be (or, window-wide, which window)


def _key_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def _places(action: QAction) -> list[QWidget]:
    """The widgets whose focus makes ``action``'s shortcut fire: the widgets it was added
    to, a menu standing for the widgets that show the menu (its menu action's places)."""
    places: list[QWidget] = []
    for holder in action.associatedObjects():
        if isinstance(holder, QMenu):
            places.extend(_places(holder.menuAction()))
        elif isinstance(holder, QMenuBar):
            continue  # focus never rests in the menu bar
        elif isinstance(holder, QToolBar):
            places.append(holder.parentWidget() or holder)
        elif isinstance(holder, QWidget):
            places.append(holder)
    return places


def bindings(window: MainWindow) -> list[Binding]:
    """Every shortcut in the window: its actions (wherever they were added) and QShortcuts."""
    actions: set[QAction] = set(window.findChildren(QAction))
    for widget in [window, *window.findChildren(QWidget)]:
        actions.update(widget.actions())
    found: list[Binding] = []
    for action in actions:
        name = action.text().replace("&", "") or action.objectName()
        for sequence in action.shortcuts():
            key = _key_text(sequence)
            for place in _places(action) if key else []:
                found.append(Binding(key, action, name, action.shortcutContext(), place))
    for shortcut in window.findChildren(QShortcut):
        key = _key_text(shortcut.key())
        parent = shortcut.parentWidget()
        if key and parent is not None:
            found.append(Binding(key, shortcut, key, shortcut.context(), parent))
    return found


def _contains(outer: QWidget, inner: QWidget) -> bool:
    return outer is inner or outer.isAncestorOf(inner)


def fire_together(a: Binding, b: Binding) -> bool:
    """Whether the focus can be somewhere that makes both shortcuts fire."""
    if a.widget.window() is not b.widget.window():
        return False
    if a.context in WINDOW_WIDE or b.context in WINDOW_WIDE:
        return True
    return _contains(a.widget, b.widget) or _contains(b.widget, a.widget)


def clashes(window: MainWindow) -> list[str]:
    by_key: dict[str, list[Binding]] = defaultdict(list)
    for binding in bindings(window):
        by_key[binding.key].append(binding)
    found: set[str] = set()
    for key, bound in by_key.items():
        for i, a in enumerate(bound):
            for b in bound[i + 1 :]:
                if a.owner is not b.owner and fire_together(a, b):
                    found.add(f"{key}: {' / '.join(sorted([a.name, b.name]))}")
    return sorted(found)


def visit_everything(window: MainWindow) -> None:
    """Show every area and every tab, so that whatever builds its commands late has."""
    for row in range(len(window.areas)):
        window.show_area(row)
        for tabs in window.areas[row].findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)


def test_no_shortcut_is_bound_twice_where_it_can_fire(window: MainWindow) -> None:
    visit_everything(window)
    assert bindings(window), "the walk found no shortcuts at all"
    assert clashes(window) == []


def test_the_walk_sees_a_duplicate(window: MainWindow) -> None:
    """The check itself: an area command on a window-wide key is caught."""
    window.show_area(window.areas.index(window.funding))
    window.funding.new_source_action.setShortcut(QKeySequence("Ctrl+O"))
    assert any(clash.startswith("Ctrl+O:") and "New source" in clash for clash in clashes(window))


def test_every_area_and_window_command_is_found(window: MainWindow) -> None:
    visit_everything(window)
    names = {binding.name for binding in bindings(window)}
    assert {"Open database…", "New MOU…", "New source…", "New clause…", "Edit…"} <= names


def test_ctrl_shift_n_in_funding_opens_a_new_source(
    window: MainWindow, qtbot: Any, dialogs: list[QDialog]
) -> None:
    """It used to be File > New database as well, and did nothing at all."""
    from partnerdesk.ui.dialogs.funding.source import SourceEditor

    window.show_area(window.areas.index(window.funding))
    window.funding.sources.table.setFocus()
    qtbot.keyClick(
        window.funding.sources.table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert dialogs and isinstance(dialogs[-1], SourceEditor)
