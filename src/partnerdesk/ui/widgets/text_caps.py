"""Text inputs that stop at their field's limit (the models' numbers, core/platform/
text_limits), so nobody types or pastes more than can be saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from shiboken6 import isValid

from partnerdesk.core.platform.text_limits import text_limit


def cap_text(widget: QWidget, limit: int | None) -> None:
    """Stop ``widget`` (a line or a plain-text box) at ``limit`` characters (None: no cap)."""
    if limit is None:
        return
    if isinstance(widget, QLineEdit):
        widget.setMaxLength(limit)
    elif isinstance(widget, QPlainTextEdit):
        widget.setProperty("maxChars", limit)
        # Trimmed once the change is complete: editing the document from inside its own
        # change (an undo, a paste) confuses Qt's undo stack.
        widget.textChanged.connect(lambda: QTimer.singleShot(0, lambda: _trim(widget, limit)))


def cap_to_field(widget: QWidget, model: Any, field: str) -> None:
    """Cap ``widget`` at the limit of ``model.field``."""
    cap_text(widget, text_limit(model, field))


def _trim(box: QPlainTextEdit, limit: int) -> None:
    # characterCount() includes the closing paragraph separator. Cutting with a cursor
    # keeps the undo history (setPlainText would clear it).
    if not isValid(box):  # closed meanwhile
        return
    if box.document().characterCount() - 1 <= limit:
        return
    cursor = QTextCursor(box.document())
    cursor.setPosition(limit)
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
