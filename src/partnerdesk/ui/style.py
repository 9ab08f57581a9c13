"""The app's look: a light stylesheet on top of the platform style, and the few colours
that carry meaning wherever they appear (overdue, soon, inactive)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

RED = "#b3261e"  # overdue, expired, refused, a funding gap
AMBER = "#8a5a00"  # due soon, under review, an older clause version
GREY = "#6b6b6b"  # inactive, terminated, retired


def grey_if_inactive(row: Any) -> str | None:
    """The text colour of a listed person or organization that is no longer active."""
    return None if row.active else GREY


STYLESHEET = """
#navigation { font-size: 14px; padding: 4px; }
#navigation::item { padding: 8px 10px; }
#navigation::item:selected { background: #1f5f8b; color: white; border-radius: 4px; }
#heading { font-size: 18px; font-weight: 600; padding: 4px 0 8px 0; }
#sectionCaption { font-weight: 600; padding-top: 10px; }
#card { background: #f6f8fa; border: 1px solid #d8dee4; border-radius: 6px; }
#cardValue { font-size: 24px; font-weight: 600; }
#cardCaption { color: #57606a; }
#countLabel { color: #57606a; padding-left: 8px; }
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
