"""The reason a field is refused, shown right under the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from partnerdesk.ui.style import RED

ERROR_STYLE = f"color: {RED};"


class ErrorLabel(QLabel):
    """The reason a field is not accepted, shown right under it (hidden when empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")


def with_error(widget: QWidget, error: ErrorLabel) -> QWidget:
    """A field and its error label stacked, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)
    return box


def add_field_row(
    form: QFormLayout,
    errors: dict[str, ErrorLabel],
    label: str,
    name: str,
    widget: QWidget,
) -> None:
    """A form row with an error label under the field, kept in ``errors`` under ``name``
    (the field a ValidationError names)."""
    error = ErrorLabel()
    errors[name] = error
    form.addRow(label, with_error(widget, error))
