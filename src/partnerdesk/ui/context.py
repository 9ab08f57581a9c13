"""What every view needs: the open database, 'today', and a signal that data changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.db import Database

CHANGE_POLL_MS = 5000


class AppContext(QObject):
    """Shared by the main window and its views; replaced when another database is opened."""

    # Emitted after any change is saved, with the entity type ("mou", "contact", ...), so
    # that lists showing that kind of record reload; "*" means anything may have changed.
    sig_data_changed = Signal(str)
    sig_database_changed = Signal()

    def __init__(self, database: Database, today: Callable[[], date] = clock.today) -> None:
        super().__init__()
        self.database = database
        self._today = today
        self._marker: int | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(CHANGE_POLL_MS)
        self._poll.timeout.connect(self.check_for_outside_changes)
        self.sig_data_changed.connect(self._note_own_change)

    def today(self) -> date:
        return self._today()

    def replace_database(self, database: Database) -> None:
        old = self.database
        self.database = database
        self._marker = None
        old.close()
        self.sig_database_changed.emit()

    def start_watching(self) -> None:
        """Poll for changes saved by others (a colleague on the server, a second window)."""
        self.check_for_outside_changes()
        self._poll.start()

    def _note_own_change(self, entity_type: str) -> None:
        """A save of ours already told the lists; move the marker so that the next poll
        does not reload everything again for it."""
        if entity_type != "*" and self._poll.isActive():
            self._marker = self._read_marker()

    def _read_marker(self) -> int | None:
        from partnerdesk.core.program.changes import change_marker

        try:
            with self.database.session() as session:
                return change_marker(session)
        except Exception:  # a server hiccup must not interrupt the user; try again later
            return None

    def check_for_outside_changes(self) -> bool:
        marker = self._read_marker()
        if marker is None:
            return False
        changed = self._marker is not None and marker != self._marker
        self._marker = marker
        if changed:
            self.sig_data_changed.emit("*")
        return changed
