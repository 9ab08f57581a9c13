"""What every view needs: the open database, 'today', and a signal that data changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal

from partnerdesk.core.db import Database


class AppContext(QObject):
    """Shared by the main window and its views; replaced when another database is opened."""

    # Emitted after any change is saved, with the entity type ("mou", "contact", ...), so
    # that lists showing that kind of record reload.
    sig_data_changed = Signal(str)
    sig_database_changed = Signal()

    def __init__(self, database: Database, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.database = database
        self._today = today

    def today(self) -> date:
        return self._today()

    def replace_database(self, database: Database) -> None:
        old = self.database
        self.database = database
        old.close()
        self.sig_database_changed.emit()
