"""`make screenshots`: render every area on the demo program into PNG files, at the screen
sizes people have: 1024x700 (a small laptop), 1366x768 (the most common laptop) and
1920x1080. Files are named by size: ``1366x768/2-mous.png``; the funding area is shown
twice (its ledger and its Sustainability charts).

Usage: python -m partnerdesk.ui.screenshots OUTPUT_FOLDER
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

SCREENSHOT_DAY = date(2026, 11, 27)  # fixed so that the pictures do not change every day
SIZES = ((1024, 700), (1366, 768), (1920, 1080))


def render_screenshots(folder: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from partnerdesk.core.platform.db import DatabaseLocation, open_database
    from partnerdesk.core.program.demo import load_demo
    from partnerdesk.ui import tasks
    from partnerdesk.ui.context import AppContext
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.style import apply_style
    from partnerdesk.ui.views.funding import FundingView

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)  # widgets need one, not a bare QCoreApplication
    apply_style(app)
    tasks.set_synchronous(True)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        database = open_database(DatabaseLocation.for_path(Path(scratch) / "demo.sqlite3"))
        with database.transaction() as session:
            load_demo(session, SCREENSHOT_DAY)
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(database, today=lambda: SCREENSHOT_DAY), settings)
        window.show()
        for width, height in SIZES:
            window.resize(width, height)
            size_folder = folder / f"{width}x{height}"
            size_folder.mkdir(exist_ok=True)
            for row, area in enumerate(window.areas):
                window.show_area(row)
                pictures = [(f"{row + 1}-{area.title.lower()}", -1)]
                if isinstance(area, FundingView):  # its charts as well as its ledger
                    tabs = area.tabs
                    sustainability = area.tabs.indexOf(area.sustainability)
                    pictures.append((f"{row + 1}-funding-sustainability", sustainability))
                for name, tab in pictures:
                    if tab >= 0:
                        tabs.setCurrentIndex(tab)
                    app.processEvents()
                    target = size_folder / f"{name}.png"
                    window.grab().save(str(target))
                    written.append(target)
                if isinstance(area, FundingView):
                    area.tabs.setCurrentIndex(0)
        window.close()
        database.close()
    return written


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    for path in render_screenshots(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
