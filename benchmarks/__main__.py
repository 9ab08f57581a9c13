"""``python -m benchmarks [--only NAME] [--scale F]``: run the cases, print the figures."""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sqlite3
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

import benchmarks.cases  # noqa: F401 (registers every case)
from benchmarks.generate import DEFAULT_SEED
from benchmarks.harness import CASES, BenchContext, Case, CaseUnavailable, Figure, not_available
from benchmarks.issue_table import issue_rows


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="PartnerDesk benchmarks on a large generated program; every ratio "
        "compares figures measured in this same run.",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this case (or every case under a prefix: 'gui'); repeat or "
        "separate with commas for several",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="F",
        help="size of the generated program relative to the full one (default 1.0; "
        "0.05 for a quick check)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    arguments = parser.parse_args(argv)
    if arguments.scale <= 0:
        parser.error("--scale must be greater than 0")
    return arguments


def select_cases(only: list[str] | None) -> list[Case]:
    if not only:
        return list(CASES)
    wanted = [name.strip() for item in only for name in item.split(",") if name.strip()]
    chosen: list[Case] = []
    for name in wanted:
        matches = [c for c in CASES if c.name == name or c.name.startswith(name + ".")]
        if not matches:
            known = ", ".join(c.name for c in CASES)
            raise SystemExit(f"benchmarks: no case named {name!r}; known cases: {known}")
        chosen.extend(c for c in matches if c not in chosen)
    return [c for c in CASES if c in chosen]  # registry order, whatever the option order


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:,.1f} ms"
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("rows", "rows/s"):
        return f"{value:,.0f} {unit}"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:g} {unit}".strip()


def format_ok(figure: Figure) -> str:
    return {True: "yes", False: "NO", None: ""}[figure.ok]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> str:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    right = {"value"}  # numbers line up on the right

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if header in right else cell.ljust(width)
            for cell, width, header in zip(cells, widths, headers, strict=True)
        ]
        return (indent + "  ".join(parts)).rstrip()

    rule = indent + "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def run_case(bench_case: Case, context: BenchContext) -> tuple[list[Figure], bool]:
    """The case's figures, and whether it crashed (a bug in the case, not a slow figure)."""
    try:
        return bench_case.run(context), False
    except CaseUnavailable as exc:
        return [not_available("(whole case)", str(exc))], False
    except Exception as exc:
        traceback.print_exc()
        return [Figure("(whole case)", None, "", f"failed: {type(exc).__name__}: {exc}")], True


def describe_environment(context: BenchContext) -> str:
    import PySide6
    import sqlalchemy

    return (
        f"scale {context.scale:g}, seed {context.seed} | Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}, "
        f"PySide6 {PySide6.__version__} | {platform.system()} {platform.machine()}"
    )


@contextlib.contextmanager
def exclusive_output(out_dir: Path) -> Iterator[None]:
    """One run at a time per output folder: two would overwrite each other's databases
    and measure each other's load."""
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock, run anyway
        yield
        return
    with (out_dir / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another benchmark run to finish…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def machine_load() -> str:
    """The load average (1, 5, 15 min) and the cores: figures from a busy machine are slower,
    the ratios less so."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # not available on this system
        return "load n/a"
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def run(selected: Sequence[Case], context: BenchContext) -> int:
    started = time.perf_counter()
    print(f"PartnerDesk benchmarks — {describe_environment(context)}", flush=True)
    print(f"machine at start: {machine_load()}", flush=True)

    program = context.program()
    counts = ", ".join(f"{name} {n:,}" for name, n in program.counts().items() if n)
    print(
        f"generated {program.total_rows:,} rows in {context.generation_seconds:.2f} s: {counts}",
        flush=True,
    )

    summary: list[list[str]] = []
    results: dict[str, list[Figure]] = {}
    crashed = False
    for bench_case in selected:
        print(f"\n{bench_case.name}: {bench_case.description} [{machine_load()}]", flush=True)
        case_started = time.perf_counter()
        figures, failed = run_case(bench_case, context)
        results[bench_case.name] = figures
        crashed = crashed or failed
        rows = [
            [figure.name, format_value(figure.value, figure.unit), figure.target, format_ok(figure)]
            for figure in figures
        ]
        print(table(["figure", "value", "target", "ok?"], rows, indent="  "))
        print(f"  ({time.perf_counter() - case_started:.1f} s)", flush=True)
        summary.extend([bench_case.name, *row] for row in rows)

    print(f"\nSummary ({time.perf_counter() - started:.1f} s in all; {machine_load()} at the end)")
    print(table(["case", "figure", "value", "target", "ok?"], summary))
    issue = issue_rows(results, lambda figure: format_value(figure.value, figure.unit))
    if issue:
        print("\nIssue #17: each figure of its table, this run (baselines measured beside them)")
        headers = ["figure", "value", "baseline", "target", "ok?", "when filed"]
        print(table(headers, issue))
    return 1 if crashed else 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.list:
        for bench_case in CASES:
            print(f"{bench_case.name}\n    {bench_case.description}")
        return 0
    selected = select_cases(arguments.only)
    context = BenchContext(scale=arguments.scale, seed=arguments.seed)
    with exclusive_output(context.out_dir):
        return run(selected, context)


if __name__ == "__main__":
    sys.exit(main())
