"""What every view needs: the open database, 'today', and a signal that data changed.

Nobody announces a change by hand: every committed transaction names the kinds of record
its audit events touched (``Database.subscribe``), and the context passes them on as
``sig_data_changed(frozenset[ChangeKind])`` on the GUI thread; each list reloads when a kind
it shows is among them. Changes saved by others (a colleague on the team server, a second
window) are noticed by polling the newest audit id, and announce every kind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.schema import ChangeKind

CHANGE_POLL_MS = 5000
ALL_KINDS: frozenset[ChangeKind] = frozenset(ChangeKind)


class AppContext(QObject):
    """Shared by the main window and its views; replaced when another database is opened."""

    # The kinds of record that changed (frozenset[ChangeKind]); lists showing one reload.
    sig_data_changed = Signal(object)
    sig_database_changed = Signal()
    # A transaction of ours committed (database, kinds). The database calls its listeners
    # on the thread that committed, usually a pool thread: the listener only emits this,
    # which Qt queues to the GUI thread, where widgets may be touched.
    _sig_committed = Signal(object, object)

    def __init__(self, database: Database, today: Callable[[], date] = clock.today) -> None:
        super().__init__()
        self.database = database
        self._today = today
        self._marker: int | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(CHANGE_POLL_MS)
        self._poll.timeout.connect(self.check_for_outside_changes)
        self._sig_committed.connect(self._committed)
        self._listen_to(database)

    def today(self) -> date:
        return self._today()

    def replace_database(self, database: Database) -> None:
        old = self.database
        self.database = database
        self._marker = None
        self._listen_to(database)
        old.close()
        self.sig_database_changed.emit()

    # -- our own saves
    def _listen_to(self, database: Database) -> None:
        def announce(kinds: frozenset[ChangeKind]) -> None:
            # A context already gone (its window closed) has nobody to tell.
            with contextlib.suppress(RuntimeError):
                self._sig_committed.emit(database, kinds)

        database.subscribe(announce)

    def _committed(self, database: Database, kinds: frozenset[ChangeKind]) -> None:
        if database is not self.database:  # a late commit on a database since replaced
            return
        self._note_own_change()
        self.sig_data_changed.emit(frozenset(kinds))

    def _note_own_change(self) -> None:
        """Our save is announced now; move the marker so that the next poll does not take
        it for someone else's and reload everything a second time."""
        if self._poll.isActive():
            self._marker = self._read_marker()

    # -- saves by others
    def start_watching(self) -> None:
        """Poll for changes saved by others (a colleague on the server, a second window)."""
        self.check_for_outside_changes()
        self._poll.start()

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
            self.reload_everything()
        return changed

    def reload_everything(self) -> None:
        """Every list reloads (View > Refresh, or something changed we cannot name)."""
        self.sig_data_changed.emit(ALL_KINDS)
