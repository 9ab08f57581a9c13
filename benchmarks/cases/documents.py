"""Draft MOU documents on the large program: one document (service to file), and 100 in
bulk through the GUI's background runner while the event loop is watched for stalls."""

from __future__ import annotations

import time
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks.harness import BenchContext, Figure, at_most, case
from benchmarks.stall import GAP_LIMIT_MS, TICK_MS, control_figure, qt_application, run_watched
from partnerdesk.core.platform.db import DatabaseLocation, open_database

ONE_LIMIT_S = 0.5
BULK_COUNT = 100


def _largest_mous(database: Any, count: int) -> list[int]:
    """The MOUs with the most clauses (the heaviest documents), most first."""
    import sqlalchemy as sa

    with database.session() as session:
        rows = session.execute(
            sa.text(
                "SELECT mou_id, COUNT(*) AS n FROM mou_clause GROUP BY mou_id "
                "ORDER BY n DESC, mou_id LIMIT :count"
            ),
            {"count": count},
        ).all()
    return [int(row[0]) for row in rows]


@case("documents.one", "one draft MOU: context from the database, docxtpl render, save (best of 5)")
def one_document(context: BenchContext) -> list[Figure]:
    from docx import Document

    from partnerdesk.core.mou.document_templates import default_template_path
    from partnerdesk.core.mou.documents import generate_document

    database = open_database(DatabaseLocation.for_path(context.large_database()))
    folder = context.scratch_dir("documents-one")
    today = context.program().anchor
    try:
        mou_id = _largest_mous(database, 1)[0]
        timings: list[float] = []
        clauses = 0
        with database.session() as session:
            for attempt in range(6):  # the first run pays the imports: not counted
                started = time.perf_counter()
                result = generate_document(session, mou_id, folder / "one.docx", today=today)
                if attempt:
                    timings.append(time.perf_counter() - started)
                clauses = len(result.clause_versions)
    finally:
        database.close()

    # Baseline: python-docx opening the same template and saving it, nothing rendered.
    template = default_template_path()
    baseline: list[float] = []
    for _ in range(5):
        started = time.perf_counter()
        Document(str(template)).save(str(folder / "baseline.docx"))
        baseline.append(time.perf_counter() - started)
    best, base = min(timings), min(baseline)
    return [
        Figure("clauses in the document", clauses, "rows"),
        at_most("one document, best of 5", best, "s", ONE_LIMIT_S),
        Figure("one document, median of 5", median(timings), "s"),
        Figure("baseline: open + save the template (python-docx)", base, "s", "baseline"),
        Figure("ratio document / baseline", best / base, "x"),
    ]


@case(
    "documents.bulk",
    f"{BULK_COUNT} drafts through ui.tasks.run_task with progress; largest event-loop gap "
    f"seen by a {TICK_MS} ms QTimer",
)
def bulk_documents(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.mou.documents import generate_documents

    qt_application()  # before anything else: no display means the case cannot run
    database = open_database(DatabaseLocation.for_path(context.large_database()))
    folder = context.scratch_dir("documents-bulk")
    today = context.program().anchor
    try:
        mou_ids = _largest_mous(database, BULK_COUNT)
        watched = run_watched(
            lambda progress: generate_documents(
                database, mou_ids, folder, today=today, progress=progress
            ),
            f"Generating {len(mou_ids)} drafts…",
        )
    finally:
        database.close()
    if watched.error is not None:
        raise RuntimeError(f"bulk generation failed: {watched.error}")
    elapsed = watched.seconds
    written = len(watched.result.written)
    files = sorted(Path(folder).glob("*.docx"))
    return [
        Figure("drafts written", written, "rows", f"of {len(mou_ids)}"),
        Figure("bulk total", elapsed, "s"),
        Figure("per draft", elapsed / max(written, 1), "s"),
        at_most(
            "largest event-loop gap while generating", watched.largest_gap_ms, "ms", GAP_LIMIT_MS
        ),
        control_figure(watched),
        Figure("event-loop ticks seen", watched.ticks, "rows", f"every {TICK_MS} ms requested"),
        Figure("files on disk", len(files), "rows"),
    ]
