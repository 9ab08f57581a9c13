"""Outcomes on a large program: 40 indicators × 120 months × 8 agencies (38,400 values).
The summary of every indicator, opening the monthly values grid, and the evaluation report
with its charts."""

from __future__ import annotations

import random
import time
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from benchmarks.cases.funding import _best_ms
from benchmarks.harness import BenchContext, Figure, at_most, case
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database

INDICATORS, MONTHS, AGENCIES = 40, 120, 8
SUMMARY_LIMIT_MS = 100.0
GRID_LIMIT_MS = 150.0
REPORT_LIMIT_S = 3.0
LAUNCH = date(2021, 1, 1)
FIRST_MONTH = date(2020, 1, 1)
TODAY = date(2030, 1, 15)


def _build(context: BenchContext) -> Database:
    """A fresh database with the 38,400 values (through the bulk path), launched in 2021."""
    from partnerdesk.core.models import (
        Aggregation,
        DataSource,
        Direction,
        IndicatorUnit,
        IndicatorValue,
        Organization,
        OrganizationKind,
        TargetKind,
    )
    from partnerdesk.core.outcomes.evaluations import save_launch
    from partnerdesk.core.outcomes.indicators import IndicatorInput, create_indicator
    from partnerdesk.core.outcomes.summaries import months_between
    from partnerdesk.core.platform.bulk import insert_rows
    from partnerdesk.core.platform.dates import add_months

    path = context.scratch_dir("outcomes") / "outcomes.sqlite3"
    database = open_database(DatabaseLocation.for_path(path))
    rules = [Aggregation.SUM] * 30 + [Aggregation.MEAN] * 5 + [Aggregation.MEDIAN] * 5
    rng = random.Random(context.seed)
    with database.transaction() as session:
        agencies = []
        for number in range(AGENCIES):
            org = Organization(
                name=f"Agency {number}", name_key=f"agency {number}", kind=OrganizationKind.OTHER
            )
            session.add(org)
            session.flush()
            agencies.append(org.id)
        ids = []
        for number, rule in enumerate(rules):
            unit = IndicatorUnit.COUNT if rule is Aggregation.SUM else IndicatorUnit.MINUTES
            ids.append(
                create_indicator(
                    session,
                    IndicatorInput(
                        f"Measure {number}",
                        unit,
                        Direction.LOWER,
                        rule,
                        DataSource.OTHER,
                        by_agency=True,
                        core=number < 5,
                        target_kind=TargetKind.CHANGE,
                        target_value=Decimal(-20),
                        target_month=12,
                    ),
                )
            )
        months = months_between(FIRST_MONTH, add_months(FIRST_MONTH, MONTHS - 1))
        rows = [
            (indicator, month, agency, rng.randint(5_000, 90_000))
            for indicator in ids
            for month in months
            for agency in agencies
        ]
        insert_rows(
            session,
            IndicatorValue,
            rows,
            columns=("indicator_id", "month", "agency_id", "value_milli"),
        )
        save_launch(session, LAUNCH)
    return database


@case("outcomes.large", "summary of 40 indicators, grid opening and the evaluation report")
def outcomes_large(context: BenchContext) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from partnerdesk.core.outcomes.evaluations import list_evaluations
    from partnerdesk.core.outcomes.overview import outcome_summary
    from partnerdesk.core.outcomes.report import write_report
    from partnerdesk.core.outcomes.values import grid_data
    from partnerdesk.ui.widgets.values_grid import ValuesGridModel, ValuesGridView

    started = time.perf_counter()
    database = _build(context)
    build_s = time.perf_counter() - started
    app = QApplication.instance() or QApplication([])
    try:
        with database.session() as session:
            count = session.execute(sa.text("SELECT count(*) FROM indicator_value")).scalar_one()
            summary_ms, summary = _best_ms(lambda: outcome_summary(session, TODAY))

            def open_grid() -> int:
                data = grid_data(session, TODAY)
                model = ValuesGridModel()
                model.set_grid(data)
                view = ValuesGridView()
                view.setModel(model)
                view.resize(1200, 700)
                view.show()
                app.processEvents()
                view.scrollToBottom()
                app.processEvents()
                view.close()
                return model.rowCount() * model.columnCount()

            grid_ms, cells = _best_ms(open_grid)
            evaluation = next(e for e in list_evaluations(session) if e.milestone_months == 24)
            folder = context.scratch_dir("outcomes-report")
            report_s = float("inf")
            for attempt in range(3):
                began = time.perf_counter()
                write_report(session, evaluation.id, folder / "report.docx", today=TODAY)
                if attempt:
                    report_s = min(report_s, time.perf_counter() - began)
    finally:
        database.close()
    return [
        Figure("values stored", count, "rows"),
        Figure("building the program (bulk insert)", build_s, "s"),
        at_most(
            f"summary of {len(summary.rows)} indicators (best of 5)",
            summary_ms,
            "ms",
            SUMMARY_LIMIT_MS,
            f"<= {SUMMARY_LIMIT_MS:g} ms",
        ),
        at_most(
            f"grid opens ({cells:,} cells, data + model + view shown)",
            grid_ms,
            "ms",
            GRID_LIMIT_MS,
            f"<= {GRID_LIMIT_MS:g} ms",
        ),
        at_most(
            "24-month evaluation report with 5 charts (best of 2)",
            report_s,
            "s",
            REPORT_LIMIT_S,
            f"<= {REPORT_LIMIT_S:g} s",
        ),
    ]
