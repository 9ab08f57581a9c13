"""The icons of the toolbars and menus: one set (Tabler Icons, MIT, in
``resources/icons/``, licence and origin beside them), named in one table.

Icons are SVG files painted in the palette's text colour (a disabled command's in the
disabled colour), drawn only when first shown and at the screen's pixel density: making
them costs nothing at start-up (a bundled icon font, qtawesome, costs about 0.3 s to
import), and the areas not yet opened never draw theirs.

Which command gets which icon is :data:`ACTION_ICONS`, by the name of the attribute that
holds the action (``new_action``, ``delete_action``, ...): the same name means the same
icon in every area, so "Delete" looks the same everywhere.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QRect, QSize
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImageReader,
    QPainter,
    QPalette,
    QPixmap,
)

from partnerdesk.resources import resource

# Attribute name of an action -> the icon's file name (resources/icons/<name>.svg).
ACTION_ICONS: dict[str, str] = {
    # shared by the areas
    "new_action": "file-plus",
    "edit_action": "pencil",
    "open_action": "folder-open",
    "delete_action": "trash",
    "import_action": "file-import",
    "export_action": "file-export",
    # MOUs
    "duplicate_action": "copy",
    "amend_action": "file-pencil",
    "complete_action": "calendar-check",
    "snooze_action": "alarm-snooze",
    "status_action": "flag",
    "archive_action": "archive",
    "calendar_action": "calendar-event",
    "archived_action": "eye",
    "compose_action": "puzzle",
    "check_action": "list-check",
    "generate_action": "file-text",
    "bulk_action": "files",
    "compare_action": "git-compare",
    # Clauses
    "approve_action": "circle-check",
    "retire_action": "archive",
    "history_action": "history",
    "load_default_action": "books",
    # Funding
    "new_entry_action": "plus",
    "new_source_action": "building-bank",
    "new_cost_action": "receipt",
    "assumptions_action": "adjustments",
    # Outcomes
    "report_action": "file-text",
    "launch_action": "adjustments",
    "seed_action": "books",
    # Training
    "new_session_action": "calendar-plus",
    "add_responders_action": "users-plus",
    "attendance_action": "clipboard-check",
    "sign_in_action": "signature",
    "print_action": "printer",
    # Contacts
    "new_contact_action": "user-plus",
    "new_organization_action": "building",
    "toggle_active_action": "user-off",
    # The window
    "new_db_action": "database-plus",
    "open_db_action": "folder-open",
    "connect_action": "server",
    "backup_action": "database-export",
    "restore_action": "database-import",
    "quit_action": "logout",
    "undo_action": "arrow-back-up",
    "deleted_action": "trash-x",
    "find_action": "filter",
    "refresh_action": "refresh",
    "guide_action": "help",
    "shortcuts_action": "keyboard",
    "about_action": "info-circle",
}


class _SvgIconEngine(QIconEngine):
    """Draws one SVG in the palette's colours, at the size and density asked for."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self._svg = resource("icons", f"{name}.svg").read_bytes()
        self._cache: dict[tuple[int, int, QIcon.Mode, str], QPixmap] = {}

    def _render(self, size: QSize, mode: QIcon.Mode) -> QPixmap:
        disabled = mode is QIcon.Mode.Disabled
        group = QPalette.ColorGroup.Disabled if disabled else QPalette.ColorGroup.Normal
        colour = QGuiApplication.palette().color(group, QPalette.ColorRole.ButtonText).name()
        key = (size.width(), size.height(), mode, colour)
        if key not in self._cache:
            data = QByteArray(self._svg.replace(b"currentColor", colour.encode()))
            buffer = QBuffer(data)
            buffer.open(QBuffer.OpenModeFlag.ReadOnly)
            reader = QImageReader(buffer, QByteArray(b"svg"))
            reader.setScaledSize(size)
            self._cache[key] = QPixmap.fromImage(reader.read())
        return self._cache[key]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._render(size, mode)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pixmap = self._render(rect.size() * ratio, mode)
        pixmap.setDevicePixelRatio(ratio)
        painter.drawPixmap(rect, pixmap)

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self.name)

    def iconName(self) -> str:
        return self.name


def icon(name: str) -> QIcon:
    """The bundled icon ``name`` (a file in ``resources/icons/``, without ``.svg``)."""
    return QIcon(_SvgIconEngine(name))


def give_icons(owner: Any) -> int:
    """Give every action held by ``owner`` (an area, the window, a feature's controller)
    the icon :data:`ACTION_ICONS` names for its attribute; returns how many got one."""
    given = 0
    for attribute, name in ACTION_ICONS.items():
        action = getattr(owner, attribute, None)
        if isinstance(action, QAction) and action.icon().isNull():
            action.setIcon(icon(name))
            action.setIconVisibleInMenu(True)
            given += 1
    return given


__all__ = ["ACTION_ICONS", "give_icons", "icon"]
