"""The training workbook (.xlsx): the roster with everyone's readiness, one line per person
and requirement, the people x courses matrix ready to print, completion rates by agency and
role over the last twelve months, and the sessions.

Formatted like the sustainability workbook (:mod:`partnerdesk.core.platform.workbooks`:
widths, bold frozen headers, filters, dates as dates and hours as numbers) and written
through :func:`partnerdesk.core.platform.files.atomic_output`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.settings import load_settings
from partnerdesk.core.platform.workbooks import PERCENT_FORMAT, SheetWriter, discard
from partnerdesk.core.training.rates import RateTable, rate_table
from partnerdesk.core.training.readiness import (
    NOT_REQUIRED,
    STATUS_FILL,
    PersonReadiness,
    Readiness,
    readiness,
)
from partnerdesk.core.training.rules import SEVERITY, Status, hours_decimal
from partnerdesk.core.training.sessions import list_sessions

SHEETS = ("Roster", "Readiness", "Matrix", "Completion rates", "Sessions")
HOURS_FORMAT = "0.##"


@dataclass(frozen=True)
class RosterReport:
    path: Path
    people: int
    items: int
    sessions: int


def export_roster(
    session: Session, path: str | Path, today: date, *, progress: Progress = NO_PROGRESS
) -> RosterReport:
    """Write the training workbook to ``path`` (.xlsx)."""
    from openpyxl import Workbook

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"{target.name}: the roster must be saved as .xlsx", "path")
    progress.step(0, 5, "Working out everyone's readiness…")
    result = readiness(session, today, include_left=True)
    progress.step(1, 5, "Working out the completion rates…")
    rates = rate_table(session, today)
    sessions = list_sessions(session)
    program = load_settings(session).program_name
    with atomic_output(target) as temporary:
        workbook = Workbook(write_only=True)
        try:
            progress.step(2, 5, "Writing the roster…")
            _roster_sheet(workbook, result)
            items = _readiness_sheet(workbook, result)
            progress.step(3, 5, "Writing the matrix…")
            _matrix_sheet(workbook, result, program)
            _rates_sheet(workbook, rates)
            _sessions_sheet(workbook, sessions)
            progress.step(4, 5, "Saving the workbook…")
            workbook.save(temporary)
        except BaseException:
            discard(workbook)
            raise
    return RosterReport(target, len(result.people), items, len(sessions))


def _next_due(person: PersonReadiness) -> tuple[date | None, str]:
    dated = [i for i in person.items if i.standing.due_date is not None]
    if not dated:
        return None, ""
    soonest = min(dated, key=lambda item: item.standing.due_date or date.max)
    return soonest.standing.due_date, soonest.course


def _readiness_word(person: PersonReadiness, today: date) -> str:
    if not person.active:
        return f"Left {person.left_date.isoformat()}" if person.left_date else "Not started yet"
    worst = person.worst
    return worst.label if worst is not None else "Nothing required"


def _roster_sheet(workbook: Any, result: Readiness) -> None:
    sheet = SheetWriter(workbook, "Roster", [28, 32, 34, 24, 12, 12, 12, 16, 10, 12, 12, 34])
    headers = [
        "Name",
        "Email",
        "Agency",
        "Role",
        "Role since",
        "Started",
        "Left",
        "Readiness",
        "Overdue",
        f"Due within {result.window_days} days",
        "Next due",
        "Course next due",
    ]
    sheet.header(headers, filters=True)
    for person in result.people:
        due, course = _next_due(person)
        statuses = [item.status for item in person.items]
        sheet.append(
            [
                person.name,
                person.email,
                person.agency,
                person.role,
                sheet.day(person.role_since),
                sheet.day(person.start_date),
                sheet.day(person.left_date),
                _readiness_word(person, result.today),
                statuses.count(Status.OVERDUE),
                statuses.count(Status.DUE_SOON),
                sheet.day(due),
                course,
            ]
        )
    sheet.filter_to_end(len(headers))


def _readiness_sheet(workbook: Any, result: Readiness) -> int:
    sheet = SheetWriter(workbook, "Readiness", [28, 34, 24, 36, 14, 12, 10, 10, 10, 14, 30])
    headers = [
        "Name",
        "Agency",
        "Role",
        "Course",
        "Status",
        "Due",
        "Days until due",
        "Hours so far",
        "Hours required",
        "Last completed",
        "As shown",
    ]
    sheet.header(headers, filters=True)
    written = 0
    for person in result.people:
        for item in sorted(person.items, key=lambda i: SEVERITY[i.status]):
            s = item.standing
            sheet.append(
                [
                    person.name,
                    person.agency,
                    person.role,
                    item.course,
                    s.status.label,
                    sheet.day(s.due_date),
                    s.days_until_due(result.today),
                    sheet.cell(hours_decimal(s.hours_so_far), HOURS_FORMAT),
                    sheet.cell(hours_decimal(s.hours_required), HOURS_FORMAT),
                    sheet.day(s.last_completed),
                    item.describe(result.today),
                ]
            )
            written += 1
    sheet.filter_to_end(len(headers))
    return written


def _matrix_sheet(workbook: Any, result: Readiness, program: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    widths = [28, 30, 22] + [24] * len(result.courses)
    sheet = SheetWriter(workbook, "Matrix", widths)
    page = sheet.sheet
    page.page_setup.orientation = "landscape"
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr.fitToPage = True
    page.print_title_rows = "1:1"
    sheet.header(["Name", "Agency", "Role"] + [name for _id, name in result.courses])
    fills = {
        status: PatternFill("solid", fgColor="FF" + colour[1:].upper())
        for status, colour in STATUS_FILL.items()
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    for person in result.people:
        if not person.active:
            continue
        cells: list[Any] = [person.name, person.agency, person.role]
        for course_id, _name in result.courses:
            item = person.item(course_id)
            if item is None:
                cells.append(NOT_REQUIRED)
                continue
            cell = sheet.cell(item.describe(result.today))
            cell.fill = fills[item.status]
            cell.alignment = wrap
            if item.status is Status.OVERDUE:
                cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)
    sheet.append([])
    sheet.append(
        [
            f"{program or 'Training'}: readiness on {result.today.isoformat()}. "
            "Overdue in bold; each cell says its status in words."
        ]
    )


def _rates_sheet(workbook: Any, rates: RateTable) -> None:
    months = [first.strftime("%Y-%m") for first, _last in rates.months]
    sheet = SheetWriter(
        workbook, "Completion rates", [10, 34] + [9] * len(months) + [12, 8, 8, 8, 8]
    )
    headers = ["Group", "Name", *months, "12 months", "Due", "On time", "Late", "Missing"]
    sheet.header(headers, filters=True)
    for row in rates.rows:
        total = row.total
        sheet.append(
            [
                row.group,
                row.name,
                *[
                    sheet.cell(m.rate, PERCENT_FORMAT) if m.rate is not None else None
                    for m in row.months
                ],
                sheet.cell(total.rate, PERCENT_FORMAT) if total.rate is not None else None,
                total.due,
                total.on_time,
                total.late,
                total.missing,
            ]
        )
    sheet.filter_to_end(len(headers))
    sheet.append([])
    sheet.append(
        [
            "",
            "The share of trainings that fell due in each month (an initial training, "
            "each quarterly refresher) completed by their due date.",
        ]
    )


def _sessions_sheet(workbook: Any, sessions: list[Any]) -> None:
    sheet = SheetWriter(workbook, "Sessions", [9, 36, 12, 12, 8, 40, 9, 40, 10])
    headers = [
        "Session",
        "Course",
        "First day",
        "Last day",
        "Hours",
        "Place",
        "Capacity",
        "Trainers",
        "Attendees",
    ]
    sheet.header(headers, filters=True)
    for row in sessions:
        sheet.append(
            [
                row.id,
                row.course,
                sheet.day(row.start_date),
                sheet.day(row.end_date),
                sheet.cell(hours_decimal(row.hours), HOURS_FORMAT),
                row.place,
                row.capacity,
                row.trainers,
                row.attendees,
            ]
        )
    sheet.filter_to_end(len(headers))
