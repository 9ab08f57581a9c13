"""Run a job the way the GUI does (``ui.tasks.run_task`` with its progress dialog, in this
process) while a ``QTimer`` records the largest gap between ticks of the event loop.

A gap is what a user feels as a frozen window: the GUI thread could not paint or react
for that long. Work on the pool thread that holds the GIL in one long C call shows up here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from benchmarks.harness import CaseUnavailable

TICK_MS = 10
GAP_LIMIT_MS = 50.0  # issue #17: nothing freezes the window for longer


@dataclass
class Watched:
    """What happened to one job run through ``run_task``."""

    seconds: float
    largest_gap_ms: float
    ticks: int
    result: Any = None
    error: str | None = None
    cancelled: bool = False
    # Seconds from the start to the tick before the longest gap, and what the job said it
    # was doing then (its last progress text): where to look when the gap is too long.
    worst_at: float = 0.0
    worst_phase: str = ""
    # Every gap over the limit: (seconds from the start, gap in ms, the job's phase).
    long_gaps: list[tuple[float, float, str]] = field(default_factory=list)


def qt_application() -> Any:
    """The offscreen QApplication of this process (created once)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:  # pragma: no cover - PySide6 is a dependency
        raise CaseUnavailable(f"PySide6 cannot be imported: {exc}") from None
    return QApplication.instance() or QApplication([])


def run_watched(
    fn: Callable[[Any], Any],
    title: str,
    *,
    cancel_after_s: float | None = None,
    tick_ms: int = TICK_MS,
) -> Watched:
    """Run ``fn(progress)`` through ``run_task`` (progress dialog with Cancel, over a shown
    window) and wait for it to end; with ``cancel_after_s``, cancel it as the user's Cancel
    button would after that long."""
    app = qt_application()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QWidget

    from partnerdesk.core.platform.progress import Progress
    from partnerdesk.ui.tasks import error_message, run_task

    parent = QWidget()
    parent.resize(400, 300)
    parent.show()
    loop = QEventLoop()
    outcome: dict[str, Any] = {}
    ticks: list[float] = []
    # Recorded on the pool thread as the job reports, before run_task's own reporting.
    phases: list[tuple[float, str]] = []

    def job(progress: Progress) -> Any:
        def report(done: int, total: int, text: str) -> None:
            phases.append((time.perf_counter(), text))
            progress.step(done, total, text)  # raises Cancelled after the user's Cancel

        phases.append((time.perf_counter(), "starting"))
        return fn(Progress(callback=report))

    timer = QTimer()
    timer.setInterval(tick_ms)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException, _trace: str) -> None:
        outcome["error"] = error_message(exc)
        loop.quit()

    def cancelled() -> None:
        outcome["cancelled"] = True
        loop.quit()

    try:
        app.processEvents()
        timer.start()
        started = time.perf_counter()
        ticks.append(started)
        task = run_task(job, done, failed, parent=parent, title=title, on_cancelled=cancelled)
        if cancel_after_s is not None:
            QTimer.singleShot(round(cancel_after_s * 1000), task.cancel)
        loop.exec()
        seconds = time.perf_counter() - started
        timer.stop()
        ticks.append(time.perf_counter())
    finally:
        parent.close()
        app.processEvents()
    gaps = [(b - a) * 1000 for a, b in pairwise(ticks)]
    worst = max(range(len(gaps)), key=gaps.__getitem__) if gaps else 0

    def phase_at(moment: float) -> str:
        return next((text for at, text in reversed(phases) if at <= moment), "before the job")

    gap_start = ticks[worst] if gaps else started
    long_gaps = [
        (ticks[i] - started, gap, phase_at(ticks[i]))
        for i, gap in enumerate(gaps)
        if gap >= GAP_LIMIT_MS
    ]
    return Watched(
        seconds=seconds,
        largest_gap_ms=gaps[worst] if gaps else 0.0,
        ticks=len(gaps),
        result=outcome.get("result"),
        error=outcome.get("error"),
        cancelled=bool(outcome.get("cancelled")),
        worst_at=gap_start - started,
        worst_phase=phase_at(gap_start),
        long_gaps=long_gaps,
    )


CONTROL_MAX_SECONDS = 5.0


def control_gap(seconds: float) -> float:
    """The largest event-loop gap left by a job that never holds the GIL for long (plain
    Python, which hands the GIL over every 5 ms), run as the real job was: the floor that
    this machine, busy with other work right now, sets under every gap figure."""

    def spin(_progress: Any) -> int:
        end = time.perf_counter() + min(seconds, CONTROL_MAX_SECONDS)
        total = 0
        while time.perf_counter() < end:
            total += sum(range(1000))
        return total

    return run_watched(spin, "Control job…").largest_gap_ms


def control_figure(watched: Watched) -> Any:
    """The control gap as a baseline figure beside a job's own largest gap."""
    from benchmarks.harness import Figure

    length = min(watched.seconds, CONTROL_MAX_SECONDS)
    return Figure(
        f"  baseline: gap with {length:.1f} s of plain Python",
        control_gap(watched.seconds),
        "ms",
        "baseline (the machine)",
    )
