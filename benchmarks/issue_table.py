"""The table of issue #17 (start-up, the command line, the Contacts area, long jobs), filled
from this run: each row's figure, the baseline measured beside it, the target and the
figure the issue was filed with. The figures themselves come from the cases; this only
gathers them, by case and by the start of the figure's name."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from benchmarks.harness import Figure


class IssueRow(NamedTuple):
    label: str
    case: str
    figure: str  # the start of the figure's name
    baseline: str | None  # the start of the baseline figure's name (same case), if any
    was: str  # the figure when the issue was filed


ROWS: tuple[IssueRow, ...] = (
    IssueRow(
        "start -> window with the dashboard filled, large db, median",
        "gui.startup",
        "PartnerDesk main window, large db, median",
        "bare PySide6 window, median",
        "1.14 s",
    ),
    IssueRow(
        "  the same / bare PySide6 window",
        "gui.startup",
        "ratio large db / bare window",
        None,
        "8.0x",
    ),
    IssueRow(
        "`reviews --json`, whole process, median",
        "cli.process",
        "reviews --json",
        "python -c",
        "0.57 s (27x)",
    ),
    IssueRow("`--version`, whole process, median", "cli.process", "--version", "python -c", ""),
    IssueRow(
        "Contacts area opens (both lists, first paint)",
        "contacts.search",
        "contacts area opens",
        None,
        "1,154 ms",
    ),
    IssueRow(
        "contacts search, worst keystroke of 31",
        "contacts.search",
        "search per keystroke, worst",
        "baseline: Qt all-column filter",
        "86 ms",
    ),
    IssueRow(
        "largest event-loop gap, workbook export",
        "reliability.export_stall",
        "largest event-loop gap",
        "  baseline: gap with",
        "299 ms",
    ),
    IssueRow(
        "largest event-loop gap, ledger import",
        "reliability.import_stall",
        "largest event-loop gap",
        "  baseline: gap with",
        "94 ms",
    ),
    IssueRow(
        "largest event-loop gap, 100 drafts",
        "documents.bulk",
        "largest event-loop gap",
        "  baseline: gap with",
        "30 ms",
    ),
    IssueRow(
        "ledger import / plain python-calamine read",
        "funding.workbook",
        "ratio import / calamine read",
        "plain python-calamine read",
        "2.87x",
    ),
    IssueRow(
        "workbook export / bare openpyxl write-only dump",
        "funding.workbook",
        "ratio export / bare dump",
        "openpyxl write-only dump",
        "1.10x (18.0 s)",
    ),
    IssueRow(
        "`list_mous` on 2,000 MOUs",
        "mous.list",
        "list_mous (service)",
        "baseline: SELECT * FROM mou",
        "85 ms (9.4x)",
    ),
)


def _find(figures: Sequence[Figure], start: str) -> Figure | None:
    return next((f for f in figures if f.name.startswith(start)), None)


def issue_rows(
    results: Mapping[str, Sequence[Figure]], formatted: Callable[[Figure], str]
) -> list[list[str]]:
    """One line per row of the issue's table whose case ran: figure, value, baseline,
    target, ok?, was."""
    lines: list[list[str]] = []
    for row in ROWS:
        figures = results.get(row.case)
        if figures is None:
            continue
        figure = _find(figures, row.figure)
        baseline = _find(figures, row.baseline) if row.baseline else None
        lines.append(
            [
                row.label,
                formatted(figure) if figure is not None else "not measured",
                formatted(baseline) if baseline is not None else "",
                figure.target if figure is not None else "",
                {True: "yes", False: "NO", None: ""}[figure.ok if figure is not None else None],
                row.was,
            ]
        )
    return lines
