"""Render PartnerDesk's application icon (src/partnerdesk/resources/icons/app/partnerdesk.svg)
into the PNG sizes desktops ask for and a Windows .ico, with Qt's own SVG renderer.

Run after changing the SVG, and commit what it writes:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from partnerdesk.ui.app_icon import ICON_SIZES, icon_file

FOLDER = Path(icon_file(256)).parent
SVG = FOLDER / "partnerdesk.svg"


def render(size: int, svg: Path = SVG) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in ICON_SIZES:
        target = Path(icon_file(size))
        if not render(size).save(str(target), "PNG"):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(f"wrote {target}")
    # Windows wants one .ico for the executable (PyInstaller --icon); Qt writes it.
    ico = FOLDER / "partnerdesk.ico"
    if not render(256).save(str(ico), "ICO"):
        print(f"could not write {ico} (Qt's ico image plugin is missing)", file=sys.stderr)
        return 1
    print(f"wrote {ico}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
