"""Running work that a user's text controls (a template) with hard limits on time and memory.

A Word template or a clause's text is a small program: Jinja's sandbox keeps it from
reaching Python's insides, but not from working for hours or filling the memory
(``{{ ''|center(999999999) }}`` took 60 s and 5.9 GB). :func:`run_limited` runs such work
in a helper process that cannot take more than :data:`MEMORY_LIMIT_BYTES` beyond its own
start-up size (``resource.setrlimit``, where the system has it), and stops it after
:data:`TIME_LIMIT_SECONDS`; the caller gets :class:`LimitExceeded`, a one-line reason.

The helper process is started once (spawned, so it shares nothing with the caller's
threads) and serves one job at a time; a job that breaks a limit takes the process with it
and the next job starts a fresh one. The time limit counts from the moment the job is
handed over, never the helper's start-up. What the job raises comes back as it was raised:
a job reports a user's mistake as a :class:`~partnerdesk.core.platform.errors.
PartnerDeskError`; anything else is a bug and comes back as a RuntimeError naming it.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from typing import Any

from partnerdesk.core.platform.errors import PartnerDeskError

TIME_LIMIT_SECONDS = 5.0
MEMORY_LIMIT_BYTES = 400 * 2**20
# The helper's own start-up (importing the modules its jobs need) is not the job's fault.
_START_UP_SECONDS = 120.0


class LimitExceeded(PartnerDeskError):
    """The work needed more time or memory than it may have; nothing was produced."""

    def __init__(self, message: str, kind: str = "time") -> None:
        super().__init__(message)
        self.kind = kind

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.kind))


def _limit_memory(budget: int) -> None:
    """In the helper: at most ``budget`` bytes of address space beyond what it holds now."""
    try:
        import resource
    except ImportError:  # Windows: the time limit and the bounded templates remain
        return
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
        import os

        current = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        current = 512 * 2**20  # no /proc (macOS): a generous guess at the helper's size
    for which in ("RLIMIT_AS", "RLIMIT_DATA"):
        kind = getattr(resource, which, None)
        if kind is None:
            continue
        try:
            resource.setrlimit(kind, (current + budget, current + budget))
            return
        except (ValueError, OSError):  # not allowed or not enforced here: try the next
            continue


def _serve(connection: Any, preload: Sequence[str], budget: int) -> None:
    """The helper process: import what the jobs need, limit the memory, then run jobs."""
    for module in preload:
        importlib.import_module(module)
    _limit_memory(budget)
    connection.send(("ready", None))
    while True:
        try:
            function, args = connection.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("done", function(*args))
        except MemoryError:
            reply = ("memory", None)
        except PartnerDeskError as exc:
            reply = ("raised", exc)
        except Exception as exc:  # a bug in the job: named, not pickled (it may not pickle)
            reply = ("bug", f"{type(exc).__name__}: {exc}")
        try:
            connection.send(reply)
        except MemoryError:
            connection.send(("memory", None))


class _Helper:
    """One helper process and the pipe to it."""

    def __init__(self, preload: Sequence[str], budget: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.budget = budget
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, tuple(preload), budget), daemon=True
        )
        self.process.start()
        child.close()
        if not self.connection.poll(_START_UP_SECONDS):
            self.stop()
            raise RuntimeError("the helper process for templates did not start")
        self.connection.recv()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


_lock = threading.Lock()
_helpers: dict[tuple[str, ...], _Helper] = {}


def run_limited(
    function: Callable[..., Any],
    *args: Any,
    what: str,
    preload: Sequence[str] = (),
    seconds: float | None = None,
) -> Any:
    """``function(*args)`` in the limited helper process (``function`` and its arguments
    must pickle: a module-level function and plain data). ``what`` names the work in the
    refusal (e.g. "the template agency.docx"); ``preload`` names modules the helper imports
    before its first job. One job at a time; callers from several threads wait their turn.
    """
    seconds = TIME_LIMIT_SECONDS if seconds is None else seconds
    key = tuple(preload)
    with _lock:
        helper = _helpers.get(key)
        if helper is None or not helper.process.is_alive():
            helper = _helpers[key] = _Helper(key, MEMORY_LIMIT_BYTES)
        budget = helper.budget
        try:
            helper.connection.send((function, args))
            finished = helper.connection.poll(seconds)
            kind, payload = helper.connection.recv() if finished else ("time", None)
        except (EOFError, OSError, BrokenPipeError):
            kind, payload = "died", None
        if kind not in ("done", "raised", "bug"):
            helper.stop()
            del _helpers[key]
    if kind == "done":
        return payload
    if kind == "raised":
        assert isinstance(payload, BaseException)
        raise payload
    if kind == "bug":
        raise RuntimeError(payload)
    if kind == "time":
        unit = "second" if seconds == 1 else "seconds"
        raise LimitExceeded(
            f"{what} needs more than {seconds:g} {unit} to fill in and was stopped; look for "
            "loops that repeat too often or text made very large",
            kind="time",
        )
    raise LimitExceeded(
        f"{what} needs more than {budget // 2**20} MB of memory to fill in and "
        "was stopped; look for text made very large (wide padding, repeated text)",
        kind="memory",
    )


@atexit.register
def _stop_helpers() -> None:
    with _lock:
        for helper in _helpers.values():
            helper.stop()
        _helpers.clear()
