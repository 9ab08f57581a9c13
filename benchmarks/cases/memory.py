"""Peak memory: the bench process holding the program, and the app on the large database."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.cases.gui import app_command, baseline_command, probe_environment, run_probe
from benchmarks.harness import BenchContext, CaseUnavailable, Figure, at_most, case, not_available

TARGET_MB = 500.0
LAUNCHER = Path(__file__).resolve().parent.parent / "rss_launcher.py"
LAUNCHER_MARKER = "child-max-rss"


def child_peak_mb(command: list[str], context: BenchContext, scratch: Path) -> float:
    """Run ``command`` (a start-up probe) under the launcher; its peak RSS in MB."""
    run = run_probe([sys.executable, str(LAUNCHER), *command], probe_environment(context), scratch)
    for line in run.later_lines:
        if line.startswith(LAUNCHER_MARKER):
            return float(line.split()[1])
    raise CaseUnavailable(f"the launcher printed no {LAUNCHER_MARKER!r} line")


@case(
    "memory.peak",
    "peak RSS of this process after generating and inserting the program (RUSAGE_SELF), "
    "and of the GUI on the large database (RUSAGE_CHILDREN of a small launcher process)",
)
def peak(context: BenchContext) -> list[Figure]:
    try:
        import resource
    except ImportError:
        raise CaseUnavailable("the resource module does not exist on this platform") from None

    context.program()
    large_db = context.large_database()  # generation and insert have happened by now
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    own = peak_kb / 1e6 if sys.platform == "darwin" else peak_kb / 1024
    figures = [at_most("bench process (generation + bulk insert)", own, "MB", TARGET_MB)]

    scratch = context.scratch_dir("memory")
    try:
        bare = child_peak_mb(baseline_command(), context, scratch)
    except CaseUnavailable as exc:
        figures.append(not_available("bare PySide6 window", str(exc)))
        return figures
    try:
        gui = child_peak_mb(app_command(large_db), context, scratch)
    except CaseUnavailable as exc:
        figures.append(not_available("PartnerDesk on the large database", str(exc)))
        figures.append(Figure("bare PySide6 window", bare, "MB", "baseline"))
        return figures
    figures += [
        at_most("PartnerDesk on the large database", gui, "MB", TARGET_MB),
        Figure("bare PySide6 window", bare, "MB", "baseline"),
        Figure("ratio PartnerDesk / bare window", gui / bare, "x"),
    ]
    return figures
