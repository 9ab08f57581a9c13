"""The Dashboard of a new program: five first steps, each with the button that does it.

Which steps are done is core's (:func:`partnerdesk.core.program.setup.getting_started`); a
button emits ``sig_start(key)`` and the main window takes the user to the place that does
it (a dialog, the import, the editor)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.program.setup import SetupStep

# Step key -> the button's text (it says what pressing it does).
BUTTONS: dict[str, str] = {
    "name": "&Name the program…",
    "clauses": "&Load the clause library",
    "contacts": "&Import contacts…",
    "funding": "&Add a funding source…",
    "mou": "&Create the first MOU…",
}
GREEN = "#1a7f37"


class GettingStarted(QFrame):
    """Numbered steps; a done step is ticked, and its button stays (to add more)."""

    sig_start = Signal(str)  # the step's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gettingStarted")
        intro = QLabel(
            "<h2>Getting started</h2><p>This program has no MOU yet. Five steps set it up; "
            "each button below does one. The dashboard shows reviews, expiries and the "
            "health of the funding once the first MOU is in.</p>",
            self,
        )
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(12)
        self.grid.setColumnStretch(1, 1)
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (key, text) in enumerate(BUTTONS.items()):
            mark = QLabel(f"<b>{row + 1}</b>", self)
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            mark.setMinimumWidth(28)
            label = QLabel(self)
            label.setWordWrap(True)
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, key=key: self.sig_start.emit(key))
            self.grid.addWidget(mark, row, 0)
            self.grid.addWidget(label, row, 1)
            self.grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
            self.marks[key], self.texts[key], self.buttons[key] = mark, label, button
        footnote = QLabel(
            "To look around first, an empty database can be filled with the sample "
            "partnership from the command line: <code>partnerdesk demo</code>.",
            self,
        )
        footnote.setWordWrap(True)
        footnote.setObjectName("cardCaption")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 12)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addWidget(footnote)
        layout.addStretch(1)
        self.setMaximumWidth(900)

    def show_steps(self, steps: Sequence[SetupStep]) -> None:
        for number, step in enumerate(steps, start=1):
            if step.key not in self.texts:
                continue
            done = f" <span style='color:{GREEN}'>— done</span>" if step.done else ""
            self.texts[step.key].setText(
                f"<b>{escape(step.title)}</b>{done}<br>{escape(step.explanation)}"
            )
            self.marks[step.key].setText(
                f"<span style='color:{GREEN}; font-size:16px'>✓</span>"
                if step.done
                else f"<b>{number}</b>"
            )
        # The first step not done yet is the one to take: its button is the default.
        pending = [s.key for s in steps if not s.done and s.key in self.buttons]
        for key, button in self.buttons.items():
            button.setDefault(bool(pending) and key == pending[0])
