"""The size a window opens at: the size it was designed for, or less on a smaller screen.

A dialog that sets a minimum (or a first size) larger than the screen opens with its
buttons off the bottom edge; on a 1024x700 laptop that was the MOU editor and the composer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.94  # leave the edges of the screen (panels, the window frame) uncovered


def open_at(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, within its screen's free area, and
    never below what its layout needs (call it once the widget is filled)."""
    screen = widget.screen()
    if screen is not None:
        free = screen.availableGeometry().size()
        width = min(width, int(free.width() * SCREEN_SHARE))
        height = min(height, int(free.height() * SCREEN_SHARE))
    needed = widget.minimumSizeHint()
    widget.resize(max(width, needed.width()), max(height, needed.height()))
