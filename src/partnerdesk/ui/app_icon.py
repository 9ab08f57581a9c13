"""PartnerDesk's application icon, as the window, the taskbar and the About box show it.

The PNG sizes are rendered from ``resources/icons/app/partnerdesk.svg`` by
``scripts/render_icons.py`` and committed, so showing the icon needs no SVG plugin at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from partnerdesk.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_file(size: int) -> str:
    return str(resource_path("icons", "app", f"partnerdesk-{size}.png"))


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(icon_file(size), QSize(size, size))
    return icon
