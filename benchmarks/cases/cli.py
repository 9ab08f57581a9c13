"""The command line as a user feels it: whole processes, from start to exit.

``partnerdesk --db large reviews --json`` (import, open the database, the reminders, the
JSON), ``partnerdesk --version`` and ``--help``, each against the cheapest Python process
that opens SQLite and writes JSON (``python -c "import sqlite3, json"``), run interleaved
so that a busy moment of the machine weighs on all of them alike. CPU seconds (user +
system, of the child) are given beside the wall time: on a machine shared with other work
they show what the process itself costs.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from benchmarks.harness import BenchContext, Figure, at_most, case

RUNS = 5
REVIEWS_TARGET_S = 0.25
VERSION_TARGET_S = 0.1


@dataclass(frozen=True)
class ProcessTime:
    wall: float
    cpu: float


def time_process(command: list[str], env: dict[str, str]) -> ProcessTime:
    """Wall and CPU seconds of one whole process (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[-3:])} failed: {result.stderr.strip()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ProcessTime(wall, cpu)


@case(
    "cli.process",
    f"whole processes, median of {RUNS}: `partnerdesk --db large reviews --json`, "
    "`--version`, `--help`, against `python -c 'import sqlite3, json'`",
)
def processes(context: BenchContext) -> list[Figure]:
    large_db = context.large_database()
    env = dict(os.environ)
    env["PARTNERDESK_TODAY"] = context.program().anchor.isoformat()
    partnerdesk = [sys.executable, "-m", "partnerdesk"]
    commands = {
        "baseline": [sys.executable, "-c", "import sqlite3, json"],
        "reviews": [*partnerdesk, "--db", str(large_db), "reviews", "--json"],
        "version": [*partnerdesk, "--version"],
        "help": [*partnerdesk, "--help"],
    }
    runs: dict[str, list[ProcessTime]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache, untimed
        time_process(command, env)
    for _ in range(RUNS):
        for name, command in commands.items():
            runs[name].append(time_process(command, env))

    def wall(name: str) -> float:
        return statistics.median(run.wall for run in runs[name])

    def cpu(name: str) -> float:
        return statistics.median(run.cpu for run in runs[name])

    base = wall("baseline")
    return [
        at_most("reviews --json, large db, median", wall("reviews"), "s", REVIEWS_TARGET_S),
        Figure("  its CPU time, median", cpu("reviews"), "s"),
        Figure("  ratio / bare python", wall("reviews") / base, "x", "was 27x"),
        at_most("--version, median", wall("version"), "s", VERSION_TARGET_S),
        Figure("  its CPU time, median", cpu("version"), "s"),
        Figure("--help, median", wall("help"), "s"),
        Figure("python -c 'import sqlite3, json' (baseline)", base, "s", "baseline"),
        Figure("  its CPU time, median", cpu("baseline"), "s", "baseline"),
    ]
