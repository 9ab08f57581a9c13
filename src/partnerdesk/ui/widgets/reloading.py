"""A widget that shows records, and loads them again when they change.

It loads when first shown. When a transaction (ours or, through the poll, someone
else's) changes records of a kind it shows, it reloads at once if it is on screen, or
else the next time it is shown: a list in a hidden tab costs nothing until it is looked at.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtWidgets import QWidget

from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.ui.context import ALL_KINDS, AppContext


class ReloadingWidget(QWidget):
    """Subclasses implement ``reload()`` and call ``watch(kinds)`` to take part."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._kinds: frozenset[ChangeKind] = frozenset()
        self._stale = False

    def watch(self, kinds: Collection[ChangeKind] = ALL_KINDS) -> None:
        """Reload when records of one of ``kinds`` change, or another database is opened."""
        self._kinds = frozenset(kinds)
        self._stale = True  # not loaded yet
        self.context.sig_data_changed.connect(self._on_data_changed)
        self.context.sig_database_changed.connect(self.mark_stale)

    def _on_data_changed(self, kinds: frozenset[ChangeKind]) -> None:
        if self._kinds & kinds:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def ensure_loaded(self) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Load now. Subclasses start with ``super().reload()``, which clears the mark."""
        self._stale = False
