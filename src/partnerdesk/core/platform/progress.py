"""Progress and cancellation for long jobs, without Qt: the UI passes a callback in."""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.core.platform.errors import PartnerDeskError


class Cancelled(PartnerDeskError):
    """The user cancelled a long job; whatever it had started was rolled back."""

    def __init__(self, message: str = "cancelled; nothing was changed") -> None:
        super().__init__(message)


ProgressCallback = Callable[[int, int, str], None]


class Progress:
    """Handed to long-running services: ``step(done, total, text)`` reports, and raises
    :class:`Cancelled` once the caller asked to stop, so the service's transaction rolls back.
    """

    def __init__(
        self,
        callback: ProgressCallback | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self._callback = callback
        self._is_cancelled = is_cancelled

    def step(self, done: int, total: int, text: str = "") -> None:
        if self._is_cancelled is not None and self._is_cancelled():
            raise Cancelled()
        if self._callback is not None:
            self._callback(done, total, text)


NO_PROGRESS = Progress()
