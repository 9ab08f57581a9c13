"""Start-up: from process start to the main window shown with the dashboard's figures in,
on the large database (the app's start-up probe prints its line when the dashboard is
filled)."""

from __future__ import annotations

import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import BenchContext, CaseUnavailable, Figure, at_most, case, not_available
from partnerdesk.core.platform.db import DatabaseLocation, open_database

SHOWN_MARKER = "main-window-shown"
PROBE_ENV = "PARTNERDESK_STARTUP_PROBE"
TIMEOUT_SECONDS = 30.0
RUNS = 3
TARGET_SECONDS = 0.5  # issue #17
TARGET_RATIO = 3.5  # ... and at most this many times the bare window
EMPTY_DB_NAME = "empty.sqlite3"
BASELINE_SCRIPT = Path(__file__).resolve().parent.parent / "gui_baseline.py"


@dataclass(frozen=True)
class ProbeRun:
    wall_seconds: float  # just before Popen -> the marker line read
    reported_seconds: float  # what the process says: since its own start (NaN if unknown)
    later_lines: list[str]  # stdout after the marker line, up to the exit


def probe_environment(context: BenchContext) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env[PROBE_ENV] = "1"
    # The app remembers the last database and window state in QSettings; keep the
    # benchmark's runs out of the user's own settings.
    env["XDG_CONFIG_HOME"] = str(context.out_dir / "gui-config")
    return env


def _tail(path: Path, lines: int = 3) -> str:
    text = path.read_text(errors="replace").strip().splitlines()
    return " | ".join(text[-lines:]) if text else "no output on stderr"


def run_probe(command: list[str], env: dict[str, str], scratch: Path) -> ProbeRun:
    """Start ``command``, time it until it prints the marker line, let it exit.

    Raises CaseUnavailable when the line does not come within the timeout, or the
    process fails or hangs: the app may simply not be finished yet.
    """
    stderr_path = scratch / f"stderr-{time.monotonic_ns()}.txt"
    lines: queue.Queue[str | None] = queue.Queue()
    with stderr_path.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, env=env, text=True
        )
        assert process.stdout is not None
        stdout = process.stdout

        def read_lines() -> None:
            for line in stdout:
                lines.put(line)
            lines.put(None)

        def next_line(deadline: float, waiting_for: str) -> str | None:
            try:
                return lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                raise CaseUnavailable(
                    f"no {waiting_for} within {TIMEOUT_SECONDS:g} s of starting"
                ) from None

        reader = threading.Thread(target=read_lines, daemon=True)
        reader.start()
        deadline = started + TIMEOUT_SECONDS
        try:
            while True:
                line = next_line(deadline, f"{SHOWN_MARKER!r} line")
                if line is None:
                    process.wait(TIMEOUT_SECONDS)
                    raise CaseUnavailable(
                        f"exited with code {process.returncode} before showing a window "
                        f"({_tail(stderr_path)})"
                    )
                if line.startswith(SHOWN_MARKER):
                    wall = time.perf_counter() - started
                    break
            try:
                reported = float(line.split()[1])
            except (IndexError, ValueError):
                reported = float("nan")
            later: list[str] = []
            while (line := next_line(deadline, "exit after showing the window")) is not None:
                later.append(line.strip())
            process.wait(TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise CaseUnavailable(
                f"showed the window but did not exit within {TIMEOUT_SECONDS:g} s"
            ) from None
        finally:
            if process.returncode is None:
                process.kill()
                process.wait()
            reader.join(timeout=5)
            stdout.close()
    if process.returncode != 0:
        raise CaseUnavailable(f"exited with code {process.returncode} ({_tail(stderr_path)})")
    return ProbeRun(wall, reported, later)


def app_command(large_db: Path) -> list[str]:
    return [sys.executable, "-m", "partnerdesk", "--db", str(large_db)]


def baseline_command() -> list[str]:
    return [sys.executable, str(BASELINE_SCRIPT)]


def empty_database(context: BenchContext) -> Path:
    """A new database with the schema and no rows: the app's start-up without data."""
    path = context.out_dir / EMPTY_DB_NAME
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    open_database(DatabaseLocation.for_path(path)).close()
    return path


@case(
    "gui.startup",
    f"wall time from Popen to the app's {SHOWN_MARKER!r} line on the large database "
    f"(median and best of {RUNS}), against an empty database and a bare PySide6 QMainWindow",
)
def startup(context: BenchContext) -> list[Figure]:
    large_db = context.large_database()
    empty_db = empty_database(context)
    env = probe_environment(context)
    scratch = context.scratch_dir("gui")
    commands = {
        "bare": baseline_command(),
        "empty": app_command(empty_db),
        "large": app_command(large_db),
    }
    runs: dict[str, list[ProbeRun]] = {name: [] for name in commands}
    problems: dict[str, str] = {}
    # Interleaved, so that a slow moment of the machine weighs on all of them alike.
    for _ in range(RUNS):
        for name, command in commands.items():
            if name in problems:
                continue
            try:
                runs[name].append(run_probe(command, env, scratch))
            except CaseUnavailable as exc:
                problems[name] = str(exc)
    if "bare" in problems:
        raise CaseUnavailable(f"even a bare PySide6 window does not start: {problems['bare']}")

    def median(name: str) -> float:
        return statistics.median(run.wall_seconds for run in runs[name])

    def best(name: str) -> float:
        return min(run.wall_seconds for run in runs[name])

    figures: list[Figure] = []
    if "large" in problems:
        figures.append(not_available("PartnerDesk main window, large database", problems["large"]))
    else:
        reported = statistics.median(run.reported_seconds for run in runs["large"])
        figures += [
            at_most(
                "PartnerDesk main window, large db, median", median("large"), "s", TARGET_SECONDS
            ),
            at_most("PartnerDesk main window, large db, best", best("large"), "s", TARGET_SECONDS),
            Figure("  as the app reports it (since its process start)", reported, "s", "median"),
        ]
    if "empty" in problems:
        figures.append(not_available("PartnerDesk main window, empty database", problems["empty"]))
    else:
        figures.append(
            Figure("PartnerDesk main window, empty db, median", median("empty"), "s", "baseline")
        )
    figures += [
        Figure("bare PySide6 window, median", median("bare"), "s", "baseline"),
        Figure("bare PySide6 window, best", best("bare"), "s", "baseline"),
    ]
    if "large" not in problems:
        ratio = median("large") / median("bare")
        figures.append(
            Figure(
                "ratio large db / bare window (medians)",
                ratio,
                "x",
                f"<= {TARGET_RATIO:g}x",
                ratio <= TARGET_RATIO,
            )
        )
        if "empty" not in problems:
            figures.append(
                Figure(
                    "ratio large db / empty db (medians)", median("large") / median("empty"), "x"
                )
            )
    return figures
