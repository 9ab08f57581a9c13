"""Joint training on a large program: 2,000 responders, 60 sessions a year for five years
(initial trainings, quarterly refreshers, the other courses) and the attendance that keeps
most of them current: everyone's status (the ``training status`` command and the
dashboard), and the Training area's matrix opening in a shown window.

The program is generated here, deterministically, and loaded with ``insert_rows`` into a
database of its own (``out/training.sqlite3``): the shared large program has no training.
Baseline: reading the attendance rows alone with plain ``sqlite3``.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.harness import BenchContext, CaseUnavailable, Figure, at_most, case

TODAY = date(2026, 11, 27)
RESPONDERS = 2000
YEARS = 5
SESSIONS_PER_YEAR = 60
STATUS_LIMIT_MS = 100.0
MATRIX_LIMIT_MS = 150.0
REPEATS = 5

# Of every 20 responders: 10 officers, 5 clinicians, 2 peer specialists, 2 dispatchers, 1
# supervisor (role names as in the standard catalogue).
ROLE_MIX = (
    ["Police officer"] * 10
    + ["Clinician"] * 5
    + ["Peer specialist"] * 2
    + ["Dispatcher / call-taker"] * 2
    + ["Supervisor"]
)


def build_training_database(path: Path, seed: int, scale: float = 1.0) -> dict[str, int]:
    """A database holding only a training program (and the people and agencies it needs)."""
    from partnerdesk.core.models import (
        Attendance,
        Contact,
        Organization,
        OrganizationKind,
        Responder,
        ResponderRole,
        TrainingSession,
    )
    from partnerdesk.core.platform.bulk import insert_rows
    from partnerdesk.core.platform.db import DatabaseLocation, open_database
    from partnerdesk.core.training import seed as catalogue

    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    rng = random.Random(seed)
    people = max(20, int(RESPONDERS * scale))
    database = open_database(DatabaseLocation.for_path(path))
    first_day = TODAY - timedelta(days=365 * YEARS)
    try:
        with database.transaction() as session:
            roles, courses = catalogue.load_standard_catalogue(session)
            agencies = [
                ("Metro Police Department", OrganizationKind.LAW_ENFORCEMENT),
                ("County Behavioral Health", OrganizationKind.MENTAL_HEALTH_AGENCY),
                ("Regional Medical Center", OrganizationKind.HOSPITAL),
            ]
            insert_rows(
                session,
                Organization,
                [
                    {"id": i, "name": name, "name_key": name.lower(), "kind": kind.value}
                    for i, (name, kind) in enumerate(agencies, start=1)
                ],
            )
            starts = [
                first_day + timedelta(days=rng.randrange(365 * YEARS - 30)) for _ in range(people)
            ]
            role_of = [rng.choice(ROLE_MIX) for _ in range(people)]
            insert_rows(
                session,
                Contact,
                [
                    {
                        "id": n,
                        "full_name": f"Responder {n:05d}",
                        "email": f"r{n}@metro.example",
                        "organization_id": _agency(role_of[n - 1], n),
                    }
                    for n in range(1, people + 1)
                ],
            )
            left = {
                n: starts[n - 1] + timedelta(days=rng.randrange(200, 900))
                for n in range(1, people + 1)
                if rng.random() < 0.08
            }
            insert_rows(
                session,
                Responder,
                [
                    {
                        "id": n,
                        "contact_id": n,
                        "start_date": starts[n - 1],
                        "left_date": left.get(n) if left.get(n, TODAY) < TODAY else None,
                    }
                    for n in range(1, people + 1)
                ],
            )
            spells = [
                {"responder_id": n, "role_id": roles[role_of[n - 1]], "start_date": starts[n - 1]}
                for n in range(1, people + 1)
            ]
            for n in range(1, people + 1):  # one in twenty is promoted after a while
                promoted = starts[n - 1] + timedelta(days=400)
                if rng.random() < 0.05 and promoted < TODAY:
                    spells.append(
                        {"responder_id": n, "role_id": roles["Supervisor"], "start_date": promoted}
                    )
            insert_rows(session, ResponderRole, spells)
            sessions, attendance = _sessions_and_attendance(rng, courses, starts, left, role_of)
            insert_rows(session, TrainingSession, sessions)
            insert_rows(session, Attendance, attendance)
    finally:
        database.close()
    return {"responders": people, "sessions": len(sessions), "attendance": len(attendance)}


def _agency(role: str, number: int) -> int:
    """Police roles at the police (1); clinicians at the agency (2), one in three at the
    hospital (3); peer specialists at the agency."""
    if role in ("Police officer", "Dispatcher / call-taker", "Supervisor"):
        return 1
    return 3 if role == "Clinician" and number % 3 == 0 else 2


def _sessions_and_attendance(
    rng: random.Random,
    courses: dict[str, int],
    starts: list[date],
    left: dict[int, date],
    role_of: list[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """60 sessions a year: two 5-day initial trainings, 44 refreshers, and the others;
    each person attends what their role needs, mostly on time, sometimes not."""
    from partnerdesk.core.training import seed as catalogue

    first_day = TODAY - timedelta(days=365 * YEARS)
    plan = (
        [catalogue.INITIAL] * 10
        + [catalogue.REFRESHER] * 44
        + [catalogue.DISPATCH] * 2
        + [catalogue.NEW_SYSTEM] * 2
        + [catalogue.DE_ESCALATION] * 2
    )
    hours = {name: h * 100 for name, h, _text in catalogue.STANDARD_COURSES}
    hours[catalogue.INITIAL] = 800  # one day of the five
    sessions: list[dict[str, Any]] = []
    by_course: dict[str, list[tuple[int, date]]] = {name: [] for name in hours}
    for year in range(YEARS):
        for index, course in enumerate(plan):
            day = first_day + timedelta(days=365 * year + index * 6)
            sid = len(sessions) + 1
            sessions.append(
                {
                    "id": sid,
                    "course_id": courses[course],
                    "start_date": day,
                    "end_date": day,
                    "hours_hundredths": hours[course],
                    "place": "Training center",
                    "capacity": 200,
                }
            )
            by_course[course].append((sid, day))
    needs = {
        "Police officer": (catalogue.INITIAL, catalogue.REFRESHER, catalogue.DE_ESCALATION),
        "Clinician": (catalogue.INITIAL, catalogue.REFRESHER, catalogue.DE_ESCALATION),
        "Peer specialist": (catalogue.INITIAL, catalogue.REFRESHER),
        "Dispatcher / call-taker": (catalogue.DISPATCH, catalogue.NEW_SYSTEM, catalogue.REFRESHER),
        "Supervisor": (catalogue.INITIAL, catalogue.REFRESHER, catalogue.NEW_SYSTEM),
    }
    attendance: list[dict[str, Any]] = []
    for n, start in enumerate(starts, start=1):
        until = min(left.get(n, TODAY), TODAY)
        for course in needs[role_of[n - 1]]:
            every = (
                90
                if course == catalogue.REFRESHER
                else 365
                if course in (catalogue.DISPATCH, catalogue.DE_ESCALATION)
                else None
            )
            due, taken = start + timedelta(days=30), 0
            for sid, day in by_course[course]:
                if day < due or day > until or rng.random() < 0.1:
                    continue  # not yet due, gone, or missed this one
                attendance.append(
                    {"session_id": sid, "responder_id": n, "hours_hundredths": hours[course]}
                )
                taken += 1
                if every is None and (course != catalogue.INITIAL or taken == 5):
                    break
                if every is not None:
                    due = day + timedelta(days=every - 20)
    for number, row in enumerate(attendance, start=1):
        row["id"] = number
    return sessions, attendance


def _median_ms(function: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """Median wall time, median CPU time of this process (what the work costs when the
    machine is shared with other jobs), and the result."""
    result = function()  # warm-up: the page cache, first imports
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), result


@case(
    "training.status",
    "readiness of 2,000 responders (60 sessions a year for 5 years): everyone's status, "
    "the dashboard's figures and a year of completion rates; baseline reading the "
    "attendance rows with plain sqlite3",
)
def status(context: BenchContext) -> list[Figure]:
    from partnerdesk.core.platform.db import DatabaseLocation, open_database
    from partnerdesk.core.training.rates import rate_table
    from partnerdesk.core.training.readiness import readiness, training_attention

    path = context.out_dir / "training.sqlite3"
    started = time.perf_counter()
    sizes = build_training_database(path, context.seed, context.scale)
    built = time.perf_counter() - started
    context.shared["training_db"] = path
    database = open_database(DatabaseLocation.for_path(path))
    try:
        with database.session() as session:
            status_ms, status_cpu, result = _median_ms(lambda: readiness(session, TODAY))
            dashboard_ms, _best, attention = _median_ms(lambda: training_attention(session, TODAY))
            rates_ms, _best, _table = _median_ms(lambda: rate_table(session, TODAY), 2)
    finally:
        database.close()
    baseline_ms, baseline_cpu, _rows = _median_ms(lambda: _raw_attendance(path))
    items = sum(len(person.items) for person in result.people)
    return [
        Figure("responders", sizes["responders"], "rows"),
        Figure("sessions", sizes["sessions"], "rows"),
        Figure("attendance records", sizes["attendance"], "rows"),
        Figure("generating and loading the training program", built, "s"),
        Figure("people x requirements judged", items, "rows"),
        at_most("status for everyone (median of 5)", status_ms, "ms", STATUS_LIMIT_MS),
        Figure("status for everyone, CPU time (median)", status_cpu, "ms"),
        Figure("dashboard figures (median)", dashboard_ms, "ms"),
        Figure("active responders", attention.people, "rows"),
        Figure("active responders with nothing overdue", attention.people_current, "rows"),
        Figure("completion rates, 12 months by agency and role (median of 2)", rates_ms, "ms"),
        Figure("baseline: attendance rows with plain sqlite3", baseline_ms, "ms", "baseline"),
        Figure("baseline, CPU time", baseline_cpu, "ms", "baseline"),
        Figure("ratio status / baseline (CPU time)", status_cpu / baseline_cpu, "x"),
    ]


def _raw_attendance(path: Path) -> list[Any]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT a.responder_id, s.course_id, s.end_date, a.hours_hundredths "
            "FROM training_attendance a JOIN training_session s ON s.id = a.session_id "
            "ORDER BY s.end_date, s.id"
        ).fetchall()
    finally:
        connection.close()


@case(
    "training.matrix",
    "the Training area's people x requirements matrix opening on 2,000 responders in a shown "
    "offscreen window: readiness loaded, the model filled, first paint (median of 5)",
)
def matrix(context: BenchContext) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:  # pragma: no cover - PySide6 is a dependency
        raise CaseUnavailable(f"PySide6 is not importable ({exc})") from None
    from partnerdesk.core.platform.db import DatabaseLocation, open_database
    from partnerdesk.ui import tasks
    from partnerdesk.ui.context import AppContext
    from partnerdesk.ui.widgets.training_matrix import MatrixPane

    path = context.shared.get("training_db")
    if path is None:
        path = context.out_dir / "training.sqlite3"
        build_training_database(path, context.seed, context.scale)
    app = QApplication.instance() or QApplication([])
    database = open_database(DatabaseLocation.for_path(path))
    tasks.set_synchronous(True)  # loading inline: the timings are of the work, not of waiting
    app_context = AppContext(database, today=lambda: TODAY)
    times: list[float] = []
    cpu: list[float] = []
    rows = 0
    try:
        for attempt in range(REPEATS + 1):
            pane = MatrixPane(app_context)
            pane.resize(1280, 760)
            started, started_cpu = time.perf_counter(), time.process_time()
            pane.show()
            app.processEvents()
            pane.table.viewport().repaint()
            elapsed = (time.perf_counter() - started) * 1000
            if attempt:  # the first one warms the caches
                times.append(elapsed)
                cpu.append((time.process_time() - started_cpu) * 1000)
            rows = pane.proxy.rowCount()
            pane.close()
            pane.deleteLater()
            app.processEvents()
    finally:
        tasks.set_synchronous(False)
        database.close()
    return [
        Figure("people in the matrix", rows, "rows"),
        at_most("matrix opens (median of 5)", statistics.median(times), "ms", MATRIX_LIMIT_MS),
        Figure("matrix opens (worst of 5)", max(times), "ms"),
        Figure("matrix opens, CPU time (median)", statistics.median(cpu), "ms"),
    ]
