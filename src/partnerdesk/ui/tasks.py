"""The one way the UI runs work off its thread: ``run_task(fn, on_done, ...)``.

``fn`` runs on a pool thread and receives a :class:`partnerdesk.core.platform.progress.Progress`
(report + cancellation). Results, errors and progress come back to the UI thread through
Qt signals. Tests can make everything synchronous with ``set_synchronous(True)``.

Writes are serialised: the pool runs one task at a time, so two background jobs never
write to the database at once (SQLite allows one writer).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.progress import Cancelled, Progress


class TaskSignals(QObject):
    sig_progress = Signal(int, int, str)
    sig_done = Signal(object)
    sig_failed = Signal(object, str)  # exception, traceback text


class Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self.cancel_requested = False
        self.setAutoDelete(False)  # the caller keeps it until its signals have fired

    def cancel(self) -> None:
        self.cancel_requested = True

    @Slot()
    def run(self) -> None:
        progress = Progress(
            callback=lambda done, total, text: self.signals.sig_progress.emit(done, total, text),
            is_cancelled=lambda: self.cancel_requested,
        )
        try:
            result = self.fn(progress)
        except BaseException as exc:  # delivered to the UI thread, which decides what to show
            self.signals.sig_failed.emit(exc, traceback.format_exc())
        else:
            self.signals.sig_done.emit(result)


_pool: QThreadPool | None = None
_synchronous = False
_running: set[Task] = set()


def set_synchronous(value: bool) -> None:
    """Run tasks inline (tests that do not want to wait for threads)."""
    global _synchronous
    _synchronous = value


def _thread_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def wait_for_tasks(msecs: int = 30_000) -> bool:
    return _thread_pool().waitForDone(msecs)


def error_message(exc: BaseException) -> str:
    """What a user reads: the domain message, or a plain admission that it is a bug."""
    if isinstance(exc, PartnerDeskError):
        return exc.message
    return f"Something went wrong inside PartnerDesk ({type(exc).__name__}: {exc})."


def run_task(
    fn: Callable[[Progress], Any],
    on_done: Callable[[Any], object],
    on_failed: Callable[[BaseException, str], object],
    *,
    parent: QWidget | None = None,
    title: str | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> Task:
    """Run ``fn(progress)`` in the background. With ``title``, a modal progress dialog with
    Cancel is shown (after a short delay, so quick jobs do not flash a window)."""
    task = Task(fn)
    dialog: QProgressDialog | None = None
    if title is not None:
        dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)

        def show_progress(done: int, total: int, text: str) -> None:
            assert dialog is not None
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total > 0 else 0)
            if text:
                dialog.setLabelText(text)

        task.signals.sig_progress.connect(show_progress)

    def finish() -> None:
        _running.discard(task)
        if dialog is not None:
            dialog.canceled.disconnect(task.cancel)
            dialog.close()
            dialog.deleteLater()

    def done(result: Any) -> None:
        finish()
        on_done(result)

    def failed(exc: BaseException, trace: str) -> None:
        finish()
        if isinstance(exc, Cancelled) and on_cancelled is not None:
            on_cancelled()
        else:
            on_failed(exc, trace)

    task.signals.sig_done.connect(done, Qt.ConnectionType.QueuedConnection)
    task.signals.sig_failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    _running.add(task)
    if _synchronous:
        task.signals.sig_done.disconnect(done)
        task.signals.sig_failed.disconnect(failed)
        task.signals.sig_done.connect(done, Qt.ConnectionType.DirectConnection)
        task.signals.sig_failed.connect(failed, Qt.ConnectionType.DirectConnection)
        task.run()
    else:
        _thread_pool().start(task)
    return task
